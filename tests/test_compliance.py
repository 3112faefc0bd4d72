# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import pytest
from conftest import compliance


def test_flagged_words_in_english_and_chinese():
    words = ["best", "guaranteed", "最", "唯一"]
    assert compliance.flagged("The BEST sofa, guaranteed!", words) == ["best", "guaranteed"]
    assert compliance.flagged("这是最好的沙发，唯一的选择", words) == ["最", "唯一"]
    assert compliance.flagged("Bestow a gift", words) == []


def test_suggested_rewording():
    suggestion = compliance.suggest(
        "The BEST sofa, guaranteed delivery", {"best": "a great", "guaranteed": "planned"}
    )
    assert suggestion == "The a great sofa, planned delivery"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Card 4111 1111 1111 1111 is on file", "Card **** 1111 is on file"),
        ("Call +55 11 98765-4321 today", "Call *********4321 today"),
        ("Order 12345 ships today", "Order 12345 ships today"),
        ("Not a card: 1234 5678 9012 3456", "Not a card: ************3456"),
    ],
)
def test_mask_numbers(text, expected):
    assert compliance.mask_numbers(text) == expected
