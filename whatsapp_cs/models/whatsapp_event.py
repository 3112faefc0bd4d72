# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import json
import logging
import time
from datetime import timedelta

from psycopg2.errors import SerializationFailure
from psycopg2.extras import execute_values

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.access import require_role
from ..tools.cron_wakeup import done_for_now, trigger_now

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# Write conflicts with a user's request are retried at once, this many times.
CONFLICT_RETRIES = 3
# A batch commits at its end, and only then do its automatic answers reach the
# send queue: small batches keep bot replies quick, and the next claim sees the
# customers who meanwhile asked a question. The cron job works batch after batch
# for up to RUN_SECONDS, then re-arms itself while events remain.
BATCH_SIZE = 10
RUN_SECONDS = 20
# A status for a message Odoo has not stored may beat the commit of our own
# send: it is retried this long, then set aside as sent by another tool.
UNKNOWN_STATUS_GRACE = timedelta(minutes=2)
UNKNOWN_STATUS_RETRY = timedelta(seconds=30)
# A status of a message whose sender is still recording Meta's answer
BUSY_RETRY = timedelta(seconds=2)
# What an admin sees of a signed body that is not a readable webhook.
UNREADABLE_KEPT = 65536


class WhatsappEvent(models.Model):
    """Inbound ledger: every webhook event Meta sent us, stored exactly once.

    The webhook only inserts rows here (unique ``event_key``, so redeliveries
    are no-ops) and answers. A cron processes pending rows after the answer;
    a crash rolls back and leaves them pending, so nothing is lost.
    """

    _name = "whatsapp.event"
    _description = "WhatsApp Webhook Event"
    _order = "id desc"
    _rec_name = "event_key"

    account_id = fields.Many2one("whatsapp.account", required=True, index=True, readonly=True)
    event_key = fields.Char(required=True, readonly=True, help="Meta's ids for this event.")
    kind = fields.Selection(
        [
            ("message", "Message"),
            ("status", "Status"),
            ("template", "Template update"),
            ("preference", "Marketing preference"),
            ("error", "Error"),
            ("other", "Other"),
        ],
        required=True,
        readonly=True,
    )
    sender_key = fields.Char(required=True, readonly=True)
    payload = fields.Text(required=True, readonly=True)
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Done"), ("ignored", "Ignored"), ("failed", "Failed")],
        default="pending",
        required=True,
        readonly=True,
    )
    attempts = fields.Integer(readonly=True)
    next_attempt_at = fields.Datetime(readonly=True)
    last_error = fields.Text(readonly=True)
    processed_at = fields.Datetime(readonly=True)
    message_id = fields.Many2one("whatsapp.message", readonly=True, index="btree_not_null")
    answer_first = fields.Boolean(
        readonly=True,
        help="Likely to get an automatic answer: this customer's pending events are "
        "processed before older events of other customers.",
    )

    _sql_constraints = [
        ("event_key_uniq", "unique(event_key)", "This webhook event is already stored."),
    ]

    def init(self):
        # The cron scans pending rows only; keep that index small.
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS whatsapp_event_pending_idx
               ON whatsapp_event (next_attempt_at, id) WHERE state = 'pending'"""
        )
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS whatsapp_event_pending_sender_idx
               ON whatsapp_event (sender_key, id) WHERE state = 'pending'"""
        )

    # Ingest (webhook request) -------------------------------------------------
    @api.model
    def _ingest(self, rows):
        """Insert ``(account_id, event)`` pairs; return how many were new.

        Raw SQL on purpose: this runs in the public webhook request and must
        stay a single round trip whatever the batch size.
        """
        if not rows:
            return 0
        now = fields.Datetime.now()
        uid = self.env.uid
        values = [
            (
                account_id,
                event.key,
                event.kind,
                event.sender_key,
                json.dumps(event.data),
                self._answer_first_hint(account_id, event),
                "pending",
                0,
                now,
                now,
                now,
                uid,
                uid,
            )
            for account_id, event in rows
        ]
        inserted = self._insert_rows(values)
        if inserted:
            cron = self.env.ref("whatsapp_cs.ir_cron_process_events")
            trigger_now(self.env.cr, cron.id)
        return len(inserted)

    @api.model
    def _ingest_unreadable(self, account_id, raw, reason):
        """Keep a signed body that is not a webhook we can read as a failed
        event with the reason (once per body), for an admin to see."""
        payload = json.dumps(
            {"unreadable": raw[:UNREADABLE_KEPT].decode(errors="replace"), "reason": reason}
        )
        now = fields.Datetime.now()
        self.env.cr.execute(
            """INSERT INTO whatsapp_event
                   (account_id, event_key, kind, sender_key, payload, state, attempts,
                    last_error, processed_at, next_attempt_at, create_date, write_date,
                    create_uid, write_uid)
               VALUES (%s, %s, 'other', 'unreadable', %s, 'failed', 1, %s, %s, %s, %s, %s,
                       %s, %s)
               ON CONFLICT (event_key) DO NOTHING""",
            (
                account_id,
                f"unreadable:{hashlib.sha256(raw).hexdigest()}",
                payload,
                self.env._("Unreadable webhook: %s", reason),
                now,
                now,
                now,
                now,
                self.env.uid,
                self.env.uid,
            ),
        )

    @api.model
    def _answer_first_hint(self, account_id, event):
        """A hint only: a bug in it must never cost Meta's event."""
        try:
            return bool(self._answers_first(account_id, event))
        except Exception:  # noqa: BLE001 - logged; the event is stored all the same
            _logger.exception("WhatsApp: could not tell whether event %s answers first", event.key)
            return False

    @api.model
    def _answers_first(self, account_id, event):
        """Hook, run in the webhook request (keep it cheap): whether ``event``
        probably gets an automatic answer, so that a backlog does not delay it."""
        return False

    def _insert_rows(self, values):
        """Insert ledger rows, skipping keys already stored; return new ids.

        A redelivery racing its original (both in flight) makes PostgreSQL
        raise a serialization failure under REPEATABLE READ: the key was
        committed by the other request after our snapshot. That means the
        event is stored, so it is skipped here instead of letting Odoo retry
        the whole request after a random sleep.
        """
        try:
            with self.env.cr.savepoint(flush=False):
                return self._insert_values(values)
        except SerializationFailure:
            if len(values) == 1:
                return []
        inserted = []
        for row in values:
            try:
                with self.env.cr.savepoint(flush=False):
                    inserted += self._insert_values([row])
            except SerializationFailure:
                continue
        return inserted

    def _insert_values(self, values):
        return execute_values(
            self.env.cr._obj,
            """INSERT INTO whatsapp_event
                   (account_id, event_key, kind, sender_key, payload, answer_first, state,
                    attempts, next_attempt_at, create_date, write_date, create_uid, write_uid)
               VALUES %s
               ON CONFLICT (event_key) DO NOTHING
               RETURNING id""",
            values,
            fetch=True,
        )

    # Processing (cron) ----------------------------------------------------------
    @api.model
    def _claim_pending(self, limit, answers_first=True):
        """Lock a batch of due events, skipping those another worker holds.

        With ``answers_first``, customers waiting for an automatic answer come
        first, with all their pending events, in a batch of their own so that
        it commits (and their answers leave) quickly; otherwise, or when none
        waits, the oldest events. The advisory lock on the sender keeps one
        customer's events on one worker, in order, so two workers never race
        on the same partner or conversation.
        """
        self.env.flush_all()
        now = fields.Datetime.now()
        if not answers_first:
            return self.browse(self._lock_due(now, limit))
        self.env.cr.execute(
            """SELECT DISTINCT sender_key FROM (
                   SELECT sender_key FROM whatsapp_event
                    WHERE state = 'pending' AND answer_first AND next_attempt_at <= %s
                    ORDER BY id
                    LIMIT %s) waiting""",
            (now, limit),
        )
        senders = tuple(row[0] for row in self.env.cr.fetchall())
        ids = self._lock_due(now, limit, SQL("sender_key IN %s", senders)) if senders else []
        return self.browse(ids or self._lock_due(now, limit))

    def _lock_due(self, now, limit, condition=None):
        self.env.cr.execute(
            SQL(
                """SELECT id FROM whatsapp_event
                    WHERE state = 'pending' AND next_attempt_at <= %s AND %s
                      AND pg_try_advisory_xact_lock(hashtext(sender_key))
                    ORDER BY id
                    LIMIT %s
                      FOR UPDATE SKIP LOCKED""",
                now,
                condition or SQL("TRUE"),
                limit,
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    def _cron_process(self, limit=BATCH_SIZE):
        """Process pending events: one batch, or, run by the cron job, batch
        after batch, each committed, for up to ``RUN_SECONDS``."""
        started = time.monotonic()
        events = self.browse()
        answers_first = True
        as_cron_job = self.env.context.get("cron_id")
        while True:
            batch = self._claim_pending(limit, answers_first)
            batch._process()
            events |= batch
            # After waiting customers, the oldest events: a stream of questions
            # never starves the rest of the queue.
            answers_first = not any(batch.mapped("answer_first"))
            if not (batch and as_cron_job) or time.monotonic() - started > RUN_SECONDS:
                break
            # Only as the cron job (never in a request or a test): each batch's
            # events are done and its answers may leave, whatever comes next.
            self.env.cr.commit()  # pylint: disable=invalid-commit
        remaining = self.search_count(
            [("state", "=", "pending"), ("next_attempt_at", "<=", fields.Datetime.now())]
        )
        # after a burst no webhook NOTIFY comes any more: the job asks for its
        # next run itself
        done_for_now(self.env, "whatsapp_cs.ir_cron_process_events", len(events), remaining)
        return events

    def _process(self):
        """Process the batch in one savepoint; if any event fails, roll the
        batch back and redo it with a savepoint per event so that only the
        failing ones are retried (a savepoint per event costs a flush each)."""
        try:
            with self.env.cr.savepoint():
                for event in self:
                    event._process_one()
            return
        except Exception:  # noqa: BLE001 - redone event by event below
            self.env.invalidate_all()
        for event in self:
            try:
                with self.env.cr.savepoint():
                    event._process_one()
            except Exception as error:  # noqa: BLE001 - keep the event, retry later
                event._schedule_retry(error)

    def _process_one(self):
        message = self._dispatch()
        self.write(
            {
                "state": "done",
                "processed_at": fields.Datetime.now(),
                "last_error": False,
                "message_id": message.id if message else False,
            }
        )

    def _schedule_retry(self, error):
        now = fields.Datetime.now()
        if isinstance(error, MessageBusy):
            # not a failure: the send cron commits its answer in a moment
            next_at = now + BUSY_RETRY
            self.write({"next_attempt_at": next_at})
            self.env.ref("whatsapp_cs.ir_cron_process_events").sudo()._trigger(next_at)
            return
        if isinstance(error, UnknownMessage):
            if self.create_date < now - UNKNOWN_STATUS_GRACE:
                self.write(
                    {
                        "state": "ignored",
                        "processed_at": now,
                        "last_error": self.env._(
                            "No message sent from Odoo has this id: it was probably sent "
                            "by another tool on this number, so its status is ignored."
                        ),
                    }
                )
                return
            next_at = now + UNKNOWN_STATUS_RETRY
            self.write({"attempts": self.attempts + 1, "next_attempt_at": next_at})
            self.env.ref("whatsapp_cs.ir_cron_process_events").sudo()._trigger(next_at)
            return
        attempts = self.attempts + 1
        failed = attempts >= MAX_ATTEMPTS or isinstance(error, EventRejected)
        _logger.warning(
            "WhatsApp event %s failed (attempt %s): %s", self.event_key, attempts, error
        )
        delay = timedelta(seconds=min(15 * 4 ** (attempts - 1), 3600))
        if isinstance(error, SerializationFailure) and attempts < CONFLICT_RETRIES:
            # A user's click wrote the same conversation meanwhile (an agent
            # reading it as the customer writes): the next batch, in a fresh
            # transaction, succeeds; waiting would only delay the message.
            delay = timedelta(0)
        next_at = now + delay
        self.write(
            {
                "attempts": attempts,
                "state": "failed" if failed else "pending",
                "last_error": f"{type(error).__name__}: {error}",
                "next_attempt_at": next_at,
            }
        )
        if not failed:
            self.env.ref("whatsapp_cs.ir_cron_process_events").sudo()._trigger(next_at)

    def _dispatch(self):
        data = json.loads(self.payload)
        account = self.account_id
        if self.kind == "message":
            return self.env["whatsapp.message"]._receive_inbound(account, data)
        if self.kind == "status":
            return self.env["whatsapp.message"]._receive_status(account, data["status"])
        if "unreadable" in data:
            raise EventRejected(data["reason"])
        if self.kind == "template":
            self.env["whatsapp.template"]._receive_webhook(account, data)
        elif self.kind == "preference":
            self.env["res.partner"]._whatsapp_receive_preference(data)
        elif self.kind == "error":
            _logger.warning("WhatsApp account %s reported errors: %s", account.name, data)
        return None

    # Actions -------------------------------------------------------------------
    @require_role("admin")
    def action_replay(self):
        """Put failed events back in the queue (admins, from the event list)."""
        self.check_access("read")
        self.sudo().filtered(lambda e: e.state != "pending").write(
            {"state": "pending", "attempts": 0, "next_attempt_at": fields.Datetime.now()}
        )
        self.env.ref("whatsapp_cs.ir_cron_process_events").sudo()._trigger()
        return True

    @api.autovacuum
    def _gc_done_events(self):
        """Processed events are only needed to spot redeliveries: keep 30 days."""
        limit = fields.Datetime.now() - timedelta(days=30)
        self.search([("state", "=", "done"), ("create_date", "<", limit)], limit=10000).unlink()


class EventRejected(Exception):
    """An event that retrying cannot fix (kept as failed for an admin)."""


class UnknownMessage(LookupError):
    """A status for a message Odoo has not stored (yet, or ever)."""


class MessageBusy(RuntimeError):
    """A status for a message that a send cron is sending right now: applied
    once that cron has recorded Meta's answer (it holds the row)."""
