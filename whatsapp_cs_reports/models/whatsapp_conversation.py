# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

END_STATES = ("solved", "closed")


class WhatsappConversation(models.Model):
    """Keep the reports' episodes in step, and ask for a rating when solved."""

    _inherit = "whatsapp.conversation"

    def _on_new_message(self, message):
        if message.direction == "out" and not message.sent_outside_window:
            expires = self.window_expires_at
            if not expires or message.timestamp > expires:
                message.sudo().sent_outside_window = True
        res = super()._on_new_message(message)
        if message.direction != "note":
            self.env["whatsapp.episode"]._queue_partners(self.partner_id.ids)
        return res

    def _customer_wrote_vals(self, message):
        """An answer to a satisfaction survey does not reopen the conversation."""
        rating = self.env["rating.rating"]._whatsapp_pending(self)
        if rating and rating._whatsapp_is_answer(message):
            message.sudo().is_csat = True
            return {}
        return super()._customer_wrote_vals(message)

    def _log_state(self, old, new, why=""):
        # the log entry records the new state itself (not only its label)
        return super(WhatsappConversation, self.with_context(whatsapp_state_to=new))._log_state(
            old, new, why
        )

    def _set_state(self, new_state):
        ending = self.filtered(lambda c: c.state not in END_STATES)
        res = super()._set_state(new_state)
        self.env["whatsapp.episode"]._queue_partners(self.partner_id.ids)
        if new_state in END_STATES and ending:
            self.env["rating.rating"]._whatsapp_schedule(ending)
        return res
