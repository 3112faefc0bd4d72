# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The emulator's web page: a tiny phone to write to Odoo as a customer."""

import html
from datetime import datetime, timezone


def ui_page(em):
    """A tiny phone for the demo: write to Odoo as a customer, read the replies."""
    rows = []
    events = [(c["at"], "out", c["wa_id"], c["body"]) for c in em.sent]
    for payload, status in em.webhook_log:
        for entry in payload.get("entry", []):
            for change in entry.get("changes", []):
                for msg in change["value"].get("messages", []):
                    events.append((int(msg["timestamp"]), "in", msg["from"], msg, status))
    for item in sorted(events, key=lambda e: e[0])[-60:]:
        at = datetime.fromtimestamp(item[0], timezone.utc).strftime("%H:%M:%S")
        if item[1] == "out":
            body = item[3]
            text = (body.get("text") or {}).get("body") or (
                f"[template {(body.get('template') or {}).get('name')}]"
                if body.get("type") == "template"
                else f"[{body.get('type')}]"
            )
            rows.append(f'<div class="b">{at} → +{html.escape(item[2])}: {html.escape(text)}</div>')
        else:
            msg = item[3]
            text = (msg.get("text") or {}).get("body") or f"[{msg['type']}]"
            rows.append(
                f'<div class="c">{at} +{html.escape(item[2])} ({item[4]}): '
                f"{html.escape(text)}</div>"
            )
    return f"""<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="refresh" content="5"><title>WhatsApp Cloud API emulator</title>
<style>body{{font-family:sans-serif;max-width:760px;margin:2em auto}}
.c{{background:#fff;border:1px solid #ddd;padding:6px;margin:4px 20% 4px 0;border-radius:8px}}
.b{{background:#dcf8c6;padding:6px;margin:4px 0 4px 20%;border-radius:8px}}
input,select{{padding:6px}}</style></head><body>
<h2>WhatsApp Cloud API emulator</h2>
<p>Business number +{html.escape(em.display_phone_number)} (phone number id
{html.escape(em.phone_number_id)}), webhooks to {html.escape(em.webhook_url or "-")}.</p>
<form method="post" action="/_emulator/customer_message">
<input name="wa_id" placeholder="Customer number, e.g. 5511987654321" required size="28">
<input name="name" placeholder="Name (optional)">
<select name="type"><option>text</option><option>image</option><option>document</option>
<option>audio</option><option>video</option><option>location</option></select><br><br>
<input name="text" placeholder="Message" size="60"> <button>Send as customer</button></form>
<h3>Conversation log (customer ↔ business)</h3>{"".join(rows) or "<p>No messages yet.</p>"}
</body></html>"""
