# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

MAX_REPLY_LENGTH = 256
LONG_REPLY_WARNING = 160


class WhatsappBotReply(models.Model):
    """One wording of a rule's answer; one of them is picked at random."""

    _name = "whatsapp.bot.reply"
    _inherit = ["whatsapp.guard.mixin"]
    _description = "WhatsApp Bot Reply Variant"
    _order = "rule_id, sequence, id"

    _whatsapp_create_fields = {"editor": {"rule_id", "sequence", "body"}}
    _whatsapp_write_fields = {"editor": {"sequence", "body"}}

    rule_id = fields.Many2one("whatsapp.bot.rule", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    body = fields.Text(
        required=True,
        translate=True,
        help="At most 256 characters. Placeholders: {{first_name}}, {{customer}}, "
        "{{company}}; with Sales: {{last_order}}, {{last_order_state}}; with Inventory, "
        "for the product whose reference or barcode is REF: {{product:REF}}, {{stock:REF}} "
        "and {{availability:REF}} (“in stock”, or “limited pre-order” below 10 units). "
        "A variant whose placeholder has no value is not sent.",
    )
    length_warning = fields.Char(compute="_compute_length_warning")

    @api.constrains("body")
    def _check_length(self):
        for reply in self:
            if len(reply.body or "") > MAX_REPLY_LENGTH:
                raise ValidationError(
                    self.env._(
                        "A bot reply has at most %(max)s characters; this one has %(count)s.",
                        max=MAX_REPLY_LENGTH,
                        count=len(reply.body),
                    )
                )

    @api.constrains("body")
    def _check_compliance(self):
        words = self.env["whatsapp.sensitive.word"]
        for reply in self.filtered(lambda r: not r.rule_id.allow_flagged_words):
            problems, rewording = words._review(reply.body or "")
            if problems:
                raise ValidationError(
                    self.env._(
                        "This reply uses words automatic messages should avoid:\n%(words)s\n"
                        "Suggested: %(rewording)s\n(Or tick “Allow Flagged Words” on the rule.)",
                        words="\n".join(
                            f"• {word} ({category})" + (f" → {hint}" if hint else "")
                            for word, category, hint in problems
                        ),
                        rewording=rewording,
                    )
                )

    @api.depends("body")
    def _compute_length_warning(self):
        for reply in self:
            length = len(reply.body or "")
            reply.length_warning = (
                self.env._("%s characters: long for a chat, customers may not read it all.", length)
                if length > LONG_REPLY_WARNING
                else False
            )
