"""A local HTTP server standing in for Twilio's REST API, for the real `twilio` library to talk
to (TWILIO_API_BASE points its HTTP client here). It keeps every message it takes, and can be
told to fail, to refuse numbers, to lose its replies, or to hold a sending rate.

A test holds the object and reads what it took; another process (a worker under test) needs
only its URL. Run alone for a benchmark:  python tests/sms/twilio_standin.py --port 8765
"""

from __future__ import annotations

import argparse
import base64
import json
import re
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

ACCOUNT_SID = "AC" + "d0" * 16
AUTH_TOKEN = "standin-auth-token"
MESSAGING_SERVICE_SID = "MG" + "d0" * 16
API = "/2010-04-01/Accounts/{sid}"
MESSAGES = re.compile(r"^/2010-04-01/Accounts/(?P<account>[^/]+)/Messages\.json$")
ONE_MESSAGE = re.compile(r"^/2010-04-01/Accounts/(?P<account>[^/]+)/Messages/(?P<sid>SM\w+)\.json$")
DEFAULT_CODES = {400: 21201, 401: 20003, 404: 20404, 429: 20429, 500: 20500, 503: 20503}


@dataclass
class TakenMessage:
    """One message the stand-in accepted, as its form fields came."""

    sid: str
    to: str
    body: str
    status_callback: str | None
    validity_period: int | None
    messaging_service_sid: str | None
    from_: str | None
    created_at: datetime
    date_sent: datetime | None = None  # Twilio fills it only once the message leaves its queue
    status: str = "queued"

    def resource(self, account_sid: str) -> dict:
        """The message as Twilio's API shows it."""
        return {
            "account_sid": account_sid, "api_version": "2010-04-01", "body": self.body,
            "date_created": _rfc2822(self.created_at), "date_updated": _rfc2822(self.created_at),
            "date_sent": _rfc2822(self.date_sent) if self.date_sent else None,
            "direction": "outbound-api", "error_code": None, "error_message": None,
            "from": self.from_, "messaging_service_sid": self.messaging_service_sid,
            "num_media": "0", "num_segments": "1", "price": None, "price_unit": "USD",
            "sid": self.sid, "status": self.status, "to": self.to,
            "subresource_uris": {"media": f"{API.format(sid=account_sid)}/Messages/{self.sid}"
                                          "/Media.json"},
            "uri": f"{API.format(sid=account_sid)}/Messages/{self.sid}.json",
        }


@dataclass
class _Failure:
    status: int
    code: int
    message: str | None = None


@dataclass
class _State:
    messages: list[TakenMessage] = field(default_factory=list)
    failures: deque = field(default_factory=deque)
    rejected: dict[str, int] = field(default_factory=dict)
    replies_to_lose: int = 0
    admitted: deque = field(default_factory=deque)  # monotonic times of recent sends let through


class TwilioStandin:
    """Twilio's Messages API on 127.0.0.1, on a port of the system's choosing."""

    def __init__(self, account_sid: str = ACCOUNT_SID, auth_token: str = AUTH_TOKEN,
                 port: int = 0):
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.limit_per_second: int | None = None
        self.over_limit = 0  # sends refused with 429 for going over limit_per_second
        self.peak_per_second = 0  # most sends let through inside any one second
        self.requests = 0
        self._lock = threading.Lock()
        self._state = _State()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None

    # --- running ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> TwilioStandin:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="twilio-standin")
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> TwilioStandin:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()

    def reset(self) -> None:
        """Forget every message and every programmed failure."""
        with self._lock:
            self._state = _State()
            self.limit_per_second = None
            self.over_limit = self.peak_per_second = self.requests = 0

    # --- what a test reads -----------------------------------------------------------------

    @property
    def messages(self) -> list[TakenMessage]:
        """Every message taken, oldest first."""
        with self._lock:
            return list(self._state.messages)

    def sent_to(self, to: str) -> list[TakenMessage]:
        return [m for m in self.messages if m.to == to]

    # --- what a test programs --------------------------------------------------------------

    def fail_next(self, n: int = 1, status: int = 500, code: int | None = None) -> None:
        """The next n API requests (sends and look-ups) get this error, taking nothing."""
        with self._lock:
            for _ in range(n):
                self._state.failures.append(_Failure(status, code or DEFAULT_CODES.get(status,
                                                                                       status)))

    def reject_numbers(self, numbers: dict[str, int]) -> None:
        """Refuse sends to these numbers ("+8613800138000") with these Twilio error codes."""
        with self._lock:
            self._state.rejected.update(numbers)

    def lose_replies(self, n: int = 1) -> None:
        """Take the next n messages but drop the connection before answering, as when the
        network fails, or the worker is killed, after Twilio has the message."""
        with self._lock:
            self._state.replies_to_lose += n

    # --- what the handler calls ------------------------------------------------------------

    def _next_failure(self) -> _Failure | None:
        with self._lock:
            self.requests += 1
            return self._state.failures.popleft() if self._state.failures else None

    def _admit_send(self) -> bool:
        """False when one more send would go over limit_per_second in the last second."""
        with self._lock:
            if not self.limit_per_second:
                return True
            now = time.monotonic()
            window = self._state.admitted
            while window and window[0] <= now - 1.0:
                window.popleft()
            if len(window) >= self.limit_per_second:
                self.over_limit += 1
                return False
            window.append(now)
            self.peak_per_second = max(self.peak_per_second, len(window))
            return True

    def _take(self, form: dict[str, str]) -> tuple[TakenMessage | _Failure, bool]:
        """Record a valid send; (the message, whether to lose the reply) or (an error, False)."""
        to, body = form.get("To", ""), form.get("Body", "")
        if not to:
            return _Failure(400, 21604), False
        if not body:
            return _Failure(400, 21602), False
        if not (form.get("From") or form.get("MessagingServiceSid")):
            return _Failure(400, 21603), False
        validity = form.get("ValidityPeriod")
        if validity is not None and not (validity.isdigit() and 1 <= int(validity) <= 36000):
            return _Failure(400, 21620), False
        with self._lock:
            if to in self._state.rejected:
                # Twilio's messages quote the number, as this one does.
                return _Failure(400, self._state.rejected[to],
                                f"The 'To' number {to} is not a valid phone number."), False
            message = TakenMessage(
                sid="SM" + secrets.token_hex(16), to=to, body=body,
                status_callback=form.get("StatusCallback"),
                validity_period=int(validity) if validity else None,
                messaging_service_sid=form.get("MessagingServiceSid"), from_=form.get("From"),
                created_at=datetime.now(UTC),
                status="accepted" if form.get("MessagingServiceSid") else "queued")
            self._state.messages.append(message)
            lose = self._state.replies_to_lose > 0
            if lose:
                self._state.replies_to_lose -= 1
        return message, lose

    def _page(self, query: dict[str, str]) -> dict:
        """A page of messages, newest first, filtered the way Twilio's list filters."""
        found = [m for m in reversed(self.messages) if _matches(m, query)]
        size = min(int(query.get("PageSize", 50)), 1000)
        page = int(query.get("Page", 0))
        start = page * size
        uri = API.format(sid=self.account_sid) + "/Messages.json"
        filters = {k: v for k, v in query.items() if k not in ("Page", "PageSize", "PageToken")}

        def page_uri(number: int) -> str:
            return uri + "?" + urlencode({**filters, "PageSize": size, "Page": number,
                                          "PageToken": f"PA{number * size}"})

        return {
            "messages": [m.resource(self.account_sid) for m in found[start:start + size]],
            "end": start + max(0, min(size, len(found) - start)) - 1,
            "first_page_uri": uri + "?" + urlencode({**filters, "PageSize": size, "Page": 0}),
            "next_page_uri": page_uri(page + 1) if start + size < len(found) else None,
            "previous_page_uri": page_uri(page - 1) if page > 0 else None,
            "page": page, "page_size": size, "start": start,
            "uri": uri + "?" + urlencode({**filters, "PageSize": size, "Page": page}),
        }

    def _find(self, sid: str) -> TakenMessage | None:
        return next((m for m in self.messages if m.sid == sid), None)


def _rfc2822(moment: datetime) -> str:
    return format_datetime(moment.astimezone(UTC).replace(microsecond=0))


def _parse_when(text: str) -> datetime:
    """Twilio's DateSent filters take 'YYYY-MM-DD' or an ISO 8601 time in GMT."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _matches(message: TakenMessage, query: dict[str, str]) -> bool:
    if "To" in query and message.to != query["To"]:
        return False
    if "From" in query and message.from_ != query["From"]:
        return False
    sent = message.date_sent  # a message still queued has none, and no DateSent filter finds it
    for key, keep in (("DateSent>", lambda s, w: s >= w), ("DateSent<", lambda s, w: s <= w),
                      ("DateSent", lambda s, w: s.date() == w.date())):
        if key in query and (sent is None or not keep(sent, _parse_when(query[key]))):
            return False
    return True


def _error(status: int, code: int, message: str | None = None) -> dict:
    return {"code": code, "message": message or f"stand-in error {code}", "status": status,
            "more_info": f"https://www.twilio.com/docs/errors/{code}"}


def _handler_for(standin: TwilioStandin) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as the library's pooled session expects
        disable_nagle_algorithm = True  # answer at once: headers and body are separate writes

        def log_message(self, format, *args):  # noqa: A002 - quiet in test output
            pass

        def do_POST(self):
            self._serve("POST")

        def do_GET(self):
            self._serve("GET")

        def _serve(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode() if length else ""
            parts = urlsplit(self.path)
            form = {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}
            query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
            collection, one = MESSAGES.match(parts.path), ONE_MESSAGE.match(parts.path)
            route = collection or one
            if route is None:
                return self._reply(404, _error(404, 20404))
            if not self._authorised() or route["account"] != standin.account_sid:
                return self._reply(401, _error(401, 20003))
            failure = standin._next_failure()
            if failure:
                return self._reply(failure.status, _error(failure.status, failure.code))
            if collection and method == "GET":
                return self._reply(200, standin._page(query))
            if one and method == "GET":
                message = standin._find(one["sid"])
                if message is None:
                    return self._reply(404, _error(404, 20404))
                return self._reply(200, message.resource(standin.account_sid))
            if collection and method == "POST":
                return self._create(form)
            return self._reply(405, _error(405, 20004))

        def _create(self, form: dict[str, str]) -> None:
            if not standin._admit_send():
                return self._reply(429, _error(429, 20429))
            taken, lose = standin._take(form)
            if isinstance(taken, _Failure):
                return self._reply(taken.status, _error(taken.status, taken.code, taken.message))
            if lose:
                self.close_connection = True  # no answer: the caller cannot know it was taken
                return None
            return self._reply(201, taken.resource(standin.account_sid))

        def _authorised(self) -> bool:
            header = self.headers.get("Authorization", "")
            expected = f"{standin.account_sid}:{standin.auth_token}".encode()
            return header == "Basic " + base64.b64encode(expected).decode()

        def _reply(self, status: int, payload: dict) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--limit-per-second", type=int, default=0)
    args = parser.parse_args()
    standin = TwilioStandin(port=args.port)
    standin.limit_per_second = args.limit_per_second or None
    print(f"Twilio stand-in at {standin.url}  account {ACCOUNT_SID}  token {AUTH_TOKEN}",
          flush=True)
    try:
        standin._server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
