# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class WhatsappConversationLog(models.Model):
    _inherit = "whatsapp.conversation.log"

    action = fields.Selection(
        selection_add=[("handoff", "Bot handed off")], ondelete={"handoff": "cascade"}
    )
