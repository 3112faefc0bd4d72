# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class WhatsappSkill(models.Model):
    """What an agent can handle (a language, a product line, billing...)."""

    _name = "whatsapp.skill"
    _inherit = ["whatsapp.guard.mixin"]
    _description = "WhatsApp Agent Skill"
    _order = "name"

    _whatsapp_create_fields = _whatsapp_write_fields = {"admin": {"name", "color"}}

    name = fields.Char(required=True)
    color = fields.Integer()

    _sql_constraints = [("name_uniq", "unique(name)", "This skill already exists.")]
