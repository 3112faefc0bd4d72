# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .broadcast_common import BroadcastCase


class TestBroadcastTour(BroadcastCase):
    """An editor creates and sends a broadcast in a real browser (Chromium)."""

    def test_an_editor_creates_and_sends_a_broadcast(self):
        vips = self.customers(2)
        # the tour keeps the default audience (every contact): the VIPs opted in
        self.start_tour(
            "/odoo/action-whatsapp_cs_bot.mailing_mailing_action_whatsapp",
            "whatsapp_cs_broadcast_tour",
            login="wa_bc_editor",
        )
        mailing = self.env["mailing.mailing"].search([("subject", "=", "VIP week from the tour")])
        self.assertEqual(mailing.state, "in_queue")
        self.assertEqual(mailing.create_uid, self.editor)
        self.assertGreaterEqual(mailing.wa_audit_count, 2)
        self.assertGreater(mailing.wa_audit_cost, 0)
        self.run_broadcasts()
        self.send_queue()
        self.assertTrue({"5511900000000", "5511900000001"} <= set(self.sent_to()))
        self.assertEqual(
            mailing.mailing_trace_ids.filtered(lambda t: t.wa_partner_id in vips).mapped(
                "trace_status"
            ),
            ["pending", "pending"],
        )
