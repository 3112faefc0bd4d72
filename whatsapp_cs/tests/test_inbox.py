# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError

from .common import MONDAY_10, SATURDAY_10, WhatsappCase


class TestRouting(WhatsappCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.make_weekday_calendar()
        cls.portuguese = cls.env["whatsapp.skill"].create({"name": "Test Portuguese"})
        cls.sales = cls.make_team("Sales", [], resource_calendar_id=cls.calendar.id)
        cls.support = cls.make_team("Support", [], resource_calendar_id=cls.calendar.id)
        cls.general = cls.make_team(
            "General", [], is_fallback=True, resource_calendar_id=cls.calendar.id
        )
        cls.night = cls.make_team("Night shift", [], is_on_duty=True)
        Rule = cls.env["whatsapp.routing.rule"]
        cls.price_rule = Rule.create(
            {
                "name": "Prices",
                "sequence": 1,
                "team_id": cls.sales.id,
                "keywords": "price, 多少钱\n价格",
            }
        )
        Rule.create(
            {
                "name": "Brazil",
                "sequence": 2,
                "team_id": cls.support.id,
                "country_ids": [fields.Command.link(cls.env.ref("base.br").id)],
                "skill_ids": [fields.Command.link(cls.portuguese.id)],
            }
        )

    def route(self, text, moment=MONDAY_10, country=None):
        conversation = self.make_conversation("5511900000001", team=None)
        if country:
            conversation.partner_id.country_id = country
        return self.env["whatsapp.routing.rule"]._route(conversation, text, moment)

    def test_first_message_is_routed_through_the_webhook(self):
        self.night.is_on_duty = False  # whatever the day and hour of the test run
        message = self.customer_says("16505550101", text="Hi, what's the PRICE of the sofa?")
        conversation = message.conversation_id
        self.assertEqual(conversation.team_id, self.sales)
        log = conversation.log_ids.filtered(lambda entry: entry.action == "route")
        self.assertIn("Prices", log.detail)
        self.assertEqual(self.price_rule.match_count, 1)

    def test_chinese_keywords_match_without_spaces(self):
        team, _skills, rule = self.route("请问这个沙发多少钱？")
        self.assertEqual((team, rule), (self.sales, self.price_rule))

    def test_partner_conditions_pick_team_and_skills(self):
        team, skills, _rule = self.route("Olá", country=self.env.ref("base.br"))
        self.assertEqual(team, self.support)
        self.assertEqual(skills, self.portuguese)

    def test_unmatched_conversations_go_to_the_fallback_team(self):
        team, _skills, rule = self.route("hello there")
        self.assertEqual(team, self.general)
        self.assertFalse(rule)

    def test_out_of_hours_goes_to_the_on_duty_team(self):
        team, _skills, _rule = self.route("price please", moment=SATURDAY_10)
        self.assertEqual(team, self.night)
        team, _skills, _rule = self.route("price please", moment=MONDAY_10 + timedelta(hours=8))
        self.assertEqual(team, self.night, "18:00 is after hours")

    def test_public_holidays_are_out_of_hours(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "calendar_id": self.calendar.id,
                "date_from": MONDAY_10.replace(hour=0),
                "date_to": MONDAY_10.replace(hour=23, minute=59),
            }
        )
        team, _skills, _rule = self.route("price", moment=MONDAY_10)
        self.assertEqual(team, self.night)

    def test_night_slot_rule_passes_midnight(self):
        rule = self.env["whatsapp.routing.rule"].create(
            {
                "name": "Night slot",
                "sequence": 0,
                "team_id": self.night.id,
                "time_condition": "slot",
                "hour_from": 22,
                "hour_to": 6,
            }
        )
        self.assertTrue(rule._time_condition_holds(MONDAY_10.replace(hour=23)))
        self.assertTrue(rule._time_condition_holds(MONDAY_10.replace(hour=3)))
        self.assertFalse(rule._time_condition_holds(MONDAY_10))

    def test_open_sales_order_and_overdue_invoice_conditions(self):
        rule = self.env["whatsapp.routing.rule"].create(
            {
                "name": "Customers with orders",
                "sequence": 0,
                "team_id": self.support.id,
                "customer_condition": "open_sale_order",
            }
        )
        conversation = self.make_conversation("5511900000002", team=None)
        partner = conversation.partner_id

        def team():
            return self.env["whatsapp.routing.rule"]._route(conversation, "hello", MONDAY_10)[0]

        self.assertNotEqual(team(), self.support)
        product = self.env["product.product"].create({"name": "Sofa", "list_price": 100})
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [fields.Command.create({"product_id": product.id})],
            }
        )
        self.assertNotEqual(team(), self.support, "a quotation is not an open order")
        order.action_confirm()
        self.assertEqual(team(), self.support)

        rule.customer_condition = "overdue_invoice"
        self.assertNotEqual(team(), self.support)
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "invoice_date": fields.Date.today() - timedelta(days=40),
                "invoice_payment_term_id": False,
                "invoice_date_due": fields.Date.today() - timedelta(days=10),
                "invoice_line_ids": [
                    fields.Command.create({"name": "Sofa", "quantity": 1, "price_unit": 100})
                ],
            }
        )
        invoice.action_post()
        self.assertEqual(team(), self.support)

    def test_lock_duration_is_between_5_and_15_minutes(self):
        with self.assertRaises(ValidationError):
            self.sales.lock_minutes = 20


class TestAssignment(WhatsappCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chinese = cls.env["whatsapp.skill"].create({"name": "Test Chinese"})
        cls.ann = cls.make_user("ann_agent")
        cls.bob = cls.make_user("bob_agent")
        cls.cid = cls.make_user("cid_agent")
        cls.team = cls.make_team("Support", cls.ann | cls.bob | cls.cid)
        cls.team.member_ids.filtered(lambda m: m.user_id == cls.bob).skill_ids = cls.chinese

    def assign(self):
        self.env["whatsapp.conversation"]._cron_inbox()

    def test_least_loaded_online_member_then_round_robin(self):
        self.set_online(self.ann, self.bob)  # cid is offline
        assignees = []
        start = fields.Datetime.now()
        for step in range(4):
            with freeze_time(start + timedelta(seconds=10 * step)):
                conversation = self.make_conversation(f"1650555100{step}", team=self.team)
                self.set_online(self.ann, self.bob)
                self.assign()
                assignees.append(conversation.user_id)
        self.assertEqual(assignees, [self.ann, self.bob, self.ann, self.bob])
        log = conversation.log_ids.filtered(lambda entry: entry.action == "assign")
        self.assertEqual(log.user_id, self.env.user)
        self.assertIn("auto", log.detail)

    def test_required_skills(self):
        self.set_online(self.ann, self.bob)
        conversation = self.make_conversation("16505551010", team=self.team)
        conversation.skill_ids = self.chinese
        self.assign()
        self.assertEqual(conversation.user_id, self.bob)

    def test_capacity_keeps_the_rest_in_the_pool_until_someone_qualifies(self):
        self.set_online(self.ann)
        self.team.member_ids.filtered(lambda m: m.user_id == self.ann).capacity = 1
        first = self.make_conversation("16505551011", team=self.team)
        second = self.make_conversation("16505551012", team=self.team)
        self.assign()
        self.assertEqual(first.user_id, self.ann)
        self.assertFalse(second.user_id, "ann is full, nobody else online")
        self.set_online(self.cid)
        self.assign()
        self.assertEqual(second.user_id, self.cid)

    def test_inactive_agents_are_not_online(self):
        self.set_online(self.ann, minutes_ago=6)
        conversation = self.make_conversation("16505551013", team=self.team)
        self.assign()
        self.assertFalse(conversation.user_id)
        self.set_online(self.ann)
        self.assign()
        self.assertEqual(conversation.user_id, self.ann)

    def test_solving_frees_capacity(self):
        self.set_online(self.ann)
        self.team.member_ids.filtered(lambda m: m.user_id == self.ann).capacity = 1
        first = self.make_conversation("16505551014", team=self.team)
        second = self.make_conversation("16505551015", team=self.team)
        self.assign()
        first.with_user(self.ann).action_solve()
        self.assign()
        self.assertEqual(second.user_id, self.ann)


class TestLockAndLifecycle(WhatsappCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann = cls.make_user("ann_agent")
        cls.bob = cls.make_user("bob_agent")
        cls.eve = cls.make_user("eve_editor", "editor")
        cls.team = cls.make_team("Support", cls.ann | cls.bob | cls.eve)

    def reply(self, conversation, user, body="Hello"):
        return (
            self.env["whatsapp.message"]
            .with_user(user)
            .create({"conversation_id": conversation.id, "direction": "out", "body": body})
        )

    def test_opening_locks_and_the_server_refuses_others(self):
        with freeze_time(MONDAY_10):
            conversation = self.make_conversation("16505552001", team=self.team, user=self.ann)
            conversation.with_user(self.ann).whatsapp_chat_data()
            self.assertEqual(conversation.locked_by_id, self.ann)
            self.assertEqual(conversation.lock_expires_at, MONDAY_10 + timedelta(minutes=7))
            data = conversation.with_user(self.eve).whatsapp_chat_data()
            self.assertEqual(data["locked_by"], "Ann Agent")
            with self.assertRaisesRegex(UserError, "Ann Agent is working on this conversation"):
                self.reply(conversation, self.eve)
        with freeze_time(MONDAY_10 + timedelta(minutes=8)):
            self.env["whatsapp.conversation"]._cron_inbox()
            self.assertFalse(conversation.locked_by_id)
            self.reply(conversation, self.eve, "An editor may answer any team conversation")
            self.assertEqual(conversation.locked_by_id, self.eve)

    def test_polling_does_not_extend_the_lock(self):
        conversation = self.make_conversation("16505552002", team=self.team, user=self.ann)
        with freeze_time(MONDAY_10):
            conversation.with_user(self.ann).whatsapp_chat_data()
        with freeze_time(MONDAY_10 + timedelta(minutes=6)):
            conversation.with_user(self.ann).whatsapp_chat_data(refresh=True)
        self.assertEqual(conversation.lock_expires_at, MONDAY_10 + timedelta(minutes=7))

    def test_agents_cannot_reply_to_colleagues_conversations(self):
        conversation = self.make_conversation("16505552003", team=self.team, user=self.ann)
        with self.assertRaises(UserError):
            self.reply(conversation.sudo(), self.bob)

    def test_replying_to_a_pool_conversation_claims_it(self):
        conversation = self.make_conversation("16505552004", team=self.team)
        self.reply(conversation, self.bob)
        self.assertEqual(conversation.user_id, self.bob)
        self.assertEqual(conversation.state, "open")
        self.assertFalse(conversation.waiting_since)
        self.assertEqual(
            conversation.log_ids.filtered(lambda entry: entry.action == "claim").user_id, self.bob
        )

    def test_idle_agent_loses_the_conversation_to_the_pool(self):
        with freeze_time(MONDAY_10):
            conversation = self.make_conversation("16505552005", team=self.team)
            self.set_online(self.ann)
            self.env["whatsapp.conversation"]._cron_inbox()
            self.assertEqual(conversation.user_id, self.ann)
        with freeze_time(MONDAY_10 + timedelta(minutes=2)):
            self.env["whatsapp.conversation"]._cron_inbox()
            self.assertEqual(conversation.user_id, self.ann, "not idle long enough")
        with freeze_time(MONDAY_10 + timedelta(minutes=4)):
            self.set_online(self.ann, self.bob)
            self.env["whatsapp.conversation"]._cron_inbox()
            self.assertEqual(conversation.user_id, self.bob, "back to the pool, then to bob")
            release = conversation.log_ids.filtered(lambda entry: entry.action == "release")
            self.assertIn("Ann Agent", release.detail)

    def test_lifecycle_is_logged_and_a_customer_message_reopens(self):
        message = self.customer_says("16505552006", text="My order is late")
        conversation = message.conversation_id
        conversation.sudo().write({"team_id": self.team.id})
        with freeze_time(MONDAY_10):
            conversation.with_user(self.ann).action_claim()
        with freeze_time(MONDAY_10 + timedelta(seconds=42)):
            conversation.with_user(self.ann).action_set_pending()
        conversation.with_user(self.ann).action_solve()
        self.assertEqual(conversation.state, "solved")
        self.customer_says("16505552006", text="Still not here!")
        self.assertEqual(conversation.state, "open")
        self.assertEqual(conversation.user_id, self.ann)
        states = conversation.log_ids.filtered(lambda entry: entry.action == "state").sorted("id")
        self.assertEqual(
            states.mapped("detail"),
            ["New → Open", "Open → Pending", "Pending → Solved", "Solved → Open (customer wrote)"],
        )
        self.assertEqual(states[1].date, MONDAY_10 + timedelta(seconds=42))
        self.assertEqual(states[1].user_id, self.ann)
        with self.assertRaises(UserError):
            conversation.with_user(self.bob).action_claim()


class TestAlertsNotesQuickReplies(WhatsappCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann = cls.make_user("ann_agent")
        cls.eve = cls.make_user("eve_editor", "editor")
        cls.team = cls.make_team("Support", cls.ann | cls.eve, alert_minutes=5)

    def test_response_alert_notifies_editors_and_clears_on_answer(self):
        with freeze_time(MONDAY_10):
            conversation = self.make_conversation("16505553001", team=self.team, user=self.ann)
        with freeze_time(MONDAY_10 + timedelta(minutes=4)):
            self.env["whatsapp.conversation"]._cron_inbox()
            self.assertFalse(conversation.sla_alert)
        with freeze_time(MONDAY_10 + timedelta(minutes=6)):
            self.env["whatsapp.conversation"]._cron_inbox()
            self.assertTrue(conversation.sla_alert)
            alert = conversation.message_ids.filtered(lambda m: "has waited" in (m.body or ""))
            self.assertEqual(alert.partner_ids, self.eve.partner_id)
            self.env["whatsapp.message"].with_user(self.ann).create(
                {"conversation_id": conversation.id, "direction": "out", "body": "Sorry!"}
            )
            self.assertFalse(conversation.sla_alert)
            self.assertFalse(conversation.waiting_since)

    def test_notes_are_never_sent_and_mentions_notify(self):
        conversation = self.make_conversation("16505553002", team=self.team, user=self.ann)
        conversation.with_user(self.ann).whatsapp_add_note("@Eve Editor can we refund this one?")
        note = conversation.message_ids_wa.filtered(lambda m: m.direction == "note")
        self.assertRecordValues(note, [{"state": "note", "author_id": self.ann.id}])
        self.send_queue()
        self.assertFalse(self.emulator.sent, "a note never reaches Meta")
        mention = conversation.message_ids.filtered(lambda m: "refund" in (m.body or ""))
        self.assertEqual(mention.partner_ids, self.eve.partner_id)
        with self.assertRaisesRegex(UserError, "300"):
            conversation.with_user(self.ann).whatsapp_add_note("x" * 301)

    def test_quick_reply_fills_placeholders_and_records_use(self):
        conversation = self.make_conversation("16505553003", team=self.team, user=self.ann)
        conversation.partner_id.name = "Li Na Wang"
        pdf = self.env["ir.attachment"].create(
            {"name": "prices.pdf", "raw": b"%PDF-1.4 test", "mimetype": "application/pdf"}
        )
        reply = self.env["whatsapp.quick.reply"].create(
            {
                "shortcut": "prices",
                "category": "Sales",
                "body": "Hi {{first_name}}, {{agent}} here: our price list is attached.",
                "attachment_ids": [fields.Command.link(pdf.id)],
            }
        )
        offered = conversation.with_user(self.ann).whatsapp_quick_replies()
        self.assertEqual(offered[0]["body"], "Hi Li, Ann Agent here: our price list is attached.")
        conversation.with_user(self.ann).whatsapp_chat_send(offered[0]["body"], reply.id)
        sent = conversation.message_ids_wa.filtered(lambda m: m.direction == "out")
        self.assertEqual(sent.attachment_ids, pdf)
        self.assertTrue(reply.last_used_at)
        self.assertEqual(reply.use_count, 1)

    def test_quick_replies_go_stale_after_six_months(self):
        reply = self.env["whatsapp.quick.reply"].create({"shortcut": "old", "body": "Old answer"})
        reply.sudo().last_used_at = fields.Datetime.now() - timedelta(days=200)
        self.assertTrue(reply.is_stale)
        self.assertIn(reply, self.env["whatsapp.quick.reply"].search([("is_stale", "=", True)]))
        reply._mark_used()
        self.assertFalse(reply.is_stale)

    def test_quick_reply_validation(self):
        Reply = self.env["whatsapp.quick.reply"]
        with self.assertRaisesRegex(ValidationError, "order_id"):
            Reply.create({"shortcut": "bad", "body": "Your order {{order_id}}"})
        with self.assertRaises(ValidationError):
            Reply.create({"shortcut": "two words", "body": "x"})
        exe = self.env["ir.attachment"].create(
            {"name": "run.exe", "raw": b"MZ", "mimetype": "application/x-msdownload"}
        )
        with self.assertRaises(ValidationError):
            Reply.create(
                {"shortcut": "exe", "body": "x", "attachment_ids": [fields.Command.link(exe.id)]}
            )
