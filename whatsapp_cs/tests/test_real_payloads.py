# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Webhooks shaped exactly as Meta sends them (payloads collected by other
Cloud API libraries): flows, call permissions, number changes, marketing
preferences, statuses of messages we never sent, edits and deletions."""

import json
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.tools import mute_logger

from .common import WhatsappCase


class TestRealPayloads(WhatsappCase):
    def test_flow_answers_are_kept_readable(self):
        answers = {
            "flow_token": "AQAAAAACS5FpgQ_cAAAAAD0QI3s.",
            "comment_text": "Comment Text",
            "delivery_rating": "4",
        }
        message = self.customer_says(
            "16505551234", "interactive", "Sent", interactive_type="nfm_reply", answers=answers
        )
        self.assertEqual(message.message_type, "interactive")
        self.assertEqual(message.body, "Sent\ncomment_text: Comment Text\ndelivery_rating: 4")
        self.assertEqual(json.loads(message.payload)["answers"], answers)

    def test_call_permissions_and_unknown_interactive_replies_are_never_blank(self):
        accepted = self.customer_says(
            "16505551234", "interactive", "", interactive_type="call_permission_reply"
        )
        self.assertEqual(accepted.body, "Call permission accepted")
        self.assertEqual(json.loads(accepted.payload)["response"], "accept")
        declined = self.customer_says(
            "16505551234",
            "interactive",
            "",
            interactive_type="call_permission_reply",
            response="reject",
        )
        self.assertEqual(declined.body, "Call permission declined")
        unknown = self.customer_says(
            "16505551234",
            "interactive",
            "",
            interactive={"type": "payment_reply", "payment_reply": {"status": "captured"}},
        )
        self.assertEqual(unknown.body, "[payment_reply] status: captured")

    def test_a_number_change_moves_the_customer_without_a_duplicate(self):
        first = self.customer_says("972987654321", text="hello", name="User A")
        partner = first.partner_id
        change = self.customer_says(
            "972987654321",
            "system",
            "",
            system={
                "body": "User A changed from 972987654321 to 972912345678",
                "wa_id": "972912345678",
                "type": "user_changed_number",
            },
        )
        self.assertEqual(change.partner_id, partner)
        self.assertEqual(change.conversation_id, first.conversation_id)
        self.assertEqual(partner.whatsapp_wa_id, "972912345678")
        self.assertEqual(
            self.env["res.partner"].search_count(
                [("whatsapp_wa_id", "in", ("972987654321", "972912345678"))]
            ),
            1,
        )
        log = first.conversation_id.log_ids.filtered(lambda e: e.action == "identity")
        self.assertEqual(log.detail, "972987654321 → 972912345678")
        later = self.customer_says("972912345678", text="new phone, same me")
        self.assertEqual(later.partner_id, partner)

    def test_a_new_user_id_follows_the_customer(self):
        first = self.customer_says("16505551234", text="hi", user_id="CO.1234567890")
        changed = self.customer_says(
            None,
            "system",
            "",
            system={
                "body": "User changed from CO.1234567890 to MX.0987654321",
                "user_id": "MX.0987654321",
                "previous_user_id": "CO.1234567890",
                "type": "user_changed_user_id",
            },
        )
        self.assertEqual(changed.partner_id, first.partner_id)
        self.assertEqual(first.partner_id.whatsapp_user_id, "MX.0987654321")

    def test_marketing_preferences_use_odoos_phone_blacklist(self):
        partner = self.customer_says("16505551234", text="hi").partner_id
        response = self.emulator.user_preference("16505551234", "stop")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.events()[:1].kind, "preference")
        self.process_events()
        self.assertTrue(partner.whatsapp_marketing_opt_out)
        entry = self.env["phone.blacklist"].search([("number", "=", "+16505551234")])
        self.assertTrue(entry.active)
        self.assertIn("stop marketing", entry.message_ids[:1].body)
        self.emulator.user_preference("16505551234", "resume")
        self.process_events()
        self.assertFalse(partner.whatsapp_marketing_opt_out)
        self.assertFalse(entry.active)

    @mute_logger("odoo.addons.whatsapp_cs.models.whatsapp_event")
    def test_statuses_of_messages_sent_by_another_tool_are_set_aside(self):
        self.emulator.status("wamid.FROM_ANOTHER_TOOL", "delivered", recipient_id="16505551234")
        event = self.events()[:1]
        self.process_events()
        self.assertEqual(event.state, "pending", "our own send may not be committed yet")
        with freeze_time(fields.Datetime.now() + timedelta(minutes=3)):
            self.process_events()
        self.assertEqual(event.state, "ignored")
        self.assertIn("another tool", event.last_error)
        self.assertEqual(event.attempts, 1)
        # the next events still flow
        self.assertEqual(self.customer_says("16505551234", text="still here").body, "still here")

    def test_edits_and_deletions_are_shown(self):
        original = self.customer_says("16505551234", text="I want 2 chairs")
        edit = self.customer_says(
            "16505551234", "edit", "I want 3 chairs", context_id=original.wamid
        )
        self.assertRecordValues(
            edit,
            [{"message_type": "edit", "body": "I want 3 chairs", "reply_to_id": original.id}],
        )
        self.assertTrue(original.edited_at)
        self.assertEqual(original.body, "I want 2 chairs", "what was first said is kept")
        revoke = self.customer_says("16505551234", "revoke", "", context_id=original.wamid)
        self.assertEqual(revoke.reply_to_id, original)
        self.assertTrue(original.revoked_at)
        bubbles = original.conversation_id.with_user(self.agent).whatsapp_chat_data()["messages"]
        first = next(bubble for bubble in bubbles if bubble["id"] == original.id)
        self.assertTrue(first["edited"] and first["revoked"])

    def test_template_status_reaches_every_number_of_the_account(self):
        second = self.env["whatsapp.account"].create(
            {
                "name": "Second number",
                "phone_number_id": "900000000000002",
                "waba_id": self.account.waba_id,
                "access_token": "test-token",
                "app_secret": "test-app-secret",
                "graph_api_url": self.emulator.base_url,
            }
        )
        for account in self.account | second:
            account.action_sync_templates()
        self.emulator.template_status("order_confirmation", "PAUSED")
        self.process_events()
        statuses = (
            (self.account | second)
            .template_ids.filtered(lambda t: t.name == "order_confirmation")
            .mapped("status")
        )
        self.assertEqual(statuses, ["PAUSED", "PAUSED"])
