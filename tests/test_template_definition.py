# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Templates created from Odoo: Meta's rules checked before Meta sees them."""

import pytest
from conftest import template_definition as td

ORDER = {
    "name": "order_confirmed",
    "language": "en_US",
    "category": "utility",
    "parameter_format": "POSITIONAL",
    "header": {"format": "DOCUMENT", "handle": "4::aGFuZGxl"},
    "body": "Hi {{1}}, your order {{2}} is confirmed. Total: {{3}}.",
    "footer": "Reply STOP to opt out",
    "buttons": [
        {"type": "QUICK_REPLY", "text": "Thanks"},
        {
            "type": "URL",
            "text": "View order",
            "url": "https://shop.example.com/{{1}}",
            "example": "my/orders/7",
        },
        {"type": "PHONE_NUMBER", "text": "Call us", "phone_number": "+15550001111"},
        {"type": "COPY_CODE", "example": "SAVE10"},
    ],
}
SAMPLES = {("body", "1"): "Ana", ("body", "2"): "S00042", ("body", "3"): "$ 10.00"}


def test_a_complete_template_becomes_metas_request():
    body, problems = td.definition(ORDER, SAMPLES)
    assert problems == []
    assert body["category"] == "UTILITY"
    assert body["parameter_format"] == "positional"
    header, main, footer, buttons = body["components"]
    assert header == {
        "type": "HEADER",
        "format": "DOCUMENT",
        "example": {"header_handle": ["4::aGFuZGxl"]},
    }
    assert main["example"] == {"body_text": [["Ana", "S00042", "$ 10.00"]]}
    assert footer == {"type": "FOOTER", "text": "Reply STOP to opt out"}
    assert buttons["buttons"][1] == {
        "type": "URL",
        "text": "View order",
        "url": "https://shop.example.com/{{1}}",
        "example": ["my/orders/7"],
    }
    assert buttons["buttons"][3] == {"type": "COPY_CODE", "example": "SAVE10"}


def test_named_parameters_carry_named_examples():
    template = dict(
        ORDER,
        parameter_format="NAMED",
        header={"format": "TEXT", "text": "Order {{order}}"},
        body="Hi {{first_name}}, see you soon.",
        buttons=[],
    )
    samples = {("header", "order"): "S1", ("body", "first_name"): "Ana"}
    body, problems = td.definition(template, samples)
    assert problems == []
    assert body["components"][0]["example"] == {
        "header_text_named_params": [{"param_name": "order", "example": "S1"}]
    }
    assert body["components"][1]["example"] == {
        "body_text_named_params": [{"param_name": "first_name", "example": "Ana"}]
    }


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"name": "Order Confirmed"}, "name"),
        ({"body": ""}, "missing"),
        ({"body": "x" * 1025}, "too_long"),
        ({"body": "Hi {{1}} and {{3}}"}, "sequence"),
        ({"body": "Hi {{1}} {{2}}"}, "adjacent"),
        ({"header": {"format": "TEXT", "text": "{{1}} and {{2}}"}}, "header_variables"),
        ({"header": {"format": "IMAGE"}}, "header_file"),
        ({"footer": "Hi {{1}}"}, "footer_variable"),
        (
            {"buttons": [{"type": "URL", "text": "Go", "url": "https://x.com/{{1}}/y"}]},
            "url_variable",
        ),
        ({"buttons": [{"type": "URL", "text": "Go", "url": "ftp://x.com"}]}, "url"),
        ({"buttons": [{"type": "QUICK_REPLY", "text": "x" * 26}]}, "too_long"),
        (
            {"buttons": [{"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+1"}] * 2},
            "buttons",
        ),
        (
            {
                "buttons": [
                    {"type": "QUICK_REPLY", "text": "A"},
                    {"type": "PHONE_NUMBER", "text": "Call", "phone_number": "+1"},
                    {"type": "QUICK_REPLY", "text": "B"},
                ]
            },
            "quick_replies_apart",
        ),
    ],
)
def test_what_meta_would_refuse_is_named(change, reason):
    _body, problems = td.definition(dict(ORDER, **change), SAMPLES)
    assert reason in [problem[0] for problem in problems], problems


def test_every_variable_needs_a_sample():
    _body, problems = td.definition(ORDER, {("body", "1"): "Ana"})
    assert [p for p in problems if p[0] == "sample"] == [
        ("sample", "body", "2"),
        ("sample", "body", "3"),
    ]
