# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Durations, numbers and money as people read them, in their language (babel).

"2 min 30 s", "1 h 5 min", "2分钟30秒": the two largest units, rounded to the
second. Plain Python (babel, which Odoo ships), tested without a database.
"""

from babel import Locale
from babel.numbers import format_currency, format_decimal, format_percent
from babel.units import format_unit

_UNITS = (("duration-day", 86400), ("duration-hour", 3600), ("duration-minute", 60))
_NO_SPACE = ("zh", "ja", "ko")


def _locale(lang):
    try:
        return Locale.parse(lang or "en_US")
    except (ValueError, TypeError):
        return Locale.parse("en_US")


def format_duration(seconds, lang="en_US"):
    """``seconds`` as its two largest units in ``lang``; "" when unknown."""
    if seconds is None or seconds is False:
        return ""
    locale = _locale(lang)
    remaining = int(round(abs(seconds)))
    parts = []
    for unit, size in _UNITS:
        parts.append((remaining // size, unit))
        remaining %= size
    parts.append((remaining, "duration-second"))
    first = next((index for index, (value, _unit) in enumerate(parts) if value), len(parts) - 1)
    shown = [part for part in parts[first : first + 2] if part[0]] or [parts[-1]]
    words = [format_unit(value, unit, length="short", locale=locale) for value, unit in shown]
    joiner = "" if locale.language in _NO_SPACE else " "
    return joiner.join(words)


def format_number(value, lang="en_US", digits=0):
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(value or 0, format=pattern, locale=_locale(lang))


def format_money(amount, currency, lang="en_US"):
    return format_currency(amount or 0, currency, locale=_locale(lang))


def format_ratio(value, lang="en_US"):
    """``value`` in 0-1 as a percentage ("87%", "87 %" in French)."""
    return format_percent(value or 0, locale=_locale(lang))
