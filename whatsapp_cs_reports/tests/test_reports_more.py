# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Time zones, the install over an existing history, the broadcast hook,
exports, locks between servers and the survey's edge cases."""

from datetime import date, datetime

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.sql_db import db_connect

from .. import post_init_hook
from ..models.whatsapp_report_keyword import WATERMARK_LOCK
from ..models.whatsapp_report_materialized import REFRESH_LOCK
from ..tools import episodes as episode_rules
from .common import ReportsCase


def nov(day, hour, minute=0):
    return datetime(2026, 11, day, hour, minute)


class TestTimeZonesAndHistory(ReportsCase):
    def answered(self, wa_id, asked, answered, team=None, agent=None):
        conversation = self.new_conversation(wa_id, f"Customer {wa_id}", team or self.team_a)
        self.customer(conversation, asked)
        self.agent_reply(conversation, answered, agent or self.ann)
        return conversation

    def test_hour_weekday_and_day_are_the_companys(self):
        self.env.company.partner_id.tz = "Asia/Shanghai"
        conversation = self.answered("351960000001", nov(27, 16, 50), nov(27, 16, 55))
        self.rebuild()
        # Friday 16:50 UTC is Saturday 00:50 in Shanghai
        self.assertRecordValues(
            self.rows(conversation),
            [{"hour": 0, "weekday": "5", "opened_date": date(2026, 11, 28)}],
        )

    def test_business_hours_follow_the_calendars_time_zone(self):
        calendar = self.make_weekday_calendar()
        calendar.tz = "America/Sao_Paulo"  # 9:00-17:00 there is 12:00-20:00 UTC
        self.team_b.resource_calendar_id = calendar
        conversation = self.answered(
            "351960000002", nov(23, 11, 0), nov(23, 13, 0), self.team_b, self.bea
        )
        self.rebuild()
        self.assertRecordValues(self.rows(conversation), [{"frt": 7200.0, "frt_business": 3600.0}])

    def test_a_team_without_hours_uses_the_companys(self):
        self.team_a.resource_calendar_id = False
        self.env.company.resource_calendar_id = self.calendar
        conversation = self.answered("351960000003", nov(28, 10, 0), nov(28, 10, 30))
        self.rebuild()
        self.assertRecordValues(self.rows(conversation), [{"frt": 1800.0, "frt_business": 0.0}])

    def test_install_builds_the_history_already_stored(self):
        conversation = self.answered("351960000004", nov(23, 10, 0), nov(23, 10, 4))
        self.env["whatsapp.episode"].search([]).unlink()
        self.env.cr.execute("DELETE FROM whatsapp_episode_queue")
        self.env["whatsapp.message"].search([]).write({"sent_outside_window": False})
        post_init_hook(self.env)
        self.assertRecordValues(self.rows(conversation), [{"frt": 240.0, "messages_in": 1}])
        self.assertTrue(self.env["whatsapp.report.agent"].search([("user_id", "=", self.ann.id)]))

    def test_a_deleted_conversation_leaves_the_reports(self):
        conversation = self.answered("351960000005", nov(23, 10, 0), nov(23, 10, 4))
        self.rebuild()
        episode = self.rows(conversation)
        self.assertTrue(episode)
        conversation.with_user(self.rob).unlink()
        self.assertFalse(self.env["whatsapp.episode"].browse(episode.id).exists())

    def test_a_broadcast_opens_a_broadcast_episode(self):
        """The messages a broadcast sends are marked (``is_broadcast``)."""
        conversation = self.new_conversation("351960000006", "Promo", self.team_a)
        with self.at(nov(23, 10, 0)):
            message = (
                self.env["whatsapp.message"]
                .with_user(self.ann)
                ._queue_template(conversation, self.template("promo", "MARKETING"), {}, "Sale!")
            )
        message.sudo().is_broadcast = True
        self.rebuild()
        self.assertEqual(self.rows(conversation).opened_by, "broadcast")
        self.assertTrue(episode_rules.Message(nov(23, 10), "out", broadcast=True).broadcast)

    def test_an_analyst_exports_one_row_per_episode(self):
        self.assertTrue(self.ana.has_group("base.group_allow_export"))
        first = self.answered("351960000007", nov(23, 10, 0), nov(23, 10, 4))
        self.customer(first, nov(24, 10, 0))  # not solved: the same episode
        second = self.answered("351960000008", nov(23, 11, 0), nov(23, 11, 1))
        self.rebuild()
        rows = (self.rows(first) | self.rows(second)).ids
        exported = self.rpc(
            self.ana,
            "whatsapp.report.conversation",
            "export_data",
            rows,
            ["partner_id", "team_id", "frt", "frt_business", "messages_in", "opened_by"],
        )["datas"]
        self.assertEqual(len(exported), 2)
        by_customer = {row[0]: row for row in exported}
        self.assertEqual(set(by_customer), {"Customer 351960000007", "Customer 351960000008"})
        partner, team, frt, _business, received, opened_by = by_customer["Customer 351960000007"]
        self.assertEqual((team, frt, received, opened_by), ("Team A", 240.0, 2, "Customer"))

    def test_views_load_for_each_role(self):
        for user in (self.ana, self.eve, self.ann):
            for model in (
                "whatsapp.report.conversation",
                "whatsapp.report.agent",
                "whatsapp.report.message",
                "whatsapp.report.funnel",
            ):
                views = self.rpc(
                    user,
                    model,
                    "get_views",
                    [[False, "pivot"], [False, "graph"], [False, "list"], [False, "search"]],
                )
                self.assertEqual(set(views["views"]), {"pivot", "graph", "list", "search"})


class TestServersAndLocks(ReportsCase):
    """Crons that any number of servers may run: one works, the others skip."""

    def other_server(self):
        connection = db_connect(self.env.cr.dbname)
        cursor = connection.cursor()
        self.addCleanup(cursor.close)
        return cursor

    def test_one_refresh_at_a_time(self):
        report = self.env["whatsapp.report.message"]
        other = self.other_server()
        other.execute("SELECT pg_advisory_lock(%s, %s)", [REFRESH_LOCK, report._refresh_lock()])
        try:
            self.assertFalse(report._refresh())
            self.assertTrue(self.env["whatsapp.report.agent"]._refresh())
        finally:
            other.execute("SELECT pg_advisory_unlock_all()")
        self.assertTrue(report._refresh())

    def test_one_keyword_count_at_a_time(self):
        conversation = self.new_conversation("351961000001", "Kim", self.team_a)
        self.customer(conversation, nov(23, 10, 0), "refund please")
        other = self.other_server()
        other.execute("SELECT pg_advisory_lock(%s)", [WATERMARK_LOCK])
        try:
            self.assertEqual(self.env["whatsapp.report.keyword"]._cron_count(), 0)
        finally:
            other.execute("SELECT pg_advisory_unlock_all()")
        self.assertGreaterEqual(self.env["whatsapp.report.keyword"]._cron_count(), 1)

    def test_presence_slots_are_counted_once_whoever_samples(self):
        presence = self.env["whatsapp.agent.presence"]
        with freeze_time(nov(24, 10, 2)):
            self.set_online(self.ann)
            presence._cron_sample(nov(24, 10, 2))
            presence._cron_sample(nov(24, 10, 4))  # the same 10:00-10:05 slot
            presence._cron_sample(nov(24, 10, 6))
        row = presence.search([("user_id", "=", self.ann.id)])
        self.assertEqual(row.minutes, 10)
        for user in (self.eve, self.ana):  # Ann is in Eve's team
            found = self.rpc(user, "whatsapp.agent.presence", "search_count", [("id", "=", row.id)])
            self.assertEqual(found, 1, user.login)
        self.assert_refused(self.ann, "whatsapp.agent.presence", "search_count", [])


class TestSurveyEdges(ReportsCase):
    def solved(self, wa_id, team):
        conversation = self.new_conversation(wa_id, f"Customer {wa_id}", team)
        self.customer(conversation, nov(23, 10, 0))
        self.agent_reply(conversation, nov(23, 10, 1), self.ann)
        self.solve(conversation, nov(23, 10, 2), self.ann)
        return conversation

    def surveys(self, conversation):
        return self.env["rating.rating"].search(
            [("res_model", "=", "whatsapp.conversation"), ("res_id", "=", conversation.id)]
        )

    def test_teams_that_never_ask_and_conversations_without_a_team(self):
        self.team_a.csat_mode = "none"
        self.assertFalse(self.surveys(self.solved("351962000001", self.team_a)))
        lonely = self.new_conversation("351962000002", "No team")
        self.customer(lonely, nov(23, 10, 0))
        with self.at(nov(23, 10, 5)):
            lonely.with_user(self.rob).action_close()
        self.assertFalse(self.surveys(lonely))

    def test_a_template_that_cannot_be_filled_is_not_sent_and_says_why(self):
        template = self.template("rate_us_named")
        template.components = '[{"type": "BODY", "text": "Hi {{1}}, rate us"}]'
        template._sync_variables()
        self.team_a.write(
            {"csat_mode": "template", "csat_template_id": template.id, "csat_delay_minutes": 0}
        )
        conversation = self.solved("351962000003", self.team_a)
        conversation.sudo().last_inbound_at = nov(20, 10, 0)
        with self.at(nov(23, 10, 3)):
            self.env["rating.rating"]._cron_whatsapp_send()
        survey = self.surveys(conversation)
        self.assertEqual(survey.whatsapp_state, "skipped")
        self.assertIn("{{1}}", survey.whatsapp_skip_reason)
        self.rebuild()
        self.assertRecordValues(
            self.rows(conversation), [{"csat_requested": 0, "csat_answered": 0}]
        )

    def test_survey_settings_are_checked(self):
        with self.assertRaises(ValidationError):
            self.team_a.csat_threshold = 6
        with self.assertRaises(ValidationError):
            self.team_a.csat_delay_minutes = -1

    def test_digest_reads_durations_in_the_recipients_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        conversation = self.new_conversation("351962000004", "Zhou", self.team_a)
        self.customer(conversation, nov(23, 10, 0))
        self.agent_reply(conversation, nov(23, 10, 2), self.ann)
        self.rebuild()
        self.ana.lang = "zh_CN"
        digest = self.env["digest.digest"].create(
            {"name": "Weekly", "kpi_whatsapp_frt": True, "kpi_whatsapp_conversations": True}
        )
        with freeze_time(nov(24, 8, 0)):
            kpis = {
                kpi["kpi_name"]: kpi for kpi in digest._compute_kpis(self.env.company, self.ana)
            }
        self.assertEqual(kpis["kpi_whatsapp_frt"]["kpi_col1"]["value"], "2分钟")
