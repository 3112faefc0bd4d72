# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import time
from datetime import timedelta

from odoo import fields
from odoo.tools import mute_logger

from .common import WhatsappCase


class TestInbound(WhatsappCase):
    def test_text_creates_partner_and_conversation(self):
        message = self.customer_says("16505551234", text="Hello", name="Ana Test")
        partner = message.partner_id
        self.assertRecordValues(
            partner,
            [{"name": "Ana Test", "whatsapp_wa_id": "16505551234", "mobile": "+16505551234"}],
        )
        conversation = message.conversation_id
        self.assertEqual(conversation.account_id, self.account)
        self.assertTrue(conversation.window_open)
        self.assertTrue(partner.whatsapp_window_open)
        self.assertEqual(conversation.unread_count, 1)

    def test_media_types_are_downloaded_into_attachments(self):
        for msg_type in ("image", "audio", "video", "document", "sticker"):
            with self.subTest(msg_type=msg_type):
                message = self.customer_says("16505551234", msg_type, text="caption")
                self.assertEqual(message.message_type, msg_type)
                self.assertEqual(len(message.attachment_ids), 1)
                attachment = message.attachment_ids
                stored = [m["content"] for m in self.emulator.media.values()]
                self.assertIn(attachment.raw, stored)
                if msg_type == "document":
                    self.assertEqual(attachment.name, "invoice.pdf")
                    self.assertEqual(message.body, "caption")

    def test_oversized_media_is_kept_with_an_explanation(self):
        big = b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 10)
        message = self.customer_says("16505551234", "image", text="", content=big)
        self.assertFalse(message.attachment_ids)
        self.assertEqual(message.error_code, 131052)
        self.assertIn("MB", message.error_details)
        self.assertRecordValues(message, [{"media_state": "unavailable", "media_retry_at": False}])

    def test_a_timestamp_in_the_future_never_opens_the_window_longer(self):
        """A skewed clock (./run chaos clock): the message counts as received now."""
        before = fields.Datetime.now()
        message = self.customer_says("16505551234", text="hi", timestamp=int(time.time()) + 86400)
        self.assertLessEqual(message.timestamp, fields.Datetime.now())
        self.assertGreaterEqual(message.timestamp, before.replace(microsecond=0))
        self.assertLessEqual(
            message.conversation_id.window_expires_at, fields.Datetime.now() + timedelta(days=1)
        )

    @mute_logger("odoo.addons.whatsapp_cs.models.whatsapp_message_inbound")
    def test_a_file_meta_does_not_hand_over_is_kept_unavailable_and_retried(self):
        """Media timeouts and 404s (./run chaos media): the message and its
        caption are stored at once, the file is fetched again later."""
        for kind in ("timeout", "missing", "oversized"):
            with self.subTest(kind=kind):
                self.emulator.add_media_fault(kind, delay=3)
                message = self.customer_says("16505551234", "image", text=f"photo {kind}")
                event = self.env["whatsapp.event"].search([("message_id", "=", message.id)])
                self.assertEqual(event.state, "done", "never a failed event")
                self.assertEqual(message.body, f"photo {kind}")
                self.assertFalse(message.attachment_ids)
                self.assertEqual(message.media_state, "unavailable")
                self.assertTrue(message.error_title)
                if kind == "oversized":  # Meta's limit: no retry helps
                    self.assertFalse(message.media_retry_at)
                    self.assertEqual(message.error_code, 131052)
                    continue
                self.assertGreater(message.media_retry_at, fields.Datetime.now())
                self.env["whatsapp.message"]._cron_retry_media()
                self.assertEqual(message.media_state, "unavailable", "not due yet")
                message.media_retry_at = fields.Datetime.now() - timedelta(seconds=1)
                self.env["whatsapp.message"]._cron_retry_media()
                self.env.invalidate_all()
                self.assertRecordValues(
                    message, [{"media_state": False, "media_retry_at": False, "error_code": 0}]
                )
                self.assertEqual(len(message.attachment_ids), 1)

    @mute_logger("odoo.addons.whatsapp_cs.models.whatsapp_message_inbound")
    def test_a_file_never_handed_over_asks_for_it_again(self):
        self.emulator.add_media_fault("missing", times=10)
        message = self.customer_says("16505551234", "image", text="lost")
        for _i in range(5):
            message.media_retry_at = fields.Datetime.now() - timedelta(seconds=1)
            self.env["whatsapp.message"]._cron_retry_media()
            self.env.invalidate_all()
            if not message.media_retry_at:
                break
        self.assertRecordValues(
            message, [{"media_state": "unavailable", "media_retry_at": False, "media_attempts": 5}]
        )
        self.assertIn("send it again", message.error_advice)

    def test_location_contacts_and_replies(self):
        location = self.customer_says("16505551234", "location")
        self.assertIn("1 Hacker Way", location.body)
        self.assertIn("maps.google.com/?q=37.4847,-122.1477", location.body)
        contacts = self.customer_says("16505551234", "contacts")
        self.assertIn("Chandler Bing", contacts.body)
        button = self.customer_says(
            "16505551234", "interactive", text="Yes, solved", reply_id="t1_yes"
        )
        self.assertRecordValues(button, [{"body": "Yes, solved", "button_payload": "t1_yes"}])
        listed = self.customer_says(
            "16505551234",
            "interactive",
            text="Billing",
            reply_id="dep_billing",
            interactive_type="list_reply",
        )
        self.assertEqual(listed.button_payload, "dep_billing")
        quick = self.customer_says("16505551234", "button", text="Reopen", payload="t1_reopen")
        self.assertRecordValues(quick, [{"message_type": "button", "button_payload": "t1_reopen"}])

    def test_reaction_and_reply_context_point_at_the_message(self):
        first = self.customer_says("16505551234", text="first")
        reply = self.customer_says("16505551234", text="about that", context_id=first.wamid)
        self.assertEqual(reply.reply_to_id, first)
        reaction = self.customer_says("16505551234", "reaction", text="👍", context_id=first.wamid)
        self.assertRecordValues(reaction, [{"message_type": "reaction", "body": "👍"}])
        self.assertEqual(reaction.reply_to_id, first)

    def test_unsupported_and_unknown_types(self):
        unsupported = self.customer_says("16505551234", "unsupported")
        self.assertRecordValues(
            unsupported, [{"message_type": "unsupported", "error_code": 131051}]
        )
        self.assertIn("poll_creation", unsupported.body)
        self.assertTrue(unsupported.error_advice)
        weird = self.customer_says("16505551234", "hologram", body={"x": 1})
        self.assertEqual(weird.message_type, "unsupported")

    def test_brazil_wa_id_matches_partner_stored_with_the_ninth_digit(self):
        partner = self.env["res.partner"].create(
            {"name": "Bia Brazil", "mobile": "+55 21 99876-1234"}
        )
        message = self.customer_says("552198761234", text="oi")
        self.assertEqual(message.partner_id, partner)
        self.assertEqual(partner.whatsapp_wa_id, "552198761234")

    def test_mexico_legacy_521_matches_partner(self):
        partner = self.env["res.partner"].create({"name": "Pablo", "phone": "+52 33 8765 4321"})
        message = self.customer_says("5213387654321", text="hola")
        self.assertEqual(message.partner_id, partner)

    def test_business_scoped_user_id_is_the_identity(self):
        first = self.customer_says("16505551234", text="a", user_id="US.1234567890")
        second = self.customer_says("16505559876", text="b", user_id="US.1234567890")
        self.assertEqual(first.partner_id, second.partner_id)
        self.assertEqual(second.partner_id.whatsapp_wa_id, "16505559876")

    def test_out_of_order_inbound_keeps_latest_window(self):
        now = int(time.time())
        recent = self.customer_says("16505551234", text="new", timestamp=now - 60)
        self.customer_says("16505551234", text="old", timestamp=now - 3600)
        conversation = recent.conversation_id
        self.assertEqual(conversation.last_inbound_at, recent.timestamp)
        self.assertEqual(conversation.last_message_preview, "new")

    def test_template_status_webhook_changes_state(self):
        template = self.env["whatsapp.template"].create(
            {
                "account_id": self.account.id,
                "name": "appointment_reminder",
                "language": "en_US",
                "status": "PENDING",
                "meta_id": self.emulator.templates[3]["id"],
            }
        )
        response = self.emulator.template_status("appointment_reminder", "APPROVED")
        self.assertEqual(response.status_code, 200)
        self.process_events()
        self.assertEqual(template.status, "APPROVED")
        self.emulator.template_status("appointment_reminder", "REJECTED", reason="INVALID_FORMAT")
        self.process_events()
        self.assertRecordValues(
            template, [{"status": "REJECTED", "rejection_reason": "INVALID_FORMAT"}]
        )
