# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class WhatsappMessage(models.Model):
    _inherit = "whatsapp.message"

    def _on_customer_message(self, first_contact):
        result = super()._on_customer_message(first_contact)
        if self.message_type in ("reaction", "system"):
            return result  # an emoji or a number change is not something to answer
        self.env["whatsapp.tag.rule"]._on_customer_message(self)
        self.conversation_id._bot_on_customer_message(self, first_contact)
        return result
