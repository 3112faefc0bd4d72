# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .common import WhatsappCase


class TestInboxTour(WhatsappCase):
    """The inbox in a real browser (Chromium): claim, quick reply, note, solve."""

    def test_agent_works_a_pooled_conversation(self):
        ann = self.make_user("ann_agent")
        ann.password = "ann_agent"
        eve = self.make_user("eve_editor", "editor")
        team = self.make_team("Support", ann | eve)
        conversation = self.customer_says("16505559001", text="Where is my order?").conversation_id
        conversation.write({"team_id": team.id})
        conversation.partner_id.name = "Tour Customer"
        self.env["whatsapp.quick.reply"].create(
            {"shortcut": "thanks", "body": "Thanks {{first_name}}, {{agent}} will help you."}
        )
        self.start_tour(
            "/odoo/action-whatsapp_cs.whatsapp_conversation_action_pool",
            "whatsapp_cs_inbox_tour",
            login="ann_agent",
        )
        self.assertRecordValues(conversation, [{"state": "solved", "user_id": ann.id}])
        self.assertEqual(
            conversation.message_ids_wa.mapped("direction"), ["note", "out", "in"], "newest first"
        )
        mention = conversation.message_ids.filtered(lambda m: "refund" in (m.body or ""))
        self.assertEqual(mention.partner_ids, eve.partner_id)
        self.send_queue()
        self.assertEqual(len(self.emulator.sent), 1, "the reply went out, the note did not")
