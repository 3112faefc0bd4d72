# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Working seconds between two moments, from a calendar's working intervals.

Odoo's ``resource.calendar`` gives the intervals (attendances minus leaves and
public holidays); this turns them into prefix sums so that each duration costs
two binary searches, which matters when thousands of conversations are
measured at once. Plain Python, no Odoo: tested without a database.
"""

from bisect import bisect_right


class WorkingTime:
    """Working time made of sorted, non-overlapping ``(start, end)`` pairs
    (naive UTC datetimes). ``None`` as the interval list means "always
    open": durations are then calendar durations."""

    def __init__(self, intervals=None):
        self.always = intervals is None
        merged = []
        for start, end in sorted(intervals or []):
            if end <= start:
                continue
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        self.starts = [start for start, _end in merged]
        self.ends = [end for _start, end in merged]
        self.before = [0.0]  # working seconds of the intervals before index i
        for start, end in merged:
            self.before.append(self.before[-1] + (end - start).total_seconds())

    def _elapsed(self, moment):
        """Working seconds from the first interval's start to ``moment``."""
        index = bisect_right(self.starts, moment)
        if index == 0:
            return 0.0
        start, end = self.starts[index - 1], self.ends[index - 1]
        return self.before[index - 1] + (min(moment, end) - start).total_seconds()

    def seconds(self, start, end):
        """Working seconds in ``[start, end)``; 0 when either is missing."""
        if not start or not end or end <= start:
            return 0.0
        if self.always:
            return (end - start).total_seconds()
        return self._elapsed(end) - self._elapsed(start)
