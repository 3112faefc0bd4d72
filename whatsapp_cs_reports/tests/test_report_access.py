# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who sees which report rows, over real JSON-RPC, as each role: analysts and
administrators all, editors their teams', agents their own, others nothing;
nobody writes a report."""

from datetime import datetime

from odoo.addons.whatsapp_cs.tests.rpc_common import our_public_methods

from .common import ReportsCase

REPORTS = (
    "whatsapp.report.conversation",
    "whatsapp.report.funnel",
    "whatsapp.report.message",
    "whatsapp.report.agent",
)
# (model, method) -> roles: whatsapp_cs_reports adds no public method.
PUBLIC_API = {}


class TestReportAccess(ReportsCase):
    def setUp(self):
        super().setUp()
        self.team_b.member_ids = [(0, 0, {"user_id": self.amy.id})]  # Amy in both teams
        when = datetime(2026, 11, 23, 10)
        self.conv_a = self.new_conversation("351930000001", "Customer of A", self.team_a)
        self.customer(self.conv_a, when)
        self.agent_reply(self.conv_a, datetime(2026, 11, 23, 10, 2), self.ann)
        self.conv_b = self.new_conversation("351930000002", "Customer of B", self.team_b)
        self.customer(self.conv_b, when)
        self.agent_reply(self.conv_b, datetime(2026, 11, 23, 10, 3), self.bea)
        self.rebuild()
        self.env["whatsapp.report.materialized"]._cron_refresh()

    def visible(self, user, model, field="conversation_id"):
        rows = self.rpc(user, model, "search_read", [], [field])
        values = {row[field][0] if row[field] else False for row in rows}
        return values

    def test_each_role_sees_its_rows(self):
        ours = {self.conv_a.id, self.conv_b.id}
        model = "whatsapp.report.conversation"
        self.assertLessEqual(ours, self.visible(self.ana, model))
        self.assertLessEqual(ours, self.visible(self.rob, model))
        self.assertEqual(self.visible(self.ann, model) & ours, {self.conv_a.id})
        self.assertEqual(self.visible(self.bea, model) & ours, {self.conv_b.id})
        self.assertEqual(self.visible(self.eve, model) & ours, {self.conv_a.id})
        self.assert_refused(self.nora, model, "search_read", [], ["id"])
        teams = {self.team_a.id, self.team_b.id}
        messages = "whatsapp.report.message"
        for user, expected in (
            (self.ana, teams),
            (self.rob, teams),
            (self.ann, {self.team_a.id}),
            (self.bea, {self.team_b.id}),
            (self.eve, {self.team_a.id}),
        ):
            self.assertEqual(self.visible(user, messages, "team_id") & teams, expected, user.login)
        self.assert_refused(self.nora, messages, "search_read", [], ["id"])
        funnel = {
            row["team_id"][0]
            for row in self.rpc(self.eve, "whatsapp.report.funnel", "search_read", [], ["team_id"])
            if row["team_id"]
        }
        self.assertEqual(funnel & {self.team_a.id, self.team_b.id}, {self.team_a.id})
        agents = self.rpc(self.eve, "whatsapp.report.agent", "search_read", [], ["user_id"])
        self.assertEqual({row["user_id"][0] for row in agents}, {self.ann.id})
        agents = self.rpc(self.bea, "whatsapp.report.agent", "search_read", [], ["user_id"])
        self.assertEqual({row["user_id"][0] for row in agents}, {self.bea.id})
        agents = self.rpc(self.ana, "whatsapp.report.agent", "search_read", [], ["user_id"])
        self.assertLessEqual({self.ann.id, self.bea.id}, {row["user_id"][0] for row in agents})
        self.assert_refused(self.nora, "whatsapp.report.agent", "search_read", [], ["id"])
        self.assert_refused(self.ann, "whatsapp.report.keyword", "search_read", [], ["id"])
        self.assert_refused(self.ann, "whatsapp.episode", "search_read", [], ["id"])
        self.assert_refused(self.ana, "whatsapp.episode", "search_read", [], ["id"])

    def test_pivots_as_each_role(self):
        for user in (self.ana, self.eve, self.ann):
            groups = self.rpc(
                user,
                "whatsapp.report.conversation",
                "read_group",
                [("conversation_id", "in", [self.conv_a.id, self.conv_b.id])],
                ["frt:avg"],
                ["team_id"],
                lazy=False,
            )
            teams = {group["team_id"][0]: group["frt"] for group in groups}
            expected = {self.team_a.id: 120.0}
            if user == self.ana:
                expected[self.team_b.id] = 180.0
            self.assertEqual(teams, expected, user.login)

    def test_nobody_writes_a_report(self):
        row = self.env["whatsapp.report.conversation"].search([], limit=1)
        for user in (self.ann, self.eve, self.ana, self.rob):
            for model in REPORTS:
                with self.subTest(user=user.login, model=model):
                    self.assert_refused(user, model, "create", {})
            self.assert_refused(user, "whatsapp.report.conversation", "write", row.ids, {"frt": 1})
            self.assert_refused(user, "whatsapp.report.conversation", "unlink", row.ids)
            self.assert_refused(user, "whatsapp.episode", "write", row.ids, {"frt": 1})

    def test_survey_settings_are_for_administrators(self):
        for user in (self.eve, self.ann, self.ana):
            self.assert_refused(
                user, "whatsapp.team", "write", self.team_a.ids, {"csat_mode": "template"}
            )
        self.rpc(self.rob, "whatsapp.team", "write", self.team_a.ids, {"csat_text": "Rate us?"})
        self.assertEqual(self.team_a.csat_text, "Rate us?")

    def test_no_public_method(self):
        found = {}
        for model_name in self.env.registry:
            for name, method in our_public_methods(
                self.env[model_name], ("whatsapp_cs_reports",)
            ).items():
                found[(model_name, name)] = method
        self.assertEqual(set(found), set(PUBLIC_API), "list new public methods in PUBLIC_API")
