#!/usr/bin/env python3
# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A local stand-in for Meta's WhatsApp Cloud API.

It speaks the Graph endpoints the addons use, with Meta's response shapes and
error modes, and plays the customers: it posts signed webhooks (messages of
every type, statuses, template updates) to Odoo.

    python tools/cloud_api_emulator.py --port 8070 \
        --webhook-url http://localhost:8069/whatsapp/webhook

Open http://localhost:8070/ to write to Odoo as a customer. Tests start it
in-process with ``CloudApiEmulator(...).start()`` on a free loopback port.

Control endpoints (JSON, under ``/_emulator``): ``faults`` (queue an error
answer: ``{"code": 130429}``, ``{"status": 500}``, ``{"delay": 3}``),
``customer_message``, ``status``, ``requests`` (what Odoo sent), ``reset``.
"""

import argparse
import base64
import hashlib
import hmac
import html
import itertools
import json
import random
import string
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import requests

API_VERSION = "v25.0"
WINDOW_SECONDS = 24 * 3600

# A 1x1 PNG, enough for a customer "photo".
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
SAMPLE_MEDIA = {
    "image": ("image/jpeg", TINY_PNG, "photo.jpg"),
    "sticker": ("image/webp", b"RIFF\x1a\x00\x00\x00WEBPVP8 ", "sticker.webp"),
    "audio": ("audio/ogg", b"OggS\x00\x02" + b"\x00" * 64, "voice.ogg"),
    "video": ("video/mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, "clip.mp4"),
    "document": ("application/pdf", b"%PDF-1.4\n%%EOF\n", "invoice.pdf"),
}

META_ERRORS = {
    4: (429, "Application request limit reached"),
    190: (401, "Error validating access token: Session has expired"),
    100: (400, "Invalid parameter"),
    130429: (429, "Rate limit hit"),
    131047: (400, "Re-engagement message"),
    131056: (400, "(Business Account, Consumer Account) pair rate limit hit"),
    131026: (400, "Message undeliverable"),
    132001: (404, "Template name does not exist in the translation"),
    131053: (400, "Media upload error"),
}

DEFAULT_TEMPLATES = [
    {
        "name": "order_confirmation",
        "language": "en_US",
        "category": "UTILITY",
        "status": "APPROVED",
        "parameter_format": "POSITIONAL",
        "components": [
            {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}"},
            {"type": "BODY", "text": "Hi {{1}}, your order {{2}} is confirmed. Total: {{3}}."},
            {"type": "FOOTER", "text": "Reply STOP to opt out"},
            {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Talk to us"}]},
        ],
    },
    {
        "name": "shipping_update",
        "language": "en_US",
        "category": "UTILITY",
        "status": "APPROVED",
        "parameter_format": "NAMED",
        "components": [
            {"type": "BODY", "text": "Hello {{customer_name}}, your parcel is on its way."},
        ],
    },
    {
        "name": "welcome_back",
        "language": "zh_CN",
        "category": "MARKETING",
        "status": "APPROVED",
        "parameter_format": "POSITIONAL",
        "components": [{"type": "BODY", "text": "{{1}}，您好！欢迎再次光临。"}],
    },
    {
        "name": "appointment_reminder",
        "language": "en_US",
        "category": "UTILITY",
        "status": "PENDING",
        "parameter_format": "POSITIONAL",
        "components": [{"type": "BODY", "text": "Reminder: your appointment is on {{1}}."}],
    },
    {
        "name": "spring_sale",
        "language": "en_US",
        "category": "MARKETING",
        "status": "REJECTED",
        "parameter_format": "POSITIONAL",
        "components": [{"type": "BODY", "text": "Best prices ever, only today!"}],
    },
]


def _sign(body, secret):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def _now():
    return int(time.time())


class CloudApiEmulator:
    """The state of the fake Meta: accounts, media, templates, customers."""

    def __init__(
        self,
        webhook_url=None,
        app_secret="emulator-app-secret",
        access_token="emulator-token",
        phone_number_id="100000000000001",
        waba_id="200000000000001",
        display_phone_number="15550001111",
        host="127.0.0.1",
        port=0,
        auto_status=False,
        status_delay=1.0,
        templates=None,
    ):
        self.webhook_url = webhook_url
        self.app_secret = app_secret
        self.access_token = access_token
        self.phone_number_id = phone_number_id
        self.waba_id = waba_id
        self.display_phone_number = display_phone_number
        self.host, self.port = host, port
        self.auto_status = auto_status
        self.status_delay = status_delay
        self.enforce_window = True
        self.templates = [
            dict(t, id=str(300000000000000 + i))
            for i, t in enumerate(templates or DEFAULT_TEMPLATES)
        ]
        self.lock = threading.RLock()
        self.requests = []  # every Graph request received: dict(method, path, json)
        self.sent = []  # accepted outbound messages
        self.faults = []  # queued error answers
        self.media = {}
        self.last_inbound = {}  # wa_id -> unix time of the customer's last message
        self.names = {}
        self.webhook_log = []  # (payload, http status) posted to Odoo
        self._ids = itertools.count(1)
        self._server = None

    # -- lifecycle ------------------------------------------------------------
    def start(self):
        handler = type("Handler", (_Handler,), {"emulator": self})
        self._server = ThreadingHTTPServer((self.host, self.port), handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self._server:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    @property
    def base_url(self):
        return f"http://{self.host}:{self.port}"

    def reset(self):
        with self.lock:
            self.requests.clear()
            self.sent.clear()
            self.faults.clear()
            self.last_inbound.clear()
            self.webhook_log.clear()

    def add_fault(self, code=None, status=None, delay=0, times=1, details=None):
        """Queue an error answer for the next Graph call(s) on /messages."""
        with self.lock:
            for _i in range(times):
                self.faults.append(
                    {"code": code, "status": status, "delay": delay, "details": details}
                )

    def new_wamid(self):
        token = "".join(random.choices(string.ascii_uppercase + string.digits, k=48))
        return f"wamid.HBgL{next(self._ids):06d}{token}"

    # -- customers -> Odoo ------------------------------------------------------
    def _envelope(self, value, field="messages"):
        value.setdefault("messaging_product", "whatsapp")
        value.setdefault(
            "metadata",
            {
                "display_phone_number": self.display_phone_number,
                "phone_number_id": self.phone_number_id,
            },
        )
        return {
            "object": "whatsapp_business_account",
            "entry": [{"id": self.waba_id, "changes": [{"field": field, "value": value}]}],
        }

    def post_webhook(self, payload, secret=None, raw=None, headers=None):
        """Sign and POST a payload to Odoo; returns the ``requests`` response."""
        body = raw if raw is not None else json.dumps(payload).encode()
        all_headers = {
            "Content-Type": "application/json",
            "X-Hub-Signature-256": _sign(body, secret or self.app_secret),
        }
        all_headers.update(headers or {})
        response = requests.post(self.webhook_url, data=body, headers=all_headers, timeout=30)
        with self.lock:
            self.webhook_log.append((payload, response.status_code))
        return response

    def build_customer_message(
        self,
        wa_id,
        msg_type="text",
        text="Hello",
        name=None,
        wamid=None,
        context_id=None,
        timestamp=None,
        user_id=None,
        **extra,
    ):
        """The ``messages`` webhook a customer's message produces."""
        wamid = wamid or self.new_wamid()
        message = {
            "from": wa_id,
            "id": wamid,
            "timestamp": str(timestamp or _now()),
            "type": msg_type,
        }
        if user_id:
            message["from_user_id"] = user_id
        if msg_type == "text":
            message["text"] = {"body": text}
        elif msg_type in SAMPLE_MEDIA:
            mime, content, filename = SAMPLE_MEDIA[msg_type]
            content = extra.pop("content", content)
            media_id = self._store_media(content, extra.pop("mime_type", mime), filename)
            media = {
                "id": media_id,
                "mime_type": self.media[media_id]["mime_type"],
                "sha256": self.media[media_id]["sha256"],
            }
            if msg_type in ("image", "video", "document") and text:
                media["caption"] = text
            if msg_type == "document":
                media["filename"] = filename
            if msg_type == "audio":
                media["voice"] = True
            message[msg_type] = media
        elif msg_type == "location":
            message["location"] = extra.pop(
                "location",
                {
                    "latitude": 37.4847,
                    "longitude": -122.1477,
                    "name": "HQ",
                    "address": "1 Hacker Way",
                },
            )
        elif msg_type == "contacts":
            message["contacts"] = extra.pop(
                "contacts",
                [
                    {
                        "name": {"formatted_name": "Chandler Bing", "first_name": "Chandler"},
                        "phones": [
                            {"phone": "+1 555-555-5555", "wa_id": "15555555555", "type": "CELL"}
                        ],
                    }
                ],
            )
        elif msg_type == "interactive":
            kind = extra.pop("interactive_type", "button_reply")
            reply = {"id": extra.pop("reply_id", "btn_1"), "title": text}
            message["interactive"] = {"type": kind, kind: reply}
        elif msg_type == "button":
            message["button"] = {"payload": extra.pop("payload", text), "text": text}
        elif msg_type == "reaction":
            message["reaction"] = {"message_id": context_id, "emoji": text}
            context_id = None
        elif msg_type == "unsupported":
            message["errors"] = [
                {
                    "code": 131051,
                    "title": "Message type unknown",
                    "message": "Message type unknown",
                    "error_data": {"details": "Message type is currently not supported."},
                }
            ]
            message["unsupported"] = {"type": extra.pop("unsupported_type", "poll_creation")}
        else:
            message[msg_type] = extra.pop("body", {})
        if context_id:
            message["context"] = {"from": self.display_phone_number, "id": context_id}
        message.update(extra)
        contact = {
            "profile": {"name": name or self.names.get(wa_id) or f"Customer {wa_id[-4:]}"},
            "wa_id": wa_id,
        }
        if user_id:
            contact["user_id"] = user_id
        return self._envelope({"contacts": [contact], "messages": [message]})

    def customer_message(self, wa_id, msg_type="text", text="Hello", **kwargs):
        """Post a customer's message to Odoo; returns (wamid, response)."""
        payload = self.build_customer_message(wa_id, msg_type, text, **kwargs)
        message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
        with self.lock:
            self.last_inbound[wa_id] = int(message["timestamp"])
            if kwargs.get("name"):
                self.names[wa_id] = kwargs["name"]
        return message["id"], self.post_webhook(payload)

    def build_status(
        self,
        wamid,
        status,
        recipient_id,
        error_code=None,
        pricing=True,
        callback_data=None,
        timestamp=None,
    ):
        item = {
            "id": wamid,
            "status": status,
            "timestamp": str(timestamp or _now()),
            "recipient_id": recipient_id,
        }
        if callback_data:
            item["biz_opaque_callback_data"] = callback_data
        if pricing and status in ("sent", "delivered"):
            item["pricing"] = {
                "billable": False,
                "pricing_model": "PMP",
                "type": "free_customer_service",
                "category": "service",
            }
        if status == "failed":
            code = error_code or 131026
            title = META_ERRORS.get(code, (400, "Message failed"))[1]
            item["errors"] = [
                {"code": code, "title": title, "message": title, "error_data": {"details": title}}
            ]
        return self._envelope({"statuses": [item]})

    def status(self, wamid, status, recipient_id=None, **kwargs):
        """Post a status of an outbound message to Odoo."""
        if recipient_id is None:
            sent = next((s for s in self.sent if s["wamid"] == wamid), {})
            recipient_id = sent.get("wa_id", "")
            kwargs.setdefault("callback_data", sent.get("callback_data"))
        return self.post_webhook(self.build_status(wamid, status, recipient_id, **kwargs))

    def template_status(self, name, event, language="en_US", reason="NONE"):
        template = next(t for t in self.templates if t["name"] == name)
        template["status"] = event
        payload = {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": self.waba_id,
                    "time": _now(),
                    "changes": [
                        {
                            "field": "message_template_status_update",
                            "value": {
                                "event": event,
                                "message_template_id": int(template["id"]),
                                "message_template_name": name,
                                "message_template_language": language,
                                "reason": reason,
                            },
                        }
                    ],
                }
            ],
        }
        return self.post_webhook(payload)

    # -- Graph side ---------------------------------------------------------------
    def _store_media(self, content, mime_type, filename):
        media_id = str(700000000000000 + next(self._ids))
        with self.lock:
            self.media[media_id] = {
                "content": content,
                "mime_type": mime_type,
                "filename": filename,
                "sha256": hashlib.sha256(content).hexdigest(),
            }
        return media_id

    def _auto_statuses(self, wamid, wa_id, callback_data):
        def run():
            for status in ("sent", "delivered", "read"):
                time.sleep(self.status_delay)
                try:
                    self.post_webhook(
                        self.build_status(wamid, status, wa_id, callback_data=callback_data)
                    )
                except requests.RequestException:
                    return

        threading.Thread(target=run, daemon=True).start()

    def handle_send(self, body):
        """Validate an outbound message like Meta does; return (status, json)."""
        to = "".join(c for c in str(body.get("to") or "") if c.isdigit())
        msg_type = body.get("type", "text")
        if not to:
            return _error(100, "The parameter to is required.")
        if msg_type == "text" and not (body.get("text") or {}).get("body"):
            return _error(100, "The parameter text['body'] is required.")
        if msg_type == "template":
            template = body.get("template") or {}
            name = template.get("name")
            lang = (template.get("language") or {}).get("code")
            match = next(
                (
                    t
                    for t in self.templates
                    if t["name"] == name and t["language"] == lang and t["status"] == "APPROVED"
                ),
                None,
            )
            if not match:
                return _error(132001, f"template name ({name}) does not exist in {lang}")
        elif self.enforce_window and "status" not in body:
            last = self.last_inbound.get(to)
            if last is None or _now() - last > WINDOW_SECONDS:
                return _error(
                    131047,
                    "Message failed to send because more than 24 hours have passed "
                    "since the customer last replied to this number.",
                )
        if "status" in body:  # mark as read / typing indicator
            return 200, {"success": True}
        wamid = self.new_wamid()
        callback_data = body.get("biz_opaque_callback_data")
        with self.lock:
            self.sent.append(
                {
                    "wamid": wamid,
                    "wa_id": to,
                    "body": body,
                    "callback_data": callback_data,
                    "at": time.time(),
                }
            )
        if self.auto_status and self.webhook_url:
            self._auto_statuses(wamid, to, callback_data)
        return 200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": body.get("to"), "wa_id": to}],
            "messages": [{"id": wamid}],
        }

    def list_templates(self, query):
        limit = int(query.get("limit", ["100"])[0])
        after = int(query.get("after", ["0"])[0])
        page = self.templates[after : after + limit]
        answer = {
            "data": page,
            "paging": {"cursors": {"before": str(after), "after": str(after + len(page))}},
        }
        if after + limit < len(self.templates):
            answer["paging"]["next"] = (
                f"{self.base_url}/{API_VERSION}/{self.waba_id}/message_templates"
                f"?limit={limit}&after={after + limit}"
            )
        return answer


def _error(code, message, status=None, details=None):
    http_status, title = META_ERRORS.get(code, (400, message))
    return status or http_status, {
        "error": {
            "message": f"({'#'}{code}) {title}",
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": details or message},
            "fbtrace_id": "AEmulator" + str(code),
        }
    }


class _Handler(BaseHTTPRequestHandler):
    emulator = None  # set by CloudApiEmulator.start()
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # keep test output quiet
        pass

    # -- plumbing -------------------------------------------------------------
    def _send(self, status, payload=None, content=None, content_type="application/json"):
        body = content if content is not None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up waiting (a "slow answer" fault)

    def _body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _authorized(self):
        return self.headers.get("Authorization") == f"Bearer {self.emulator.access_token}"

    def _route(self):
        url = urlparse(self.path)
        parts = [p for p in url.path.split("/") if p]
        return url, parts, parse_qs(url.query)

    # -- verbs --------------------------------------------------------------------
    def do_GET(self):
        em = self.emulator
        url, parts, query = self._route()
        if not parts:
            return self._send(
                200, content=_ui_page(em).encode(), content_type="text/html; charset=utf-8"
            )
        if parts[:2] == ["_emulator", "requests"]:
            with em.lock:
                return self._send(200, {"requests": em.requests, "sent": em.sent})
        if parts[0] == "_media":
            if not self._authorized():
                return self._send(*_error(190, "Invalid OAuth access token."))
            media = em.media.get(parts[1])
            if not media:
                return self._send(404, content=b"", content_type="text/plain")
            return self._send(200, content=media["content"], content_type=media["mime_type"])
        if len(parts) < 2 or parts[0] != API_VERSION:
            return self._send(*_error(100, "Unknown path", status=404))
        if not self._authorized():
            return self._send(*_error(190, "Invalid OAuth access token."))
        with em.lock:
            em.requests.append({"method": "GET", "path": url.path, "query": query})
        if len(parts) == 3 and parts[2] == "message_templates" and parts[1] == em.waba_id:
            return self._send(200, em.list_templates(query))
        if len(parts) == 2 and parts[1] == em.phone_number_id:
            return self._send(
                200,
                {
                    "id": em.phone_number_id,
                    "display_phone_number": em.display_phone_number,
                    "verified_name": "Emulated Business",
                    "quality_rating": "GREEN",
                    "code_verification_status": "VERIFIED",
                    "throughput": {"level": "STANDARD"},
                },
            )
        if len(parts) == 2 and parts[1] in em.media:
            media = em.media[parts[1]]
            return self._send(
                200,
                {
                    "messaging_product": "whatsapp",
                    "url": f"{em.base_url}/_media/{parts[1]}",
                    "mime_type": media["mime_type"],
                    "sha256": media["sha256"],
                    "file_size": str(len(media["content"])),
                    "id": parts[1],
                },
            )
        return self._send(
            *_error(
                100, f"Unsupported get request. Object {parts[1]} " "does not exist", status=400
            )
        )

    def do_POST(self):
        em = self.emulator
        url, parts, _query = self._route()
        raw = self._body()
        if parts and parts[0] == "_emulator":
            return self._control(parts[1:], raw)
        if len(parts) != 3 or parts[0] != API_VERSION:
            return self._send(*_error(100, "Unknown path", status=404))
        if not self._authorized():
            return self._send(*_error(190, "Invalid OAuth access token."))
        if parts[2] == "media":
            return self._upload(url, raw)
        if parts[2] != "messages" or parts[1] != em.phone_number_id:
            return self._send(*_error(100, "Unknown path", status=404))
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self._send(*_error(100, "Invalid JSON"))
        with em.lock:
            em.requests.append({"method": "POST", "path": url.path, "json": body})
            fault = em.faults.pop(0) if em.faults else None
        if fault:
            if fault["delay"]:
                time.sleep(fault["delay"])
            if fault["code"] or fault["status"]:
                if fault["code"]:
                    return self._send(
                        *_error(
                            fault["code"],
                            "Emulated error",
                            status=fault["status"],
                            details=fault["details"],
                        )
                    )
                return self._send(
                    fault["status"],
                    {
                        "error": {
                            "message": "An unknown error occurred",
                            "code": 1,
                            "type": "OAuthException",
                        }
                    },
                )
        return self._send(*em.handle_send(body))

    def _upload(self, url, raw):
        em = self.emulator
        content_type = self.headers.get("Content-Type", "")
        boundary = content_type.partition("boundary=")[2].encode()
        content, mime, filename = b"", "application/octet-stream", "file"
        for part in raw.split(b"--" + boundary):
            head, _sep, data = part.partition(b"\r\n\r\n")
            if b'name="file"' in head:
                content = data.rstrip(b"\r\n-")
                for line in head.decode(errors="replace").split("\r\n"):
                    if line.lower().startswith("content-type:"):
                        mime = line.split(":", 1)[1].strip()
                    if "filename=" in line:
                        filename = line.split("filename=", 1)[1].strip('"')
        with em.lock:
            em.requests.append(
                {
                    "method": "POST",
                    "path": url.path,
                    "upload": {"mime_type": mime, "size": len(content)},
                }
            )
        if not content:
            return self._send(*_error(100, "file is required"))
        if mime not in {m for m, _c, _f in SAMPLE_MEDIA.values()} | {"image/png", "text/plain"}:
            return self._send(*_error(131053, f"MIME type {mime} is not supported"))
        return self._send(200, {"id": em._store_media(content, mime, filename)})

    def _control(self, parts, raw):
        em = self.emulator
        form = self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded")
        if form:
            data = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
        else:
            data = json.loads(raw or b"{}")
        action = parts[0] if parts else ""
        if action == "faults":
            em.add_fault(**data)
            return self._send(200, {"faults": len(em.faults)})
        if action == "reset":
            em.reset()
            return self._send(200, {"ok": True})
        if action == "status":
            response = em.status(data["wamid"], data["status"])
            return self._send(200, {"odoo_status": response.status_code})
        if action == "customer_message":
            wa_id = "".join(c for c in data.get("wa_id", "") if c.isdigit())
            kwargs = {"name": data.get("name") or None}
            wamid, response = em.customer_message(
                wa_id, data.get("type") or "text", data.get("text") or "", **kwargs
            )
            if form:
                self.send_response(303)
                self.send_header("Location", f"/?wa_id={wa_id}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return None
            return self._send(200, {"wamid": wamid, "odoo_status": response.status_code})
        return self._send(404, {"error": "unknown control action"})


def _ui_page(em):
    """A tiny phone for the demo: write to Odoo as a customer, read the replies."""
    rows = []
    events = [(c["at"], "out", c["wa_id"], c["body"]) for c in em.sent]
    for payload, status in em.webhook_log:
        for entry in payload.get("entry", []):
            for change in entry.get("changes", []):
                for msg in change["value"].get("messages", []):
                    events.append((int(msg["timestamp"]), "in", msg["from"], msg, status))
    for item in sorted(events, key=lambda e: e[0])[-60:]:
        at = datetime.fromtimestamp(item[0], timezone.utc).strftime("%H:%M:%S")
        if item[1] == "out":
            body = item[3]
            text = (body.get("text") or {}).get("body") or (
                f"[template {(body.get('template') or {}).get('name')}]"
                if body.get("type") == "template"
                else f"[{body.get('type')}]"
            )
            rows.append(f'<div class="b">{at} → +{html.escape(item[2])}: {html.escape(text)}</div>')
        else:
            msg = item[3]
            text = (msg.get("text") or {}).get("body") or f"[{msg['type']}]"
            rows.append(
                f'<div class="c">{at} +{html.escape(item[2])} ({item[4]}): '
                f"{html.escape(text)}</div>"
            )
    return f"""<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="refresh" content="5"><title>WhatsApp Cloud API emulator</title>
<style>body{{font-family:sans-serif;max-width:760px;margin:2em auto}}
.c{{background:#fff;border:1px solid #ddd;padding:6px;margin:4px 20% 4px 0;border-radius:8px}}
.b{{background:#dcf8c6;padding:6px;margin:4px 0 4px 20%;border-radius:8px}}
input,select{{padding:6px}}</style></head><body>
<h2>WhatsApp Cloud API emulator</h2>
<p>Business number +{html.escape(em.display_phone_number)} (phone number id
{html.escape(em.phone_number_id)}), webhooks to {html.escape(em.webhook_url or "-")}.</p>
<form method="post" action="/_emulator/customer_message">
<input name="wa_id" placeholder="Customer number, e.g. 5511987654321" required size="28">
<input name="name" placeholder="Name (optional)">
<select name="type"><option>text</option><option>image</option><option>document</option>
<option>audio</option><option>video</option><option>location</option></select><br><br>
<input name="text" placeholder="Message" size="60"> <button>Send as customer</button></form>
<h3>Conversation log (customer ↔ business)</h3>{"".join(rows) or "<p>No messages yet.</p>"}
</body></html>"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8070)
    parser.add_argument("--webhook-url", default="http://127.0.0.1:8069/whatsapp/webhook")
    parser.add_argument("--app-secret", default="demo-app-secret")
    parser.add_argument("--access-token", default="demo-access-token")
    parser.add_argument("--phone-number-id", default="100000000000001")
    parser.add_argument("--waba-id", default="200000000000001")
    parser.add_argument("--display-phone-number", default="15550001111")
    parser.add_argument("--status-delay", type=float, default=1.5)
    parser.add_argument("--no-auto-status", action="store_true")
    parser.add_argument(
        "--enforce-window",
        action="store_true",
        help="refuse free text (131047) to customers who did not write through the emulator",
    )
    args = parser.parse_args()
    emulator = CloudApiEmulator(
        webhook_url=args.webhook_url,
        app_secret=args.app_secret,
        access_token=args.access_token,
        phone_number_id=args.phone_number_id,
        waba_id=args.waba_id,
        display_phone_number=args.display_phone_number,
        host=args.host,
        port=args.port,
        auto_status=not args.no_auto_status,
        status_delay=args.status_delay,
    )
    emulator.enforce_window = args.enforce_window
    emulator.start()
    print(f"Cloud API emulator on {emulator.base_url} -> {args.webhook_url}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        emulator.stop()


if __name__ == "__main__":
    main()
