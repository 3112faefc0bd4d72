# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Compliance helpers for automatic messages: flagged words, a suggested
rewording, and masking of card and phone numbers. Plain Python."""

import re

from .text_match import compile_any, normalize, phrase_pattern

_CARD = re.compile(r"(?<!\d)(?:\d[ -]?){12,18}\d(?!\d)")
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d ().-]{6,}\d(?!\d)")


def flagged(text, words):
    """The entries of ``words`` found in ``text`` (whole words; anywhere in Chinese)."""
    normalized = normalize(text)
    return [
        word for word in words if (pattern := compile_any([word])) and pattern.search(normalized)
    ]


def suggest(text, replacements):
    """``text`` with each flagged word replaced by its suggestion (``{word: suggestion}``)."""
    suggestion = text
    for word, replacement in replacements.items():
        if normalize(word):
            # the original text keeps its accents: only case is ignored here
            suggestion = re.sub(phrase_pattern(word), replacement, suggestion, flags=re.IGNORECASE)
    return re.sub(r"\s{2,}", " ", suggestion).strip()


def _luhn(digits):
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def mask_numbers(text):
    """Card numbers (Luhn-valid) and phone numbers keep only their last four digits."""

    def card(match):
        digits = re.sub(r"\D", "", match.group())
        return "**** " + digits[-4:] if _luhn(digits) else match.group()

    def phone(match):
        digits = re.sub(r"\D", "", match.group())
        return "*" * (len(digits) - 4) + digits[-4:] if len(digits) >= 7 else match.group()

    return _PHONE.sub(phone, _CARD.sub(card, text or ""))
