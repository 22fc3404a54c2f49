"""A local HTTP server standing in for Alibaba Cloud's SMS API (dysmsapi, version 2017-05-25), so
that the official SDK is tested as it runs: its own requests, its own response parsing.

It answers SendSms and QuerySendDetails as the SDK sends them: the current SDK names the action
in the `x-acs-action` header and signs with an `Authorization: ACS3-HMAC-SHA256 Credential=<key
id>,...` header; older ones send `Action=` and `AccessKeyId=` as RPC parameters. Either way the
access key id must be the configured one (the signature itself is not checked). Parameters come
in the query string or a form body.

Failure modes: numbers the carrier refuses (isv.MOBILE_NUMBER_ILLEGAL), registered templates
with their fields (isv.SMS_TEMPLATE_ILLEGAL / isv.TEMPLATE_MISSING_PARAMETERS), and the next n
calls failing with a given code and HTTP status (isp.SYSTEM_ERROR with 500 by default).

It also builds the SmsReport and SmsUp items Alibaba Cloud pushes, in their documented shape."""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

BEIJING = timezone(timedelta(hours=8))
MOBILE = re.compile(r"^1[3-9]\d{9}$")


class AliyunStandin:
    def __init__(self, access_key_id: str = "LTAI-standin-key", signatures: set[str] | None = None,
                 templates: dict[str, set[str]] | None = None):
        self.access_key_id = access_key_id
        self.signatures = signatures  # None: any non-empty sign name is registered
        self.templates = templates  # code -> its fields; None: any code is registered
        self.lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None
        self.reset()

    # -- set-up ---------------------------------------------------------------------------------

    def reset(self) -> None:
        with self.lock:
            self.sent: list[dict] = []  # every message taken: phone, sign_name, template_code, ...
            self.calls: list[dict] = []  # every request: action, access key id, params, time
            self.illegal_numbers: set[str] = set()
            self.failures: list[tuple[str, int]] = []  # (code, HTTP status) for the next calls
            self.counter = 0

    def reject_number(self, phone: str) -> None:
        """The carrier refuses this number: isv.MOBILE_NUMBER_ILLEGAL."""
        with self.lock:
            self.illegal_numbers.add(phone)

    def fail_next(self, n: int = 1, code: str = "isp.SYSTEM_ERROR", status: int = 500) -> None:
        """The next n calls, whatever they ask, fail with this code and HTTP status."""
        with self.lock:
            self.failures.extend([(code, status)] * n)

    # -- the server -----------------------------------------------------------------------------

    def start(self) -> AliyunStandin:
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # answer at once: headers and body are separate writes

            def do_POST(self):
                standin._serve(self)

            def do_GET(self):
                standin._serve(self)

            def log_message(self, format, *args):  # quiet: no phone numbers in test logs
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def __enter__(self) -> AliyunStandin:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def endpoint(self) -> str:
        """For ALIYUN_ENDPOINT, with ALIYUN_PROTOCOL 'http'."""
        assert self.server, "not started"
        return f"127.0.0.1:{self.server.server_port}"

    def _serve(self, handler: BaseHTTPRequestHandler) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        raw = handler.rfile.read(length) if length else b""
        params = dict(parse_qsl(urlsplit(handler.path).query, keep_blank_values=True))
        if raw and "form" in (handler.headers.get("Content-Type") or ""):
            params.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
        action = handler.headers.get("x-acs-action") or params.get("Action") or ""
        key_id = params.get("AccessKeyId") or _credential(handler.headers.get("Authorization"))
        status, answer = self._answer(action, key_id, params)
        data = json.dumps(answer, ensure_ascii=False).encode("utf-8")
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json;charset=utf-8")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)

    def _answer(self, action: str, key_id: str | None, params: dict) -> tuple[int, dict]:
        request_id = str(uuid.uuid4()).upper()
        with self.lock:
            self.calls.append({"action": action, "access_key_id": key_id, "params": params,
                               "at": time.time()})
            if key_id != self.access_key_id:
                return 404, {"Code": "InvalidAccessKeyId.NotFound", "RequestId": request_id,
                             "Message": "Specified access key is not found."}
            if self.failures:
                code, status = self.failures.pop(0)
                return status, {"Code": code, "Message": "The request processing has failed "
                                "due to some unknown error.", "RequestId": request_id}
            if action == "SendSms":
                return 200, {"RequestId": request_id, **self._send(params)}
            if action == "QuerySendDetails":
                return 200, {"RequestId": request_id, **self._details(params)}
            return 404, {"Code": "InvalidAction.NotFound", "RequestId": request_id,
                         "Message": f"Specified api is not found, please check your url and "
                                    f"method: {action}"}

    def _send(self, params: dict) -> dict:
        phone, sign = params.get("PhoneNumbers", ""), params.get("SignName", "")
        code = params.get("TemplateCode", "")
        if not MOBILE.match(phone) or phone in self.illegal_numbers:
            return {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号"}
        if not sign or (self.signatures is not None and sign not in self.signatures):
            return {"Code": "isv.SMS_SIGNATURE_ILLEGAL", "Message": "该账号下找不到对应签名"}
        if not code or (self.templates is not None and code not in self.templates):
            return {"Code": "isv.SMS_TEMPLATE_ILLEGAL", "Message": "该账号下找不到对应模板"}
        try:
            fields = json.loads(params.get("TemplateParam") or "{}")
        except ValueError:
            return {"Code": "isv.INVALID_JSON_PARAM", "Message": "JSON参数不合法，只接受字符串值"}
        if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
            return {"Code": "isv.INVALID_JSON_PARAM", "Message": "JSON参数不合法，只接受字符串值"}
        if self.templates is not None and not self.templates[code] <= fields.keys():
            return {"Code": "isv.TEMPLATE_MISSING_PARAMETERS", "Message": "模板缺少变量"}
        self.counter += 1
        biz_id = f"{int(time.time() * 1000):013d}{self.counter:05d}^0"
        self.sent.append({
            "biz_id": biz_id, "phone": phone, "sign_name": sign, "template_code": code,
            "params": fields, "out_id": params.get("OutId"), "time": datetime.now(BEIJING),
        })
        return {"Code": "OK", "Message": "OK", "BizId": biz_id}

    def _details(self, params: dict) -> dict:
        phone, day = params.get("PhoneNumber", ""), params.get("SendDate", "")
        try:
            size, page = int(params.get("PageSize", "")), int(params.get("CurrentPage", ""))
        except ValueError:
            return {"Code": "isv.INVALID_PARAMETERS", "Message": "参数异常"}
        if not (1 <= size <= 50 and page >= 1 and re.fullmatch(r"\d{8}", day)):
            return {"Code": "isv.INVALID_PARAMETERS", "Message": "参数异常"}
        matches = [m for m in self.sent if m["phone"] == phone
                   and m["time"].strftime("%Y%m%d") == day
                   and (not params.get("BizId") or m["biz_id"] == params["BizId"])]
        matches.reverse()  # newest first, as Alibaba Cloud lists them
        chosen = matches[(page - 1) * size:page * size]
        return {"Code": "OK", "Message": "OK", "TotalCount": len(matches),
                "SmsSendDetailDTOs": {"SmsSendDetailDTO": [_dto(m) for m in chosen]}}

    # -- what Alibaba Cloud pushes --------------------------------------------------------------

    def report(self, biz_id: str, delivered: bool = True, err_code: str | None = None) -> dict:
        """The SmsReport item Alibaba Cloud pushes for a message it took."""
        with self.lock:
            message = next(m for m in self.sent if m["biz_id"] == biz_id)
        now = datetime.now(BEIJING)
        return {
            "phone_number": message["phone"], "send_time": _stamp(message["time"]),
            "report_time": _stamp(now), "success": delivered,
            "err_code": "DELIVERED" if delivered else (err_code or "MK:0001"),
            "err_msg": "用户接收成功" if delivered else "用户接收失败", "sms_size": "1",
            "biz_id": biz_id, "out_id": message["out_id"],
        }

    @staticmethod
    def uplink(phone: str, content: str, sequence_id: int, sign_name: str = "兜底服务") -> dict:
        """The SmsUp item Alibaba Cloud pushes for a reply from a phone."""
        return {"phone_number": phone, "send_time": _stamp(datetime.now(BEIJING)),
                "content": content, "sign_name": sign_name, "dest_code": "1234",
                "sequence_id": sequence_id}


def _credential(authorization: str | None) -> str | None:
    """The access key id in 'ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=...,Signature=...'."""
    found = re.search(r"Credential=([^,\s]+)", authorization or "")
    return found.group(1) if found else None


def _stamp(moment: datetime) -> str:
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S")


def _dto(message: dict) -> dict:
    return {
        "PhoneNum": message["phone"], "SendStatus": 3, "ErrCode": "DELIVERED",
        "TemplateCode": message["template_code"], "OutId": message["out_id"],
        "Content": f"【{message['sign_name']}】" + json.dumps(message["params"], ensure_ascii=False),
        "SendDate": _stamp(message["time"]), "ReceiveDate": _stamp(message["time"]),
    }
