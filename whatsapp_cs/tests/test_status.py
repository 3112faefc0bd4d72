# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import time
from unittest.mock import patch

from odoo import fields
from odoo.tools import mute_logger

from .common import WhatsappCase


class TestStatus(WhatsappCase):
    def _sent_message(self):
        inbound = self.customer_says("16505551234", text="hi")
        message = self.out_message(inbound.conversation_id)
        self.send_queue()
        self.assertEqual(message.state, "sent")
        return message

    def test_statuses_never_move_backwards(self):
        message = self._sent_message()
        self.emulator.status(message.wamid, "read")
        self.process_events()
        self.assertEqual(message.state, "read")
        self.emulator.status(message.wamid, "delivered")
        self.emulator.status(message.wamid, "sent")
        self.process_events()
        self.assertEqual(message.state, "read")
        self.assertTrue(message.delivered_at)
        self.assertEqual(message.pricing_category, "service")
        self.assertFalse(message.billable)

    def test_delivered_wins_over_failed(self):
        message = self._sent_message()
        self.emulator.status(message.wamid, "failed", error_code=131026)
        self.process_events()
        self.assertRecordValues(message, [{"state": "failed", "error_code": 131026}])
        self.assertIn("not be on WhatsApp", message.error_advice)
        self.emulator.status(message.wamid, "delivered")
        self.process_events()
        self.assertRecordValues(message, [{"state": "delivered", "error_code": 0}])
        self.emulator.status(message.wamid, "failed", error_code=131026)
        self.process_events()
        self.assertEqual(message.state, "delivered")

    def test_duplicate_status_is_stored_once(self):
        message = self._sent_message()
        payload = self.emulator.build_status(message.wamid, "delivered", "16505551234")
        self.emulator.post_webhook(payload)
        self.emulator.post_webhook(payload)
        statuses = self.events().filtered(lambda e: e.kind == "status")
        self.assertEqual(len(statuses), 1)

    def test_status_matched_by_callback_data_before_wamid_is_known(self):
        inbound = self.customer_says("16505551234", text="hi")
        message = self.out_message(inbound.conversation_id)
        payload = self.emulator.build_status(
            "wamid.EARLY", "sent", "16505551234", callback_data=f"odoo:{message.callback_uid}"
        )
        self.emulator.post_webhook(payload)
        self.process_events()
        self.assertRecordValues(message, [{"wamid": "wamid.EARLY", "state": "sent"}])

    def test_a_status_waits_while_the_send_cron_records_its_answer(self):
        inbound = self.customer_says("16505551234", text="hi")
        message = self.out_message(inbound.conversation_id)
        message.write({"state": "sending"})  # a send cron's batch holds the row
        payload = self.emulator.build_status(
            "wamid.FAST", "delivered", "16505551234", callback_data=f"odoo:{message.callback_uid}"
        )
        self.emulator.post_webhook(payload)
        # one connection in tests: the send cron's lock is its own choke point
        message_model = type(self.env["whatsapp.message"])
        with patch.object(message_model, "_lock_if_free", return_value=False):
            self.process_events()
        event = self.events().filtered(lambda e: e.kind == "status")
        self.assertRecordValues(event, [{"state": "pending", "attempts": 0, "last_error": False}])
        self.assertEqual(message.state, "sending", "the sender's answer comes first")
        message.write({"state": "sent", "wamid": "wamid.FAST"})  # the cron commits
        event.next_attempt_at = fields.Datetime.now()
        self.process_events()
        self.assertEqual(event.state, "done")
        self.assertEqual(message.state, "delivered")

    @mute_logger("odoo.addons.whatsapp_cs.models.whatsapp_event")
    def test_status_for_unknown_message_waits(self):
        self.emulator.post_webhook(self.emulator.build_status("wamid.NOPE", "read", "1650"))
        self.process_events()
        event = self.events()
        self.assertRecordValues(event, [{"state": "pending", "attempts": 1}])

    def test_marketing_stop_preference_flags_the_partner(self):
        inbound = self.customer_says("16505551234", text="hi")
        payload = self.emulator._envelope(
            {
                "user_preferences": [
                    {
                        "wa_id": "16505551234",
                        "category": "marketing_messages",
                        "value": "stop",
                        "timestamp": 1731705721,
                    }
                ]
            }
        )
        self.emulator.post_webhook(payload)
        self.process_events()
        self.assertTrue(inbound.partner_id.whatsapp_marketing_opt_out)

    def test_everything_again_days_later_changes_nothing(self):
        """Meta redelivers after the ledger forgot its events (its cleanup
        after 30 days, ./run chaos clock): no second message, no state back."""
        inbound = self.customer_says("16505551234", text="once")
        message = self.out_message(inbound.conversation_id)
        self.send_queue()
        sent = self.emulator.sent[0]
        stamp = int(time.time()) + 2 * 86400  # a skewed clock, too
        statuses = [
            self.emulator.build_status(
                sent["wamid"],
                status,
                "16505551234",
                callback_data=sent["callback_data"],
                timestamp=stamp,
            )
            for status in ("read", "delivered", "sent")
        ]
        customer = self.emulator.webhook_log[0][0]
        for payload in statuses:
            self.emulator.post_webhook(payload)
        self.process_events()
        self.assertEqual(message.state, "read")
        self.assertLessEqual(message.read_at, fields.Datetime.now())
        read_at = message.read_at
        self.events().unlink()  # what the ledger's autovacuum does after 30 days
        for payload in [customer, *statuses]:
            self.assertEqual(self.emulator.post_webhook(payload).status_code, 200)
        self.process_events()
        self.assertEqual(set(self.events().mapped("state")), {"done"})
        self.assertEqual(self.env["whatsapp.message"].search_count([("body", "=", "once")]), 1)
        self.assertRecordValues(message, [{"state": "read", "read_at": read_at}])
