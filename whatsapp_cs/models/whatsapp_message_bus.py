# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The model is split by concern on purpose, one file each (see its main file).
# pylint: disable=consider-merging-classes-inherited
from odoo import api, models

# A change of these redraws the bubble (ticks, errors, edits, deletions, files).
BUBBLE_FIELDS = {
    "state",
    "error_title",
    "error_advice",
    "edited_at",
    "revoked_at",
    "attachment_ids",
    "body",
}


class WhatsappMessage(models.Model):
    """Real time: new and changed messages are announced on the bus with their
    conversation (``whatsapp_conversation_bus``), from whichever code makes
    them: the webhook's cron, the send queue, a user's request."""

    _inherit = "whatsapp.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        for conversation, group in messages.sudo().grouped("conversation_id").items():
            conversation._bus_queue(
                messages=group,
                new_inbound=any(m.direction == "in" for m in group),
            )
        return messages

    def write(self, vals):
        result = super().write(vals)
        # "sending" lasts the time of one request to Meta: the bubble shows
        # the outcome ("sent" or the error) instead
        if BUBBLE_FIELDS & set(vals) and vals.get("state") != "sending":
            for conversation, group in self.sudo().grouped("conversation_id").items():
                conversation._bus_queue(messages=group)
        return result
