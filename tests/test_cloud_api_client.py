# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The client against the emulator over real HTTP (no Odoo)."""

import pytest
from conftest import cloud_api


def test_send_text_inside_window(emulator, client):
    emulator.last_inbound["16505551234"] = 4_000_000_000
    wamid, wa_id = client.send_message(
        {"to": "+16505551234", "type": "text", "text": {"body": "hi"}}
    )
    assert wamid.startswith("wamid.")
    assert wa_id == "16505551234"
    assert emulator.sent[0]["body"]["messaging_product"] == "whatsapp"


def test_outside_window_is_131047(client):
    with pytest.raises(cloud_api.CloudApiError) as info:
        client.send_message({"to": "+16505551234", "type": "text", "text": {"body": "hi"}})
    assert info.value.code == 131047
    assert not info.value.retryable


@pytest.mark.parametrize(
    ("fault", "code"),
    [({"code": 130429}, 130429), ({"code": 131056}, 131056), ({"status": 503}, 1)],
)
def test_retryable_errors(emulator, client, fault, code):
    emulator.add_fault(**fault)
    with pytest.raises(cloud_api.CloudApiError) as info:
        client.send_message({"to": "+1", "type": "text", "text": {"body": "x"}})
    assert info.value.retryable
    assert info.value.code == code


def test_slow_answer_is_a_timeout_in_doubt(emulator, client):
    """Meta may have taken the request: the caller must not resend blindly."""
    emulator.add_fault(delay=3)
    with pytest.raises(cloud_api.CloudApiError) as info:
        client.send_message({"to": "+1", "type": "text", "text": {"body": "x"}})
    assert info.value.retryable
    assert info.value.in_doubt
    assert info.value.title == "Timeout"


def test_cut_off_answer_is_in_doubt(emulator, client):
    emulator.last_inbound["16505551234"] = 4_000_000_000
    emulator.add_fault(malformed=True)
    with pytest.raises(cloud_api.CloudApiError) as info:
        client.send_message({"to": "+16505551234", "type": "text", "text": {"body": "x"}})
    assert info.value.in_doubt
    assert len(emulator.sent) == 1, "Meta took it"


def test_bad_token_is_190(emulator):
    bad = cloud_api.CloudApiClient(
        "wrong", phone_number_id=emulator.phone_number_id, graph_url=emulator.base_url
    )
    with pytest.raises(cloud_api.CloudApiError) as info:
        bad.get_phone_number()
    assert info.value.code == 190
    assert info.value.http_status == 401


def test_unreachable_server_is_retryable():
    client = cloud_api.CloudApiClient(
        "t", phone_number_id="1", graph_url="http://127.0.0.1:9", timeout=(1, 1)
    )
    with pytest.raises(cloud_api.CloudApiError) as info:
        client.get_phone_number()
    assert info.value.retryable
    assert not info.value.in_doubt, "nothing was sent"


def test_media_upload_download_and_templates_paging(emulator, client):
    media_id = client.upload_media(b"%PDF-1.4", "application/pdf", "a.pdf")
    info = client.get_media_info(media_id)
    assert info["file_size"] == "8"
    assert client.download_media(info["url"]) == b"%PDF-1.4"
    templates = list(client.iter_templates(page_size=2))
    assert [t["name"] for t in templates] == [t["name"] for t in emulator.templates]
    assert client.get_phone_number()["quality_rating"] == "GREEN"
