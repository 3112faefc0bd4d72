# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The emulator's page shows what the business sends as a phone would, and a
tap on a button or a list row answers as the customer (Meta's interactive reply)."""

import re
from urllib.parse import urlencode

import requests
from conftest import message_payload

CUSTOMER = "16505551234"


def _send(emulator, client, body):
    emulator.last_inbound[CUSTOMER] = 4_000_000_000
    client.send_message({**message_payload.envelope(CUSTOMER), **body})
    return emulator.sent[-1]["wamid"]


def _page(emulator):
    return requests.get(emulator.base_url + "/", timeout=5).text


def test_interactive_messages_show_as_a_phone_would(emulator, client):
    mp = message_payload
    _send(emulator, client, mp.agent_buttons("Which size?", ["Small", "Large"], footer="Shop"))
    _send(emulator, client, mp.list_menu("Pick", "Departments", [("", [("Billing", "Invoices")])]))
    _send(emulator, client, mp.cta_url("Track it", "Track", "https://example.com/t/1"))
    _send(emulator, client, mp.location(-23.5, -46.6, "Shop"))
    _send(emulator, client, mp.contacts([{"name": "Marc Demo", "phones": [("+1 650", None)]}]))
    page = _page(emulator)
    assert "[interactive]" not in page
    assert re.search(r'<button class="button_reply">Small</button>', page)
    assert "☰ Departments" in page and "Billing<small> — Invoices</small>" in page
    assert 'href="https://example.com/t/1"' in page and "↗ Track" in page
    assert "📍 Shop (-23.5, -46.6)" in page
    assert "👤 Marc Demo +1 650" in page


def test_customer_text_is_escaped(emulator, client):
    _send(emulator, client, message_payload.agent_buttons("<b>hi</b>", ["<x>"]))
    page = _page(emulator)
    assert "<b>hi</b>" not in page and "&lt;b&gt;hi&lt;/b&gt;" in page


def test_a_tap_answers_as_the_customer(emulator, client):
    wamid = _send(emulator, client, message_payload.agent_buttons("Solved?", ["Yes", "No"]))
    fields = dict(
        re.findall(r'name="(\w+)" value="([^"]*)"', _page(emulator).split("Solved?")[1])[:7]
    )
    assert fields["context_id"] == wamid and fields["reply_id"] == "btn_1"
    posted = []
    emulator.post_webhook = posted.append  # no Odoo here: keep what would be posted
    response = requests.post(
        emulator.base_url + "/_emulator/customer_message",
        data=urlencode(fields),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        allow_redirects=False,
        timeout=5,
    )
    assert response.status_code == 303
    (payload,) = posted
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    assert message["type"] == "interactive"
    assert message["context"]["id"] == wamid
    assert message["interactive"] == {
        "type": "button_reply",
        "button_reply": {"id": "btn_1", "title": "Yes"},
    }


def _post_form(emulator, action, fields):
    return requests.post(
        f"{emulator.base_url}/_emulator/{action}",
        data=urlencode(fields),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        allow_redirects=False,
        timeout=5,
    )


def test_the_page_reports_an_error_status_as_meta_would(emulator, client):
    wamid = _send(emulator, client, message_payload.text("Our summer offer"))
    assert f'name="wamid" value="{wamid}"' in _page(emulator)
    posted = []
    emulator.post_webhook = posted.append
    response = _post_form(emulator, "status", {"wamid": wamid, "status": "failed:131049"})
    assert response.status_code == 303
    (status,) = posted[0]["entry"][0]["changes"][0]["value"]["statuses"]
    assert status["id"] == wamid and status["status"] == "failed"
    assert status["recipient_id"] == CUSTOMER
    assert status["errors"][0]["code"] == 131049


def test_the_page_sends_a_customers_marketing_opt_out(emulator):
    posted = []
    emulator.post_webhook = posted.append
    response = _post_form(emulator, "user_preference", {"wa_id": "+1 650 555 1234"})
    assert response.status_code == 303
    value = posted[0]["entry"][0]["changes"][0]["value"]
    (preference,) = value["user_preferences"]
    assert preference["wa_id"] == CUSTOMER
    assert preference["category"] == "marketing_messages" and preference["value"] == "stop"
