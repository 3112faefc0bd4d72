# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class WhatsappMessage(models.Model):
    _inherit = "whatsapp.message"

    @api.model
    def _receive_inbound(self, account, data):
        message = data["message"]
        known = self.search_count(
            [("account_id", "=", account.id), ("wamid", "=", message.get("id"))], limit=1
        )
        inbound = super()._receive_inbound(account, data)
        if not known and inbound.direction == "in":
            conversation = inbound.conversation_id
            first_contact = (
                self.search_count(
                    [("conversation_id", "=", conversation.id), ("direction", "=", "in")], limit=2
                )
                == 1
            )
            self.env["whatsapp.tag.rule"]._on_customer_message(inbound)
            conversation._bot_on_customer_message(inbound, first_contact)
        return inbound
