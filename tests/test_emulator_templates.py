# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The emulator refuses a template send that does not fill its definition, as
Meta does (132000 / 132012), so Odoo's own check is tested against a strict peer."""

import pytest
from conftest import cloud_api, message_payload

DEFINITION = {
    "name": "order_ready",
    "language": "en_US",
    "category": "UTILITY",
    "status": "APPROVED",
    "components": [
        {"type": "HEADER", "format": "IMAGE"},
        {"type": "BODY", "text": "Hi {{1}}, order {{2}} is ready."},
        {
            "type": "BUTTONS",
            "buttons": [
                {"type": "URL", "text": "Track", "url": "https://shop.example.com/t/{{1}}"},
                {"type": "COPY_CODE", "example": "SAVE10"},
            ],
        },
    ],
}
VALUES = {("body", "1"): "Ana", ("body", "2"): "S42", ("button", "0"): "S42", ("button", "1"): "X1"}


@pytest.fixture
def order_ready(emulator):
    emulator.templates.append(dict(DEFINITION, id="390000000000001"))
    emulator.last_inbound["16505551234"] = 4_000_000_000


def send(client, template):
    return client.send_message({"to": "+16505551234", **template})


def complete():
    return message_payload.template(
        "order_ready", "en_US", DEFINITION["components"], VALUES, header_media={"id": "7001"}
    )


def test_a_complete_template_is_accepted(order_ready, client):
    wamid, _wa_id = send(client, complete())
    assert wamid.startswith("wamid.")


@pytest.mark.parametrize(
    ("damage", "code"),
    [
        ("drop_header", 132000),
        ("header_as_text", 132012),
        ("drop_body_parameter", 132000),
        ("drop_url_button", 132000),
        ("drop_coupon", 132000),
    ],
)
def test_an_incomplete_template_is_refused_like_meta_does(order_ready, client, damage, code):
    body = complete()
    parts = body["template"]["components"]
    if damage == "drop_header":
        parts.pop(0)
    elif damage == "header_as_text":
        parts[0]["parameters"] = [{"type": "text", "text": "x"}]
    elif damage == "drop_body_parameter":
        parts[1]["parameters"].pop()
    elif damage == "drop_url_button":
        parts.pop(2)
    else:
        parts.pop(3)
    with pytest.raises(cloud_api.CloudApiError) as caught:
        send(client, body)
    assert caught.value.code == code
