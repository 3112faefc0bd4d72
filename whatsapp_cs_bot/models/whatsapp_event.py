# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from .whatsapp_bot_engine import HANDOFF_PAYLOAD


class WhatsappEvent(models.Model):
    _inherit = "whatsapp.event"

    @api.model
    def _answers_first(self, account_id, event):
        """Questions a keyword rule answers, and "talk to a human", skip the queue."""
        if event.kind != "message":
            return super()._answers_first(account_id, event)
        message = event.data.get("message") or {}
        reply = (message.get("interactive") or {}).get("button_reply") or {}
        if reply.get("id") == HANDOFF_PAYLOAD:
            return True
        text = (message.get("text") or {}).get("body")
        if text and self.env["whatsapp.bot.rule"]._answers_keyword(account_id, text):
            return True
        return super()._answers_first(account_id, event)
