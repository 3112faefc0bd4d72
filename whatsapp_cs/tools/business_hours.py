# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Business hours from Odoo's working-time calendars."""

from datetime import timedelta

import pytz


def is_working_time(calendar, moment):
    """Whether naive-UTC ``moment`` falls in ``calendar``'s working time, its
    leaves and public holidays excluded. No calendar means always open."""
    if not calendar:
        return True
    start = pytz.utc.localize(moment)
    intervals = calendar._work_intervals_batch(start, start + timedelta(minutes=1))[False]
    return any(begin <= start < end for begin, end, _meta in intervals)


def local_hour(moment, tz_name):
    """``moment`` (naive UTC) in ``tz_name``: (weekday 0=Monday, hour as a float)."""
    local = pytz.utc.localize(moment).astimezone(pytz.timezone(tz_name or "UTC"))
    return local.weekday(), local.hour + local.minute / 60


def in_slot(hour, hour_from, hour_to):
    """Whether ``hour`` is in [from, to), a slot that may pass midnight."""
    if hour_from <= hour_to:
        return hour_from <= hour < hour_to
    return hour >= hour_from or hour < hour_to
