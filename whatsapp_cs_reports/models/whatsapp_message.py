# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class WhatsappMessage(models.Model):
    _inherit = "whatsapp.message"

    sent_outside_window = fields.Boolean(
        readonly=True,
        help="Sent while the customer's 24-hour window was closed (a template).",
    )
    is_csat = fields.Boolean(
        string="Satisfaction Survey",
        readonly=True,
        help="A satisfaction request, or the customer's answer to one.",
    )

    def init(self):
        res = super().init()
        # The Agents report counts each agent's messages per period.
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS whatsapp_message_report_author_idx
               ON whatsapp_message (author_id, timestamp)
               WHERE direction = 'out' AND NOT COALESCE(is_automatic, false)"""
        )
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS whatsapp_message_report_time_idx
               ON whatsapp_message (timestamp)"""
        )
        return res

    @api.model
    def _backfill_outside_window(self):
        """Mark the outbound messages already stored that left while the window
        was closed (no customer message in the 24 hours before)."""
        self.flush_model()
        self.env.cr.execute(
            """UPDATE whatsapp_message m SET sent_outside_window = true
                WHERE m.direction = 'out'
                  AND NOT EXISTS (
                      SELECT 1 FROM whatsapp_message i
                       WHERE i.conversation_id = m.conversation_id AND i.direction = 'in'
                         AND i.timestamp <= m.timestamp
                         AND i.timestamp > m.timestamp - interval '24 hours')"""
        )
        self.invalidate_model(["sent_outside_window"])

    def _on_customer_message(self, first_contact):
        """An answer to a satisfaction survey is stored as the rating and is
        no question: nothing else (bots included) handles it."""
        rating = self.env["rating.rating"]._whatsapp_pending(self.conversation_id)
        if rating and rating._whatsapp_take_answer(self):
            return None
        return super()._on_customer_message(first_contact)
