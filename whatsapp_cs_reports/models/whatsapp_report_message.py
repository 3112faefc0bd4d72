# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

CATEGORIES = [
    ("marketing", "Marketing"),
    ("utility", "Utility"),
    ("authentication", "Authentication"),
    ("service", "Service"),
]


class WhatsappReportMessage(models.Model):
    """The Messages report: messages received and sent per day (company time
    zone), number, team, agent, author, type, status, template, pricing
    category, Meta error (with its advice) and country, with the counts of
    received, sent, delivered, read and failed and Meta's cost.

    A million messages are too many to aggregate on every pivot: the rows
    are a materialized view refreshed every 10 minutes
    (``whatsapp.report.materialized``); notes are not counted. One message
    per row is in *WhatsApp > Messages*.
    """

    _name = "whatsapp.report.message"
    _inherit = "whatsapp.report.materialized"
    _auto = False
    _description = "WhatsApp Message Report"
    _order = "date desc, id desc"
    _rec_name = "date"
    _materialized_indexes = (("date", "team_id"), ("state", "date"))

    date = fields.Date(readonly=True, help="The day of the messages (company time zone).")
    company_id = fields.Many2one("res.company", readonly=True)
    account_id = fields.Many2one("whatsapp.account", string="Number", readonly=True)
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
    message_count = fields.Integer(string="Messages", readonly=True)
    received = fields.Integer(readonly=True, help="Messages the customers sent.")
    sent = fields.Integer(readonly=True, help="Messages Meta accepted from us.")
    delivered = fields.Integer(readonly=True, help="Those that reached the customer's phone.")
    read_count = fields.Integer(string="Read", readonly=True, help="Those the customer read.")
    failed = fields.Integer(readonly=True)
    outside_window = fields.Integer(
        string="Sent Outside Window",
        readonly=True,
        help="Messages sent while the 24-hour window was closed (templates).",
    )
    cost = fields.Float(digits=(16, 4), readonly=True, help="Company currency.")

    @api.model
    def _view_query(self):
        return SQL(
            """
WITH zones AS (
    SELECT c.id AS company_id, COALESCE(p.tz, rc.tz, 'UTC') AS tz
      FROM res_company c
      JOIN res_partner p ON p.id = c.partner_id
      LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id
), rows AS (
    SELECT ((m.timestamp AT TIME ZONE 'UTC') AT TIME ZONE z.tz)::date AS date,
           m.company_id, m.account_id, COALESCE(m.recipient_country_id, p.country_id) AS country_id,
           c.team_id, c.user_id, m.author_id, m.direction, m.message_type, m.state,
           COALESCE(m.is_automatic, false) AS is_automatic, m.template_id,
           CASE split_part(COALESCE(m.pricing_category, ''), '_', 1)
                WHEN 'marketing' THEN 'marketing'
                WHEN 'authentication' THEN 'authentication'
                WHEN 'utility' THEN 'utility'
                WHEN '' THEN COALESCE(lower(t.category), 'service')
                ELSE 'service' END AS category,
           NULLIF(m.error_code, 0) AS error_code, m.error_title, m.error_advice,
           COUNT(*) AS message_count,
           COUNT(*) FILTER (WHERE m.direction = 'in') AS received,
           COUNT(*) FILTER (WHERE m.state IN ('sent', 'delivered', 'read', 'played')) AS sent,
           COUNT(*) FILTER (WHERE m.state IN ('delivered', 'read', 'played')) AS delivered,
           COUNT(*) FILTER (WHERE m.state IN ('read', 'played')) AS read_count,
           COUNT(*) FILTER (WHERE m.state = 'failed') AS failed,
           COUNT(*) FILTER (WHERE m.sent_outside_window) AS outside_window,
           SUM(COALESCE(m.cost, 0.0)) AS cost
      FROM whatsapp_message m
      JOIN zones z ON z.company_id = m.company_id
      JOIN whatsapp_conversation c ON c.id = m.conversation_id
      JOIN res_partner p ON p.id = m.partner_id
      LEFT JOIN whatsapp_template t ON t.id = m.template_id
     WHERE m.direction IN ('in', 'out')
     GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16
)
SELECT row_number() OVER (ORDER BY date, company_id, account_id, team_id, user_id, author_id,
                                   direction, message_type, state, template_id, category,
                                   error_code, country_id, is_automatic, error_title,
                                   error_advice) AS id,
       *
  FROM rows
"""
        )
