# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

import pytest
from conftest import emulator_module
from conftest import webhook_payload as wp


@pytest.fixture
def em():
    return emulator_module.CloudApiEmulator()


def test_signature_roundtrip_and_rejections():
    body = b'{"entry": []}'
    header = wp.sign(body, "secret")
    assert wp.valid_signature(body, header, "secret")
    assert not wp.valid_signature(body, header, "other")
    assert not wp.valid_signature(body + b" ", header, "secret")
    assert not wp.valid_signature(body, None, "secret")
    assert not wp.valid_signature(body, header.replace("sha256=", "sha1="), "secret")
    assert not wp.valid_signature(body, header, "")


@pytest.mark.parametrize("raw", [b"{", b"[]", b'{"object": 1}', b'{"entry": {}}', b"\xff\xfe"])
def test_malformed_bodies_raise(raw):
    with pytest.raises(wp.PayloadError):
        wp.split_events(wp.parse_body(raw))


def test_oversized_body_is_refused():
    with pytest.raises(wp.PayloadError):
        wp.parse_body(b" " * (wp.MAX_BODY_BYTES + 1))


def test_message_and_status_keys_are_stable(em):
    payload = em.build_customer_message("16505551234", text="hi", wamid="wamid.X")
    (event,) = wp.split_events(payload)
    assert event.kind == "message"
    assert event.account_ref == ("phone", em.phone_number_id)
    assert event.key == f"phone:{em.phone_number_id}:msg:wamid.X"
    assert event.sender_key.endswith(":16505551234")
    status = em.build_status("wamid.X", "delivered", "16505551234")
    (st,) = wp.split_events(status)
    assert st.key.endswith(":st:wamid.X:delivered")
    assert st.sender_key == event.sender_key, "a customer's events share one lane"
    again = wp.split_events(json.loads(json.dumps(status)))[0]
    assert again.key == st.key


def test_template_updates_are_keyed_by_waba(em):
    payload = {
        "entry": [
            {
                "id": "W1",
                "time": 5,
                "changes": [
                    {
                        "field": "message_template_status_update",
                        "value": {"event": "APPROVED", "message_template_id": 42},
                    }
                ],
            }
        ]
    }
    (event,) = wp.split_events(payload)
    assert event.kind == "template"
    assert event.account_ref == ("waba", "W1")


def test_value_errors_and_unknown_fields(em):
    errors = em._envelope({"errors": [{"code": 130429, "title": "Rate limit hit"}]})
    assert wp.split_events(errors)[0].kind == "error"
    other = {"entry": [{"id": "W1", "changes": [{"field": "account_update", "value": {"x": 1}}]}]}
    assert wp.split_events(other)[0].kind == "other"
