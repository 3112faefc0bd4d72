# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.formatting import format_number, format_ratio
from .whatsapp_episode import OPENED_BY

STAGES = [
    ("1_opened", "Opened"),
    ("2_replied", "First reply"),
    ("3_solved", "Solved"),
    ("4_ordered", "Order"),
    ("5_paid", "Paid"),
]
DROP_ALERT = 0.15


class WhatsappReportFunnel(models.Model):
    """The Funnel report: each episode counts once in every layer it reached
    (opened → first human reply → solved → confirmed order → paid invoice), so
    a pivot of layers × weeks shows the funnel; per team, agent and source."""

    _name = "whatsapp.report.funnel"
    _description = "WhatsApp Funnel Report"
    _auto = False
    _order = "opened_date desc, stage, id"
    _rec_name = "stage"

    stage = fields.Selection(STAGES, string="Layer", readonly=True)
    episode_id = fields.Many2one("whatsapp.report.conversation", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    account_id = fields.Many2one("whatsapp.account", string="Number", readonly=True)
    team_id = fields.Many2one("whatsapp.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Agent", readonly=True)
    opened_by = fields.Selection(OPENED_BY, string="Source", readonly=True)
    opened_at = fields.Datetime(string="Opened On", readonly=True)
    opened_date = fields.Date(string="Day", readonly=True)

    @property
    def _table_query(self):
        return SQL(
            """
SELECT r.id * 8 + s.seq AS id, s.stage, r.id AS episode_id, r.company_id, r.account_id,
       r.team_id, r.user_id, r.opened_by, r.opened_at, r.opened_date
  FROM (%s) r
  JOIN (VALUES (1, '1_opened'), (2, '2_replied'), (3, '3_solved'), (4, '4_ordered'),
               (5, '5_paid')) s(seq, stage)
    ON s.seq = 1
    OR (s.seq = 2 AND r.first_response_at IS NOT NULL)
    OR (s.seq = 3 AND r.is_solved)
    OR (s.seq = 4 AND r.order_count > 0)
    OR (s.seq = 5 AND r.paid_amount > 0)
""",
            self.env["whatsapp.report.conversation"]._conversation_query(),
        )

    # The alert: a layer that drops by more than 15 % against the previous week ----------
    @api.model
    def _layer_counts(self, start, end):
        """``{team_id: {stage: episodes}}`` for episodes opened in [start, end)."""
        rows = self.sudo()._read_group(
            [("opened_at", ">=", start), ("opened_at", "<", end), ("team_id", "!=", False)],
            ["team_id", "stage"],
            ["__count"],
        )
        counts = {}
        for team, stage, count in rows:
            counts.setdefault(team, {})[stage] = count
        return counts

    @api.model
    def _drops(self, current, previous):
        """Layers whose rate fell by more than 15 % (relative) week on week:
        the opened layer by its count, every other layer by its share of the
        layer before it. Returns ``[(stage, previous rate, current rate)]``."""
        drops = []
        keys = [key for key, _label in STAGES]
        for index, stage in enumerate(keys):
            if index == 0:
                before, now = previous.get(stage, 0), current.get(stage, 0)
            else:
                above = keys[index - 1]
                before = previous.get(stage, 0) / previous[above] if previous.get(above) else None
                now = current.get(stage, 0) / current[above] if current.get(above) else None
            if before and now is not None and (before - now) / before > DROP_ALERT:
                drops.append((stage, before, now))
        return drops

    @api.model
    def _cron_funnel_alert(self, today=None):
        """Weekly (Mondays): compare last week with the week before, per team, and
        tell the team's editors which layers dropped."""
        today = today or fields.Date.context_today(self)
        this_monday = today - timedelta(days=today.weekday())
        last, before = this_monday - timedelta(days=7), this_monday - timedelta(days=14)
        current = self._layer_counts(last, this_monday)
        previous = self._layer_counts(before, last)
        editor_group = self.env.ref("whatsapp_cs.group_editor")
        labels = dict(STAGES)
        alerted = []
        for team in set(current) | set(previous):
            drops = self._drops(current.get(team, {}), previous.get(team, {}))
            editors = team.user_ids.filtered(lambda user: editor_group in user.groups_id)
            if not drops or not editors:
                continue
            lines = [
                self.env._(
                    "%(layer)s: %(before)s → %(now)s",
                    layer=labels[stage],
                    before=self._rate_text(stage, before),
                    now=self._rate_text(stage, now),
                )
                for stage, before, now in drops
            ]
            self.env["mail.thread"].sudo().message_notify(
                model="whatsapp.team",
                res_id=team.id,
                partner_ids=editors.partner_id.ids,
                subject=self.env._("WhatsApp funnel: %s dropped last week", team.name),
                body=self.env._(
                    "The funnel of %(team)s dropped by more than 15%% against the week "
                    "before (week of %(week)s): %(lines)s",
                    team=team.name,
                    week=last,
                    lines="; ".join(lines),
                ),
            )
            alerted.append((team, drops))
        return alerted

    @api.model
    def _rate_text(self, stage, value):
        """A layer's figure as people read it, in the user's language (babel)."""
        lang = self.env.lang or "en_US"
        if stage == "1_opened":
            return format_number(value, lang)
        return format_ratio(value, lang)
