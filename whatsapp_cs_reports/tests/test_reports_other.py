# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Messages, Agents, Funnel alert, Keywords, presence, the digest and the
shipped dashboard."""

import base64
import json
from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields

from .common import ReportsCase


def nov(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute)


class TestMessageReport(ReportsCase):
    def test_counts_errors_categories_and_cost(self):
        conversation = self.new_conversation("351940000001", "Dora", self.team_a)
        self.customer(conversation, nov(23, 9, 0), "Hi")
        sent = self.agent_reply(conversation, nov(23, 9, 1), self.ann, "Hello Dora")
        failed = self.agent_reply(conversation, nov(23, 9, 2), self.ann, "Your invoice")
        template = self.template("promo", "MARKETING")
        with self.at(nov(25, 9, 0)):
            promo = (
                self.env["whatsapp.message"]
                .with_user(self.ann)
                ._queue_template(conversation, template, {}, "Sale!")
            )
        sent.sudo().write({"state": "read", "pricing_category": "service"})
        failed.sudo().write(
            {
                "state": "failed",
                **self.env["whatsapp.message"]._error_vals(131026, "Message undeliverable"),
            }
        )
        promo.sudo().write(
            {"state": "delivered", "pricing_category": "marketing_lite", "cost": 0.0625}
        )
        report = self.env["whatsapp.report.message"]
        report._refresh()
        domain = [("date", ">=", date(2026, 11, 23)), ("date", "<=", date(2026, 11, 25))]
        [(received, sent_count, delivered, read, failed_count, outside, cost)] = report._read_group(
            domain,
            [],
            [
                "received:sum",
                "sent:sum",
                "delivered:sum",
                "read_count:sum",
                "failed:sum",
                "outside_window:sum",
                "cost:sum",
            ],
        )
        self.assertEqual(
            (received, sent_count, delivered, read, failed_count, outside), (1, 2, 2, 1, 1, 1)
        )
        self.assertAlmostEqual(cost, 0.0625)
        self.assertEqual(
            report._read_group(domain, ["category"], ["message_count:sum"]),
            [("marketing", 1), ("service", 3)],
        )
        self.assertEqual(report._read_group(domain, ["date:day"], ["message_count:sum"])[0][1], 3)
        [(code, advice, count)] = report._read_group(
            [*domain, ("state", "=", "failed")],
            ["error_code", "error_advice"],
            ["message_count:sum"],
        )
        self.assertEqual((code, count), (131026, 1))
        self.assertTrue(advice)


class TestAgentReport(ReportsCase):
    def test_week_figures_medians_flags_and_previous_week(self):
        # week of 16 November: one conversation, answered in 10 minutes
        previous = self.new_conversation("351950000001", "Eva", self.team_a)
        self.customer(previous, nov(16, 10, 0))
        self.agent_reply(previous, nov(16, 10, 10), self.ann)
        # week of 23 November: three conversations (1, 2 and 9 minutes), one transferred
        waits = [1, 2, 9]
        for index, minutes in enumerate(waits):
            conversation = self.new_conversation(f"35195000001{index}", f"C{index}", self.team_a)
            self.customer(conversation, nov(23 + index, 10, 0))
            self.agent_reply(conversation, nov(23 + index, 10, minutes), self.ann)
            self.solve(conversation, nov(23 + index, 11, 0), self.ann)
            if index == 0:
                with self.at(nov(23, 10, 30)):
                    conversation.sudo().write({"state": "open"})
                    conversation.with_user(self.eve)._transfer(user=self.amy)
        with freeze_time(nov(24, 10, 0)):
            self.set_online(self.ann)
            for minute in range(0, 30, 5):  # sampled twice on the same slot: counted once
                self.env["whatsapp.agent.presence"]._cron_sample(nov(24, 10, minute))
                self.env["whatsapp.agent.presence"]._cron_sample(nov(24, 10, minute))
        self.rebuild()
        self.env["whatsapp.report.agent"]._refresh()
        row = self.env["whatsapp.report.agent"].search(
            [
                ("user_id", "=", self.ann.id),
                ("period", "=", "week"),
                ("period_start", "=", date(2026, 11, 23)),
            ]
        )
        self.assertRecordValues(
            row,
            [
                {
                    "assigned_count": 3,
                    "solved_count": 3,
                    "messages_sent": 3,
                    "frt_avg": 240.0,
                    "frt_median": 120.0,
                    "resolution_rate": 100.0,
                    "transfer_flag": True,
                    "hours_online": 0.5,
                    "prev_assigned_count": 1,
                    "prev_frt_avg": 600.0,
                }
            ],
        )
        self.assertAlmostEqual(row.transfer_rate, 100 / 3)
        month = self.env["whatsapp.report.agent"].search(
            [("user_id", "=", self.ann.id), ("period", "=", "month")]
        )
        self.assertEqual(
            month.filtered(lambda r: r.period_start == date(2026, 11, 1)).assigned_count, 4
        )


class TestFunnelAlert(ReportsCase):
    def test_a_layer_dropping_more_than_15_percent_notifies_the_editors(self):
        # week of 16 Nov: 4 opened, 4 answered; week of 23 Nov: 4 opened, 2 answered
        for week, answered in ((16, 4), (23, 2)):
            for index in range(4):
                conversation = self.new_conversation(
                    f"35196{week}00{index}", f"F{week}-{index}", self.team_a
                )
                self.customer(conversation, nov(week, 10, index))
                if index < answered:
                    self.agent_reply(conversation, nov(week, 10, 10 + index), self.ann)
        self.rebuild()
        funnel = self.env["whatsapp.report.funnel"]
        self.assertEqual(
            funnel._drops({"1_opened": 4, "2_replied": 2}, {"1_opened": 4, "2_replied": 4}),
            [("2_replied", 1.0, 0.5)],
        )
        self.assertEqual(funnel._drops({"1_opened": 35}, {"1_opened": 40}), [])  # 12.5 %
        alerted = funnel._cron_funnel_alert(today=date(2026, 11, 30))
        self.assertEqual(alerted, [(self.team_a, [("2_replied", 1.0, 0.5)])])
        notification = self.env["mail.message"].search(
            [("model", "=", "whatsapp.team"), ("res_id", "=", self.team_a.id)], limit=1
        )
        self.assertEqual(notification.partner_ids, self.eve.partner_id)
        self.assertIn("First reply: 100% → 50%", notification.body)


class TestKeywords(ReportsCase):
    def test_terms_per_day_and_team_chinese_included(self):
        self.env["ir.config_parameter"].sudo().set_param(
            "whatsapp_cs_reports.keyword_last_id",
            self.env["whatsapp.message"].search([], order="id desc", limit=1).id,
        )
        conversation = self.new_conversation("351970000001", "Gao", self.team_a)
        self.customer(conversation, nov(23, 10, 0), "这个沙发多少钱？")
        self.customer(conversation, nov(23, 11, 0), "多少钱 包邮吗")
        self.customer(conversation, nov(23, 12, 0), "What is the shipping price? price")
        other = self.new_conversation("351970000002", "Hugo", self.team_b)
        self.customer(other, nov(23, 12, 0), "price please")
        keywords = self.env["whatsapp.report.keyword"]
        self.assertEqual(keywords._cron_count(), 4)
        self.assertEqual(keywords._cron_count(), 0, "each message is counted once")
        counts = {
            (row.term, row.team_id.name): row.count
            for row in keywords.search([("day", "=", date(2026, 11, 23))])
        }
        self.assertEqual(counts[("多少", "Team A")], 2)
        self.assertEqual(counts[("沙发", "Team A")], 1)
        self.assertEqual(counts[("price", "Team A")], 1)
        self.assertEqual(counts[("price", "Team B")], 1)
        self.assertNotIn(("the", "Team A"), counts)
        ranked = keywords._read_group([], ["term"], ["count:sum"], order="count:sum desc", limit=1)
        self.assertIn(ranked[0][0], ("多少", "price"))


class TestDigestAndDashboard(ReportsCase):
    def test_digest_kpis_read_as_people_do(self):
        conversation = self.new_conversation("351980000001", "Ivo", self.team_a)
        self.customer(conversation, nov(23, 10, 0))
        self.agent_reply(
            conversation,
            nov(
                23,
                10,
                2,
            ),
            self.ann,
        )
        self.rebuild()
        digest = self.env["digest.digest"].create(
            {
                "name": "Weekly",
                "periodicity": "weekly",
                "kpi_whatsapp_conversations": True,
                "kpi_whatsapp_frt": True,
                "kpi_whatsapp_csat": True,
            }
        )
        self.ana.lang = "en_US"
        with freeze_time(nov(24, 8, 0)):
            kpis = {
                kpi["kpi_name"]: kpi for kpi in digest._compute_kpis(self.env.company, self.ana)
            }
        self.assertEqual(kpis["kpi_whatsapp_conversations"]["kpi_col2"]["value"], 1)
        self.assertEqual(kpis["kpi_whatsapp_frt"]["kpi_col2"]["value"], "2 min")
        # without a WhatsApp reporting role the KPIs are left out of the e-mail
        with freeze_time(nov(24, 8, 0)):
            names = {kpi["kpi_name"] for kpi in digest._compute_kpis(self.env.company, self.nora)}
        self.assertFalse(names & {"kpi_whatsapp_conversations", "kpi_whatsapp_frt"})

    def test_the_shipped_dashboard_validates_against_the_models(self):
        dashboard = self.env.ref("whatsapp_cs_reports.spreadsheet_dashboard_whatsapp")
        dashboard._check_spreadsheet_data()  # Odoo's own check: models, fields, menus
        data = json.loads(base64.b64decode(dashboard.spreadsheet_binary_data))
        models = {pivot["model"] for pivot in data["pivots"].values()}
        self.assertEqual(
            models,
            {
                "whatsapp.report.conversation",
                "whatsapp.report.funnel",
                "whatsapp.report.agent",
                "whatsapp.report.keyword",
            },
        )
        self.assertEqual({f["label"] for f in data["globalFilters"]}, {"Period", "Team", "Agent"})
        self.assertEqual(
            dashboard.group_ids,
            self.env.ref("whatsapp_cs.group_analyst") | self.env.ref("whatsapp_cs.group_editor"),
        )
        sample = dashboard.sample_dashboard_file_path
        self.assertTrue(sample)
        for user, visible in (
            (self.ana, True),
            (self.eve, True),
            (self.rob, True),
            (self.ann, False),
        ):
            found = (
                self.env["spreadsheet.dashboard"]
                .with_user(user)
                .search_count([("id", "=", dashboard.id)])
            )
            self.assertEqual(bool(found), visible, user.login)

    def test_presence_needs_an_active_browser(self):
        with freeze_time(nov(24, 10, 0)):
            self.set_online(self.ann)
            self.set_online(self.bea, minutes_ago=20)
            self.assertEqual(self.env["whatsapp.agent.presence"]._cron_sample(), 1)
        row = self.env["whatsapp.agent.presence"].search([("user_id", "=", self.ann.id)])
        self.assertEqual((row.day, row.minutes), (date(2026, 11, 24), 5))
        self.assertEqual(row.last_slot, fields.Datetime.to_datetime("2026-11-24 10:00:00"))
        self.assertFalse(
            self.env["whatsapp.agent.presence"].search([("user_id", "=", self.bea.id)])
        )
        self.assertEqual(timedelta(minutes=5).seconds, 300)
