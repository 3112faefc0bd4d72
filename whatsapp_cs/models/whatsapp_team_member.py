# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models

ONLINE_ACTIVITY = timedelta(minutes=5)
# Odoo's bus polls about every minute while a browser tab is open.
ONLINE_POLL = timedelta(seconds=90)
OPEN_STATES = ("new", "open")


class WhatsappTeamMember(models.Model):
    """An agent in a team, with their skills and how many chats they take."""

    _name = "whatsapp.team.member"
    _inherit = ["whatsapp.guard.mixin"]
    _description = "WhatsApp Team Member"
    _order = "team_id, id"
    _rec_name = "user_id"

    _whatsapp_create_fields = _whatsapp_write_fields = {
        "admin": {"team_id", "user_id", "skill_ids", "capacity"}
    }

    team_id = fields.Many2one("whatsapp.team", required=True, index=True, ondelete="cascade")
    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        required=True,
        index=True,
        ondelete="cascade",
        domain=lambda self: [("groups_id", "in", self.env.ref("whatsapp_cs.group_agent").ids)],
    )
    skill_ids = fields.Many2many("whatsapp.skill", string="Skills")
    capacity = fields.Integer(
        default=3, help="Open conversations this agent handles at once before others get new ones."
    )
    last_assigned_at = fields.Datetime(
        readonly=True,
        help="Round-robin: among equally loaded agents the longest-waiting goes first.",
    )
    open_count = fields.Integer(
        compute="_compute_open_count", string="Open Conversations", help="New or open, all teams."
    )
    is_online = fields.Boolean(compute="_compute_is_online", string="Online")

    _sql_constraints = [
        ("team_user_uniq", "unique(team_id, user_id)", "This agent is already in the team."),
        ("capacity_positive", "CHECK(capacity >= 0)", "The capacity cannot be negative."),
    ]

    def _compute_open_count(self):
        loads = self._loads(self.user_id)
        for member in self:
            member.open_count = loads.get(member.user_id.id, 0)

    def _compute_is_online(self):
        online = self._online_users(self.user_id)
        for member in self:
            member.is_online = member.user_id in online

    @api.model
    def _loads(self, users):
        """Open conversations per user id (new or open, whatever the team)."""
        groups = (
            self.env["whatsapp.conversation"]
            .sudo()
            ._read_group(
                [("user_id", "in", users.ids), ("state", "in", OPEN_STATES)],
                ["user_id"],
                ["__count"],
            )
        )
        return {user.id: count for user, count in groups}

    @api.model
    def _online_users(self, users):
        """Users whose browser polls Odoo and who were active in the last 5 minutes."""
        now = fields.Datetime.now()
        presences = (
            self.env["bus.presence"]
            .sudo()
            .search(
                [
                    ("user_id", "in", users.ids),
                    ("last_poll", ">=", now - ONLINE_POLL),
                    ("last_presence", ">=", now - ONLINE_ACTIVITY),
                ]
            )
        )
        return presences.user_id
