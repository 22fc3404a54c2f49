"""No message lost, none sent twice: the worker is killed with SIGKILL at random moments while
it sends 1,000 messages through the real twilio library to the local stand-in."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from tests.sms import twilio_config, twilio_env
from webapp.app import create_app
from webapp.sms import outbox
from webapp.store.engine import connect

ROOT = Path(__file__).resolve().parent.parent.parent
MESSAGES = 1000
KILLS = 6


def worker(env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "worker"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return False


def test_a_killed_worker_loses_nothing_and_repeats_at_most_one_message_per_kill(
        tmp_path, twilio_standin):
    database = str(tmp_path / "doudi.db")
    config = {"DATABASE": database, "SECRET_KEY": "crash", "SMS_QUIET_HOURS": "off",
              **twilio_config(twilio_standin.url)}
    create_app(config)  # the schema
    db = connect(database)
    with db.atomic():
        for number in range(MESSAGES):
            outbox.enqueue(db, f"139{number % 97:08d}", "submission_received",
                           {"form_name": "自主申报", "reference": f"R{number:07d}",
                            "service": "兜底服务"}, signature="兜底服务")
    env = {**os.environ, **twilio_env(twilio_standin.url), "DOUDI_DATABASE": database,
           "DOUDI_SECRET_KEY": "crash", "DOUDI_SMS_QUIET_HOURS": "off",
           "DOUDI_SMS_RATE_PER_SECOND": "0", "DOUDI_WORKER_POLL_SECONDS": "0.05",
           # one worker at a time here, so a message left 'sending' is taken again at once
           "DOUDI_SMS_STALE_SECONDS": "0"}
    rng = random.Random(20261123)

    for _ in range(KILLS):
        before = len(twilio_standin.messages)
        process = worker(env)
        assert wait_for(lambda before=before: len(twilio_standin.messages) > before + 5,
                        timeout=30)
        time.sleep(rng.uniform(0, 0.3))
        process.kill()  # SIGKILL: no clean-up of any kind
        process.wait()

    def all_recorded() -> bool:
        return db.execute("SELECT COUNT(*) FROM outbox WHERE status != 'sent'").fetchone()[0] == 0

    process = worker(env)
    try:
        assert wait_for(all_recorded, timeout=120)
    finally:
        process.terminate()
        process.wait(timeout=10)

    rows = list(db.query("SELECT body, provider_reference FROM outbox"))
    taken = Counter(message.body for message in twilio_standin.messages)
    assert set(taken) == {row["body"] for row in rows}  # every message reached Twilio
    repeats = sum(count - 1 for count in taken.values())
    assert repeats <= KILLS
    # Twilio can be asked what it already took, so in fact nothing is sent twice.
    assert repeats == 0
    sids = {message.sid: message.body for message in twilio_standin.messages}
    assert all(sids[row["provider_reference"]] == row["body"] for row in rows)
