# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import Counter

import pytz
from psycopg2.extras import execute_values

from odoo import api, fields, models

from ..tools.keywords import terms

KEYWORD_BATCH = 5000
WATERMARK_LOCK = 781_204_121  # advisory lock: one counting run at a time, on any server


class WhatsappReportKeyword(models.Model):
    """The Keywords report: how many customer messages used each term, per day,
    team and number, so an admin finds the questions a bot should answer.

    Filled by a cron that reads the customers' new text messages once (a
    watermark on the message id), segments them (Chinese by jieba's
    dictionary) and adds the counts; a message counts each term once.
    """

    _name = "whatsapp.report.keyword"
    _description = "WhatsApp Keyword Report"
    _order = "day desc, count desc, id"
    _rec_name = "term"

    term = fields.Char(readonly=True, required=True, index=True)
    day = fields.Date(readonly=True, required=True, index=True, help="Company time zone.")
    company_id = fields.Many2one("res.company", readonly=True, required=True, index=True)
    account_id = fields.Many2one("whatsapp.account", string="Number", readonly=True)
    team_id = fields.Many2one("whatsapp.team", readonly=True, index=True)
    count = fields.Integer(
        string="Messages", readonly=True, help="Customer messages that used the term."
    )

    def init(self):
        self.env.cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS whatsapp_report_keyword_cell_uniq
               ON whatsapp_report_keyword (term, day, company_id, COALESCE(account_id, 0),
                                           COALESCE(team_id, 0))"""
        )

    @api.model
    def _cron_count(self, limit=KEYWORD_BATCH):
        """Count the terms of the next customers' messages after the watermark."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("SELECT pg_try_advisory_xact_lock(%s)", [WATERMARK_LOCK])
        if not cr.fetchone()[0]:
            return 0
        parameters = self.env["ir.config_parameter"].sudo()
        last_id = int(parameters.get_param("whatsapp_cs_reports.keyword_last_id", 0))
        cr.execute(
            """SELECT m.id, m.body, m.timestamp, m.company_id, m.account_id, c.team_id
                 FROM whatsapp_message m
                 JOIN whatsapp_conversation c ON c.id = m.conversation_id
                WHERE m.id > %s AND m.direction = 'in' AND m.message_type IN ('text', 'button',
                      'interactive') AND NOT COALESCE(m.is_csat, false)
                ORDER BY m.id LIMIT %s""",
            [last_id, limit],
        )
        rows = cr.fetchall()
        if not rows:
            self.env["ir.cron"]._notify_progress(done=0, remaining=0)
            return 0
        zones = {}
        cells = Counter()
        for _id, body, moment, company_id, account_id, team_id in rows:
            if company_id not in zones:
                company = self.env["res.company"].sudo().browse(company_id)
                zones[company_id] = pytz.timezone(
                    company.partner_id.tz or company.resource_calendar_id.tz or "UTC"
                )
            day = pytz.utc.localize(moment).astimezone(zones[company_id]).date()
            for term in set(terms(body)):
                cells[(term, day, company_id, account_id, team_id)] += 1
        if cells:
            execute_values(
                cr._obj,
                """INSERT INTO whatsapp_report_keyword
                       (term, day, company_id, account_id, team_id, count, create_uid,
                        write_uid, create_date, write_date)
                   VALUES %s
                   ON CONFLICT (term, day, company_id, COALESCE(account_id, 0),
                                COALESCE(team_id, 0))
                   DO UPDATE SET count = whatsapp_report_keyword.count + EXCLUDED.count""",
                [(*cell, count, 1, 1) for cell, count in cells.items()],
                template="(%s, %s, %s, %s, %s, %s, %s, %s, now() at time zone 'utc', "
                "now() at time zone 'utc')",
            )
        parameters.set_param("whatsapp_cs_reports.keyword_last_id", rows[-1][0])
        self.invalidate_model()
        remaining = 1 if len(rows) == limit else 0
        self.env["ir.cron"]._notify_progress(done=len(rows), remaining=remaining)
        return len(rows)
