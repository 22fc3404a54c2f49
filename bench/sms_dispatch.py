"""Dispatch throughput: how many queued messages a worker hands to a provider per second.

Sends N messages (rate limit off, quiet hours off) through the real worker code: to the console
backend (database work only) and through the real `twilio` library to the local stand-in for
Twilio's REST API (tests/sms/twilio_standin.py).
Run: .venv/bin/python bench/sms_dispatch.py [--messages 1000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.sms import twilio_config  # noqa: E402
from tests.sms.twilio_standin import TwilioStandin  # noqa: E402
from webapp.app import create_app  # noqa: E402
from webapp.sms import get_client, outbox  # noqa: E402
from webapp.sms.outbox import Dispatcher  # noqa: E402
from webapp.store.engine import connect  # noqa: E402


def run(config: dict, messages: int, tmp: str, name: str) -> float:
    app = create_app({"DATABASE": f"{tmp}/{name}.db", "SECRET_KEY": "bench",
                      "SMS_QUIET_HOURS": "off", "SMS_RATE_PER_SECOND": 0, **config})
    db = connect(app.config["DATABASE"])
    with db.atomic():
        for number in range(messages):
            outbox.enqueue(db, f"139{number:08d}", "submission_received",
                           {"form_name": "自主申报", "reference": f"R{number:07d}",
                            "service": "兜底服务"}, signature="兜底服务")
    dispatcher = Dispatcher(db, get_client(app.config), app.config)
    start = time.perf_counter()
    sent = dispatcher.deliver_pending(limit=messages)
    elapsed = time.perf_counter() - start
    assert sent == messages
    return messages / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, TwilioStandin() as standin:
        console = run({"SMS_BACKEND": "console"}, args.messages, tmp, "console")
        twilio = run(twilio_config(standin.url), args.messages, tmp, "twilio")
    print("| backend | messages | messages per second |")
    print("|---|---:|---:|")
    print(f"| console (database work only) | {args.messages:,} | {console:,.0f} |")
    print(f"| twilio library → local stand-in | {args.messages:,} | {twilio:,.0f} |")


if __name__ == "__main__":
    main()
