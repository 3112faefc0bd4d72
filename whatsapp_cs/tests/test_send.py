# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import json
import time
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form
from odoo.tools import mute_logger

from .common import WhatsappCase


class TestSend(WhatsappCase):
    def setUp(self):
        super().setUp()
        self.inbound = self.customer_says("16505551234", text="hello", name="Sam")
        self.conversation = self.inbound.conversation_id
        self.partner = self.conversation.partner_id

    def _due(self, message):
        message.next_attempt_at = fields.Datetime.now() - timedelta(seconds=1)

    def test_text_goes_out_over_http_once(self):
        message = self.out_message(self.conversation, "Hi Sam")
        self.assertEqual(message.state, "outgoing", "sending is asynchronous")
        self.send_queue()
        self.assertEqual(message.state, "sent")
        self.assertTrue(message.wamid.startswith("wamid."))
        self.assertEqual(len(self.emulator.sent), 1)
        body = self.emulator.sent[0]["body"]
        self.assertEqual(body["to"], "+16505551234")
        self.assertEqual(body["text"]["body"], "Hi Sam")
        self.assertEqual(body["biz_opaque_callback_data"], f"odoo:{message.callback_uid}")
        self.send_queue()
        self.assertEqual(len(self.emulator.sent), 1, "never sent twice")

    def test_parallel_sending_keeps_each_customers_order(self):
        other = self.customer_says("16505559876", text="hi").conversation_id
        self.env["ir.config_parameter"].sudo().set_param("whatsapp_cs.send_threads", 3)
        messages = self.env["whatsapp.message"]
        for i in range(3):
            messages |= self.out_message(self.conversation, f"sam {i}")
            messages |= self.out_message(other, f"kim {i}")
        self.send_queue()
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        received = {}
        for sent in self.emulator.sent:
            received.setdefault(sent["wa_id"], []).append(sent["body"]["text"]["body"])
        self.assertEqual(received["16505551234"], ["sam 0", "sam 1", "sam 2"])
        self.assertEqual(received["16505559876"], ["kim 0", "kim 1", "kim 2"])

    def test_a_run_that_leaves_work_asks_for_the_next_at_once(self):
        # Reporting the rest to Odoo would make one worker re-run the job up
        # to 10 times in a row, past its time limit (the worker is killed).
        cron, progress = self.env.ref("whatsapp_cs.ir_cron_send_messages")._add_progress()
        for i in range(2):
            self.out_message(self.conversation, f"part {i}")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        model = self.env["whatsapp.message"].with_context(ir_cron_progress_id=progress.id)
        model._cron_send(limit=1)
        self.assertRecordValues(progress, [{"done": 1, "remaining": 0}])
        new = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers
        self.assertTrue(new.filtered(lambda t: t.call_at <= fields.Datetime.now()))

    def test_sending_keeps_to_the_numbers_throughput(self):
        self.emulator.throughput = 4  # Meta's cap for this number, messages/s
        self.addCleanup(setattr, self.emulator, "throughput", None)
        self.account.throughput = 4
        self.env["ir.config_parameter"].sudo().set_param("whatsapp_cs.send_threads", 3)
        messages = self.env["whatsapp.message"]
        for i in range(10):
            messages |= self.out_message(self.conversation, f"update {i}")
        self.send_queue()
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        self.assertEqual(self.emulator.throttled, 0)
        self.account.throughput = 80  # more than Meta allows this number
        messages = self.env["whatsapp.message"]
        for i in range(10):
            messages |= self.out_message(self.conversation, f"burst {i}")
        self.send_queue()
        self.assertGreater(self.emulator.throttled, 0, "the emulator keeps Meta's cap")
        throttled = messages.filtered(lambda m: m.error_code == 130429)
        self.assertTrue(throttled)
        self.assertEqual(set(throttled.mapped("state")), {"outgoing"}, "retried later")

    def test_a_message_waits_for_the_earlier_one_of_its_conversation(self):
        other = self.customer_says("16505559876", text="hi").conversation_id
        answer = self.out_message(self.conversation, "the answer")
        its_file = self.out_message(self.conversation, "its file")
        elsewhere = self.out_message(other, "another customer")
        answer.write({"state": "sending"})
        self.env.flush_all()
        claim = self.env["whatsapp.message"]._claim_outgoing
        self.assertEqual(claim(), elsewhere, "other customers are not held up")
        elsewhere.write({"state": "sent"})
        self.env.flush_all()
        self.assertFalse(claim(), "the file waits while its answer is being sent")
        answer.write({"state": "sent"})
        self.env.flush_all()
        self.assertEqual(claim(), its_file)

    def test_window_is_enforced_by_the_server(self):
        with freeze_time(fields.Datetime.now() + timedelta(hours=24, minutes=1)):
            self.env.invalidate_all()
            self.assertFalse(self.conversation.window_open)
            with self.assertRaisesRegex(UserError, "24-hour window"):
                self.out_message(self.conversation, "too late")
            with self.assertRaisesRegex(UserError, "24-hour window"):
                self.conversation.with_user(self.agent).whatsapp_chat_send("too late")

    def test_refusals_and_advice_speak_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(["whatsapp_cs"], ["zh_CN"])
        with freeze_time(fields.Datetime.now() + timedelta(hours=24, minutes=1)):
            self.env.invalidate_all()
            with self.assertRaisesRegex(UserError, "24 小时窗口已关闭"):
                self.conversation.with_user(self.agent).with_context(
                    lang="zh_CN"
                ).whatsapp_chat_send("太晚了")
        message = self.env["whatsapp.message"].with_context(lang="zh_CN")
        self.assertIn("无法连接 Meta", message._error_vals(None, None)["error_advice"])

    @mute_logger("odoo.addons.whatsapp_cs.models.whatsapp_message")
    def test_throttling_and_server_errors_are_retried(self):
        for fault in ({"code": 130429}, {"code": 131056}, {"status": 500}):
            with self.subTest(fault=fault):
                self.emulator.reset()
                self.emulator.last_inbound["16505551234"] = 2_000_000_000
                self.emulator.add_fault(**fault)
                message = self.out_message(self.conversation, f"retry {fault}")
                self.send_queue()
                self.assertEqual(message.state, "outgoing")
                self.assertEqual(message.attempt_count, 1)
                self.assertGreater(message.next_attempt_at, fields.Datetime.now())
                self.assertTrue(message.error_advice)
                self.send_queue()  # not due yet: nothing happens
                self.assertEqual(message.attempt_count, 1)
                self._due(message)
                self.send_queue()
                self.assertRecordValues(message, [{"state": "sent", "error_code": 0}])

    @mute_logger("odoo.addons.whatsapp_cs.models.whatsapp_message_send")
    def test_no_answer_or_a_cut_off_one_is_in_doubt_never_resent(self):
        """Meta took the message but its answer came too late (our 2 s read
        timeout) or cut off: resending would reach the customer twice
        (./run chaos meta). Meta's status, found by our callback data,
        settles it."""
        for fault in ({"delay": 3}, {"malformed": True}):
            with self.subTest(fault=fault):
                self.emulator.reset()
                self.emulator.last_inbound["16505551234"] = 2_000_000_000
                self.emulator.add_fault(**fault)
                message = self.out_message(self.conversation, f"in doubt {fault}")
                self.send_queue()
                self.assertRecordValues(message, [{"state": "sending", "wamid": False}])
                for _i in range(50):  # Meta finishes taking it
                    if self.emulator.sent:
                        break
                    time.sleep(0.1)
                self._due(message)
                self.send_queue()
                self.assertEqual(len(self.emulator.sent), 1, "never sent twice")
                accepted = self.emulator.sent[0]
                self.emulator.status(accepted["wamid"], "sent")
                self.process_events()
                self.assertRecordValues(message, [{"state": "sent", "wamid": accepted["wamid"]}])

    @mute_logger("odoo.addons.whatsapp_cs.models.whatsapp_message")
    def test_retries_give_up_and_stay_visibly_failed(self):
        self.emulator.add_fault(code=130429, times=10)
        message = self.out_message(self.conversation, "doomed")
        for _i in range(6):
            self._due(message)
            self.send_queue()
        self.assertRecordValues(
            message, [{"state": "failed", "error_code": 130429, "attempt_count": 5}]
        )
        self.assertIn("retries", message.error_advice)

    def test_meta_window_error_fails_with_advice(self):
        self.emulator.last_inbound.clear()  # Meta thinks the window is closed
        message = self.out_message(self.conversation, "hello?")
        self.send_queue()
        self.assertRecordValues(message, [{"state": "failed", "error_code": 131047}])
        self.assertIn("template", message.error_advice)
        self.emulator.last_inbound["16505551234"] = 2_000_000_000
        message.with_user(self.agent).action_retry()
        self.send_queue()
        self.assertEqual(message.state, "sent")

    def crashed_while_sending(self, body, minutes_ago):
        """A message left "sending" by a crash ``minutes_ago``."""
        message = self.out_message(self.conversation, body)
        message.write({"state": "sending"})
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE whatsapp_message"
            " SET write_date = now() at time zone 'utc' - %s * interval '1 minute'"
            " WHERE id = %s",
            (minutes_ago, message.id),
        )
        self.env.invalidate_all()
        return message

    def test_a_crash_while_sending_is_settled_by_metas_statuses(self):
        reached_meta = self.crashed_while_sending("reached Meta", 1)
        never_reached = self.crashed_while_sending("never reached Meta", 3)
        self.send_queue()
        self.assertFalse(self.emulator.sent, "in doubt: nothing goes again yet")
        # Meta's status for the first one (found by our callback data), and
        # for a message sent since: Meta's webhooks flow past the second
        self.emulator.status(
            "wamid.FROM-BEFORE-THE-CRASH",
            "sent",
            recipient_id="16505551234",
            callback_data=f"odoo:{reached_meta.callback_uid}",
        )
        later = self.out_message(self.conversation, "sent after the crash")
        later.write({"state": "sent", "sent_at": fields.Datetime.now(), "wamid": "wamid.LATER"})
        self.emulator.status("wamid.LATER", "delivered", recipient_id="16505551234")
        self.process_events()
        self.assertRecordValues(
            reached_meta, [{"state": "sent", "wamid": "wamid.FROM-BEFORE-THE-CRASH"}]
        )
        self.send_queue()
        self.assertEqual(never_reached.state, "sent", "Meta never had it: sent again")
        self.assertEqual(
            [sent["body"]["text"]["body"] for sent in self.emulator.sent], ["never reached Meta"]
        )

    def test_a_crash_while_sending_without_news_from_meta_is_not_resent(self):
        message = self.crashed_while_sending("maybe", 11)
        self.send_queue()
        self.assertEqual(message.state, "sending", "no evidence either way yet")
        message = self.crashed_while_sending("maybe not", 61)
        self.send_queue()
        self.assertEqual(message.state, "failed")
        self.assertIn("not resent", message.error_advice)
        self.assertFalse(self.emulator.sent)

    def test_media_is_uploaded_then_sent(self):
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.agent)
            .create({"name": "offer.pdf", "raw": b"%PDF-1.4 offer", "mimetype": "application/pdf"})
        )
        wizard = Form(
            self.env["whatsapp.message.compose"]
            .with_user(self.agent)
            .with_context(default_partner_id=self.partner.id)
        )
        self.assertEqual(wizard.mode, "text")
        wizard.body = "Our offer"
        wizard.attachment_ids.add(attachment)
        wizard.save().action_send()
        self.send_queue()
        message = self.conversation.message_ids_wa.filtered(lambda m: m.direction == "out")
        self.assertRecordValues(message, [{"message_type": "document", "state": "sent"}])
        upload = [r for r in self.emulator.requests if "upload" in r]
        self.assertEqual(upload[0]["upload"]["mime_type"], "application/pdf")
        body = self.emulator.sent[0]["body"]
        self.assertEqual(body["document"]["filename"], "offer.pdf")
        self.assertEqual(body["document"]["caption"], "Our offer")

    def test_unsupported_media_type_fails_with_advice(self):
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.agent)
            .create(
                {
                    "name": "x.exe",
                    "datas": base64.b64encode(b"MZ"),
                    "mimetype": "application/x-msdownload",
                }
            )
        )
        message = (
            self.env["whatsapp.message"]
            .with_user(self.agent)
            .create(
                {
                    "conversation_id": self.conversation.id,
                    "direction": "out",
                    "message_type": "document",
                    "attachment_ids": [(6, 0, attachment.ids)],
                }
            )
            .sudo()
        )
        self.send_queue()
        self.assertRecordValues(message, [{"state": "failed", "error_code": 131053}])

    def test_templates_sync_with_paging_and_send_from_partner(self):
        client = self.account._client()
        remote = list(client.iter_templates(page_size=2))
        self.assertEqual(len(remote), len(self.emulator.templates))
        pages = [r for r in self.emulator.requests if r["path"].endswith("message_templates")]
        self.assertEqual(len(pages), 3)
        self.account.action_sync_templates()
        template = self.account.template_ids.filtered(lambda t: t.name == "order_confirmation")
        self.assertEqual(template.status, "APPROVED")
        self.assertEqual(
            template.variable_ids.mapped("key"), ["1", "1", "2", "3"], "header {{1}} + body"
        )
        template.variable_ids.filtered(
            lambda v: v.component == "body" and v.key == "1"
        ).field_path = "name"
        for variable in template.variable_ids.filtered(lambda v: not v.field_path):
            variable.default_value = "S00042"
        with freeze_time(fields.Datetime.now() + timedelta(days=2)):
            self.env.invalidate_all()
            wizard = Form(
                self.env["whatsapp.message.compose"]
                .with_user(self.agent)
                .with_context(default_partner_id=self.partner.id)
            )
            self.assertEqual(wizard.mode, "template", "window closed: templates only")
            wizard.template_id = template
            self.assertIn("Hi Sam, your order S00042", wizard.preview)
            wizard.save().action_send()
            self.send_queue()
        body = self.emulator.sent[-1]["body"]
        self.assertEqual(body["type"], "template")
        self.assertEqual(body["template"]["name"], "order_confirmation")
        params = body["template"]["components"][1]["parameters"]
        self.assertEqual(params[0], {"type": "text", "text": "Sam"})
        named = self.account.template_ids.filtered(lambda t: t.name == "shipping_update")
        named.variable_ids.field_path = "name"
        payload = named._request(named._render(self.partner)[1])
        self.assertEqual(
            payload["template"]["components"][0]["parameters"][0]["parameter_name"], "customer_name"
        )

    def test_unapproved_template_is_refused(self):
        self.account.action_sync_templates()
        pending = self.account.template_ids.filtered(lambda t: t.status == "PENDING")
        with self.assertRaises(UserError):
            self.env["whatsapp.message"].with_user(self.agent).create(
                {
                    "conversation_id": self.conversation.id,
                    "direction": "out",
                    "message_type": "template",
                    "template_id": pending.id,
                }
            )

    def test_chat_widget_send_and_data(self):
        data = self.conversation.with_user(self.agent).whatsapp_chat_send("from the widget")
        self.assertTrue(data["window_open"])
        self.assertEqual(data["messages"][-1]["body"], "from the widget")
        self.assertEqual(data["messages"][-1]["state"], "outgoing")
        conversations = self.env["whatsapp.conversation"].with_user(self.agent)
        partner_data = conversations.whatsapp_partner_chat_data(self.partner.id)
        self.assertEqual(len(partner_data["messages"]), 2)
        self.assertEqual(json.loads(json.dumps(partner_data))["messages"][0]["body"], "hello")
