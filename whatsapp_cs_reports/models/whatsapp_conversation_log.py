# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from odoo.addons.whatsapp_cs.models.whatsapp_conversation import STATES

# History entries that change an episode's figures.
REPORTED_ACTIONS = ("state", "handoff", "transfer", "assign", "claim", "release")


class WhatsappConversationLog(models.Model):
    _inherit = "whatsapp.conversation.log"

    whatsapp_state_to = fields.Selection(
        STATES, string="New State", readonly=True, help="For state changes: the new state."
    )
    whatsapp_team_id = fields.Many2one(
        "whatsapp.team", string="Team Then", readonly=True, help="The conversation's team then."
    )

    @api.model
    def _add(self, conversations, action, detail=""):
        logs = super()._add(conversations, action, detail)
        state_to = self.env.context.get("whatsapp_state_to") if action == "state" else False
        for log in logs.sudo():
            team = log.conversation_id.team_id
            if team or state_to:
                log.write({"whatsapp_state_to": state_to, "whatsapp_team_id": team.id})
        if action in REPORTED_ACTIONS:
            self.env["whatsapp.episode"]._queue_partners(conversations.partner_id.ids)
        return logs
