# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The model is split by concern on purpose, one file each (see its main file).
# pylint: disable=consider-merging-classes-inherited
from collections import defaultdict
from datetime import timedelta

import pytz

from odoo import api, models

from ..tools import episodes as episode_rules
from ..tools.business_time import WorkingTime

REPEAT_DAYS = 7
DEFAULT_ATTRIBUTION_DAYS = 14


class WhatsappEpisode(models.Model):
    """From built episodes to report rows: the agent and team, the rating,
    repeat contacts and the attribution window (across a customer's
    numbers), and business hours from the team's calendar."""

    _inherit = "whatsapp.episode"

    def _rows(self, conversation, built, history):
        rows = []
        last = len(built) - 1
        ratings = history["ratings"][conversation["id"]]
        for index, episode in enumerate(built):
            kept = history["previous"].get((conversation["id"], episode.opened_at))
            team_id = conversation["team_id"]
            if episode.solved_at:
                team_id = episode.team_id or (kept and kept[0]) or team_id
            user_id = episode.first_responder_id or (kept and kept[1]) or episode.solved_by_id
            if index == last and not episode.solved_at:
                user_id = episode.first_responder_id or conversation["user_id"]
            frt = episode.frt_seconds
            resolution = episode.resolution_seconds
            row = {
                "conversation_id": conversation["id"],
                "company_id": conversation["company_id"],
                "account_id": conversation["account_id"],
                "partner_id": conversation["partner_id"],
                "commercial_partner_id": conversation["commercial_partner_id"],
                "country_id": conversation["country_id"],
                "lang": conversation["lang"],
                "team_id": team_id,
                "user_id": user_id or None,
                "sequence": episode.sequence,
                "is_reopening": episode.reopened,
                "opened_by": episode.opened_by,
                "opened_at": episode.opened_at,
                "clock_start": episode.clock_start,
                "first_response_at": episode.first_response_at,
                "first_responder_id": episode.first_responder_id or None,
                "frt": frt,
                "wait_bucket": episode_rules.wait_bucket(frt),
                "replied_pct": 100.0 if episode.first_response_at else 0.0,
                "handoff_at": episode.handoff_at,
                "handled_by": episode.handled_by,
                "solved_at": episode.solved_at,
                "solved_by_id": episode.solved_by_id or None,
                "is_solved": bool(episode.solved_at),
                "solved_pct": 100.0 if episode.solved_at else 0.0,
                "resolution": resolution,
                "transfer_count": episode.transfers,
                "transferred_pct": 100.0 if episode.transfers else 0.0,
                "messages_in": episode.messages_in,
                "messages_out": episode.messages_out,
                "messages_auto": episode.messages_auto,
                "outside_window_count": episode.outside_window,
                "cost": round(episode.cost, 6),
            }
            row.update(self._rating_values(episode, built[index + 1 :], ratings))
            rows.append(row)
        return rows

    @api.model
    def _rating_values(self, episode, later, ratings):
        """The rating asked when this episode was solved (the last one asked
        before the next episode opened)."""
        values = {
            "rating_id": None,
            "csat": None,
            "csat_requested": 0,
            "csat_answered": 0,
            "csat_positive": 0,
            "satisfaction_pct": None,
            "csat_response_pct": None,
        }
        if not episode.solved_at:
            return values
        until = later[0].opened_at if later else None
        mine = [
            rating
            for rating in ratings
            if rating["whatsapp_solved_at"]
            and rating["whatsapp_solved_at"] >= episode.opened_at
            and (until is None or rating["whatsapp_solved_at"] < until)
        ]
        if not mine:
            return values
        rating = mine[-1]
        values["rating_id"] = rating["id"]
        if rating["whatsapp_state"] in ("scheduled", "skipped"):
            return values
        values["csat_requested"] = 1
        answered = bool(rating["consumed"] and rating["rating"] >= 1)
        values["csat_response_pct"] = 100.0 if answered else 0.0
        if answered:
            positive = rating["rating"] >= 4
            values.update(
                csat=rating["rating"],
                csat_answered=1,
                csat_positive=int(positive),
                satisfaction_pct=100.0 if positive else 0.0,
            )
        return values

    @api.model
    def _add_customer_figures(self, rows):
        """Repeat contacts and the attribution window, across a customer's numbers."""
        days = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("whatsapp_cs_reports.attribution_days", DEFAULT_ATTRIBUTION_DAYS)
        )
        by_partner = defaultdict(list)
        for row in rows:
            by_partner[row["partner_id"]].append(row)
        for partner_rows in by_partner.values():
            partner_rows.sort(key=lambda row: row["opened_at"])
            for index, row in enumerate(partner_rows):
                before = partner_rows[index - 1] if index else None
                after = partner_rows[index + 1] if index + 1 < len(partner_rows) else None
                repeat = bool(
                    before and row["opened_at"] - before["opened_at"] < timedelta(days=REPEAT_DAYS)
                )
                row["is_repeat"] = repeat
                row["repeat_pct"] = 100.0 if repeat else 0.0
                end = row["opened_at"] + timedelta(days=days)
                row["attribution_end"] = min(end, after["opened_at"]) if after else end

    @api.model
    def _add_business_hours(self, rows):
        """Local day, hour and weekday (company time zone), and the durations in
        the team's business hours (its calendar, else the company's)."""
        if not rows:
            return
        teams = {
            team.id: team
            for team in self.env["whatsapp.team"]
            .sudo()
            .with_context(active_test=False)
            .browse({row["team_id"] for row in rows if row["team_id"]})
        }
        companies = self.env["res.company"].sudo().browse({row["company_id"] for row in rows})
        zones = {
            company.id: pytz.timezone(
                company.partner_id.tz or company.resource_calendar_id.tz or "UTC"
            )
            for company in companies
        }
        calendars = {}
        for row in rows:
            team = teams.get(row["team_id"])
            calendar = team.resource_calendar_id if team else False
            if not calendar:
                calendar = companies.browse(row["company_id"]).resource_calendar_id
            calendars.setdefault(calendar, []).append(row)
            local = pytz.utc.localize(row["opened_at"]).astimezone(zones[row["company_id"]])
            row.update(opened_date=local.date(), hour=local.hour, weekday=str(local.weekday()))
        for calendar, calendar_rows in calendars.items():
            working = self._working_time(calendar, calendar_rows)
            for row in calendar_rows:
                row["frt_business"] = (
                    working.seconds(row["clock_start"], row["first_response_at"])
                    if row["frt"] is not None
                    else None
                )
                row["resolution_business"] = (
                    working.seconds(row["opened_at"], row["solved_at"])
                    if row["resolution"] is not None
                    else None
                )

    @api.model
    def _working_time(self, calendar, rows):
        if not calendar:
            return WorkingTime(None)
        moments = [
            moment
            for row in rows
            for moment in (row["opened_at"], row["clock_start"], row["solved_at"])
            if moment
        ]
        moments += [row["first_response_at"] for row in rows if row["first_response_at"]]
        start = pytz.utc.localize(min(moments) - timedelta(days=1))
        end = pytz.utc.localize(max(moments) + timedelta(days=1))
        intervals = calendar._work_intervals_batch(start, end)[False]
        return WorkingTime(
            [
                (
                    begin.astimezone(pytz.utc).replace(tzinfo=None),
                    stop.astimezone(pytz.utc).replace(tzinfo=None),
                )
                for begin, stop, _meta in intervals
            ]
        )
