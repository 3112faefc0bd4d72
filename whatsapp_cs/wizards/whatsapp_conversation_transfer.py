# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools.access import require_role


class WhatsappConversationTransfer(models.TransientModel):
    """Editors assign conversations to an agent or move them to another team."""

    _name = "whatsapp.conversation.transfer"
    _description = "Assign or Transfer WhatsApp Conversations"

    conversation_ids = fields.Many2many("whatsapp.conversation", required=True)
    team_id = fields.Many2one("whatsapp.team")
    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        domain="[('id', 'in', member_user_ids)]",
        help="Leave empty to put the conversations in the team's pool.",
    )
    member_user_ids = fields.Many2many("res.users", compute="_compute_member_user_ids")
    note = fields.Char(help="Why, for the log (optional).")

    @api.depends("team_id")
    def _compute_member_user_ids(self):
        for wizard in self:
            wizard.member_user_ids = wizard.team_id.user_ids

    @api.onchange("team_id")
    def _onchange_team_id(self):
        if self.user_id and self.user_id not in self.team_id.user_ids:
            self.user_id = False

    @require_role("editor")
    def action_apply(self):
        self.ensure_one()
        # a many2many read hides the records the user may not see: say so
        if self.sudo().conversation_ids != self.conversation_ids.sudo():
            raise AccessError(self.env._("You cannot change some of these conversations."))
        self.conversation_ids.check_access("write")
        self.conversation_ids._transfer(user=self.user_id, team=self.team_id, note=self.note or "")
        return {"type": "ir.actions.act_window_close"}
