# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Read the content of one inbound ``messages[]`` item (pure Python)."""

import json
from dataclasses import dataclass, field

MEDIA_TYPES = ("image", "video", "audio", "document", "sticker")

# Meta's own limits per media type (bytes); bigger files are not downloaded.
MEDIA_MAX_BYTES = {
    "image": 5 * 1024 * 1024,
    "video": 16 * 1024 * 1024,
    "audio": 16 * 1024 * 1024,
    "document": 100 * 1024 * 1024,
    "sticker": 500 * 1024,
}

KNOWN_TYPES = (
    "text",
    *MEDIA_TYPES,
    "location",
    "contacts",
    "interactive",
    "button",
    "reaction",
    "system",
    "order",
    "edit",
    "revoke",
    "unsupported",
)


@dataclass
class InboundContent:
    message_type: str
    body: str = ""
    media: dict = field(default_factory=dict)  # id, mime_type, filename, sha256
    reaction_to: str = ""  # wamid a reaction points at
    reply_to: str = ""  # wamid quoted by the customer
    button_payload: str = ""
    error: dict = field(default_factory=dict)  # code, title, details
    forwarded: bool = False
    # what the customer sent that has no text form of its own (a flow's
    # answers, a call permission): kept as JSON beside the readable body
    data: dict = field(default_factory=dict)
    original: str = ""  # wamid an edit or a deletion refers to


def _location_text(location):
    lines = [location.get("name"), location.get("address")]
    lat, lng = location.get("latitude"), location.get("longitude")
    if lat is not None and lng is not None:
        lines.append(f"https://maps.google.com/?q={lat},{lng}")
    return "\n".join(line for line in lines if line)


def _contacts_text(contacts):
    lines = []
    for contact in contacts:
        name = (contact.get("name") or {}).get("formatted_name") or ""
        phones = ", ".join(p.get("phone", "") for p in contact.get("phones") or [])
        lines.append(" ".join(part for part in (name, phones) if part))
    return "\n".join(lines)


def read_message(message):
    """Turn a Meta message object into an :class:`InboundContent`."""
    msg_type = message.get("type") or "unsupported"
    if msg_type not in KNOWN_TYPES:
        msg_type = "unsupported"
    content = InboundContent(msg_type)
    context = message.get("context") or {}
    content.reply_to = context.get("id") or ""
    content.forwarded = bool(context.get("forwarded") or context.get("frequently_forwarded"))
    errors = message.get("errors") or []
    if errors:
        error = errors[0]
        content.error = {
            "code": error.get("code"),
            "title": error.get("title") or error.get("message") or "",
            "details": (error.get("error_data") or {}).get("details") or "",
        }
    data = message.get(message.get("type")) or {}
    if msg_type == "text":
        content.body = data.get("body", "")
    elif msg_type in MEDIA_TYPES:
        content.body = data.get("caption", "")
        content.media = {
            "id": data.get("id"),
            "mime_type": data.get("mime_type") or "application/octet-stream",
            "filename": data.get("filename") or "",
            "sha256": data.get("sha256") or "",
            "voice": bool(data.get("voice")),
        }
    elif msg_type == "location":
        content.body = _location_text(data)
    elif msg_type == "contacts":
        content.body = _contacts_text(message.get("contacts") or [])
    elif msg_type == "interactive":
        _read_interactive(content, data)
    elif msg_type == "button":
        content.body = data.get("text", "")
        content.button_payload = data.get("payload", "")
    elif msg_type == "reaction":
        content.body = data.get("emoji", "")
        content.reaction_to = data.get("message_id", "")
    elif msg_type == "system":
        content.body = data.get("body", "")
    elif msg_type == "order":
        items = data.get("product_items") or []
        content.body = "\n".join(
            f"{i.get('quantity')} x {i.get('product_retailer_id')}" for i in items
        )
    elif msg_type == "edit":
        content.original = data.get("original_message_id") or ""
        edited = read_message(data.get("message") or {"type": "text", "text": {}})
        content.body = edited.body
        content.media = edited.media
    elif msg_type == "revoke":
        content.original = data.get("original_message_id") or ""
    else:
        original = (message.get("unsupported") or {}).get("type") or message.get("type")
        content.body = content.error.get("title") or "Unsupported message"
        if original and original != "unsupported":
            content.body += f" ({original})"
    return content


def _read_interactive(content, data):
    """Button and list replies, flow answers, call permissions and subtypes
    Meta adds later: never a blank message."""
    subtype = data.get("type") or ""
    reply = data.get(subtype) or {}
    if subtype in ("button_reply", "list_reply"):
        content.body = reply.get("title", "")
        content.button_payload = reply.get("id", "")
    elif subtype == "nfm_reply":
        answers = _json_object(reply.get("response_json"))
        content.data = {"flow": reply.get("name") or "", "answers": answers}
        lines = [f"{key}: {value}" for key, value in answers.items() if key != "flow_token"]
        content.body = "\n".join([reply.get("body") or "", *lines]).strip()
    elif subtype == "call_permission_reply":
        content.data = dict(reply)
        answer = {"accept": "accepted", "reject": "declined"}.get(reply.get("response"), "?")
        content.body = f"Call permission {answer}"
    else:
        content.data = {subtype or "interactive": reply}
        details = ", ".join(
            f"{key}: {value}"
            for key, value in reply.items()
            if isinstance(value, str | int | float)
        )
        content.body = f"[{subtype or 'interactive'}] {details}".strip()


def _json_object(text):
    try:
        value = json.loads(text or "{}")
    except ValueError:
        return {"response_json": text}
    return value if isinstance(value, dict) else {"response": value}
