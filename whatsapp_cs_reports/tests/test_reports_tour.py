# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, time, timedelta

from .common import ReportsCase


class TestReportsTour(ReportsCase):
    """The dashboard and the pivots in a real browser (Chromium), as an analyst."""

    def test_analyst_opens_the_dashboard_and_a_pivot(self):
        conversation = self.new_conversation("351990000001", "Tour Customer", self.team_a)
        today = date.today()
        monday = datetime.combine(today - timedelta(days=today.weekday() + 7), time(10, 0))
        self.customer(conversation, monday)
        self.agent_reply(conversation, monday + timedelta(minutes=3), self.ann)
        self.rebuild()
        self.start_tour("/odoo/dashboards", "whatsapp_cs_reports_tour", login="ana_analyst")
