# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The fake Meta's state and its Graph API answers."""

import copy
import hashlib
import itertools
import random
import string
import threading
import time
from http.server import ThreadingHTTPServer

from .management import TemplateManagement
from .meta import API_VERSION, DEFAULT_TEMPLATES, WINDOW_SECONDS, error, now
from .server import Handler
from .templates import template_problem
from .webhooks import WebhookBuilder


class CloudApiEmulator(WebhookBuilder, TemplateManagement):
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
        self.auto_status_steps = ("sent", "delivered", "read")
        self.enforce_window = True
        # Meta's throughput per number (messages/s; None: unlimited): beyond
        # it, 130429. A bucket of one second's messages, refilled continuously.
        self.throughput = None
        self._bucket = (0.0, 0.0)  # (tokens, monotonic time)
        self.throttled = 0
        # Meta's messaging limit ("tier"): unique users a business may reach
        # with templates outside a customer service window per moving 24 h
        # (250, 2000, 10000, 100000; None: unlimited). Beyond it, and for a
        # customer in ``marketing_limited`` (Meta's per-user marketing cap),
        # Meta accepts the request and then reports it failed with 131049.
        self.messaging_tier = None
        self.marketing_limited = set()
        self._reached = {}  # wa_id -> unix time of its first template in the window
        self.refused = []  # accepted, then failed with 131049 (not delivered)
        self.templates = [
            dict(t, id=str(300000000000000 + i))
            for i, t in enumerate(templates or DEFAULT_TEMPLATES)
        ]
        self._initial_templates = copy.deepcopy(self.templates)
        self.lock = threading.RLock()
        self.requests = []  # every Graph request received: dict(method, path, json)
        self.sent = []  # accepted outbound messages
        self.faults = []  # queued error answers
        self.media_faults = []  # queued failures of media downloads
        self.media = {}
        self.last_inbound = {}  # wa_id -> unix time of the customer's last message
        self.names = {}
        self.webhook_log = []  # (payload, http status) posted to Odoo
        self._ids = itertools.count(1)
        self._server = None

    # -- lifecycle ------------------------------------------------------------
    def start(self):
        handler = type("Handler", (Handler,), {"emulator": self})
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
            self.templates = copy.deepcopy(self._initial_templates)
            self.requests.clear()
            self.sent.clear()
            self.faults.clear()
            self.media_faults.clear()
            self.last_inbound.clear()
            self.webhook_log.clear()
            self._bucket = (0.0, 0.0)
            self.throttled = 0
            self._reached.clear()
            self.refused.clear()
            self.marketing_limited.clear()

    def add_fault(self, code=None, status=None, delay=0, times=1, details=None, malformed=False):
        """Queue an error answer for the next Graph call(s) on /messages.

        ``delay`` alone: Meta takes the message but answers late (a client
        timeout that must not resend it); ``malformed``: Meta takes it and the
        answer arrives cut off (not JSON), as through a failing proxy.
        """
        with self.lock:
            for _i in range(times):
                self.faults.append(
                    {
                        "code": code,
                        "status": status,
                        "delay": delay,
                        "details": details,
                        "malformed": malformed,
                    }
                )

    def add_media_fault(self, kind, times=1, delay=0):
        """Queue a failure of the next media download(s): ``missing`` (Meta's
        404 on the media id, as after its expiry), ``timeout`` (the file
        arrives after ``delay`` seconds) or ``oversized`` (a file above Meta's
        limit for its type)."""
        if kind not in ("missing", "timeout", "oversized"):
            raise ValueError(f"unknown media fault {kind}")
        with self.lock:
            self.media_faults.extend({"kind": kind, "delay": delay} for _i in range(times))

    def _take_throughput_token(self):
        """False when this message exceeds the number's throughput."""
        if not self.throughput:
            return True
        with self.lock:
            tokens, at = self._bucket
            moment = time.monotonic()
            tokens = self.throughput if not at else tokens
            tokens = min(self.throughput, tokens + (moment - at) * self.throughput)
            if tokens < 1:
                self._bucket = (tokens, moment)
                self.throttled += 1
                return False
            self._bucket = (tokens - 1, moment)
            return True

    def _within_messaging_limit(self, wa_id):
        """Whether a template to ``wa_id`` outside its service window stays
        within the tier (unique users per moving 24 h); counts it if so."""
        moment = now()
        last = self.last_inbound.get(wa_id)
        if last is not None and moment - last <= WINDOW_SECONDS:
            return True  # a reply in the window: not limited
        with self.lock:
            for reached, at in list(self._reached.items()):
                if moment - at > WINDOW_SECONDS:
                    del self._reached[reached]
            if wa_id in self._reached:
                return True
            if self.messaging_tier and len(self._reached) >= self.messaging_tier:
                return False
            self._reached[wa_id] = moment
            return True

    def _refuse_later(self, wamid, wa_id, callback_data):
        """Meta's answer beyond a limit: accepted, then a ``failed`` status (131049)."""
        with self.lock:
            self.refused.append({"wamid": wamid, "wa_id": wa_id, "at": time.time()})

        def run():
            time.sleep(self.status_delay)
            payload = self.build_status(
                wamid, "failed", wa_id, error_code=131049, callback_data=callback_data
            )
            self.post_webhook_until_accepted(payload)

        if self.webhook_url:
            threading.Thread(target=run, daemon=True).start()

    def new_wamid(self):
        token = "".join(random.choices(string.ascii_uppercase + string.digits, k=48))
        return f"wamid.HBgL{next(self._ids):06d}{token}"

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

    def oversize(self, media_id):
        """The customer's file replaced by one just above Meta's limit for its
        kind (images 5 MB, audio and video 16 MB, documents 100 MB)."""
        with self.lock:
            media = self.media[media_id]
            kind = media["mime_type"].split("/")[0]
            limit = {"image": 5, "audio": 16, "video": 16}.get(kind, 100) * 1024 * 1024
            content = media["content"][:16].ljust(limit + 1, b"0")
            media.update(content=content, sha256=hashlib.sha256(content).hexdigest())
            return media

    def _auto_statuses(self, wamid, wa_id, callback_data):
        def run():
            for status in self.auto_status_steps:
                time.sleep(self.status_delay)
                payload = self.build_status(wamid, status, wa_id, callback_data=callback_data)
                if not self.post_webhook_until_accepted(payload):
                    return

        threading.Thread(target=run, daemon=True).start()

    def handle_send(self, body):
        """Validate an outbound message like Meta does; return (status, json)."""
        if "status" in body:  # mark as read / typing indicator: the wamid names the chat
            if not body.get("message_id"):
                return error(100, "The parameter message_id is required.")
            return 200, {"success": True}
        to = "".join(c for c in str(body.get("to") or "") if c.isdigit())
        msg_type = body.get("type", "text")
        if not to:
            return error(100, "The parameter to is required.")
        if msg_type == "text" and not (body.get("text") or {}).get("body"):
            return error(100, "The parameter text['body'] is required.")
        if not self._take_throughput_token():
            return error(
                130429,
                "Rate limit hit: Cloud API message throughput has been reached.",
            )
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
                return error(132001, f"template name ({name}) does not exist in {lang}")
            problem = template_problem(match, template)
            if problem:
                return error(problem[0], problem[1])
            marketing = str(match.get("category") or "").upper() == "MARKETING"
            if (marketing and to in self.marketing_limited) or not self._within_messaging_limit(to):
                wamid = self.new_wamid()
                self._refuse_later(wamid, to, body.get("biz_opaque_callback_data"))
                return 200, {
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": body.get("to"), "wa_id": to}],
                    "messages": [{"id": wamid}],
                }
        elif self.enforce_window:
            last = self.last_inbound.get(to)
            if last is None or now() - last > WINDOW_SECONDS:
                return error(
                    131047,
                    "Message failed to send because more than 24 hours have passed "
                    "since the customer last replied to this number.",
                )
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
