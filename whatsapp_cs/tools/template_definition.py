# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The body of ``POST /{waba-id}/message_templates``, checked against Meta's
rules before Meta sees it (pure Python, tested without Odoo).

Meta's limits: name ``[a-z0-9_]`` up to 512; header text 60 with at most one
variable; body 1024; footer 60 without variables; at most 10 buttons (quick
replies grouped together, 2 URL, 1 phone, 1 copy code), labels of 25, URLs of
2000 with one variable at the end; every variable has a sample; variables
are numbered 1, 2... (or named in snake_case) and never sit side by side.
"""

import re

from .message_payload import VARIABLE

NAME = re.compile(r"^[a-z0-9_]{1,512}$")
NAMED_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
ADJACENT = re.compile(r"{{\s*\w+\s*}}[\s\W]{0,1}{{\s*\w+\s*}}")
HEADER_MAX = 60
BODY_MAX = 1024
FOOTER_MAX = 60
BUTTON_TEXT_MAX = 25
URL_MAX = 2000
MEDIA_FORMATS = ("IMAGE", "VIDEO", "DOCUMENT")
BUTTON_LIMITS = {"QUICK_REPLY": 10, "URL": 2, "PHONE_NUMBER": 1, "COPY_CODE": 1}
MAX_BUTTONS = 10


def _keys(text):
    return list(dict.fromkeys(VARIABLE.findall(text or "")))


def _check_variables(where, text, named, problems):
    keys = _keys(text)
    if named:
        bad = [key for key in keys if not NAMED_KEY.match(key)]
        if bad:
            problems.append(("named_key", where, ", ".join(bad)))
    elif keys and sorted(keys, key=lambda k: int(k) if k.isdigit() else 0) != [
        str(n) for n in range(1, len(keys) + 1)
    ]:
        problems.append(("sequence", where, ", ".join(keys)))
    if ADJACENT.search(text or ""):
        problems.append(("adjacent", where, ""))
    return keys


def _examples(where, keys, samples, named, problems):
    values = []
    for key in keys:
        sample = samples.get((where, key))
        if not sample:
            problems.append(("sample", where, key))
        values.append(sample or "")
    if named:
        return [
            {"param_name": key, "example": value} for key, value in zip(keys, values, strict=True)
        ]
    return values


def definition(template, samples):
    """``(body, problems)``: the request creating ``template`` and what Meta would
    refuse in it. ``template`` holds ``name``, ``language``, ``category``,
    ``parameter_format`` (POSITIONAL or NAMED), ``header`` (``format``,
    ``text``, ``handle`` of an uploaded sample file), ``body``, ``footer``,
    ``buttons`` (``type``, ``text``, ``url``, ``phone_number``, ``example``);
    ``samples`` maps ``(component, key)`` to an example value."""
    problems = []
    named = (template.get("parameter_format") or "POSITIONAL").upper() == "NAMED"
    if not NAME.match(template.get("name") or ""):
        problems.append(("name", "", template.get("name") or ""))
    components = []
    header = _header(template.get("header") or {}, samples, named, problems)
    if header:
        components.append(header)
    components.append(_body(template.get("body") or "", samples, named, problems))
    footer = template.get("footer") or ""
    if footer:
        if len(footer) > FOOTER_MAX:
            problems.append(("too_long", "footer", FOOTER_MAX))
        if VARIABLE.search(footer):
            problems.append(("footer_variable", "footer", ""))
        components.append({"type": "FOOTER", "text": footer})
    buttons = _buttons(template.get("buttons") or [], problems)
    if buttons:
        components.append({"type": "BUTTONS", "buttons": buttons})
    body = {
        "name": template.get("name"),
        "language": template.get("language"),
        "category": (template.get("category") or "UTILITY").upper(),
        "parameter_format": "named" if named else "positional",
        "components": components,
    }
    return body, problems


def _header(header, samples, named, problems):
    header_format = (header.get("format") or "").upper()
    if not header_format:
        return None
    part = {"type": "HEADER", "format": header_format}
    if header_format == "TEXT":
        text = header.get("text") or ""
        if not text:
            problems.append(("missing", "header", ""))
        if len(text) > HEADER_MAX:
            problems.append(("too_long", "header", HEADER_MAX))
        keys = _check_variables("header", text, named, problems)
        if len(keys) > 1:
            problems.append(("header_variables", "header", len(keys)))
        part["text"] = text
        if keys:
            examples = _examples("header", keys, samples, named, problems)
            part["example"] = (
                {"header_text_named_params": examples} if named else {"header_text": examples}
            )
    elif header_format in MEDIA_FORMATS:
        if not header.get("handle"):
            problems.append(("header_file", "header", header_format.lower()))
        part["example"] = {"header_handle": [header.get("handle") or ""]}
    return part


def _body(text, samples, named, problems):
    if not text.strip():
        problems.append(("missing", "body", ""))
    if len(text) > BODY_MAX:
        problems.append(("too_long", "body", BODY_MAX))
    keys = _check_variables("body", text, named, problems)
    part = {"type": "BODY", "text": text}
    if keys:
        examples = _examples("body", keys, samples, named, problems)
        part["example"] = (
            {"body_text_named_params": examples} if named else {"body_text": [examples]}
        )
    return part


def _buttons(buttons, problems):
    built, counts, kinds = [], {}, []
    for index, button in enumerate(buttons):
        kind = (button.get("type") or "").upper()
        counts[kind] = counts.get(kind, 0) + 1
        kinds.append(kind)
        text = button.get("text") or ""
        where = f"button {index + 1}"
        if kind != "COPY_CODE" and not text:
            problems.append(("missing", where, ""))
        if len(text) > BUTTON_TEXT_MAX:
            problems.append(("too_long", where, BUTTON_TEXT_MAX))
        part = {"type": kind, "text": text}
        if kind == "URL":
            part.update(_url_button(button, where, problems))
        elif kind == "PHONE_NUMBER":
            if not button.get("phone_number"):
                problems.append(("missing", where, ""))
            part["phone_number"] = button.get("phone_number") or ""
        elif kind == "COPY_CODE":
            part = {"type": "COPY_CODE", "example": button.get("example") or ""}
            if not button.get("example"):
                problems.append(("sample", where, "1"))
        built.append(part)
    if len(buttons) > MAX_BUTTONS:
        problems.append(("buttons", "BUTTONS", MAX_BUTTONS))
    for kind, count in counts.items():
        if count > BUTTON_LIMITS.get(kind, MAX_BUTTONS):
            problems.append(("buttons", kind, BUTTON_LIMITS[kind]))
    quick = [i for i, kind in enumerate(kinds) if kind == "QUICK_REPLY"]
    if quick and quick != list(range(quick[0], quick[0] + len(quick))):
        problems.append(("quick_replies_apart", "BUTTONS", ""))
    return built


def _url_button(button, where, problems):
    url = button.get("url") or ""
    part = {"url": url}
    if not url.startswith(("https://", "http://")):
        problems.append(("url", where, url))
    if len(url) > URL_MAX:
        problems.append(("too_long", where, URL_MAX))
    keys = _keys(url)
    if keys:
        if len(keys) > 1 or not re.search(r"{{\s*\w+\s*}}$", url):
            problems.append(("url_variable", where, ""))
        if not button.get("example"):
            problems.append(("sample", where, keys[0]))
        part["example"] = [button.get("example") or ""]
    return part
