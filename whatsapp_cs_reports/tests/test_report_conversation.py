# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Conversations report's figures, to the second: a question on a Friday
evening answered after a weekend and a public holiday, a reopening handled by
a bot, handed off and transferred, a conversation a template opened, a
bot-only one; outcomes in Sales."""

from datetime import datetime

from .common import ReportsCase


def nov(day, hour, minute=0, second=0):
    return datetime(2026, 11, day, hour, minute, second)


def dec(day, hour, minute=0, second=0):
    return datetime(2026, 12, day, hour, minute, second)


class TestConversationReport(ReportsCase):
    def _ana(self):
        """Friday 16:50 question; Tuesday 9:05 answer (Monday is a holiday);
        solved 9:30; reopened 10:00, the bot answers, hands off at 10:01, an
        editor moves it to team B at 10:02, Bea answers 10:04, solves 10:10."""
        ana = self.new_conversation("351910000001", "Ana", self.team_a, lang="pt_BR")
        self.customer(ana, nov(27, 16, 50), "Do you ship to Porto?")
        with self.at(dec(1, 9, 4)):
            ana.with_user(self.ann).action_claim()
        with self.at(dec(1, 9, 5)):  # the window closed on Saturday: a template
            self.env["whatsapp.message"].with_user(self.ann)._queue_template(
                ana, self.template("shipping_answer"), {}, "Yes, in 3 days."
            )
        self.solve(ana, dec(1, 9, 30), self.ann)
        self.customer(ana, dec(1, 10, 0), "The parcel has not arrived")
        self.bot_reply(ana, dec(1, 10, 0, 30), "Let me find someone for you.")
        with self.at(dec(1, 10, 1)):
            self.env["whatsapp.conversation.log"]._add(ana, "handoff", "customer asked")
        with self.at(dec(1, 10, 2)):
            ana.with_user(self.eve)._transfer(team=self.team_b)
        self.agent_reply(ana, dec(1, 10, 4), self.bea, "Checking with the carrier.")
        self.solve(ana, dec(1, 10, 10), self.bea)
        return ana

    def test_business_hours_weekend_holiday_reopening_handoff_transfer(self):
        ana = self._ana()
        self.rebuild()
        first, second = self.rows(ana)
        self.assertRecordValues(
            first,
            [
                {
                    "sequence": 1,
                    "is_reopening": False,
                    "opened_by": "customer",
                    "opened_at": nov(27, 16, 50),
                    "clock_start": nov(27, 16, 50),
                    "first_response_at": dec(1, 9, 5),
                    "first_responder_id": self.ann.id,
                    "user_id": self.ann.id,
                    "team_id": self.team_a.id,
                    # Friday 16:50 -> Tuesday 9:05: 3 days 16 h 15 min...
                    "frt": self.seconds(3, 16, 15),
                    # ...of which 10 min on Friday and 5 on Tuesday are working time
                    "frt_business": 900.0,
                    "wait_bucket": "gt15",
                    "replied_pct": 100.0,
                    "solved_at": dec(1, 9, 30),
                    "solved_by_id": self.ann.id,
                    "is_solved": True,
                    "resolution": self.seconds(3, 16, 40),
                    "resolution_business": 600.0 + 1800.0,
                    "handled_by": "human",
                    "transfer_count": 0,
                    "messages_in": 1,
                    "messages_out": 1,
                    "messages_auto": 0,
                    "outside_window_count": 1,
                    "is_repeat": False,
                    "hour": 16,
                    "weekday": "4",
                    "opened_date": nov(27, 0).date(),
                    "lang": "pt_BR",
                    "attribution_end": dec(1, 10, 0),
                }
            ],
        )
        self.assertRecordValues(
            second,
            [
                {
                    "sequence": 2,
                    "is_reopening": True,
                    "is_repeat": True,  # 3 days 17 h after the first: within 7 days
                    "opened_by": "customer",
                    "handoff_at": dec(1, 10, 1),
                    "clock_start": dec(1, 10, 1),  # the bot answered first
                    "first_response_at": dec(1, 10, 4),
                    "frt": 180.0,
                    "frt_business": 180.0,
                    "wait_bucket": "lt5",
                    "user_id": self.bea.id,
                    "team_id": self.team_b.id,
                    "transfer_count": 1,
                    "transferred_pct": 100.0,
                    "messages_in": 1,
                    "messages_out": 1,
                    "messages_auto": 1,
                    "handled_by": "human",
                    "resolution": 600.0,
                    "resolution_business": 600.0,
                    "solved_by_id": self.bea.id,
                    "hour": 10,
                    "weekday": "1",
                    "attribution_end": dec(15, 10, 0),
                }
            ],
        )

    def test_template_opened_bot_only_and_the_averages(self):
        bruno = self.new_conversation("351910000002", "Bruno", self.team_a)
        template = self.template()
        with self.at(nov(23, 10, 0)):
            message = (
                self.env["whatsapp.message"]
                .with_user(self.ann)
                ._queue_template(bruno, template, {}, "Your order is on its way.")
            )
            message.sudo().cost = 0.025  # Meta's pricing webhook, at the utility rate
        self.customer(bruno, nov(23, 10, 20), "Thanks! When exactly?")
        self.agent_reply(bruno, nov(23, 10, 26), self.ann, "Tomorrow morning.")
        chen = self.new_conversation("8613800000003", "Chen", self.team_a)
        self.customer(chen, nov(28, 10, 0), "营业时间?")
        self.bot_reply(chen, nov(28, 10, 0, 5))
        self.close(chen, dec(1, 8, 0), self.eve)
        self.rebuild()
        self.assertRecordValues(
            self.rows(bruno),
            [
                {
                    "opened_by": "template",
                    "outside_window_count": 1,
                    "cost": 0.025,
                    "clock_start": nov(23, 10, 20),  # the customer's first answer
                    "frt": 360.0,
                    "frt_business": 360.0,
                    "wait_bucket": "5to15",
                    "messages_out": 2,
                    "is_solved": False,
                    "solved_pct": 0.0,
                    "user_id": self.ann.id,
                }
            ],
        )
        self.assertRecordValues(
            self.rows(chen),
            [
                {
                    "opened_by": "customer",
                    "handled_by": "bot",
                    "first_response_at": False,
                    "wait_bucket": "none",
                    "replied_pct": 0.0,
                    # Saturday 10:00 -> Tuesday 8:00, all of it outside business hours
                    "resolution": self.seconds(2, 22, 0),
                    "resolution_business": 0.0,
                    "solved_by_id": self.eve.id,
                    "weekday": "5",
                }
            ],
        )
        report = self.env["whatsapp.report.conversation"]
        self.assertEqual(
            report._read_group(
                [("team_id", "=", self.team_a.id)],
                ["opened_by"],
                ["__count", "frt:avg", "replied_pct:avg", "solved_pct:avg", "cost:sum"],
            ),
            [("customer", 1, False, 0.0, 100.0, 0.0), ("template", 1, 360.0, 100.0, 0.0, 0.025)],
        )

    def test_outcome_quotation_order_and_paid_invoice(self):
        ana = self._ana()
        product = self.env["product.product"].create(
            {"name": "Sofa", "list_price": 100.0, "invoice_policy": "order"}
        )
        with self.at(dec(1, 11, 0)):
            order = self.env["sale.order"].create(
                {
                    "partner_id": ana.partner_id.id,
                    "order_line": [(0, 0, {"product_id": product.id, "tax_id": False})],
                }
            )
            quotation = order.copy()
            order.action_confirm()
            invoice = order._create_invoices()
            invoice.action_post()
            self.env["account.payment.register"].with_context(
                active_model="account.move", active_ids=invoice.ids
            ).create({})._create_payments()
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.rebuild()
        first, second = self.rows(ana)
        self.assertRecordValues(
            first, [{"quotation_count": 0, "order_count": 0, "paid_amount": 0.0}]
        )
        self.assertRecordValues(
            second,
            [
                {
                    "quotation_count": 2,
                    "quotation_amount": 200.0,
                    "order_count": 1,
                    "order_amount": 100.0,
                    "paid_amount": 100.0,
                    "converted_pct": 100.0,
                    "paid_pct": 100.0,
                }
            ],
        )
        funnel = self.env["whatsapp.report.funnel"]._read_group(
            [("episode_id", "in", (first | second).ids)], ["stage"], ["__count"]
        )
        self.assertEqual(
            funnel,
            [("1_opened", 2), ("2_replied", 2), ("3_solved", 2), ("4_ordered", 1), ("5_paid", 1)],
        )
        quotation._action_cancel()
        self.assertEqual(self.rows(ana)[1].quotation_count, 1)

    def test_changes_queue_the_customer_and_history_is_rebuilt_from_scratch(self):
        ana = self._ana()
        self.env.cr.execute("SELECT DISTINCT partner_id FROM whatsapp_episode_queue")
        self.assertEqual(self.env.cr.fetchall(), [(ana.partner_id.id,)])
        self.rebuild()
        self.env.cr.execute("SELECT count(*) FROM whatsapp_episode_queue")
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        before = self.rows(ana).read(["frt", "resolution_business", "team_id", "user_id"])
        self.env["whatsapp.episode"]._queue_all()
        self.rebuild()
        after = self.rows(ana).read(["frt", "resolution_business", "team_id", "user_id"])
        self.assertEqual([dict(r, id=0) for r in before], [dict(r, id=0) for r in after])
        # a closed episode keeps the team it was solved in when the conversation moves on
        ana.sudo().team_id = self.team_a
        self.env["whatsapp.episode"]._queue_partners(ana.partner_id.ids)
        self.rebuild()
        self.assertEqual(self.rows(ana).team_id, self.team_a | self.team_b)
        # history written before the module (no team, no new state recorded)
        self.env.cr.execute(
            "UPDATE whatsapp_conversation_log SET whatsapp_team_id = NULL, "
            "whatsapp_state_to = NULL WHERE conversation_id = %s",
            [ana.id],
        )
        self.env["whatsapp.episode"]._queue_partners(ana.partner_id.ids)
        self.rebuild()
        first, second = self.rows(ana)
        self.assertEqual((first.solved_at, second.solved_at), (dec(1, 9, 30), dec(1, 10, 10)))
        self.assertEqual((first.team_id, second.team_id), (self.team_a, self.team_b))

    def test_install_backfills_the_window_flag(self):
        bruno = self.new_conversation("351910000004", "Bruno", self.team_a)
        with self.at(nov(23, 10, 0)):
            message = (
                self.env["whatsapp.message"]
                .with_user(self.ann)
                ._queue_template(bruno, self.template("late"), {}, "Late")
            )
        self.assertTrue(message.sent_outside_window)
        message.sudo().sent_outside_window = False
        self.env["whatsapp.message"]._backfill_outside_window()
        message.invalidate_recordset()
        self.assertTrue(message.sent_outside_window)
