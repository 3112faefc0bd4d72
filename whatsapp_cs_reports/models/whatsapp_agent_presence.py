# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

import pytz

from odoo import api, fields, models

SAMPLE_MINUTES = 5


class WhatsappAgentPresence(models.Model):
    """Minutes each agent was online per day, sampled from Odoo's presence
    (the same "online" the inbox assigns by: a browser polling and activity in
    the last 5 minutes) every 5 minutes."""

    _name = "whatsapp.agent.presence"
    _description = "WhatsApp Agent Presence"
    _order = "day desc, user_id"

    user_id = fields.Many2one("res.users", string="Agent", required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, index=True)
    day = fields.Date(required=True, readonly=True, index=True, help="Company time zone.")
    minutes = fields.Integer(string="Minutes Online", readonly=True)
    last_slot = fields.Datetime(readonly=True, help="The last 5-minute sample counted.")

    _sql_constraints = [
        ("user_day_uniq", "unique(user_id, company_id, day)", "One row per agent and day."),
    ]

    @api.model
    def _cron_sample(self, now=None):
        """Count the current 5-minute slot for every agent online now. Safe on
        several servers: a slot is counted once (``last_slot`` only moves
        forward in the same statement that adds the minutes)."""
        now = now or fields.Datetime.now()
        slot = now.replace(second=0, microsecond=0)
        slot -= timedelta(minutes=slot.minute % SAMPLE_MINUTES)
        members = self.env["whatsapp.team.member"].sudo().search([])
        online = members._online_users(members.user_id)
        rows = []
        for user in online:
            company = user.company_id
            tz = pytz.timezone(company.partner_id.tz or company.resource_calendar_id.tz or "UTC")
            day = pytz.utc.localize(slot).astimezone(tz).date()
            rows.append((user.id, company.id, day, SAMPLE_MINUTES, slot))
        for row in rows:
            self.env.cr.execute(
                """INSERT INTO whatsapp_agent_presence
                       (user_id, company_id, day, minutes, last_slot, create_uid, write_uid,
                        create_date, write_date)
                   VALUES (%s, %s, %s, %s, %s, 1, 1, now() at time zone 'utc',
                           now() at time zone 'utc')
                   ON CONFLICT (user_id, company_id, day) DO UPDATE
                      SET minutes = whatsapp_agent_presence.minutes + EXCLUDED.minutes,
                          last_slot = EXCLUDED.last_slot
                    WHERE whatsapp_agent_presence.last_slot < EXCLUDED.last_slot""",
                row,
            )
        self.invalidate_model()
        return len(rows)
