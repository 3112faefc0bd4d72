# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""wa_id <-> E.164 helpers, including Meta's Brazil, Mexico and Argentina quirks."""

import re

import phonenumbers

_NON_DIGITS = re.compile(r"\D+")


def digits(number):
    return _NON_DIGITS.sub("", number or "")


def to_e164(number, default_region=None):
    """Return ``+digits`` for a number a person typed, or ``None``."""
    if not number:
        return None
    text = number.strip()
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        parsed = phonenumbers.parse(text, default_region if not text.startswith("+") else None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def region_of(number):
    """The ISO country code of an international number (``+digits`` or a wa_id)."""
    text = digits(number)
    if not text:
        return None
    try:
        return phonenumbers.region_code_for_number(phonenumbers.parse("+" + text)) or None
    except phonenumbers.NumberParseException:
        return None


def wa_id_to_e164(wa_id):
    """A wa_id is the full number without ``+``; Mexico's legacy 521 becomes 52."""
    number = digits(wa_id)
    if not number:
        return None
    if number.startswith("521") and len(number) == 13:
        number = "52" + number[3:]
    return "+" + number


def match_candidates(wa_id):
    """Every E.164 form under which a customer with this wa_id may be stored.

    - Brazil: WhatsApp often keeps the pre-2016 8-digit mobile (no leading 9
      after the 2-digit area code); try with and without it.
    - Mexico: ``521XXXXXXXXXX`` and ``52XXXXXXXXXX`` are the same mobile.
    - Argentina: mobiles arrive as ``549...``; the stored number may lack the 9.
    """
    number = digits(wa_id)
    if not number:
        return []
    forms = {number}
    if number.startswith("55") and len(number) in (12, 13):
        area, local = number[2:4], number[4:]
        if len(local) == 8:
            forms.add(f"55{area}9{local}")
        elif len(local) == 9 and local.startswith("9"):
            forms.add(f"55{area}{local[1:]}")
    elif number.startswith("52"):
        if number.startswith("521") and len(number) == 13:
            forms.add("52" + number[3:])
        elif len(number) == 12:
            forms.add("521" + number[2:])
    elif number.startswith("549") and len(number) == 13:
        forms.add("54" + number[3:])
    elif number.startswith("54") and len(number) == 12:
        forms.add("549" + number[2:])
    return sorted("+" + form for form in forms)
