# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Request bodies for ``POST /{phone-number-id}/messages``, from plain values.

Pure Python (no Odoo): ``tests/`` validates every shape built here against
Meta's OpenAPI description. ``CloudApiClient.send_message`` adds
``messaging_product`` and ``recipient_type``.
"""

import re
from dataclasses import dataclass

TEXT_MAX = 4096
CAPTION_MAX = 1024
CAPTION_TYPES = ("image", "video", "document")
MEDIA_TYPES = ("image", "video", "audio", "document", "sticker")
BUTTON_TITLE_MAX = 20
HEADER_TEXT_MAX = 60
TEMPLATE_BODY_MAX = 1024
COUPON_CODE_MAX = 15
URL_SUFFIX_MAX = 2000
# Interactive messages (Meta's description: body 1024, footer 60, header 60).
INTERACTIVE_BODY_MAX = 1024
FOOTER_MAX = 60
BUTTONS_MAX = 3
LIST_ROWS_MAX = 10
LIST_SECTIONS_MAX = 10
LIST_TITLE_MAX = 24
ROW_DESCRIPTION_MAX = 72
URL_MAX = 2000
LOCATION_TEXT_MAX = 256
CONTACTS_MAX = 5

VARIABLE = re.compile(r"{{\s*([A-Za-z0-9_]+)\s*}}")
MEDIA_FORMATS = {"IMAGE": "image", "VIDEO": "video", "DOCUMENT": "document"}
# Meta refuses parameters with new lines, tabs or more than 4 spaces in a row.
_PARAM_SPACES = re.compile(r"[\t\r\n]+| {5,}")


@dataclass(frozen=True)
class Slot:
    """One parameter a template needs: where (header, body, button) and what."""

    component: str
    key: str  # "1", "name", a button's index, or "media" / "location" for headers
    kind: str  # text, image, video, document, location, url, coupon_code


class TemplateError(ValueError):
    """What Meta would refuse (132000 and friends), said before calling it.

    ``problems`` holds tuples ``(reason, slot, detail)``; reasons: ``missing``,
    ``too_long``.
    """

    def __init__(self, problems):
        super().__init__(
            ", ".join(f"{reason} {slot.component}:{slot.key}" for reason, slot, _d in problems)
        )
        self.problems = problems


def envelope(to, callback_data=None, context_wamid=None):
    """The parts every message shares: recipient, tracking data, quoted message."""
    body = {"to": "+" + str(to).lstrip("+")}
    if callback_data:
        body["biz_opaque_callback_data"] = callback_data
    if context_wamid:
        body["context"] = {"message_id": context_wamid}
    return body


def text(body, preview_url=True):
    return {"type": "text", "text": {"body": body, "preview_url": preview_url}}


def media(kind, media_id, caption=None, filename=None):
    """An uploaded file; captions only where Meta shows them."""
    obj = {"id": media_id}
    if caption and kind in CAPTION_TYPES:
        obj["caption"] = caption
    if kind == "document" and filename:
        obj["filename"] = filename
    return {"type": kind, kind: obj}


def reaction(wamid, emoji):
    return {"type": "reaction", "reaction": {"message_id": wamid, "emoji": emoji}}


def reply_buttons(body, buttons):
    """Up to three reply buttons: ``buttons`` is ``[(id, title), ...]``."""
    return {
        "type": "interactive",
        "interactive": {
            "type": "button",
            "body": {"text": body},
            "action": {
                "buttons": [
                    {"type": "reply", "reply": {"id": button_id, "title": title}}
                    for button_id, title in buttons
                ]
            },
        },
    }


# What an agent composes: checked against Meta's limits, then built ----------------------
class PayloadError(ValueError):
    """An agent's input Meta would refuse: ``field`` (``body``, ``button``, ``row``,
    ``section``, ``url``, ``latitude``...), ``reason`` (``missing``, ``too_long``,
    ``too_many``, ``duplicate``, ``invalid``) and ``limit`` (a number, or None)."""

    def __init__(self, field, reason, limit=None):
        super().__init__(f"{field}: {reason}" + (f" ({limit})" if limit is not None else ""))
        self.field, self.reason, self.limit = field, reason, limit


def _required(value, field, limit):
    value = (value or "").strip()
    if not value:
        raise PayloadError(field, "missing")
    if len(value) > limit:
        raise PayloadError(field, "too_long", limit)
    return value


def _optional(value, field, limit):
    value = (value or "").strip()
    if len(value) > limit:
        raise PayloadError(field, "too_long", limit)
    return value


def _titles(titles, field, limit, maximum):
    titles = [_required(title, field, limit) for title in titles]
    if not titles:
        raise PayloadError(field, "missing")
    if len(titles) > maximum:
        raise PayloadError(field, "too_many", maximum)
    if len({title.casefold() for title in titles}) != len(titles):
        raise PayloadError(field, "duplicate")
    return titles


def _frame(kind, body, action, header=None, footer=None):
    interactive = {"type": kind}
    header = _optional(header, "header", HEADER_TEXT_MAX)
    if header:
        interactive["header"] = {"type": "text", "text": header}
    interactive["body"] = {"text": _required(body, "body", INTERACTIVE_BODY_MAX)}
    footer = _optional(footer, "footer", FOOTER_MAX)
    if footer:
        interactive["footer"] = {"text": footer}
    interactive["action"] = action
    return {"type": "interactive", "interactive": interactive}


def agent_buttons(body, titles, header=None, footer=None):
    """1-3 reply buttons (titles unique, 20 characters); ids ``btn_1``..."""
    titles = _titles(titles, "button", BUTTON_TITLE_MAX, BUTTONS_MAX)
    action = {
        "buttons": [
            {"type": "reply", "reply": {"id": f"btn_{index}", "title": title}}
            for index, title in enumerate(titles, 1)
        ]
    }
    return _frame("button", body, action, header, footer)


def list_menu(body, button, sections, header=None, footer=None):
    """A list: ``sections`` is ``[(title, [(row title, description), ...]), ...]``;
    at most 10 rows in all, titles 24 characters, descriptions 72; ids ``row_1``..."""
    button = _required(button, "list_button", BUTTON_TITLE_MAX)
    sections = [(title, rows) for title, rows in sections if rows or (title or "").strip()]
    if not sections:
        raise PayloadError("row", "missing")
    if len(sections) > LIST_SECTIONS_MAX:
        raise PayloadError("section", "too_many", LIST_SECTIONS_MAX)
    all_rows = [row for _title, rows in sections for row in rows]
    _titles([title for title, _description in all_rows], "row", LIST_TITLE_MAX, LIST_ROWS_MAX)
    built, index = [], 0
    for title, rows in sections:
        if not rows:
            raise PayloadError("row", "missing")
        section = {}
        title = _optional(title, "section", LIST_TITLE_MAX)
        if len(sections) > 1 and not title:
            raise PayloadError("section", "missing")
        if title:
            section["title"] = title
        section["rows"] = []
        for row_title, description in rows:
            index += 1
            row = {"id": f"row_{index}", "title": row_title.strip()}
            description = _optional(description, "description", ROW_DESCRIPTION_MAX)
            if description:
                row["description"] = description
            section["rows"].append(row)
        built.append(section)
    return _frame("list", body, {"button": button, "sections": built}, header, footer)


def cta_url(body, display_text, url, header=None, footer=None):
    """One button that opens ``url`` (http or https) in the customer's browser."""
    display_text = _required(display_text, "display_text", BUTTON_TITLE_MAX)
    url = _required(url, "url", URL_MAX)
    if not re.match(r"^https?://[^\s/$.?#][^\s]*$", url, re.IGNORECASE):
        raise PayloadError("url", "invalid")
    action = {"name": "cta_url", "parameters": {"display_text": display_text, "url": url}}
    return _frame("cta_url", body, action, header, footer)


def location(latitude, longitude, name=None, address=None):
    """A pin on the map; Meta's description types the coordinates as strings."""
    coordinates = {}
    for field, value, bound in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise PayloadError(field, "invalid") from None
        if not -bound <= number <= bound:
            raise PayloadError(field, "invalid")
        coordinates[field] = f"{number:.6f}".rstrip("0").rstrip(".")
    obj = dict(coordinates)
    for field, value in (("name", name), ("address", address)):
        value = _optional(value, field, LOCATION_TEXT_MAX)
        if value:
            obj[field] = value
    return {"type": "location", "location": obj}


def contacts(cards):
    """Contact cards: each ``{"name", "phones": [(number, wa_id)], "emails": [...],
    "company"}``; a card needs a name and a phone or an e-mail."""
    if not cards:
        raise PayloadError("contact", "missing")
    if len(cards) > CONTACTS_MAX:
        raise PayloadError("contact", "too_many", CONTACTS_MAX)
    built = []
    for card in cards:
        name = _required(card.get("name"), "contact", LOCATION_TEXT_MAX)
        parts = name.split(None, 1)
        contact = {"name": {"formatted_name": name, "first_name": parts[0]}}
        if len(parts) > 1:
            contact["name"]["last_name"] = parts[1]
        phones = []
        for number, wa_id in card.get("phones") or []:
            if number:
                phone = {"phone": number}
                if wa_id:
                    phone["wa_id"] = wa_id
                phones.append(phone)
        emails = [{"email": email} for email in card.get("emails") or [] if email]
        if not phones and not emails:
            raise PayloadError("contact", "missing")
        if phones:
            contact["phones"] = phones
        if emails:
            contact["emails"] = emails
        if card.get("company"):
            contact["org"] = {"company": card["company"]}
        built.append(contact)
    return {"type": "contacts", "contacts": built}


def summary(payload):
    """What an agent's special message says, as plain text for the chat and lists."""
    kind = payload.get("type")
    if kind == "location":
        obj = payload["location"]
        where = obj.get("name") or obj.get("address") or ""
        return f"📍 {where} ({obj['latitude']}, {obj['longitude']})".replace("📍  (", "📍 (")
    if kind == "contacts":
        return "👤 " + ", ".join(c["name"]["formatted_name"] for c in payload["contacts"])
    if kind == "interactive":
        interactive = payload["interactive"]
        lines = [interactive.get("header", {}).get("text"), interactive["body"]["text"]]
        action = interactive["action"]
        if interactive["type"] == "button":
            lines.append(" | ".join(f"[{b['reply']['title']}]" for b in action["buttons"]))
        elif interactive["type"] == "list":
            rows = [row["title"] for s in action["sections"] for row in s["rows"]]
            lines.append(f"[{action['button']}] " + " | ".join(rows))
        elif interactive["type"] == "cta_url":
            parameters = action["parameters"]
            lines.append(f"[{parameters['display_text']}] {parameters['url']}")
        lines.append(interactive.get("footer", {}).get("text"))
        return "\n".join(line for line in lines if line)
    return ""


# Templates ------------------------------------------------------------------------------
def _keys(text_value):
    keys = list(dict.fromkeys(VARIABLE.findall(text_value or "")))
    if all(key.isdigit() for key in keys):
        keys.sort(key=int)  # positional: {{1}}, {{2}}... in that order
    return keys


def template_slots(components):
    """Every parameter the template's definition asks for, in Meta's order."""
    slots = []
    for component in components or []:
        kind = (component.get("type") or "").upper()
        if kind == "HEADER":
            header_format = (component.get("format") or "TEXT").upper()
            if header_format == "TEXT":
                slots += [Slot("header", key, "text") for key in _keys(component.get("text"))]
            elif header_format in MEDIA_FORMATS:
                slots.append(Slot("header", "media", MEDIA_FORMATS[header_format]))
            elif header_format == "LOCATION":
                slots.append(Slot("header", "location", "location"))
        elif kind == "BODY":
            slots += [Slot("body", key, "text") for key in _keys(component.get("text"))]
        elif kind == "BUTTONS":
            for index, button in enumerate(component.get("buttons") or []):
                button_type = (button.get("type") or "").upper()
                if button_type == "URL" and VARIABLE.search(button.get("url") or ""):
                    slots.append(Slot("button", str(index), "url"))
                elif button_type == "COPY_CODE":
                    slots.append(Slot("button", str(index), "coupon_code"))
    return slots


def clean_parameter(value):
    """A parameter as Meta accepts it: no new lines or tabs, no long runs of spaces."""
    return _PARAM_SPACES.sub(" ", str(value)).strip()


def fill_text(text_value, values, component):
    """The template's text with its variables filled (the preview)."""
    return VARIABLE.sub(
        lambda match: values.get((component, match.group(1)), match.group(0)), text_value or ""
    )


def template(name, language, components, values, named=False, header_media=None, location=None):
    """The template message for ``name``/``language`` built from its definition.

    ``values`` maps ``(component, key)`` to text; ``header_media`` is
    ``{"id": ..., "filename": ...}`` for an image, video or document header;
    ``location`` has ``latitude``, ``longitude``, ``name``, ``address``.
    Raises :class:`TemplateError` for anything missing or too long.
    """
    problems = []
    parts = {"header": [], "body": [], "button": []}
    for slot in template_slots(components):
        try:
            parts[slot.component].append(_parameter(slot, values, named, header_media, location))
        except _SlotProblem as problem:
            problems.append((problem.reason, slot, problem.detail))
    problems += _length_problems(components, values)
    if problems:
        raise TemplateError(problems)
    built = [
        {"type": kind, "parameters": parts[kind]} for kind in ("header", "body") if parts[kind]
    ]
    built += parts["button"]
    payload = {"name": name, "language": {"code": language}}
    if built:
        payload["components"] = built
    return {"type": "template", "template": payload}


class _SlotProblem(Exception):
    def __init__(self, reason, detail=""):
        super().__init__(reason)
        self.reason, self.detail = reason, detail


def _parameter(slot, values, named, header_media, location):
    """The parameter (or button component) filling ``slot``."""
    if slot.kind in MEDIA_FORMATS.values():
        if not (header_media and header_media.get("id")):
            raise _SlotProblem("missing")
        obj = {"id": header_media["id"]}
        if slot.kind == "document" and header_media.get("filename"):
            obj["filename"] = header_media["filename"]
        return {"type": slot.kind, slot.kind: obj}
    if slot.kind == "location":
        if not location:
            raise _SlotProblem("missing")
        return {"type": "location", "location": dict(location)}
    value = clean_parameter(values.get((slot.component, slot.key)) or "")
    if not value:
        raise _SlotProblem("missing")
    if slot.kind == "url":
        if len(value) > URL_SUFFIX_MAX:
            raise _SlotProblem("too_long", URL_SUFFIX_MAX)
        return _button("url", slot.key, {"type": "text", "text": value})
    if slot.kind == "coupon_code":
        if len(value) > COUPON_CODE_MAX:
            raise _SlotProblem("too_long", COUPON_CODE_MAX)
        return _button("copy_code", slot.key, {"type": "coupon_code", "coupon_code": value})
    parameter = {"type": "text", "text": value}
    if named:
        parameter["parameter_name"] = slot.key
    return parameter


def _length_problems(components, values):
    """Header and body as the customer reads them must fit Meta's limits."""
    filled = {key: clean_parameter(value) for key, value in values.items() if value}
    texts = {(part.get("type") or "").upper(): part.get("text") or "" for part in components or []}
    problems = []
    for kind, limit in (("header", HEADER_TEXT_MAX), ("body", TEMPLATE_BODY_MAX)):
        if len(fill_text(texts.get(kind.upper()), filled, kind)) > limit:
            problems.append(("too_long", Slot(kind, "text", "text"), limit))
    return problems


def _button(sub_type, index, parameter):
    return {"type": "button", "sub_type": sub_type, "index": str(index), "parameters": [parameter]}


def preview(components, values):
    """What the customer reads: header, body and footer with the values filled."""
    lines = []
    for part in components or []:
        kind = (part.get("type") or "").upper()
        if kind in ("HEADER", "BODY") and part.get("text"):
            lines.append(fill_text(part["text"], values, kind.lower()))
        elif kind == "FOOTER" and part.get("text"):
            lines.append(part["text"])
    return "\n".join(lines)
