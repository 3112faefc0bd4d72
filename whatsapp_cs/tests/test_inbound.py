# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
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
        recent = self.customer_says("16505551234", text="new", timestamp=2_000_000_000)
        self.customer_says("16505551234", text="old", timestamp=1_999_000_000)
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
