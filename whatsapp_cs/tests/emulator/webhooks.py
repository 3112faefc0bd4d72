# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Webhooks the fake Meta posts to Odoo: customers' messages, statuses, template updates."""

import json

import requests

from .meta import META_ERRORS, SAMPLE_MEDIA, now, sign


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
            "timestamp": str(timestamp or now()),
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
            "timestamp": str(timestamp or now()),
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
        return self.post_webhook(payload)
