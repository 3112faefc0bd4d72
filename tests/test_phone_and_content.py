# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pytest
from conftest import emulator_module, message_content, phone


@pytest.mark.parametrize(
    ("wa_id", "expected"),
    [
        ("551187654321", {"+551187654321", "+5511987654321"}),
        ("5511987654321", {"+551187654321", "+5511987654321"}),
        ("5215512345678", {"+5215512345678", "+525512345678"}),
        ("5491123456789", {"+5491123456789", "+541123456789"}),
        ("16505551234", {"+16505551234"}),
    ],
)
def test_match_candidates(wa_id, expected):
    assert set(phone.match_candidates(wa_id)) == expected


def test_e164():
    assert phone.to_e164("+55 11 98765-4321") == "+5511987654321"
    assert phone.to_e164("(415) 555-0134", "US") == "+14155550134"
    assert phone.to_e164("0086 138 0013 8000") == "+8613800138000"
    assert phone.to_e164("not a number") is None
    assert phone.wa_id_to_e164("5215512345678") == "+525512345678"


@pytest.mark.parametrize(
    "msg_type",
    [
        "text",
        "image",
        "audio",
        "video",
        "document",
        "sticker",
        "location",
        "contacts",
        "interactive",
        "button",
        "reaction",
        "unsupported",
    ],
)
def test_every_type_reads(msg_type):
    em = emulator_module.CloudApiEmulator()
    payload = em.build_customer_message("1650", msg_type, "hey", context_id="wamid.Q")
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    content = message_content.read_message(message)
    assert content.message_type == msg_type
    if msg_type in message_content.MEDIA_TYPES:
        assert content.media["id"] in em.media
    if msg_type == "reaction":
        assert content.reaction_to == "wamid.Q"
    if msg_type == "unsupported":
        assert content.error["code"] == 131051


def test_unknown_type_becomes_unsupported():
    content = message_content.read_message({"type": "hologram", "hologram": {}})
    assert content.message_type == "unsupported"
