# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from odoo.addons.whatsapp_cs.tools.text_match import compile_any, normalize, split_phrases


class WhatsappTagRule(models.Model):
    """Tag a customer from what they said over time, e.g. "said 'discount' at
    least twice in 3 days and has no confirmed sales order then → price-sensitive"."""

    _name = "whatsapp.tag.rule"
    _inherit = ["whatsapp.bot.cache.mixin", "whatsapp.guard.mixin"]
    _description = "WhatsApp Auto-Tag Rule"
    _order = "sequence, id"

    # The counter is the engine's.
    _whatsapp_create_fields = _whatsapp_write_fields = {
        "editor": {
            "name",
            "sequence",
            "active",
            "company_id",
            "tag_id",
            "keywords",
            "min_count",
            "period_days",
            "without_confirmed_order",
        }
    }

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    tag_id = fields.Many2one("res.partner.category", required=True)
    keywords = fields.Text(required=True, help="One per line or comma-separated, any language.")
    min_count = fields.Integer(
        string="At Least", default=2, help="Messages containing a keyword within the period."
    )
    period_days = fields.Integer(string="Within (days)", default=3)
    without_confirmed_order = fields.Boolean(
        string="And No Confirmed Sales Order",
        help="Only if the customer confirmed no sales order in the period (Sales app).",
    )
    tagged_count = fields.Integer(readonly=True, copy=False)

    @api.constrains("min_count", "period_days", "without_confirmed_order")
    def _check_values(self):
        for rule in self:
            if rule.min_count < 1 or rule.period_days < 1:
                raise ValidationError(self.env._("Count and period are at least 1."))
            if rule.without_confirmed_order and "sale.order" not in self.env:
                raise ValidationError(self.env._("“No confirmed sales order” needs the Sales app."))

    # Compiled once per process and company, like bot rules (see the mixin).
    @api.model
    @tools.ormcache("company_id")
    def _compiled(self, company_id):
        rules = self.sudo().search([("company_id", "=", company_id)])
        compiled = ((rule, compile_any(split_phrases(rule.keywords))) for rule in rules)
        return tuple((rule.id, rule.tag_id.id, pattern) for rule, pattern in compiled if pattern)

    @api.model
    def _on_customer_message(self, message):
        """Tag ``message``'s customer for every rule this message completes."""
        compiled = self._compiled(message.company_id.id)
        if not compiled:
            return
        partner = message.partner_id
        normalized = normalize(message.body)
        for rule_id, tag_id, pattern in compiled:
            if tag_id in partner.category_id.ids or not pattern.search(normalized):
                continue
            rule = self.sudo().browse(rule_id)
            since = fields.Datetime.now() - timedelta(days=rule.period_days)
            bodies = (
                self.env["whatsapp.message"]
                .sudo()
                .search(
                    [
                        ("partner_id", "=", partner.id),
                        ("direction", "=", "in"),
                        ("timestamp", ">=", since),
                    ]
                )
                .mapped("body")
            )
            said = sum(1 for body in bodies if pattern.search(normalize(body)))
            if said < rule.min_count or rule._ordered_since(partner, since):
                continue
            partner.sudo().category_id = [fields.Command.link(tag_id)]
            rule._bump_counter("tagged_count")

    def _ordered_since(self, partner, since):
        if not self.without_confirmed_order or "sale.order" not in self.env:
            return False
        return bool(
            self.env["sale.order"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "child_of", partner.commercial_partner_id.id),
                    ("state", "=", "sale"),
                    ("date_order", ">=", since),
                ],
                limit=1,
            )
        )
