# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The HTTP side of the fake Meta: Graph endpoints and the /_emulator controls."""

import json
import logging
import re
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

from .meta import API_VERSION, SAMPLE_MEDIA, error
from .page import ui_page

_logger = logging.getLogger(__name__)
_DISPOSITION = re.compile(r"^content-disposition:(.*)$", re.IGNORECASE | re.MULTILINE)
_PARAM = re.compile(r'\b(name|filename)="([^"]*)"')


def _form_fields(raw, boundary):
    """A multipart body's fields as recorded: a text field's value, or for a file
    ``{"filename": ..., "mime_type": ..., "size": ...}``."""
    fields = {}
    for part in raw.split(b"--" + boundary)[1:-1]:
        head, _sep, data = part.partition(b"\r\n\r\n")
        head = head.decode(errors="replace")
        disposition = _DISPOSITION.search(head)
        params = dict(_PARAM.findall(disposition.group(1))) if disposition else {}
        if "name" not in params:
            continue
        data = data.removesuffix(b"\r\n")
        if "filename" in params:
            mime = re.search(r"^content-type:\s*(\S+)", head, re.IGNORECASE | re.MULTILINE)
            fields[params["name"]] = {
                "filename": params["filename"],
                "mime_type": mime.group(1) if mime else None,
                "size": len(data),
            }
        else:
            fields[params["name"]] = data.decode(errors="replace")
    return fields


class Handler(BaseHTTPRequestHandler):
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
            _logger.debug("The client gave up waiting (a slow-answer fault)")

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
                200, content=ui_page(em).encode(), content_type="text/html; charset=utf-8"
            )
        if parts[:2] == ["_emulator", "requests"]:
            with em.lock:
                return self._send(
                    200,
                    {
                        "requests": em.requests,
                        "sent": em.sent,
                        "throttled": em.throttled,
                        "refused": em.refused,
                    },
                )
        if parts[0] == "_media":
            if not self._authorized():
                return self._send(*error(190, "Invalid OAuth access token."))
            media = em.media.get(parts[1])
            if not media:
                return self._send(404, content=b"", content_type="text/plain")
            return self._send(200, content=media["content"], content_type=media["mime_type"])
        if len(parts) < 2 or parts[0] != API_VERSION:
            return self._send(*error(100, "Unknown path", status=404))
        if not self._authorized():
            return self._send(*error(190, "Invalid OAuth access token."))
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
                    "whatsapp_business_manager_messaging_limit": (
                        f"TIER_{em.messaging_tier}" if em.messaging_tier else "TIER_UNLIMITED"
                    ),
                },
            )
        if len(parts) == 2 and parts[1] in em.media:
            media = em.media[parts[1]]
            with em.lock:
                fault = em.media_faults.pop(0) if em.media_faults else None
            if fault and fault["kind"] == "missing":
                return self._send(
                    *error(100, f"Unsupported get request. Object {parts[1]} does not exist")
                )
            if fault and fault["kind"] == "timeout":
                time.sleep(fault["delay"])
            if fault and fault["kind"] == "oversized":
                media = em.oversize(parts[1])
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
            *error(100, f"Unsupported get request. Object {parts[1]} " "does not exist", status=400)
        )

    def do_POST(self):
        em = self.emulator
        url, parts, query = self._route()
        raw = self._body()
        if parts and parts[0] == "_emulator":
            return self._control(parts[1:], raw)
        if len(parts) >= 2 and parts[0] == API_VERSION and self._management(url, parts, query, raw):
            return None
        if len(parts) != 3 or parts[0] != API_VERSION:
            return self._send(*error(100, "Unknown path", status=404))
        if not self._authorized():
            return self._send(*error(190, "Invalid OAuth access token."))
        if parts[2] == "media":
            return self._upload(url, raw)
        if parts[2] != "messages" or parts[1] != em.phone_number_id:
            return self._send(*error(100, "Unknown path", status=404))
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self._send(*error(100, "Invalid JSON"))
        with em.lock:
            em.requests.append({"method": "POST", "path": url.path, "json": body})
            fault = em.faults.pop(0) if em.faults else None
        if fault:
            if fault["delay"]:
                time.sleep(fault["delay"])
            if fault["malformed"]:
                answer = json.dumps(em.handle_send(body)[1]).encode()
                return self._send(200, content=answer[: len(answer) // 2])
            if fault["code"] or fault["status"]:
                if fault["code"]:
                    return self._send(
                        *error(
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

    def _management(self, url, parts, query, raw):
        """Template creation and sample uploads; True when it answered."""
        em = self.emulator
        flat = {key: values[0] for key, values in query.items()}
        if len(parts) == 2 and parts[1].startswith("upload:") or parts[-1] == "uploads":
            with em.lock:
                em.requests.append({"method": "POST", "path": url.path, "query": flat})
        if len(parts) == 2 and parts[1].startswith("upload:"):
            answer = em.finish_upload(parts[1], raw, self.headers.get("file_offset", "0"))
        elif len(parts) == 3 and parts[2] == "uploads":
            answer = em.start_upload(parts[1], flat)
        elif len(parts) == 3 and parts[2] == "message_templates" and parts[1] == em.waba_id:
            try:
                body = json.loads(raw or b"{}")
            except ValueError:
                body = {}
            with em.lock:
                em.requests.append({"method": "POST", "path": url.path, "json": body})
            answer = em.create_template(body) if self._authorized() else None
        else:
            return False
        if not self._authorized():
            answer = error(190, "Invalid OAuth access token.")
        self._send(*answer)
        return True

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
                    "form": _form_fields(raw, boundary),
                }
            )
        if not content:
            return self._send(*error(100, "file is required"))
        if mime not in {m for m, _c, _f in SAMPLE_MEDIA.values()} | {"image/png", "text/plain"}:
            return self._send(*error(131053, f"MIME type {mime} is not supported"))
        return self._send(200, {"id": em._store_media(content, mime, filename)})

    def _control(self, parts, raw):
        em = self.emulator
        form = self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded")
        if form:
            data = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
        else:
            data = json.loads(raw or b"{}")
        action = parts[0] if parts else ""
        queues = {"faults": em.add_fault, "media_faults": em.add_media_fault}
        if action in queues:
            queues[action](**data)
            return self._send(200, {"faults": len(em.faults), "media_faults": len(em.media_faults)})
        if action == "limits":
            # Meta's limits for the number: throughput (messages/s) and tier
            for key in ("throughput", "messaging_tier"):
                if key in data:
                    setattr(em, key, float(data[key]) if data[key] else None)
            if data.get("messaging_tier"):
                em.messaging_tier = int(em.messaging_tier)
            return self._send(200, {"throughput": em.throughput, "tier": em.messaging_tier})
        if action == "reset":
            em.reset()
            return self._send(200, {"ok": True})
        if action == "status":
            # "failed:131049" posts a failure with Meta's error code
            status, _sep, code = data["status"].partition(":")
            code = code or data.get("error_code")
            response = em.status(data["wamid"], status, error_code=int(code) if code else None)
            if form:
                return self._back_to_page()
            return self._send(200, {"odoo_status": response.status_code})
        if action == "user_preference":
            # the customer taps "Stop promotions" (or resumes them) in WhatsApp
            wa_id = "".join(c for c in data.get("wa_id", "") if c.isdigit())
            response = em.user_preference(
                wa_id, data.get("value") or "stop", data.get("category") or "marketing_messages"
            )
            if form:
                return self._back_to_page(wa_id)
            return self._send(200, {"odoo_status": response.status_code})
        if action == "customer_message":
            wa_id = "".join(c for c in data.get("wa_id", "") if c.isdigit())
            kwargs = {"name": data.get("name") or None}
            # a tap on the page's buttons and list rows (an interactive reply)
            for key in ("reply_id", "interactive_type", "context_id", "description"):
                if data.get(key):
                    kwargs[key] = data[key]
            wamid, response = em.customer_message(
                wa_id, data.get("type") or "text", data.get("text") or "", **kwargs
            )
            if form:
                return self._back_to_page(wa_id)
            return self._send(200, {"wamid": wamid, "odoo_status": response.status_code})
        return self._send(404, {"error": "unknown control action"})

    def _back_to_page(self, wa_id=""):
        self.send_response(303)
        self.send_header("Location", f"/?wa_id={wa_id}" if wa_id else "/")
        self.send_header("Content-Length", "0")
        self.end_headers()
