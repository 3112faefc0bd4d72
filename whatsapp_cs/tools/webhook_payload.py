# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Split a Meta webhook body into single events, each with a stable key.

Pure Python (no Odoo) so that the webhook can do this cheaply before it
answers, and so that ``tests/`` can check it without a database.

Dedup keys follow Meta's advice: inbound messages on their wamid, statuses on
the pair (wamid, status); anything without an id on a hash of its content.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass, field

MAX_BODY_BYTES = 3 * 1024 * 1024 + 65536  # Meta caps payloads at 3 MB

KIND_MESSAGE = "message"
KIND_STATUS = "status"
KIND_TEMPLATE = "template"
KIND_ERROR = "error"
KIND_PREFERENCE = "preference"
KIND_OTHER = "other"


class PayloadError(ValueError):
    """The body is not a WhatsApp webhook we can read."""


@dataclass
class WebhookEvent:
    kind: str
    # Which account: ("phone", phone_number_id) or ("waba", waba_id).
    account_ref: tuple
    key: str
    # Events with the same sender key are processed in order by one worker.
    sender_key: str
    data: dict = field(default_factory=dict)


def valid_signature(raw_body, header_value, app_secret):
    """Check ``X-Hub-Signature-256`` against the raw request bytes."""
    if not (header_value and app_secret and header_value.startswith("sha256=")):
        return False
    expected = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header_value.removeprefix("sha256="), expected)


def sign(raw_body, app_secret):
    digest = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return f"sha256={digest}"


def parse_body(raw_body):
    if len(raw_body) > MAX_BODY_BYTES:
        raise PayloadError("body larger than 3 MB")
    try:
        payload = json.loads(raw_body)
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise PayloadError(f"malformed JSON: {exc}") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("entry"), list):
        raise PayloadError("not a WhatsApp webhook: no 'entry' list")
    return payload


def _content_hash(*parts):
    text = json.dumps(parts, sort_keys=True, ensure_ascii=True)
    return hashlib.sha1(text.encode()).hexdigest()


def _contact_for(value, wa_id):
    for contact in value.get("contacts") or []:
        if contact.get("wa_id") == wa_id or not wa_id:
            return contact
    return {}


def split_events(payload):
    """Return the list of :class:`WebhookEvent` a webhook body carries.

    Anything not shaped as Meta sends it (a string where an object belongs,
    nesting deep enough to exhaust the stack) is a :class:`PayloadError`.
    """
    try:
        return _split_events(payload)
    except (AttributeError, TypeError, KeyError, RecursionError) as exc:
        raise PayloadError(f"not shaped as a WhatsApp webhook: {type(exc).__name__}") from exc


def _split_events(payload):
    events = []
    for entry in payload.get("entry") or []:
        if not isinstance(entry, dict):
            raise PayloadError("an 'entry' item is not an object")
        waba_id = str(entry.get("id") or "")
        for change in entry.get("changes") or []:
            if not isinstance(change, dict) or not isinstance(change.get("value"), dict):
                raise PayloadError("a 'changes' item has no 'value' object")
            events.extend(_split_change(waba_id, entry, change))
    return events


def _split_change(waba_id, entry, change):
    field_name = change.get("field")
    value = change["value"]
    metadata = value.get("metadata") or {}
    phone_id = str(metadata.get("phone_number_id") or "")
    ref = ("phone", phone_id) if phone_id else ("waba", waba_id)
    prefix = f"{ref[0]}:{ref[1]}"
    if field_name == "messages":
        for message in value.get("messages") or []:
            wa_id = message.get("from") or ""
            sender = message.get("from_user_id") or wa_id
            key = message.get("id") or _content_hash(message)
            yield WebhookEvent(
                KIND_MESSAGE,
                ref,
                f"{prefix}:msg:{key}",
                f"{prefix}:{sender}",
                {"message": message, "contact": _contact_for(value, wa_id), "metadata": metadata},
            )
        for status in value.get("statuses") or []:
            recipient = status.get("recipient_id") or status.get("recipient_user_id")
            key = f"{status.get('id')}:{status.get('status')}"
            yield WebhookEvent(
                KIND_STATUS,
                ref,
                f"{prefix}:st:{key}",
                f"{prefix}:{recipient}",
                {"status": status, "metadata": metadata},
            )
        yield from _preference_events(prefix, ref, value)
        if value.get("errors"):
            key = _content_hash(value["errors"], entry.get("time"))
            yield WebhookEvent(
                KIND_ERROR,
                ref,
                f"{prefix}:err:{key}",
                prefix,
                {"errors": value["errors"], "metadata": metadata},
            )
    elif field_name == "user_preferences":
        yield from _preference_events(prefix, ref, value)
    elif field_name and (
        field_name.startswith("message_template") or field_name == "template_category_update"
    ):
        template_id = str(value.get("message_template_id") or "")
        key = _content_hash(field_name, value, entry.get("time"))
        yield WebhookEvent(
            KIND_TEMPLATE,
            ref,
            f"{prefix}:tpl:{template_id}:{key}",
            f"{prefix}:tpl:{template_id}",
            {"field": field_name, "value": value},
        )
    else:
        key = _content_hash(field_name, value, entry.get("time"))
        yield WebhookEvent(
            KIND_OTHER,
            ref,
            f"{prefix}:other:{key}",
            prefix,
            {"field": field_name, "value": value},
        )


def _preference_events(prefix, ref, value):
    """Marketing stop/resume: Meta sends them under the ``user_preferences``
    field (older payloads put them beside ``messages``)."""
    contacts = value.get("contacts") or []
    for preference in value.get("user_preferences") or []:
        wa_id = preference.get("wa_id") or (contacts[0].get("wa_id") if contacts else "")
        yield WebhookEvent(
            KIND_PREFERENCE,
            ref,
            f"{prefix}:pref:{_content_hash(preference, wa_id)}",
            f"{prefix}:{wa_id}",
            {"preference": dict(preference, wa_id=wa_id), "contacts": contacts},
        )
