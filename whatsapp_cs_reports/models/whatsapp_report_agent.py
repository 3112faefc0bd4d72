# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

TRANSFER_RATE_LIMIT = 15.0
CSAT_LIMIT = 4.0


class WhatsappReportAgent(models.Model):
    """The Agents report: one row per agent and week (and per agent and
    month), compared with the period before.

    Medians and comparisons need the whole period at once, so the rows are a
    materialized view over the episodes, messages and presence samples,
    refreshed every 10 minutes (see ``whatsapp.report.materialized``).
    """

    _name = "whatsapp.report.agent"
    _inherit = "whatsapp.report.materialized"
    _auto = False
    _description = "WhatsApp Agent Report"
    _order = "period_start desc, assigned_count desc, id"
    _rec_name = "user_id"

    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    period = fields.Selection(
        [("week", "Week"), ("month", "Month")], string="Period Type", readonly=True
    )
    period_start = fields.Date(
        string="Period", readonly=True, help="First day (company time zone)."
    )
    assigned_count = fields.Integer(
        string="Conversations",
        readonly=True,
        help="Episodes opened in the period that are this agent's (they answered first, or "
        "it was assigned to them).",
    )
    solved_count = fields.Integer(string="Solved", readonly=True)
    messages_sent = fields.Integer(
        readonly=True, help="Messages the agent wrote in the period (bots not counted)."
    )
    frt_avg = fields.Float(string="Avg First Response", readonly=True, aggregator="avg")
    frt_median = fields.Float(string="Median First Response", readonly=True, aggregator="avg")
    resolution_avg = fields.Float(string="Avg Resolution", readonly=True, aggregator="avg")
    resolution_median = fields.Float(string="Median Resolution", readonly=True, aggregator="avg")
    resolution_rate = fields.Float(
        string="Resolution Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Solved ÷ conversations.",
    )
    transfer_rate = fields.Float(
        string="Transfer Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Conversations transferred at least once ÷ conversations.",
    )
    transfer_flag = fields.Boolean(
        string="Transfers > 15 %", readonly=True, help="More than 15 % transferred: coaching."
    )
    csat_avg = fields.Float(string="CSAT", readonly=True, aggregator="avg")
    csat_count = fields.Integer(string="Ratings", readonly=True)
    csat_flag = fields.Boolean(string="CSAT < 4", readonly=True, help="Average rating below 4.")
    hours_online = fields.Float(
        readonly=True, help="Hours online in the period, sampled from Odoo's presence."
    )
    prev_assigned_count = fields.Integer(string="Conversations (Previous)", readonly=True)
    prev_frt_avg = fields.Float(
        string="Avg First Response (Previous)", readonly=True, aggregator="avg"
    )
    prev_resolution_rate = fields.Float(
        string="Resolution Rate (Previous, %)", readonly=True, aggregator="avg"
    )
    prev_csat_avg = fields.Float(string="CSAT (Previous)", readonly=True, aggregator="avg")
    prev_hours_online = fields.Float(string="Hours Online (Previous)", readonly=True)

    _materialized_indexes = (("period", "period_start", "user_id"),)

    @api.model
    def _view_query(self):
        return SQL(
            """
WITH kinds(kind, step) AS (VALUES ('week', interval '1 week'), ('month', interval '1 month')),
zones AS (
    SELECT c.id AS company_id, COALESCE(p.tz, rc.tz, 'UTC') AS tz
      FROM res_company c
      JOIN res_partner p ON p.id = c.partner_id
      LEFT JOIN resource_calendar rc ON rc.id = c.resource_calendar_id
),
episodes AS (
    SELECT e.user_id, e.company_id, k.kind, date_trunc(k.kind, e.opened_date)::date AS period_start,
           COUNT(*) AS assigned_count,
           COUNT(*) FILTER (WHERE e.is_solved) AS solved_count,
           AVG(e.frt) AS frt_avg,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY e.frt) AS frt_median,
           AVG(e.resolution) AS resolution_avg,
           percentile_cont(0.5) WITHIN GROUP (ORDER BY e.resolution) AS resolution_median,
           100.0 * COUNT(*) FILTER (WHERE e.is_solved) / COUNT(*) AS resolution_rate,
           100.0 * COUNT(*) FILTER (WHERE e.transfer_count > 0) / COUNT(*) AS transfer_rate,
           AVG(e.csat) AS csat_avg,
           SUM(e.csat_answered) AS csat_count
      FROM whatsapp_episode e CROSS JOIN kinds k
     WHERE e.user_id IS NOT NULL
     GROUP BY 1, 2, 3, 4
),
messages AS (
    SELECT m.author_id AS user_id, m.company_id, k.kind,
           date_trunc(k.kind, (m.timestamp AT TIME ZONE 'UTC') AT TIME ZONE z.tz)::date
               AS period_start,
           COUNT(*) AS messages_sent
      FROM whatsapp_message m
      JOIN zones z ON z.company_id = m.company_id
      CROSS JOIN kinds k
     WHERE m.direction = 'out' AND NOT COALESCE(m.is_automatic, false)
       AND m.author_id IS NOT NULL AND m.author_id != 1
     GROUP BY 1, 2, 3, 4
),
online AS (
    SELECT p.user_id, p.company_id, k.kind, date_trunc(k.kind, p.day)::date AS period_start,
           SUM(p.minutes) / 60.0 AS hours_online
      FROM whatsapp_agent_presence p CROSS JOIN kinds k
     GROUP BY 1, 2, 3, 4
),
cells AS (
    SELECT user_id, company_id, kind, period_start FROM episodes
    UNION SELECT user_id, company_id, kind, period_start FROM messages
    UNION SELECT user_id, company_id, kind, period_start FROM online
),
figures AS (
    SELECT c.user_id, c.company_id, c.kind, c.period_start,
           COALESCE(e.assigned_count, 0) AS assigned_count,
           COALESCE(e.solved_count, 0) AS solved_count,
           COALESCE(m.messages_sent, 0) AS messages_sent,
           e.frt_avg, e.frt_median, e.resolution_avg, e.resolution_median,
           e.resolution_rate, e.transfer_rate, e.csat_avg,
           COALESCE(e.csat_count, 0) AS csat_count,
           COALESCE(o.hours_online, 0.0) AS hours_online
      FROM cells c
      LEFT JOIN episodes e USING (user_id, company_id, kind, period_start)
      LEFT JOIN messages m USING (user_id, company_id, kind, period_start)
      LEFT JOIN online o USING (user_id, company_id, kind, period_start)
)
SELECT ((f.user_id::bigint * 1024 + f.company_id) * 100000
        + (f.period_start - date '2000-01-01')) * 2
       + CASE WHEN f.kind = 'month' THEN 1 ELSE 0 END AS id,
       f.user_id, f.company_id, f.kind AS period, f.period_start,
       f.assigned_count, f.solved_count, f.messages_sent,
       f.frt_avg, f.frt_median, f.resolution_avg, f.resolution_median,
       f.resolution_rate, f.transfer_rate,
       COALESCE(f.transfer_rate > %(transfer_limit)s, false) AS transfer_flag,
       f.csat_avg, f.csat_count,
       COALESCE(f.csat_count > 0 AND f.csat_avg < %(csat_limit)s, false) AS csat_flag,
       f.hours_online,
       COALESCE(p.assigned_count, 0) AS prev_assigned_count,
       p.frt_avg AS prev_frt_avg, p.resolution_rate AS prev_resolution_rate,
       p.csat_avg AS prev_csat_avg, COALESCE(p.hours_online, 0.0) AS prev_hours_online
  FROM figures f
  JOIN kinds k ON k.kind = f.kind
  LEFT JOIN figures p ON p.user_id = f.user_id AND p.company_id = f.company_id
                     AND p.kind = f.kind AND p.period_start = (f.period_start - k.step)::date
""",
            transfer_limit=TRANSFER_RATE_LIMIT,
            csat_limit=CSAT_LIMIT,
        )
