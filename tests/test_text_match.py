# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pytest
from conftest import text_match


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        ("Qual o PREÇO do sofá?", "preco", True),
        ("What's the price?", "Price", True),
        ("priceless advice", "price", False),
        ("I want a refund now", "refund now", True),
        ("请问这个沙发多少钱？", "多少钱", True),
        ("我要退款", "退货", False),
        ("ｗｉｄｅ text", "wide", True),
        ("", "price", False),
        ("price", "", False),
    ],
)
def test_contains_phrase(text, phrase, expected):
    assert text_match.contains_phrase(text, phrase) is expected


def test_split_phrases_accepts_lines_and_commas():
    assert text_match.split_phrases("Price, refund\n退款，价格\n\nprice") == [
        "price",
        "refund",
        "退款",
        "价格",
    ]


def test_first_match():
    assert text_match.first_match("quero um desconto", ["price", "desconto"]) == "desconto"
    assert text_match.first_match("hello", ["price"]) is None


def test_compile_any_finds_any_phrase_in_normalised_text():
    pattern = text_match.compile_any(["price", "多少钱", "opening hours"])
    assert pattern.search(text_match.normalize("Your OPENING hours?"))
    assert pattern.search(text_match.normalize("这个多少钱"))
    assert not pattern.search(text_match.normalize("priceless"))
    assert text_match.compile_any(["", "  "]) is None
