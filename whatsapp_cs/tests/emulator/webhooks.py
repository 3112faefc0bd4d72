# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Webhooks the fake Meta posts to Odoo: customers' messages, statuses, template updates."""

import json
import logging
import time

import requests

from .meta import META_ERRORS, SAMPLE_CONTACTS, SAMPLE_LOCATION, SAMPLE_MEDIA, now, sign

_logger = logging.getLogger(__name__)


class WebhookBuilder:
    """Mixed into :class:`CloudApiEmulator`: builds and signs Meta's webhook payloads."""

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
            "X-Hub-Signature-256": sign(body, secret or self.app_secret),
        }
        all_headers.update(headers or {})
        response = requests.post(self.webhook_url, data=body, headers=all_headers, timeout=30)
        with self.lock:
            self.webhook_log.append((payload, response.status_code))
        return response

    def post_webhook_until_accepted(self, payload, attempts=10):
        """As Meta delivers a webhook: again and again, backing off, until Odoo
        answers 200 (a server down for a while still gets everything)."""
        for attempt in range(attempts):
            try:
                if self.post_webhook(payload).status_code == 200:
                    return True
            except requests.RequestException as failure:
                _logger.info("Webhook not delivered (attempt %s): %s", attempt + 1, failure)
            time.sleep(min(2**attempt, 30))
        return False

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
        """The ``messages`` webhook a customer's message produces.

        ``context_id`` is the quoted message (the reacted-to, edited or
        deleted one for reactions, edits and deletions). Button and
        interactive replies always quote one, as with Meta.
        """
        if msg_type in ("button", "interactive") and not context_id:
            context_id = self._answered_wamid(wa_id)
        message = {"id": wamid or self.new_wamid(), "timestamp": str(timestamp or now())}
        if wa_id:
            message["from"] = wa_id
        message["type"] = msg_type
        if user_id:
            message["from_user_id"] = user_id
        message.update(self._content(msg_type, text, extra, context_id))
        if context_id and msg_type not in ("reaction", "edit", "revoke"):
            message["context"] = {"from": self.display_phone_number, "id": context_id}
        message.update(extra)
        value = {"messages": [message]}
        if msg_type != "system":  # Meta sends no contact with system messages
            default = f"Customer {wa_id[-4:]}" if wa_id else "Customer"
            contact = {"profile": {"name": name or self.names.get(wa_id) or default}}
            if wa_id:
                contact["wa_id"] = wa_id
            if user_id:
                contact["user_id"] = user_id
            value = {"contacts": [contact], **value}
        return self._envelope(value)

    def _answered_wamid(self, wa_id):
        """The message a button or list reply answers (Meta always quotes it): the last
        one sent to ``wa_id`` here, else one this emulator never saw."""
        with self.lock:
            sent = [s["wamid"] for s in self.sent if s["wa_id"] == wa_id]
        return sent[-1] if sent else self.new_wamid()

    def _content(self, msg_type, text, extra, context_id):
        """The type-specific part of a customer's message, shaped as Meta sends it."""
        if msg_type == "text":
            return {"text": {"body": text}}
        if msg_type in SAMPLE_MEDIA:
            return {msg_type: self._sample_media(msg_type, text, extra)}
        if msg_type == "location":
            return {"location": extra.pop("location", SAMPLE_LOCATION)}
        if msg_type == "contacts":
            return {"contacts": extra.pop("contacts", SAMPLE_CONTACTS)}
        if msg_type == "interactive":
            return {"interactive": self._interactive_reply(text, extra)}
        if msg_type == "button":
            return {"button": {"payload": extra.pop("payload", text), "text": text}}
        if msg_type == "reaction":
            return {"reaction": {"message_id": context_id, "emoji": text}}
        if msg_type == "edit":
            return {
                "edit": {
                    "original_message_id": context_id,
                    "message": {"type": "text", "text": {"body": text}},
                }
            }
        if msg_type == "revoke":
            return {"revoke": {"original_message_id": context_id}}
        if msg_type == "system":
            return {"system": extra.pop("system")}
        if msg_type == "unsupported":
            return {
                "errors": [
                    {
                        "code": 131051,
                        "title": "Message type unknown",
                        "message": "Message type unknown",
                        "error_data": {"details": "Message type is currently not supported."},
                    }
                ],
                "unsupported": {"type": extra.pop("unsupported_type", "poll_creation")},
            }
        return {msg_type: extra.pop("body", {})}

    def _sample_media(self, msg_type, text, extra):
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
        if msg_type == "sticker":
            media["animated"] = extra.pop("animated", False)
        return media

    @staticmethod
    def _interactive_reply(text, extra):
        """A tapped button or list row, a flow's answers, a call permission."""
        kind = extra.pop("interactive_type", "button_reply")
        if kind == "nfm_reply":
            reply = {
                "response_json": json.dumps(extra.pop("answers", {"flow_token": "unused"})),
                "body": text or "Sent",
                "name": "flow",
            }
        elif kind == "call_permission_reply":
            reply = {"response": extra.pop("response", "accept"), "response_source": "user_action"}
            if reply["response"] == "accept":
                reply["expiration_timestamp"] = now() + 7 * 24 * 3600
        else:
            reply = {"id": extra.pop("reply_id", "btn_1"), "title": text}
            if kind == "list_reply" and extra.get("description"):
                reply["description"] = extra.pop("description")
        return {"type": kind, kind: reply}

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
            "timestamp": str(timestamp or now()),
            "recipient_id": recipient_id,
        }
        if callback_data:
            item["biz_opaque_callback_data"] = callback_data
        if pricing and status in ("sent", "delivered"):
            item["pricing"] = pricing if isinstance(pricing, dict) else self.pricing_of(wamid)
        if status == "failed":
            code = error_code or 131026
            title = META_ERRORS.get(code, (400, "Message failed"))[1]
            item["errors"] = [
                {"code": code, "title": title, "message": title, "error_data": {"details": title}}
            ]
        return self._envelope({"statuses": [item]})

    def pricing_of(self, wamid):
        """Meta's ``pricing`` for a message it accepted: a template is billed
        by its category; a reply inside the window is free."""
        sent = next((s for s in self.sent if s["wamid"] == wamid), {})
        body = sent.get("body") or {}
        if body.get("type") == "template":
            name = (body.get("template") or {}).get("name")
            template = next((t for t in self.templates if t["name"] == name), {})
            category = str(template.get("category") or "utility").lower()
            return {
                "billable": True,
                "pricing_model": "PMP",
                "type": "regular",
                "category": category,
            }
        return {
            "billable": False,
            "pricing_model": "PMP",
            "type": "free_customer_service",
            "category": "service",
        }

    def status(self, wamid, status, recipient_id=None, **kwargs):
        """Post a status of an outbound message to Odoo."""
        if recipient_id is None:
            sent = next((s for s in self.sent if s["wamid"] == wamid), {})
            recipient_id = sent.get("wa_id", "")
            kwargs.setdefault("callback_data", sent.get("callback_data"))
        return self.post_webhook(self.build_status(wamid, status, recipient_id, **kwargs))

    def build_user_preference(self, wa_id, value="stop", category="marketing_messages"):
        """Meta's ``user_preferences`` webhook (marketing stop / resume)."""
        detail = {
            "stop": "User requested to stop marketing messages",
            "resume": "User requested to resume marketing messages",
        }.get(value, "User updated a preference")
        return self._envelope(
            {
                "contacts": [{"wa_id": wa_id}],
                "user_preferences": [
                    {
                        "wa_id": wa_id,
                        "detail": detail,
                        "category": category,
                        "value": value,
                        "timestamp": now(),
                    }
                ],
            },
            field="user_preferences",
        )

    def user_preference(self, wa_id, value="stop", category="marketing_messages"):
        """Post Meta's ``user_preferences`` webhook (marketing stop / resume)."""
        return self.post_webhook(self.build_user_preference(wa_id, value, category))

    def build_template_status(self, name, event, language="en_US", reason="NONE"):
        """Meta's ``message_template_status_update`` webhook for template ``name``."""
        template = next(t for t in self.templates if t["name"] == name)
        return {
            "object": "whatsapp_business_account",
            "entry": [
                {
                    "id": self.waba_id,
                    "time": now(),
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

    def template_status(self, name, event, language="en_US", reason="NONE"):
        """Set template ``name``'s status to ``event`` and post Meta's webhook saying so."""
        payload = self.build_template_status(name, event, language, reason)
        template = next(t for t in self.templates if t["name"] == name)
        template["status"] = event
        return self.post_webhook(payload)
