"""SMS tests. `twilio_config` gives an app what it needs to send through the Twilio stand-in;
the crash test hands the same values to a worker in another process."""

from __future__ import annotations

from tests.sms.twilio_standin import ACCOUNT_SID, AUTH_TOKEN, MESSAGING_SERVICE_SID

PUBLIC_URL = "https://doudi.example.org"


def twilio_config(standin_url: str) -> dict:
    """Configuration for the twilio backend, its library pointed at the stand-in."""
    return {
        "SMS_BACKEND": "twilio",
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_MESSAGING_SERVICE_SID": MESSAGING_SERVICE_SID,
        "TWILIO_FROM": "",
        "TWILIO_API_BASE": standin_url,
        "PUBLIC_URL": PUBLIC_URL,
    }


def twilio_env(standin_url: str) -> dict[str, str]:
    """The same, as DOUDI_* environment variables for a process started by a test."""
    return {f"DOUDI_{key}": value for key, value in twilio_config(standin_url).items()}
