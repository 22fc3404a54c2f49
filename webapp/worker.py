"""The worker: sends what the outbox holds, until stopped."""

from __future__ import annotations

import logging
import signal
import time

from flask import Flask

from webapp.db import connect
from webapp.sms import get_client, outbox

log = logging.getLogger(__name__)


def run(app: Flask, once: bool = False) -> None:
    """Poll the outbox; stop cleanly on SIGTERM or Ctrl-C."""
    stopping = {"now": False}

    def stop(_signum, _frame):
        stopping["now"] = True

    if not once:
        signal.signal(signal.SIGTERM, stop)
    client = get_client(app.config)
    db = connect(app.config["DATABASE"])
    try:
        while not stopping["now"]:
            sent = outbox.deliver_pending(db, client)
            if once:
                break
            if not sent:
                time.sleep(float(app.config["WORKER_POLL_SECONDS"]))
    except KeyboardInterrupt:
        pass
    finally:
        db.close()
