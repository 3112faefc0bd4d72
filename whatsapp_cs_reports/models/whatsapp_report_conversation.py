# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from .whatsapp_episode_build import COLUMNS


class WhatsappReportConversation(models.Model):
    """The Conversations report: one row per service episode (a reopening is a
    new row), with its outcome in Sales and Invoicing when they are installed.

    Read-only SQL over the precomputed episodes (``whatsapp.episode``); the
    outcome is joined at query time, so a quotation confirmed or an invoice
    paid shows at once.
    """

    _name = "whatsapp.report.conversation"
    _inherit = "whatsapp.episode"
    _description = "WhatsApp Conversation Report"
    _auto = False
    _order = "opened_at desc, id desc"

    episode_count = fields.Integer(
        string="Conversations", readonly=True, help="1 per row: sums to the number of episodes."
    )
    quotation_count = fields.Integer(
        string="Quotations",
        readonly=True,
        help="Quotations and orders of the customer (or their company) dated (order date: "
        "the quotation's, then the confirmation's) from the episode's opening until its "
        "attribution end (the customer's next episode, or 14 days); cancelled ones not.",
    )
    quotation_amount = fields.Float(
        string="Quoted Amount", readonly=True, help="Untaxed, company currency."
    )
    order_count = fields.Integer(
        string="Orders", readonly=True, help="Those quotations confirmed as sales orders."
    )
    order_amount = fields.Float(
        string="Ordered Amount", readonly=True, help="Untaxed, company currency."
    )
    paid_amount = fields.Float(
        readonly=True,
        help="Untaxed amount of the customer invoices of those orders that are paid "
        "(or in payment), company currency.",
    )
    converted_pct = fields.Float(
        string="Conversion Rate (%)",
        readonly=True,
        aggregator="avg",
        help="100 when the episode led to a confirmed order, 0 otherwise.",
    )
    paid_pct = fields.Float(
        string="Paid Rate (%)",
        readonly=True,
        aggregator="avg",
        help="100 when it led to a paid invoice, 0 otherwise.",
    )

    @api.model
    def _episode_columns(self):
        columns = ("id", *COLUMNS, "create_uid", "create_date", "write_uid", "write_date")
        return SQL(", ".join(f"e.{column}" for column in columns))

    @property
    def _table_query(self):
        return self._conversation_query()

    @api.model
    def _conversation_query(self):
        """The report's SQL: episodes, plus outcome columns built for the
        modules installed (Sales: quotations, orders, paid invoices)."""
        if "sale.order" not in self.env:
            return SQL(
                """SELECT %s, 1 AS episode_count, 0 AS quotation_count, 0.0 AS quotation_amount,
                          0 AS order_count, 0.0 AS order_amount, 0.0 AS paid_amount,
                          0.0 AS converted_pct, 0.0 AS paid_pct
                     FROM whatsapp_episode e""",
                self._episode_columns(),
            )
        return SQL(
            """WITH orders AS (
                   SELECT so.id, so.company_id, so.date_order, so.state,
                          sp.commercial_partner_id,
                          so.amount_untaxed / COALESCE(NULLIF(so.currency_rate, 0), 1) AS amount
                     FROM sale_order so
                     JOIN res_partner sp ON sp.id = so.partner_id
                    WHERE so.state != 'cancel'
               ), paid AS (
                   SELECT link.order_id, SUM(am.amount_untaxed_signed) AS amount
                     FROM (SELECT DISTINCT sol.order_id, aml.move_id
                             FROM sale_order_line sol
                             JOIN sale_order_line_invoice_rel rel ON rel.order_line_id = sol.id
                             JOIN account_move_line aml ON aml.id = rel.invoice_line_id) link
                     JOIN account_move am ON am.id = link.move_id
                    WHERE am.move_type = 'out_invoice' AND am.state = 'posted'
                      AND am.payment_state IN ('paid', 'in_payment')
                    GROUP BY link.order_id
               ), outcome AS (
                   SELECT e.id,
                          COUNT(o.id) AS quotation_count,
                          SUM(o.amount) AS quotation_amount,
                          COUNT(o.id) FILTER (WHERE o.state = 'sale') AS order_count,
                          SUM(o.amount) FILTER (WHERE o.state = 'sale') AS order_amount,
                          SUM(p.amount) AS paid_amount
                     FROM whatsapp_episode e
                     JOIN orders o ON o.commercial_partner_id = e.commercial_partner_id
                                  AND o.company_id = e.company_id
                                  AND o.date_order >= e.opened_at
                                  AND o.date_order < e.attribution_end
                     LEFT JOIN paid p ON p.order_id = o.id
                    GROUP BY e.id
               )
               SELECT %s, 1 AS episode_count,
                      COALESCE(outcome.quotation_count, 0) AS quotation_count,
                      COALESCE(outcome.quotation_amount, 0.0) AS quotation_amount,
                      COALESCE(outcome.order_count, 0) AS order_count,
                      COALESCE(outcome.order_amount, 0.0) AS order_amount,
                      COALESCE(outcome.paid_amount, 0.0) AS paid_amount,
                      CASE WHEN outcome.order_count > 0 THEN 100.0 ELSE 0.0 END AS converted_pct,
                      CASE WHEN outcome.paid_amount > 0 THEN 100.0 ELSE 0.0 END AS paid_pct
                 FROM whatsapp_episode e
                 LEFT JOIN outcome ON outcome.id = e.id""",
            self._episode_columns(),
        )
