# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Satisfaction over WhatsApp, end to end through the webhook and the emulator:
the survey after 'solved', a tapped button or a typed digit stored as Odoo's
rating, a comment asked on low scores, editors told, nothing reopened, no bot
answer, and the rates in the report."""

import json
from datetime import datetime, timedelta

from odoo.exceptions import AccessError

from ..models.rating_rating import CSAT_PAYLOAD, parse_score
from .common import ReportsCase

# Steps a minute apart: Meta's timestamps are whole seconds.
START = datetime(2026, 12, 7, 10, 0)


def step(minutes):
    return START + timedelta(minutes=minutes)


class TestCsat(ReportsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team_a.write(
            {
                "csat_mode": "window",
                "csat_delay_minutes": 0,
                "csat_threshold": 4,
            }
        )
        if "whatsapp.bot.rule" in cls.env:  # a bot that would answer anything
            cls.env["whatsapp.bot.rule"].create(
                {
                    "name": "Fallback",
                    "trigger": "no_match",
                    "reply_ids": [(0, 0, {"body": "Sorry, I did not get that."})],
                    "resource_calendar_id": False,
                }
            )

    def solved_conversation(self, wa_id):
        with self.at(step(0)):
            conversation = self.customer_says(wa_id, text="Where is my order?").conversation_id
            conversation.sudo().write({"team_id": self.team_a.id})
        with self.at(step(1)):
            conversation.with_user(self.ann).whatsapp_chat_send("It ships today.")
        with self.at(step(2)):
            conversation.with_user(self.ann).action_solve()
            self.send_queue()
        self.clear_sent()
        return conversation

    def survey(self, conversation):
        return self.env["rating.rating"].search(
            [("res_model", "=", "whatsapp.conversation"), ("res_id", "=", conversation.id)]
        )

    def sent_texts(self):
        self.send_queue()
        texts = []
        for sent in self.emulator.sent:
            body = sent["body"]
            if body.get("type") == "interactive":
                texts.append(body["interactive"]["body"]["text"])
            elif body.get("type") == "text":
                texts.append(body["text"]["body"])
        return texts

    def test_buttons_then_a_low_score_gets_a_comment_and_alerts_editors(self):
        conversation = self.solved_conversation("351920000001")
        rating = self.survey(conversation)
        self.assertRecordValues(
            rating,
            [
                {
                    "whatsapp_state": "scheduled",
                    "rated_partner_id": self.ann.partner_id.id,
                    "partner_id": conversation.partner_id.id,
                    "whatsapp_team_id": self.team_a.id,
                    "consumed": False,
                }
            ],
        )
        with self.at(step(3)):
            self.env["rating.rating"]._cron_whatsapp_send()
            self.send_queue()
        [request] = self.emulator.sent
        buttons = request["body"]["interactive"]["action"]["buttons"]
        self.assertEqual(
            [b["reply"]["id"] for b in buttons],
            [f"{CSAT_PAYLOAD}5", f"{CSAT_PAYLOAD}3", f"{CSAT_PAYLOAD}1"],
        )
        self.assertEqual(rating.whatsapp_state, "sent")
        self.clear_sent()
        with self.at(step(4)):
            self.customer_says(
                "351920000001",
                msg_type="interactive",
                text="😞 Bad",
                reply_id=f"{CSAT_PAYLOAD}1",
            )
        self.assertRecordValues(rating, [{"rating": 1.0, "consumed": True}])
        self.assertEqual(rating.whatsapp_state, "comment")
        self.assertEqual(conversation.state, "solved", "an answer does not reopen")
        with self.at(step(4)):
            self.assertEqual(
                self.sent_texts(), [self.team_a.csat_comment_text], "no bot answer, the follow-up"
            )
        alert = conversation.message_ids.filtered(lambda m: "below the team" in (m.body or ""))
        self.assertEqual(alert.partner_ids, self.eve.partner_id)
        self.clear_sent()
        with self.at(step(5)):
            self.customer_says("351920000001", text="It took three days to answer.")
        self.assertEqual(rating.feedback, "It took three days to answer.")
        self.assertEqual(rating.whatsapp_state, "done")
        self.assertEqual(conversation.state, "solved")
        self.assertEqual(self.sent_texts(), [])
        # and the next message is a question again: it reopens
        with self.at(step(6)):
            self.customer_says("351920000001", text="Can I change the address?")
        self.assertEqual(conversation.state, "open")
        self.rebuild()
        first = self.rows(conversation)[0]
        self.assertRecordValues(
            first,
            [
                {
                    "rating_id": rating.id,
                    "csat": 1.0,
                    "csat_requested": 1,
                    "csat_answered": 1,
                    "csat_positive": 0,
                    "satisfaction_pct": 0.0,
                    "csat_response_pct": 100.0,
                    "messages_in": 3,  # the question, the score and the comment
                }
            ],
        )
        self.assertEqual(len(self.rows(conversation)), 2)

    def test_a_typed_digit_and_the_rates(self):
        happy = self.solved_conversation("351920000002")
        silent = self.solved_conversation("351920000003")
        with self.at(step(3)):
            self.env["rating.rating"]._cron_whatsapp_send()
            self.send_queue()
        self.clear_sent()
        with self.at(step(4)):
            self.customer_says("351920000002", text="5 ⭐")
            self.assertEqual(self.sent_texts(), [self.team_a.csat_thanks_text])
        self.assertRecordValues(self.survey(happy), [{"rating": 5.0, "whatsapp_state": "done"}])
        self.rebuild()
        report = self.env["whatsapp.report.conversation"]
        [(requests, answers, positive, satisfaction, response)] = report._read_group(
            [("conversation_id", "in", (happy | silent).ids)],
            [],
            [
                "csat_requested:sum",
                "csat_answered:sum",
                "csat_positive:sum",
                "satisfaction_pct:avg",
                "csat_response_pct:avg",
            ],
        )
        self.assertEqual((requests, answers, positive), (2, 1, 1))
        self.assertEqual((satisfaction, response), (100.0, 50.0))

    def test_closed_window_sends_the_template_or_nothing(self):
        conversation = self.solved_conversation("351920000004")
        rating = self.survey(conversation)
        conversation.sudo().last_inbound_at = step(0) - timedelta(days=2)
        with self.at(step(3)):
            self.env["rating.rating"]._cron_whatsapp_send()
        self.assertEqual(rating.whatsapp_state, "skipped")
        self.assertIn("window", rating.whatsapp_skip_reason)
        conversation.sudo().write({"state": "open"})
        self.team_a.sudo().write(
            {"csat_mode": "template", "csat_template_id": self.template("rate_us").id}
        )
        with self.at(step(4)):
            conversation.with_user(self.ann).action_solve()
            self.env["rating.rating"]._cron_whatsapp_send()
        template_survey = self.survey(conversation) - rating
        self.assertRecordValues(
            template_survey, [{"whatsapp_state": "sent", "whatsapp_channel": "template"}]
        )
        queued = conversation.message_ids_wa.filtered(lambda m: m.message_type == "template")
        self.assertRecordValues(
            queued,
            [
                {
                    "template_id": self.team_a.csat_template_id.id,
                    "is_csat": True,
                    "is_automatic": True,
                    "state": "outgoing",
                }
            ],
        )

    def test_a_customer_who_writes_before_the_survey_gets_none(self):
        conversation = self.solved_conversation("351920000005")
        with self.at(step(3)):
            self.customer_says("351920000005", text="One more thing")
            self.env["rating.rating"]._cron_whatsapp_send()
        self.assertEqual(self.survey(conversation).whatsapp_state, "skipped")
        self.assertEqual(self.emulator.sent, [])

    def test_scores_people_type(self):
        for text, score in [
            ("5", 5),
            (" 4/5 ", 4),
            ("3 stars", 3),
            ("2星", 2),
            ("⭐⭐⭐⭐", 4),
            (f"{CSAT_PAYLOAD}1", 1),
            ("5 estrelas!", 5),
        ]:
            self.assertEqual(parse_score(text), score, text)
        for text in ("6", "15", "I give 5 because", "", None, "0"):
            self.assertIsNone(parse_score(text), text)

    def test_nobody_forges_a_rating(self):
        conversation = self.solved_conversation("351920000006")
        rating = self.survey(conversation)
        for user in (self.ann, self.eve, self.nora):
            for vals in ({"rating": 5}, {"feedback": "great"}, {"whatsapp_state": "done"}):
                self.assert_refused(user, "rating.rating", "write", rating.ids, vals)
            self.assert_refused(
                user,
                "rating.rating",
                "create",
                {
                    "res_model_id": self.env["ir.model"]._get_id("whatsapp.conversation"),
                    "res_id": conversation.id,
                    "rating": 5,
                    "consumed": True,
                },
            )
        self.assert_refused(self.eve, "rating.rating", "unlink", rating.ids)
        # nor through Odoo's public rating_apply with the survey's token
        self.assert_refused(
            self.ann,
            "whatsapp.conversation",
            "rating_apply",
            conversation.ids,
            5,
            token=rating.access_token,
        )
        self.assertFalse(rating.consumed)
        # who reads WhatsApp ratings: analysts, the team's editors, the rated agent
        domain = [("id", "=", rating.id)]
        for user, count in ((self.ana, 1), (self.eve, 1), (self.ann, 1), (self.amy, 0)):
            found = self.rpc(user, "rating.rating", "search_count", domain)
            self.assertEqual(found, count, user.login)
        self.assertEqual(self.rpc(self.nora, "rating.rating", "search_count", domain), 0)
        with self.assertRaises(AccessError):
            rating.with_user(self.ann).unlink()

    def test_survey_payload_is_meta_shaped(self):
        conversation = self.solved_conversation("351920000007")
        with self.at(step(3)):
            self.env["rating.rating"]._cron_whatsapp_send()
        message = conversation.message_ids_wa.filtered("is_csat")
        payload = json.loads(message.payload)
        self.assertEqual(payload["type"], "interactive")
        self.assertTrue(
            all(len(b["reply"]["title"]) <= 20 for b in payload["interactive"]["action"]["buttons"])
        )
        self.assertTrue(message.is_automatic)

    def test_a_chinese_customer_is_asked_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        with self.at(step(0)):
            conversation = self.customer_says("8613900000008", text="你好").conversation_id
            conversation.sudo().write({"team_id": self.team_a.id})
            conversation.partner_id.lang = "zh_CN"
        with self.at(step(1)):
            conversation.with_user(self.ann).whatsapp_chat_send("已经发货了。")
        with self.at(step(2)):
            conversation.with_user(self.ann).action_solve()
            self.send_queue()
        self.clear_sent()
        with self.at(step(3)):
            self.env["rating.rating"]._cron_whatsapp_send()
            self.send_queue()
        [request] = self.emulator.sent
        interactive = request["body"]["interactive"]
        self.assertEqual(
            interactive["body"]["text"],
            "我们的服务如何？请点按钮，或回复 1（差）到 5（很好）之间的数字。",
        )
        self.assertEqual(
            [b["reply"]["title"] for b in interactive["action"]["buttons"]],
            ["😀 很好", "😐 一般", "😞 不好"],
        )
        # a team's own wording wins over the shipped one
        self.team_a.with_context(lang="en_US").csat_thanks_text = "Cheers!"
        self.clear_sent()
        with self.at(step(4)):
            self.customer_says("8613900000008", text="5")
            self.assertEqual(self.sent_texts(), ["Cheers!"])
