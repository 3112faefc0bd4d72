# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.whatsapp_cs.tools.access import require_role


class WhatsappConversation(models.Model):
    _inherit = "whatsapp.conversation"

    bot_stopped = fields.Boolean(readonly=True, help="Handed off to a human: the bot stays quiet.")

    @require_role("agent")
    def action_bot_resume(self):
        """Let the bot answer this customer again (its agent or a team editor)."""
        self.check_access("write")
        self._check_assignee_or_editor()
        self.sudo().bot_stopped = False
        return True
