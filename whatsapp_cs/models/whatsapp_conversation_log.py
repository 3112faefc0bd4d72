# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

LOG_ACTIONS = [
    ("route", "Routed"),
    ("assign", "Assigned"),
    ("claim", "Claimed"),
    ("transfer", "Transferred"),
    ("release", "Back to pool"),
    ("lock", "Locked"),
    ("state", "State changed"),
    ("priority", "Priority changed"),
    ("alert", "Response alert"),
    ("delete", "Deleted"),
    ("identity", "Customer number changed"),
]


class WhatsappConversationLog(models.Model):
    """Who did what to a conversation, and when (to the second). Append-only."""

    _name = "whatsapp.conversation.log"
    _description = "WhatsApp Conversation Log"
    _order = "date desc, id desc"
    _rec_name = "action"

    conversation_id = fields.Many2one(
        "whatsapp.conversation", index=True, ondelete="set null", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="By", default=lambda self: self.env.uid, readonly=True
    )
    action = fields.Selection(LOG_ACTIONS, required=True, readonly=True)
    detail = fields.Char(readonly=True)

    @api.model
    def _add(self, conversations, action, detail=""):
        return self.sudo().create(
            [
                {
                    "conversation_id": conversation.id,
                    "partner_id": conversation.partner_id.id,
                    "company_id": conversation.company_id.id,
                    "user_id": self.env.uid,
                    "action": action,
                    "detail": detail,
                }
                for conversation in conversations
            ]
        )
