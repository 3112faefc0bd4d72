# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

# Meta's pricing categories, as its status webhooks name them.
CATEGORIES = [
    ("marketing", "Marketing"),
    ("marketing_lite", "Marketing lite"),
    ("utility", "Utility"),
    ("authentication", "Authentication"),
    ("authentication_international", "Authentication (international)"),
    ("service", "Service"),
    ("referral_conversion", "Referral conversion"),
]
PRICE_DIGITS = (16, 5)  # Meta's rates have fractions of a cent


class WhatsappRate(models.Model):
    """What Meta charges for one delivered message of a category to a country,
    from a date (Meta changes its rates on the first of a quarter)."""

    _name = "whatsapp.rate"
    _inherit = ["whatsapp.guard.mixin"]
    _description = "WhatsApp Message Rate"
    _order = "company_id, category, country_id, date_from desc, id desc"

    _whatsapp_create_fields = _whatsapp_write_fields = {
        "admin": {"category", "country_id", "date_from", "price", "company_id"}
    }

    category = fields.Selection(CATEGORIES, required=True, default="marketing")
    country_id = fields.Many2one(
        "res.country",
        string="Recipient Country",
        help="Empty: every country without a rate of its own.",
    )
    date_from = fields.Date(
        string="Valid From", required=True, default=fields.Date.context_today, index=True
    )
    price = fields.Float(
        digits=PRICE_DIGITS, required=True, help="Per delivered message, in the company currency."
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    _sql_constraints = [
        (
            "rate_uniq",
            "unique(company_id, category, country_id, date_from)",
            "This category already has a rate for this country from this date.",
        ),
    ]

    @api.model
    def _price(self, category, country, day, company):
        """The rate in force on ``day``: the country's own, else the default one."""
        own = [[("country_id", "=", country.id)]] if country else []
        for country_domain in [*own, [("country_id", "=", False)]]:
            rate = self.sudo().search(
                [
                    ("company_id", "=", company.id),
                    ("category", "=", category),
                    ("date_from", "<=", day),
                    *country_domain,
                ],
                order="date_from desc, id desc",
                limit=1,
            )
            if rate:
                return rate.price
        return 0.0

    @api.model
    def _estimate(self, category, partners, company, day=None):
        """What sending a ``category`` template to ``partners`` should cost."""
        day = day or fields.Date.context_today(self)
        prices = {}
        total = 0.0
        for partner in partners:
            country = partner._whatsapp_country()
            if country not in prices:
                prices[country] = self._price(category, country, day, company)
            total += prices[country]
        return total
