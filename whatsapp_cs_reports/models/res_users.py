# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    whatsapp_team_member_ids = fields.One2many(
        "whatsapp.team.member",
        "user_id",
        string="WhatsApp Teams",
        readonly=True,
        groups="whatsapp_cs.group_agent,whatsapp_cs.group_analyst",
        help="Technical: lets the reports' rules give editors their teams' agents.",
    )
