# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The emulator's web page: a tiny phone to write to Odoo as a customer.

What the business sends shows as a phone would show it: text, files, a
template's text, reply buttons and list menus the "customer" can tap (the
tap posts Meta's ``interactive`` reply webhook, quoting that message), a
call-to-action link, a location and contact cards.
"""

import html
from datetime import datetime, timezone

ESC = html.escape


def _reply_form(item, reply_id, title, kind, description=""):
    """A button that posts the customer's tap as Meta would."""
    fields = {
        "wa_id": item["wa_id"],
        "type": "interactive",
        "text": title,
        "reply_id": reply_id,
        "interactive_type": kind,
        "context_id": item["wamid"],
        "description": description,
    }
    inputs = "".join(
        f'<input type="hidden" name="{name}" value="{ESC(str(value))}">'
        for name, value in fields.items()
    )
    label = ESC(title) + (f"<small> — {ESC(description)}</small>" if description else "")
    return (
        f'<form method="post" action="/_emulator/customer_message" class="tap">{inputs}'
        f'<button class="{kind}">{label}</button></form>'
    )


def _interactive(item, interactive):
    parts = []
    header = (interactive.get("header") or {}).get("text")
    if header:
        parts.append(f"<b>{ESC(header)}</b>")
    parts.append(ESC((interactive.get("body") or {}).get("text") or ""))
    footer = (interactive.get("footer") or {}).get("text")
    if footer:
        parts.append(f'<small class="f">{ESC(footer)}</small>')
    action = interactive.get("action") or {}
    kind = interactive.get("type")
    if kind == "button":
        for button in action.get("buttons") or []:
            reply = button.get("reply") or {}
            parts.append(_reply_form(item, reply.get("id"), reply.get("title"), "button_reply"))
    elif kind == "list":
        rows = [
            _reply_form(
                item, row.get("id"), row.get("title"), "list_reply", row.get("description", "")
            )
            for section in action.get("sections") or []
            for row in section.get("rows") or []
        ]
        parts.append(
            f"<details><summary>☰ {ESC(action.get('button') or '')}</summary>"
            f"{''.join(rows)}</details>"
        )
    elif kind == "cta_url":
        parameters = action.get("parameters") or {}
        parts.append(
            f'<a class="cta" href="{ESC(parameters.get("url") or "#")}" target="_blank" '
            f'rel="noopener">↗ {ESC(parameters.get("display_text") or "")}</a>'
        )
    return "<br>".join(parts)


def _business_text(item):
    """HTML for a message the business sent (escaped)."""
    body = item["body"]
    kind = body.get("type")
    if kind == "text":
        return ESC((body.get("text") or {}).get("body") or "")
    if kind == "interactive":
        return _interactive(item, body.get("interactive") or {})
    if kind == "template":
        template = body.get("template") or {}
        values = [
            parameter.get("text")
            for component in template.get("components") or []
            for parameter in component.get("parameters") or []
            if parameter.get("type") == "text"
        ]
        shown = f"[template {ESC(template.get('name') or '')}]"
        return shown + (f" {ESC(' · '.join(values))}" if values else "")
    if kind == "location":
        place = body.get("location") or {}
        where = ESC(place.get("name") or place.get("address") or "")
        return f"📍 {where} ({ESC(str(place.get('latitude')))}, {ESC(str(place.get('longitude')))})"
    if kind == "contacts":
        cards = []
        for contact in body.get("contacts") or []:
            phones = ", ".join(p.get("phone", "") for p in contact.get("phones") or [])
            name = (contact.get("name") or {}).get("formatted_name", "")
            cards.append(f"👤 {ESC(name)} {ESC(phones)}")
        return "<br>".join(cards)
    if kind == "reaction":
        return ESC((body.get("reaction") or {}).get("emoji") or "") + " (reaction)"
    media = body.get(kind) or {}
    caption = media.get("caption") or media.get("filename") or ""
    return f"[{ESC(kind or '?')}] {ESC(caption)}"


def _customer_text(msg):
    interactive = msg.get("interactive") or {}
    reply = interactive.get("button_reply") or interactive.get("list_reply") or {}
    text = (
        (msg.get("text") or {}).get("body")
        or reply.get("title")
        or (msg.get("button") or {}).get("text")
        or f"[{msg['type']}]"
    )
    return ESC(text)


# What Meta may report of a business message, as the page offers it
STATUS_CHOICES = (
    ("delivered", "Delivered"),
    ("read", "Read"),
    ("failed:131026", "Failed: undeliverable (131026)"),
    ("failed:131049", "Failed: Meta's marketing limit (131049)"),
    ("failed:131047", "Failed: outside the 24-hour window (131047)"),
)


def _status_form(item):
    """Post a status webhook of this business message (ticks or an error)."""
    options = "".join(
        f'<option value="{value}">{label}</option>' for value, label in STATUS_CHOICES
    )
    return (
        '<form method="post" action="/_emulator/status" class="st">'
        f'<input type="hidden" name="wamid" value="{ESC(item["wamid"])}">'
        f'<select name="status">{options}</select> <button>Report status</button></form>'
    )


def ui_page(em):
    """A tiny phone for the demo: write to Odoo as a customer, read the replies."""
    rows = []
    events = [(c["at"], "out", c) for c in em.sent]
    for payload, status in em.webhook_log:
        for entry in payload.get("entry", []):
            for change in entry.get("changes", []):
                for msg in change["value"].get("messages", []):
                    events.append((int(msg["timestamp"]), "in", (msg, status)))
    for at_seconds, direction, item in sorted(events, key=lambda e: e[0])[-60:]:
        at = datetime.fromtimestamp(at_seconds, timezone.utc).strftime("%H:%M:%S")
        if direction == "out":
            rows.append(
                f'<div class="b">{at} → +{ESC(item["wa_id"])}:<br>{_business_text(item)}'
                f"{_status_form(item)}</div>"
            )
        else:
            msg, status = item
            rows.append(
                f'<div class="c">{at} +{ESC(msg["from"])} ({status}): {_customer_text(msg)}</div>'
            )
    return f"""<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="refresh" content="5"><title>WhatsApp Cloud API emulator</title>
<style>body{{font-family:sans-serif;max-width:760px;margin:2em auto}}
.c{{background:#fff;border:1px solid #ddd;padding:6px;margin:4px 20% 4px 0;border-radius:8px}}
.b{{background:#dcf8c6;padding:6px;margin:4px 0 4px 20%;border-radius:8px}}
.tap{{margin:4px 0}} .tap button{{width:100%;background:#fff;border:1px solid #bcd;
color:#0a7cff;border-radius:6px;padding:6px;cursor:pointer}}
.cta{{display:block;text-align:center;background:#fff;border-radius:6px;padding:6px}}
.st{{margin-top:4px;font-size:small}} .f{{color:#777}}
input,select{{padding:6px}}</style></head><body>
<h2>WhatsApp Cloud API emulator</h2>
<p>Business number +{ESC(em.display_phone_number)} (phone number id
{ESC(em.phone_number_id)}), webhooks to {ESC(em.webhook_url or "-")}.</p>
<form method="post" action="/_emulator/customer_message">
<input name="wa_id" placeholder="Customer number, e.g. 5511987654321" required size="28">
<input name="name" placeholder="Name (optional)">
<select name="type"><option>text</option><option>image</option><option>document</option>
<option>audio</option><option>video</option><option>location</option></select><br><br>
<input name="text" placeholder="Message" size="60"> <button>Send as customer</button></form>
<form method="post" action="/_emulator/user_preference">
<input name="wa_id" placeholder="Customer number" required size="28">
<select name="value"><option value="stop">Stop marketing messages</option>
<option value="resume">Resume marketing messages</option></select>
<button>Send the customer's choice</button></form>
<h3>Conversation log (customer ↔ business)</h3>{"".join(rows) or "<p>No messages yet.</p>"}
<p><small>Tap a button or pick a row of a list to answer as the customer.</small></p>
</body></html>"""
