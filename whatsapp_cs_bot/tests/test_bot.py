# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from odoo.addons.whatsapp_cs.tests.common import MONDAY_10, SATURDAY_10, WhatsappCase

from ..models.whatsapp_bot_engine import HANDOFF_PAYLOAD


class BotCase(WhatsappCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.engine = cls.env["whatsapp.bot.engine"]
        cls.env["whatsapp.bot.rule"].search([]).active = False  # demo rules, if any
        cls.weekdays = cls.make_weekday_calendar()

    def rule(self, replies=("Hello",), **vals):
        vals.setdefault("name", "Rule")
        vals.setdefault("resource_calendar_id", self.weekdays.id)
        return self.env["whatsapp.bot.rule"].create(
            {"reply_ids": [fields.Command.create({"body": body}) for body in replies], **vals}
        )

    def confirmed_order(self, partner):
        product = self.env["product.product"].create({"name": "Armchair", "list_price": 90})
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [fields.Command.create({"product_id": product.id})],
            }
        )
        order.action_confirm()
        return order

    def bot_answers(self):
        """Bodies of what the bot sent to the emulator, oldest first."""
        self.send_queue()
        answers = []
        for sent in self.emulator.sent:
            body = sent["body"]
            if body.get("type") == "interactive":
                answers.append(body["interactive"]["body"]["text"])
            else:
                answers.append((body.get("text") or {}).get("body"))
        return answers


class TestTriggers(BotCase):
    def test_welcome_on_first_contact_only(self):
        self.rule(["Welcome {{first_name}}! How can we help?"], trigger="first_contact")
        self.customer_says("5511900001111", text="Oi", name="Ana Souza")
        self.customer_says("5511900001111", text="Are you there?")
        self.assertEqual(self.bot_answers(), ["Welcome Ana! How can we help?"])

    def test_keywords_in_any_language_case_and_accents(self):
        rule = self.rule(["Prices are on our website."], keywords="price, preço\n多少钱")
        conversation = self.customer_says("16505550001", text="hi").conversation_id
        match = self.env["whatsapp.bot.rule"]._match
        for text, expected in [
            ("What's the PRICE?", rule),
            ("Qual o preco?", rule),
            ("这个沙发多少钱？", rule),
            ("priceless advice", self.env["whatsapp.bot.rule"]),
        ]:
            with self.subTest(text=text):
                self.assertEqual(match(conversation, text, MONDAY_10, False), expected)

    def test_questions_a_rule_answers_skip_the_queue(self):
        self.rule(["Prices are on our website."], keywords="price")
        for text in ("what's the price?", "hello"):
            self.customer_says("16505550002", text=text, process=False)
        events = self.env["whatsapp.event"].search([], order="id desc", limit=2)
        self.assertEqual(events.mapped("answer_first"), [False, True])

    @mute_logger("odoo.addons.whatsapp_cs.models.whatsapp_event")
    def test_a_failing_answer_first_hint_never_loses_the_event(self):
        self.rule(["Prices are on our website."], keywords="price")
        rule_model = type(self.env["whatsapp.bot.rule"])
        with patch.object(rule_model, "_answers_keyword", side_effect=ValueError("bug")):
            message = self.customer_says("16505550003", text="price?")
        event = self.env["whatsapp.event"].search([("message_id", "=", message.id)])
        self.assertFalse(event.answer_first)
        self.assertEqual(self.bot_answers(), ["Prices are on our website."])

    def test_phrase_all_words_regex_and_prefix(self):
        conversation = self.customer_says("16505550002", text="hi").conversation_id
        all_words = self.rule(keywords="refund order", match_mode="all")
        self.assertTrue(all_words._matches("I want a refund for my order", MONDAY_10, False))
        self.assertFalse(all_words._matches("refund please", MONDAY_10, False))
        phrase = self.rule(keywords="opening hours", match_mode="phrase")
        self.assertTrue(phrase._matches("What are your OPENING hours?", MONDAY_10, False))
        self.assertFalse(phrase._matches("hours of opening", MONDAY_10, False))
        regex = self.rule(keywords=r"order\s*#?\d{4,}", match_mode="regex")
        self.assertTrue(regex._matches("Where is order #12345?", MONDAY_10, False))
        prefixed = self.rule(keywords="stock", prefix="#")
        self.assertTrue(prefixed._matches("#stock sofa", MONDAY_10, False))
        self.assertFalse(prefixed._matches("stock sofa", MONDAY_10, False))
        self.assertTrue(conversation)

    def test_away_outside_business_hours_and_holidays(self):
        away = self.rule(["We are closed, back on Monday."], trigger="away")
        self.assertTrue(away._matches("hi", SATURDAY_10, False))
        self.assertFalse(away._matches("hi", MONDAY_10, False))
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": self.weekdays.id,
                "date_from": MONDAY_10.replace(hour=0),
                "date_to": MONDAY_10.replace(hour=23),
            }
        )
        self.assertTrue(away._matches("hi", MONDAY_10, False))

    def test_away_reply_through_the_webhook(self):
        closed = self.env["resource.calendar"].create({"name": "Never", "attendance_ids": False})
        self.rule(
            ["Closed now, we answer tomorrow."], trigger="away", resource_calendar_id=closed.id
        )
        self.customer_says("16505550003", text="hello?")
        self.assertEqual(self.bot_answers(), ["Closed now, we answer tomorrow."])

    def test_time_slot(self):
        lunch = self.rule(
            ["Lunch break until 13:00."],
            trigger="time_slot",
            hour_from=11.5,
            hour_to=13,
            weekdays_only=True,
        )
        self.assertTrue(lunch._matches("hi", MONDAY_10.replace(hour=12), False))
        self.assertFalse(lunch._matches("hi", MONDAY_10.replace(hour=13, minute=5), False))
        self.assertFalse(lunch._matches("hi", SATURDAY_10.replace(hour=12), False))

    def test_fallback_answers_what_nothing_else_does(self):
        self.rule(["Prices are online."], keywords="price", sequence=20)
        self.rule(["An agent will answer you soon."], trigger="no_match", sequence=1)
        question = self.customer_says("16505550004", text="price?")
        self.customer_says("16505550004", text="something else")
        self.customer_says("16505550004", msg_type="reaction", text="👍", context_id=question.wamid)
        self.assertEqual(
            self.bot_answers(),
            ["Prices are online.", "An agent will answer you soon."],
            "a reaction is not a question",
        )


class TestRepliesAndActions(BotCase):
    def test_variants_rotate(self):
        rule = self.rule(["One", "Two", "Three"], keywords="hello")
        conversation = self.customer_says("16505550010", text="hi").conversation_id
        picked = {self.engine._pick_variant(conversation, rule) for _i in range(60)}
        self.assertEqual(picked, {"One", "Two", "Three"})

    def test_buttons_go_out_as_an_interactive_message(self):
        self.rule(
            ["Track or change your order?"],
            keywords="order",
            button_ids=[
                fields.Command.create({"title": "Track it"}),
                fields.Command.create({"title": "Change it"}),
            ],
        )
        self.customer_says("16505550011", text="my order")
        self.send_queue()
        body = self.emulator.sent[0]["body"]
        self.assertEqual(body["type"], "interactive")
        titles = [b["reply"]["title"] for b in body["interactive"]["action"]["buttons"]]
        self.assertEqual(titles, ["Track it", "Change it"])

    def test_limits_are_refused_on_save(self):
        with self.assertRaises(ValidationError):
            self.rule(["x" * 257], keywords="long")
        with self.assertRaises(ValidationError):
            self.rule([str(i) for i in range(6)], keywords="many")
        with self.assertRaises(ValidationError):
            self.rule(keywords="b", button_ids=[fields.Command.create({"title": "x" * 21})])
        with self.assertRaises(ValidationError):
            self.rule(
                keywords="b",
                button_ids=[fields.Command.create({"title": str(i)}) for i in range(4)],
            )
        warned = self.rule(["Hi!"], keywords="hi, opening hours")
        self.assertIn("hi", warned.keyword_warning)
        long_reply = self.rule(["y" * 200], keywords="long2").reply_ids
        self.assertTrue(long_reply.length_warning)

    def test_unfillable_placeholder_never_sends_a_broken_message(self):
        conversation = self.customer_says("16505550012", text="hi").conversation_id
        mixed = self.rule(
            ["Your order {{last_order}} is {{last_order_state}}.", "Hi {{first_name}}!"],
            keywords="status",
        )
        self.assertEqual(
            self.engine._pick_variant(conversation, mixed),
            f"Hi {conversation.partner_id.name.split()[0]}!",
        )
        broken = self.rule(["Your order {{last_order}} is on its way."], keywords="where")
        self.customer_says("16505550012", text="where is it?")
        self.assertEqual(self.bot_answers(), [])
        self.assertTrue(conversation.bot_stopped, "a human takes it instead")
        self.assertEqual(broken.handoff_count, 1)

    def test_placeholders_read_the_last_order_at_send_time(self):
        conversation = self.customer_says(
            "16505550014", text="hi", name="Lea Martin"
        ).conversation_id
        rule = self.rule(
            ["{{first_name}}, your order {{last_order}} is: {{last_order_state}}."],
            keywords="order",
        )
        self.assertIsNone(
            self.engine._pick_variant(conversation, rule), "no order yet: nothing to say"
        )
        order = self.confirmed_order(conversation.partner_id)
        self.customer_says("16505550014", text="where is my order?")
        self.assertEqual(self.bot_answers(), [f"Lea, your order {order.name} is: Sales Order."])

    def test_stock_placeholders_say_limited_pre_order_below_10(self):
        conversation = self.customer_says("16505550015", text="hi").conversation_id
        sofa = self.env["product.product"].create(
            {"name": "Sofa", "default_code": "SOFA-3", "is_storable": True}
        )
        rule = self.rule(
            ["{{product:SOFA-3}}: {{availability:SOFA-3}} ({{stock:SOFA-3}} left)."],
            keywords="sofa",
        )

        def pick(rule):
            return self.engine._pick_variant(conversation, rule)

        self.assertEqual(pick(rule), "[SOFA-3] Sofa: limited pre-order (0 left).")
        stock = self.env.ref("stock.warehouse0").lot_stock_id
        self.env["stock.quant"]._update_available_quantity(sofa, stock, 12)
        self.env.invalidate_all()
        self.assertEqual(pick(rule), "[SOFA-3] Sofa: in stock (12 left).")
        self.env["ir.config_parameter"].sudo().set_param("whatsapp_cs_bot.low_stock", "20")
        self.assertEqual(pick(rule), "[SOFA-3] Sofa: limited pre-order (12 left).")
        unknown = self.rule(["{{availability:NO-SUCH-REF}}"], keywords="chair")
        self.assertIsNone(pick(unknown), "an unknown product never gives a broken answer")

    def test_actions_route_tag_prioritise_and_hand_off(self):
        team = self.make_team("Returns", [])
        tag = self.env["res.partner.category"].create({"name": "Returns"})
        rule = self.rule(
            ["A returns specialist will take over."],
            keywords="return, 退货",
            team_id=team.id,
            tag_ids=[fields.Command.link(tag.id)],
            priority="3",
            handoff=True,
        )
        conversation = self.customer_says("16505550013", text="我要退货").conversation_id
        self.assertEqual(conversation.team_id, team)
        self.assertIn(tag, conversation.partner_id.category_id)
        self.assertEqual(conversation.priority, "3")
        self.assertTrue(conversation.bot_stopped)
        self.assertEqual((rule.triggered_count, rule.handoff_count), (1, 1))
        self.customer_says("16505550013", text="退货 again")
        self.assertEqual(self.bot_answers(), ["A returns specialist will take over."])
        self.assertIn("handoff", conversation.log_ids.mapped("action"))

    def test_talk_to_a_human_button_stops_the_bot(self):
        self.rule(["Anything else?"], keywords="help")
        conversation = self.customer_says("16505550014", text="help").conversation_id
        self.customer_says(
            "16505550014",
            msg_type="interactive",
            text="Talk to a human",
            reply_id=HANDOFF_PAYLOAD,
        )
        self.assertTrue(conversation.bot_stopped)
        self.customer_says("16505550014", text="help")
        self.assertEqual(self.bot_answers(), ["Anything else?"])

    def test_three_automatic_messages_a_day_then_a_human(self):
        self.rule(["Our hours are 9-18."], keywords="hours")
        conversation = self.customer_says("16505550015", text="hours?").conversation_id
        for _i in range(3):
            self.customer_says("16505550015", text="hours??")
        self.send_queue()
        sent = [s["body"] for s in self.emulator.sent]
        self.assertEqual(len(sent), 3, "at most three automatic messages in 24 hours")
        self.assertEqual(sent[0]["type"], "text")
        second = sent[1]["interactive"]["action"]["buttons"]
        self.assertEqual(second[-1]["reply"]["id"], HANDOFF_PAYLOAD)
        self.assertTrue(conversation.bot_stopped)


class TestConsole(BotCase):
    def test_console_shows_the_answer_without_sending(self):
        self.rule(["Prices are online, {{first_name}}."], keywords="price", handoff=True)
        partner = self.env["res.partner"].create(
            {"name": "Li Na", "whatsapp_wa_id": "8613800000000"}
        )
        console = self.env["whatsapp.bot.console"].create(
            {"message": "price?", "partner_id": partner.id, "account_id": self.account.id}
        )
        console.action_try()
        self.assertIn("Sends: Prices are online, Li.", console.result)
        self.assertIn("hands the conversation to a human", console.result)
        self.assertFalse(self.env["whatsapp.message"].search([("partner_id", "=", partner.id)]))
        self.send_queue()
        self.assertFalse(self.emulator.sent)
        console.message = "nothing relevant"
        console.action_try()
        self.assertIn("No rule answers", console.result)


class TestComplianceAndTags(BotCase):
    def test_sensitive_words_are_refused_with_a_suggestion(self):
        self.assertGreaterEqual(self.env["whatsapp.sensitive.word"].search_count([]), 300)
        with self.assertRaises(ValidationError) as caught:
            self.rule(["The best sofa, guaranteed!"], keywords="sofa")
        message = str(caught.exception)
        self.assertIn("best (Absolute claim) → great", message)
        self.assertIn("Suggested: The great sofa, planned!", message)
        with self.assertRaisesRegex(ValidationError, "唯一"):
            self.rule(["这是唯一的选择"], keywords="选择")
        checked = self.rule(["Our best seller"], keywords="seller", allow_flagged_words=True)
        self.assertTrue(checked)

    def test_card_and_phone_numbers_are_masked_in_automatic_messages(self):
        self.rule(["Call 1-415-555-0134 or pay with 4111 1111 1111 1111"], keywords="pay")
        self.customer_says("16505550020", text="how to pay?")
        self.assertEqual(self.bot_answers(), ["Call *******0134 or pay with **** 1111"])

    def test_auto_tag_needs_enough_mentions_within_the_period(self):
        price_sensitive = self.env["res.partner.category"].create({"name": "Price-sensitive"})
        rule = self.env["whatsapp.tag.rule"].create(
            {
                "name": "Price-sensitive",
                "tag_id": price_sensitive.id,
                "keywords": "discount, 优惠",
                "min_count": 2,
                "period_days": 3,
            }
        )
        start = fields.Datetime.now()
        with freeze_time(start):
            partner = self.customer_says("16505550021", text="any discount?").partner_id
        with freeze_time(start + timedelta(days=4)):
            self.customer_says("16505550021", text="有优惠吗")
            self.assertNotIn(price_sensitive, partner.category_id, "four days apart")
        with freeze_time(start + timedelta(days=5)):
            self.customer_says("16505550021", text="a DISCOUNT please")
            self.assertIn(price_sensitive, partner.category_id)
        self.assertEqual(rule.tagged_count, 1)

    def test_no_tag_when_an_order_was_confirmed_in_the_period(self):
        price_sensitive = self.env["res.partner.category"].create({"name": "Price-sensitive"})
        self.env["whatsapp.tag.rule"].create(
            {
                "name": "Price-sensitive",
                "tag_id": price_sensitive.id,
                "keywords": "discount",
                "min_count": 2,
                "period_days": 3,
                "without_confirmed_order": True,
            }
        )
        buyer = self.customer_says("16505550022", text="discount?").partner_id
        self.confirmed_order(buyer)
        self.customer_says("16505550022", text="discount again?")
        self.assertNotIn(price_sensitive, buyer.category_id, "they bought: not price-sensitive")
        browser = self.customer_says("16505550023", text="discount?").partner_id
        self.customer_says("16505550023", text="discount again?")
        self.assertIn(price_sensitive, browser.category_id)
