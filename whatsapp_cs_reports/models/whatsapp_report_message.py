# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL

CATEGORIES = [
    ("marketing", "Marketing"),
    ("utility", "Utility"),
    ("authentication", "Authentication"),
    ("service", "Service"),
]


class WhatsappReportMessage(models.Model):
    """The Messages report: one row per message received or sent (notes
    excluded), with its delivery, Meta's error and its advice, its template,
    its pricing category and its cost."""

    _name = "whatsapp.report.message"
    _description = "WhatsApp Message Report"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "date"

    date = fields.Datetime(readonly=True, help="Meta's time of the message.")
    conversation_id = fields.Many2one("whatsapp.conversation", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    account_id = fields.Many2one("whatsapp.account", string="Number", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    country_id = fields.Many2one("res.country", readonly=True)
    team_id = fields.Many2one("whatsapp.team", readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Agent", readonly=True, help="Whoever the conversation is assigned to."
    )
    author_id = fields.Many2one("res.users", string="Sent By", readonly=True)
    direction = fields.Selection([("in", "Received"), ("out", "Sent")], readonly=True)
    message_type = fields.Selection(
        selection=lambda self: self.env["whatsapp.message"]._fields["message_type"].selection,
        string="Type",
        readonly=True,
    )
    state = fields.Selection(
        selection=lambda self: self.env["whatsapp.message"]._fields["state"].selection,
        readonly=True,
    )
    is_automatic = fields.Boolean(string="Automatic", readonly=True)
    template_id = fields.Many2one("whatsapp.template", readonly=True)
    category = fields.Selection(
        CATEGORIES,
        readonly=True,
        help="Meta's pricing category (from its status webhook), else the template's "
        "category; messages without a template are service messages.",
    )
    error_code = fields.Integer(string="Meta Error", readonly=True, aggregator=False)
    error_title = fields.Char(string="Error", readonly=True)
    error_advice = fields.Char(string="Advice", readonly=True)
    received = fields.Integer(readonly=True, help="1 for a message the customer sent.")
    sent = fields.Integer(readonly=True, help="1 for a message Meta accepted from us.")
    delivered = fields.Integer(readonly=True, help="1 once it reached the customer's phone.")
    read_count = fields.Integer(string="Read", readonly=True, help="1 once the customer read it.")
    failed = fields.Integer(readonly=True)
    outside_window = fields.Integer(
        string="Sent Outside Window",
        readonly=True,
        help="1 for a message sent while the 24-hour window was closed (a template).",
    )
    cost = fields.Float(digits=(16, 4), readonly=True, help="Company currency.")

    @property
    def _table_query(self):
        return SQL(
            """
SELECT m.id, m.timestamp AS date, m.conversation_id, m.company_id, m.account_id,
       m.partner_id, COALESCE(m.recipient_country_id, p.country_id) AS country_id,
       c.team_id, c.user_id, m.author_id, m.direction, m.message_type, m.state,
       COALESCE(m.is_automatic, false) AS is_automatic, m.template_id,
       CASE split_part(COALESCE(m.pricing_category, ''), '_', 1)
            WHEN 'marketing' THEN 'marketing'
            WHEN 'authentication' THEN 'authentication'
            WHEN 'utility' THEN 'utility'
            WHEN '' THEN COALESCE(lower(t.category), 'service')
            ELSE 'service' END AS category,
       NULLIF(m.error_code, 0) AS error_code, m.error_title, m.error_advice,
       CASE WHEN m.direction = 'in' THEN 1 ELSE 0 END AS received,
       CASE WHEN m.state IN ('sent', 'delivered', 'read', 'played') THEN 1 ELSE 0 END AS sent,
       CASE WHEN m.state IN ('delivered', 'read', 'played') THEN 1 ELSE 0 END AS delivered,
       CASE WHEN m.state IN ('read', 'played') THEN 1 ELSE 0 END AS read_count,
       CASE WHEN m.state = 'failed' THEN 1 ELSE 0 END AS failed,
       CASE WHEN m.sent_outside_window THEN 1 ELSE 0 END AS outside_window,
       COALESCE(m.cost, 0.0) AS cost
  FROM whatsapp_message m
  JOIN whatsapp_conversation c ON c.id = m.conversation_id
  JOIN res_partner p ON p.id = m.partner_id
  LEFT JOIN whatsapp_template t ON t.id = m.template_id
 WHERE m.direction IN ('in', 'out')
"""
        )
