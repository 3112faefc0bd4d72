# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

MAX_TITLE_LENGTH = 20


class WhatsappBotButton(models.Model):
    """A quick-reply button under a bot answer (WhatsApp allows three)."""

    _name = "whatsapp.bot.button"
    _inherit = ["whatsapp.guard.mixin"]
    _description = "WhatsApp Bot Button"
    _order = "rule_id, sequence, id"

    _whatsapp_create_fields = {"editor": {"rule_id", "sequence", "title", "is_handoff"}}
    _whatsapp_write_fields = {"editor": {"sequence", "title", "is_handoff"}}

    rule_id = fields.Many2one("whatsapp.bot.rule", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    title = fields.Char(required=True, translate=True, help="At most 20 characters.")
    is_handoff = fields.Boolean(
        string="Talk to a Human", help="Pressing it stops the bot and hands over to an agent."
    )

    @api.constrains("title")
    def _check_title(self):
        for button in self:
            if len(button.title or "") > MAX_TITLE_LENGTH:
                raise ValidationError(
                    self.env._(
                        "Button “%(title)s” is too long: WhatsApp allows %(max)s characters.",
                        title=button.title,
                        max=MAX_TITLE_LENGTH,
                    )
                )
