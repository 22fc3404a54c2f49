"""The worker: sends what the outbox holds and runs the scheduled jobs, until stopped."""

from __future__ import annotations

import logging
import signal
import time

from flask import Flask

from webapp.sms import get_client, receipts, reminders
from webapp.sms.outbox import Dispatcher
from webapp.store.engine import connect

log = logging.getLogger(__name__)
JOBS_EVERY_SECONDS = 60


def run_jobs(db, config: dict) -> None:
    """Reminders due now, and messages whose receipt never came."""
    reminders.run(db, config)
    receipts.expire_silent(db)


def run(app: Flask, once: bool = False) -> None:
    """Poll the outbox; stop cleanly on SIGTERM or Ctrl-C."""
    stopping = {"now": False}

    def stop(_signum, _frame):
        stopping["now"] = True

    if not once:
        signal.signal(signal.SIGTERM, stop)
    db = connect(app.config["DATABASE"])
    dispatcher = Dispatcher(db, get_client(app.config), app.config)
    jobs_due = 0.0
    try:
        while not stopping["now"]:
            if time.monotonic() >= jobs_due:
                run_jobs(db, app.config)
                jobs_due = time.monotonic() + JOBS_EVERY_SECONDS
            sent = dispatcher.deliver_pending()
            if once:
                break
            if not sent:
                time.sleep(float(app.config["WORKER_POLL_SECONDS"]))
    except KeyboardInterrupt:
        pass
    finally:
        db.close()
