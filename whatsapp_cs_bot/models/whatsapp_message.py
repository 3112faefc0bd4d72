# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class WhatsappMessage(models.Model):
    _inherit = "whatsapp.message"

    def _on_customer_message(self, first_contact):
        result = super()._on_customer_message(first_contact)
        if self.message_type in ("reaction", "system", "edit", "revoke"):
            return result  # an emoji, a number change or an edit is not a question
        self.env["whatsapp.tag.rule"]._on_customer_message(self)
        self.env["whatsapp.bot.engine"]._on_customer_message(
            self.conversation_id, self, first_contact
        )
        return result
