# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The model is split by concern on purpose, one file each (see its main file).
# pylint: disable=consider-merging-classes-inherited
from collections import defaultdict

from psycopg2.extras import execute_values

from odoo import SUPERUSER_ID, api, models

from odoo.addons.whatsapp_cs.models.whatsapp_conversation import STATES

from ..tools import episodes as episode_rules

REBUILD_BATCH = 500
STATE_BY_LABEL = {label: state for state, label in STATES}
# Written by the rebuild; the rest of the table is Odoo's (id, create/write).
COLUMNS = (
    "conversation_id",
    "company_id",
    "account_id",
    "partner_id",
    "commercial_partner_id",
    "country_id",
    "lang",
    "team_id",
    "user_id",
    "sequence",
    "is_reopening",
    "opened_by",
    "opened_at",
    "opened_date",
    "hour",
    "weekday",
    "clock_start",
    "first_response_at",
    "first_responder_id",
    "frt",
    "frt_business",
    "wait_bucket",
    "replied_pct",
    "handoff_at",
    "handled_by",
    "solved_at",
    "solved_by_id",
    "is_solved",
    "solved_pct",
    "resolution",
    "resolution_business",
    "transfer_count",
    "transferred_pct",
    "messages_in",
    "messages_out",
    "messages_auto",
    "outside_window_count",
    "is_repeat",
    "repeat_pct",
    "rating_id",
    "csat",
    "csat_requested",
    "csat_answered",
    "csat_positive",
    "satisfaction_pct",
    "csat_response_pct",
    "cost",
    "attribution_end",
)


class WhatsappEpisode(models.Model):
    """Building episodes: a customer's conversations are queued when they
    change (a message, a state change, a hand-off, a rating) and a cron
    computes their episodes again from scratch, from the messages and the
    history. One definition (``tools/episodes.py``) serves the live reports,
    the install on an existing database and the benchmark."""

    _inherit = "whatsapp.episode"

    # Queue ------------------------------------------------------------------------------
    @api.model
    def _queue_partners(self, partner_ids):
        partner_ids = [pid for pid in set(partner_ids) if pid]
        if partner_ids:
            self.env.cr.execute(
                "INSERT INTO whatsapp_episode_queue (partner_id) SELECT unnest(%s::int[])",
                [partner_ids],
            )

    @api.model
    def _queue_all(self):
        self.env.cr.execute(
            """INSERT INTO whatsapp_episode_queue (partner_id)
               SELECT DISTINCT partner_id FROM whatsapp_conversation"""
        )

    @api.model
    def _cron_rebuild(self, limit=REBUILD_BATCH):
        """Rebuild the queued customers, ``limit`` at a time. Queue rows are
        claimed with ``SKIP LOCKED``: two workers never build the same rows,
        and a customer who writes meanwhile is queued again (a new row)."""
        self.env.cr.execute(
            """SELECT id, partner_id FROM whatsapp_episode_queue
                ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED""",
            [limit * 4],
        )
        rows = self.env.cr.fetchall()
        partner_ids = list(dict.fromkeys(partner for _id, partner in rows))[:limit]
        claimed = [row_id for row_id, partner in rows if partner in set(partner_ids)]
        if partner_ids:
            self._rebuild(partner_ids)
            self.env.cr.execute("DELETE FROM whatsapp_episode_queue WHERE id = ANY(%s)", [claimed])
        self.env.cr.execute("SELECT count(*) FROM whatsapp_episode_queue")
        remaining = self.env.cr.fetchone()[0]
        self.env["ir.cron"]._notify_progress(done=len(partner_ids), remaining=remaining)
        return len(partner_ids)

    # Extension points ---------------------------------------------------------------------
    @api.model
    def _opened_by(self, message):
        """Who opened an episode with ``message`` (a ``tools.episodes.Message``).
        A message a broadcast sent (``is_broadcast``) opens a "broadcast" episode."""
        return episode_rules.opened_by(message)

    @api.model
    def _message_query(self):
        """The messages the rebuild reads (a module adding kinds of sends adds
        its columns here and reads them in ``_message_row``)."""
        return """SELECT conversation_id, timestamp, direction, is_automatic, author_id,
                         message_type, cost, sent_outside_window, is_csat, is_broadcast
                    FROM whatsapp_message
                   WHERE conversation_id = ANY(%s) AND direction IN ('in', 'out')"""

    @api.model
    def _message_row(self, row):
        author = row["author_id"] if row["author_id"] != SUPERUSER_ID else 0
        return episode_rules.Message(
            moment=row["timestamp"],
            direction=row["direction"],
            author_id=author or 0,
            automatic=bool(row["is_automatic"]),
            kind=row["message_type"],
            cost=row["cost"] or 0.0,
            outside_window=bool(row["sent_outside_window"]),
            survey=bool(row["is_csat"]),
            broadcast=bool(row["is_broadcast"]),
        )

    # Rebuild -------------------------------------------------------------------------------
    @api.model
    def _rebuild(self, partner_ids):
        """Compute the episodes of these customers' conversations again."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            """SELECT c.id, c.partner_id, c.account_id, c.company_id, c.team_id, c.user_id,
                      p.commercial_partner_id, p.country_id, p.lang
                 FROM whatsapp_conversation c JOIN res_partner p ON p.id = c.partner_id
                WHERE c.partner_id = ANY(%s)""",
            [list(partner_ids)],
        )
        conversations = cr.dictfetchall()
        conversation_ids = [conversation["id"] for conversation in conversations]
        history = self._read_history(conversation_ids)
        rows = []
        for conversation in conversations:
            built = episode_rules.build(
                history["messages"][conversation["id"]],
                history["logs"][conversation["id"]],
                classify=self._opened_by,
            )
            rows += self._rows(conversation, built, history)
        self._add_customer_figures(rows)
        self._add_business_hours(rows)
        cr.execute(
            "DELETE FROM whatsapp_episode WHERE conversation_id = ANY(%s)", [conversation_ids]
        )
        if rows:
            self._insert(rows, history["tags"])
        self.invalidate_model()
        self.env["whatsapp.report.conversation"].invalidate_model()

    @api.model
    def _read_history(self, conversation_ids):
        cr = self.env.cr
        messages = defaultdict(list)
        cr.execute(self._message_query(), [conversation_ids])
        for row in cr.dictfetchall():
            messages[row["conversation_id"]].append(self._message_row(row))
        logs = defaultdict(list)
        cr.execute(
            """SELECT conversation_id, date, action, user_id, whatsapp_state_to, detail,
                      whatsapp_team_id
                 FROM whatsapp_conversation_log WHERE conversation_id = ANY(%s)""",
            [conversation_ids],
        )
        for conversation_id, date, action, user_id, state_to, detail, team_id in cr.fetchall():
            if action == "state" and not state_to:
                state_to = self._state_from_detail(detail)
            logs[conversation_id].append(
                episode_rules.Log(
                    moment=date,
                    action=action,
                    user_id=user_id if user_id != SUPERUSER_ID else 0,
                    state_to=state_to or "",
                    team_id=team_id or 0,
                )
            )
        ratings = defaultdict(list)
        cr.execute(
            """SELECT id, res_id, rating, consumed, whatsapp_solved_at, whatsapp_state
                 FROM rating_rating
                WHERE res_model = 'whatsapp.conversation' AND res_id = ANY(%s)
                  AND whatsapp_state IS NOT NULL
                ORDER BY id""",
            [conversation_ids],
        )
        for row in cr.dictfetchall():
            ratings[row["res_id"]].append(row)
        previous = {}
        cr.execute(
            """SELECT conversation_id, opened_at, team_id, user_id FROM whatsapp_episode
                WHERE conversation_id = ANY(%s) AND solved_at IS NOT NULL""",
            [conversation_ids],
        )
        for conversation_id, opened_at, team_id, user_id in cr.fetchall():
            previous[(conversation_id, opened_at)] = (team_id, user_id)
        tags = defaultdict(list)
        cr.execute(
            """SELECT rel.partner_id, rel.category_id
                 FROM res_partner_res_partner_category_rel rel
                 JOIN whatsapp_conversation c ON c.partner_id = rel.partner_id
                WHERE c.id = ANY(%s)""",
            [conversation_ids],
        )
        for partner_id, category_id in cr.fetchall():
            if category_id not in tags[partner_id]:
                tags[partner_id].append(category_id)
        return {
            "messages": messages,
            "logs": logs,
            "ratings": ratings,
            "previous": previous,
            "tags": tags,
        }

    @api.model
    def _state_from_detail(self, detail):
        """A state entry's new state from its text ("Open → Solved (why)"), for
        history written before this module recorded it."""
        label = (detail or "").split("→")[-1].split(" (")[0].strip()
        return STATE_BY_LABEL.get(label, "")

    @api.model
    def _insert(self, rows, tags):
        cr = self.env.cr
        uid = self.env.uid
        values = [(*(row[column] for column in COLUMNS), uid, uid) for row in rows]
        query = "INSERT INTO whatsapp_episode ({}, create_uid, write_uid, create_date, write_date) VALUES %s RETURNING id, partner_id".format(  # noqa: E501
            ", ".join(COLUMNS)
        )
        template = "({}, %s, %s, now() at time zone 'utc', now() at time zone 'utc')".format(
            ", ".join(["%s"] * len(COLUMNS))
        )
        inserted = execute_values(cr._obj, query, values, template=template, fetch=True)
        links = [
            (episode_id, category_id)
            for episode_id, partner_id in inserted
            for category_id in tags.get(partner_id, ())
        ]
        if links:
            execute_values(
                cr._obj,
                "INSERT INTO whatsapp_episode_category_rel (episode_id, category_id) VALUES %s",
                links,
            )
