# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Keyword matching for routing rules and bots, in any language.

Case- and accent-insensitive ("Preço" matches "preco"). Words of scripts that
use spaces match whole words only ("price" does not match "priceless");
phrases in scripts without spaces (Chinese, Japanese, Thai) match anywhere.
Plain Python, no Odoo: tested without a database.
"""

import re
import unicodedata

_NO_SPACE_SCRIPTS = re.compile(
    "[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]"
)


def normalize(text):
    """Lower-case, without accents, width-folded, single-spaced."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.casefold().split())


def split_phrases(text):
    """Phrases from a field holding one per line or separated by commas."""
    phrases = []
    for chunk in re.split(r"[\n,，、;；]", text or ""):
        phrase = normalize(chunk)
        if phrase and phrase not in phrases:
            phrases.append(phrase)
    return phrases


def phrase_pattern(phrase):
    """Regular expression source finding ``phrase`` in normalised text."""
    phrase = normalize(phrase)
    if _NO_SPACE_SCRIPTS.search(phrase):
        return re.escape(phrase)
    return rf"(?<!\w){re.escape(phrase)}(?!\w)"


def compile_any(phrases):
    """One compiled expression finding any of ``phrases``, or None if none.

    Match it against ``normalize(text)``: compiled once, it checks hundreds
    of rules in well under a millisecond.
    """
    sources = [phrase_pattern(phrase) for phrase in phrases if normalize(phrase)]
    return re.compile("|".join(sources)) if sources else None


def contains_phrase(text, phrase):
    """Whether the normalised ``text`` contains the normalised ``phrase``."""
    if not normalize(phrase):
        return False
    return re.search(phrase_pattern(phrase), normalize(text)) is not None


def first_match(text, phrases):
    """The first phrase of ``phrases`` found in ``text``, or None."""
    return next((phrase for phrase in phrases if contains_phrase(text, phrase)), None)
