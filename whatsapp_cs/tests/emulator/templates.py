# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How Meta checks a template send against the template's definition."""

import re

VARIABLE = re.compile(r"{{\s*([A-Za-z0-9_]+)\s*}}")
MEDIA = ("IMAGE", "VIDEO", "DOCUMENT")
COUNT_MISMATCH = 132000  # number of parameters does not match the template
FORMAT_MISMATCH = 132012  # a parameter's format does not match the template


def template_problem(definition, template):
    """``(code, message)`` Meta answers when ``template`` (the request's
    ``template`` object) does not fill ``definition``; None when it does."""
    sent = template.get("components") or []
    parts = {str(c.get("type", "")).lower(): c for c in sent if c.get("type") != "button"}
    buttons = {str(c.get("index")): c for c in sent if c.get("type") == "button"}
    for part in definition.get("components") or []:
        kind = str(part.get("type", "")).upper()
        if kind in ("HEADER", "BODY"):
            problem = _text_or_media_problem(kind, part, parts.get(kind.lower()) or {})
        elif kind == "BUTTONS":
            problem = _buttons_problem(part.get("buttons") or [], buttons)
        else:
            problem = None
        if problem:
            return problem
    return None


def _text_or_media_problem(kind, part, sent):
    params = sent.get("parameters") or []
    header_format = str(part.get("format") or "TEXT").upper()
    if kind == "HEADER" and header_format in MEDIA:
        media = header_format.lower()
        if len(params) != 1:
            return COUNT_MISMATCH, f"header: expected 1 {media} parameter, got {len(params)}"
        obj = params[0].get(media) or {}
        if params[0].get("type") != media or not (obj.get("id") or obj.get("link")):
            return FORMAT_MISMATCH, f"header: expected an {media} with an id or a link"
        return None
    expected = len(set(VARIABLE.findall(part.get("text") or "")))
    if len(params) != expected:
        return (
            COUNT_MISMATCH,
            f"{kind.lower()}: number of parameters ({len(params)}) does not match the "
            f"expected number of params ({expected})",
        )
    if any(p.get("type") != "text" or not p.get("text") for p in params):
        return FORMAT_MISMATCH, f"{kind.lower()}: text parameters expected"
    return None


def _buttons_problem(definition, sent):
    for index, button in enumerate(definition):
        kind = str(button.get("type", "")).upper()
        needs = ("url" if kind == "URL" and VARIABLE.search(button.get("url") or "") else None) or (
            "copy_code" if kind == "COPY_CODE" else None
        )
        if not needs:
            continue
        given = sent.get(str(index))
        if not given or given.get("sub_type") != needs or len(given.get("parameters") or []) != 1:
            return COUNT_MISMATCH, f"button {index}: a {needs} parameter is required"
    return None
