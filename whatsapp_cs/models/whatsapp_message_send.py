# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The model is split by concern on purpose, one file each (see its main file).
# pylint: disable=consider-merging-classes-inherited
import json
import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import requests
from psycopg2.extensions import TransactionRollbackError

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import message_payload
from ..tools.access import require_role
from ..tools.cloud_api import PAIR_RATE_LIMIT_CODE, CloudApiError
from ..tools.cron_wakeup import done_for_now
from .whatsapp_message_inbound import META_MARKETING_LIMIT, STATE_RANK

_logger = logging.getLogger(__name__)

MAX_SEND_ATTEMPTS = 5
SEND_BATCH = 200
# Messages a thread claims at once: one commit marks them "sending", one
# records the answers (a crash in between leaves them in doubt, settled below)
CLAIM_SIZE = 10
# A run stops claiming after this long (Meta answering slowly); the next
# run starts at once
SEND_RUN_SECONDS = 20
# Requests to Meta in flight at once per send job ("whatsapp_cs.send_threads").
SEND_THREADS = 4
# A message left "sending" by a crash between our request and Meta's answer
# is in doubt. Meta reports every message it accepts (a status webhook, found
# by our callback data) within seconds: once statuses of messages sent after
# it have come in and none for it, Meta never had it and it goes again.
IN_DOUBT_AFTER = timedelta(minutes=2)
# Without that evidence (nothing sent since), a person decides.
IN_DOUBT_GIVE_UP = timedelta(hours=1)
# Meta's pair rate: about one message every 6 s to the same customer; a
# business-initiated template waits that long after the last one sent.
PAIR_INTERVAL = timedelta(seconds=6)


class Budget:
    """How many messages one cron run may still claim, shared by its threads."""

    def __init__(self, total):
        self._lock = threading.Lock()
        self._left = total

    def take(self, size):
        with self._lock:
            taken = min(size, self._left)
            self._left -= taken
            return taken

    def give_back(self, count):
        with self._lock:
            self._left += count


class Pacer:
    """Spaces the requests of one send run to each number's throughput
    (messages per second), across the run's threads. The send cron is one
    job, which Odoo runs on one worker at a time, so one run's pacing is the
    number's pacing."""

    def __init__(self):
        self._lock = threading.Lock()
        self._next = {}

    def wait(self, account_id, per_second):
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next.get(account_id, now))
            self._next[account_id] = slot + 1.0 / max(per_second, 1)
        if slot > now:
            time.sleep(slot - now)


class WhatsappMessage(models.Model):
    """The send queue: outgoing messages leave from a cron, each claimed by one
    worker and sent at most once."""

    _inherit = "whatsapp.message"

    @api.model
    def _cron_send(self, limit=SEND_BATCH):
        """Send due messages, several at a time, in transactions of their own.

        Phase 1 claims a few due messages, marks them ``sending`` and commits,
        so no other worker (and no retry after a crash) can send them again;
        phase 2 calls Meta for each, paced to the number's throughput, and
        records the answers. A few threads do this side by side: a request to
        Meta takes 0.2-0.5 s, and one at a time would leave a burst of bot
        answers queueing behind each other.
        """
        # the claims below read the table in other cursors: write pending changes first
        self.env.flush_all()
        with self.env.registry.cursor() as cr:  # committed: the claims below see it
            self.with_env(self.env(cr=cr))._settle_in_doubt()
        threads = max(
            1,
            int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("whatsapp_cs.send_threads", SEND_THREADS)
            ),
        )
        budget = Budget(limit)  # shared by the threads: ``limit`` sends in all
        deadline = time.monotonic() + SEND_RUN_SECONDS  # when Meta answers slowly
        dbname = self.env.cr.dbname
        pacer = Pacer()

        def send_until_empty():
            threading.current_thread().dbname = dbname  # for Odoo's log lines
            sessions = {}  # one HTTP connection to Meta per number and thread
            done = 0
            while time.monotonic() < deadline and (size := budget.take(CLAIM_SIZE)):
                sent = self._send_due(size, pacer, sessions)
                done += sent
                budget.give_back(size - sent)
                if not sent:
                    break
            for session in sessions.values():
                session.close()
            return done

        if threads == 1:
            done = send_until_empty()
        else:
            with ThreadPoolExecutor(threads, thread_name_prefix="whatsapp_send") as pool:
                done = sum(pool.map(lambda _i: send_until_empty(), range(threads)))
        waiting = self.search_count(
            [("state", "=", "outgoing"), ("next_attempt_at", "<=", fields.Datetime.now())]
        )
        if waiting and done < limit:
            # what is left waits for the pair rate (or an earlier message):
            # come back then rather than spin
            self.env.ref("whatsapp_cs.ir_cron_send_messages").sudo()._trigger(
                fields.Datetime.now() + PAIR_INTERVAL
            )
            waiting = 0
        done_for_now(self.env, "whatsapp_cs.ir_cron_send_messages", done, waiting)

    @api.model
    def _send_due(self, size=1, pacer=None, sessions=None):
        """Claim up to ``size`` due messages and send them; returns how many."""
        with self.env.registry.cursor() as cr:
            claimed = self.with_env(self.env(cr=cr))._claim_outgoing(size)
            if not claimed:
                return 0
            # one statement, and no announcement: "sending" lasts a request
            cr.execute(
                """UPDATE whatsapp_message
                      SET state = 'sending', attempt_count = COALESCE(attempt_count, 0) + 1,
                          write_date = now() at time zone 'UTC'
                    WHERE id IN %s""",
                (tuple(claimed.ids),),
            )
            claimed.invalidate_recordset(["state", "attempt_count", "write_date"])
            message_ids = claimed.ids
        # Answers are recorded together when the batch is done (one commit);
        # a crash before that leaves these in doubt (``_settle_in_doubt``).
        with self.env.registry.cursor() as cr:
            # held until the answers are recorded: Meta's statuses of these
            # messages wait for them (``_receive_status``) instead of racing
            cr.execute(
                "SELECT id FROM whatsapp_message WHERE id IN %s FOR UPDATE", (tuple(message_ids),)
            )
            messages = self.with_env(self.env(cr=cr)).browse(message_ids)
            for message in messages:
                account = message.account_id
                if pacer:
                    pacer.wait(account.id, account.throughput)
                message._send_now(sessions)
            messages.env.flush_all()
        return len(message_ids)

    @api.model
    def _claim_outgoing(self, size=1):
        """Lock up to ``size`` due messages that may leave now, skipping those
        that another worker holds.

        A customer gets their messages in order (an answer before its files):
        a message waits while an earlier one of its conversation is still
        queued or being sent.
        """
        query = """SELECT id FROM whatsapp_message message
                WHERE state = 'outgoing' AND next_attempt_at <= %(now)s
                  AND NOT EXISTS (
                      SELECT 1 FROM whatsapp_message earlier
                       WHERE earlier.conversation_id = message.conversation_id
                         AND earlier.state IN ('outgoing', 'sending')
                         AND earlier.id < message.id)
                  AND (message.message_type != 'template' OR NOT EXISTS (
                      SELECT 1 FROM whatsapp_message recent
                       WHERE recent.conversation_id = message.conversation_id
                         AND recent.direction = 'out'
                         AND recent.sent_at > %(pair)s))
                ORDER BY next_attempt_at, id
                LIMIT %(size)s
                  FOR UPDATE SKIP LOCKED"""
        now = fields.Datetime.now()
        for _attempt in range(3):
            try:
                self.env.cr.execute(
                    query,
                    {"now": now, "pair": now - PAIR_INTERVAL, "size": size},
                    log_exceptions=False,
                )
                break
            except TransactionRollbackError:
                # Another thread committed its claim of a row this snapshot
                # still saw as queued: that row is taken, look again.
                self.env.cr.rollback()
        else:
            return self.browse()
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _settle_in_doubt(self):
        now = fields.Datetime.now()
        after = self.env["ir.config_parameter"].sudo().get_param("whatsapp_cs.in_doubt_seconds")
        in_doubt_after = timedelta(seconds=int(after)) if after else IN_DOUBT_AFTER
        in_doubt = self.search(
            [("state", "=", "sending"), ("write_date", "<", now - in_doubt_after)]
        )
        for message in in_doubt:
            if message._meta_reported_later_messages():
                _logger.info("WhatsApp message %s never reached Meta: sent again", message.id)
                message.write({"state": "outgoing", "next_attempt_at": now})
            elif message.write_date < now - IN_DOUBT_GIVE_UP:
                message.write(
                    {
                        "state": "failed",
                        "error_title": self.env._("Outcome unknown"),
                        "error_advice": self.env._(
                            "Odoo stopped while sending this message and Meta has said nothing "
                            "about it since, so it may or may not have reached the customer. "
                            "It is not resent automatically: check with the customer before "
                            "sending it again."
                        ),
                    }
                )
        self.env.flush_all()  # before the cursor's commit (it flushes live environments only)

    def _meta_reported_later_messages(self):
        """Whether Meta's statuses came in for messages of this number sent
        after this one was (the webhooks are flowing past it)."""
        self.ensure_one()
        return bool(
            self.search_count(
                [
                    ("account_id", "=", self.account_id.id),
                    ("direction", "=", "out"),
                    ("sent_at", ">", self.write_date),
                    ("meta_status_at", "!=", False),
                ],
                limit=1,
            )
        )

    def _send_now(self, sessions=None):
        """Phase 2: one request to Meta for one message in state ``sending``
        (``sessions``: HTTP sessions to reuse, per number)."""
        self.ensure_one()
        try:
            session = None
            if sessions is not None:
                session = sessions.setdefault(self.account_id.id, requests.Session())
            client = self.account_id._client(session=session)
            wamid, wa_id = client.send_message(self._build_payload(client))
        except CloudApiError as error:
            self._handle_send_error(error)
            return
        except UserError as error:  # configuration problem (no token, no number)
            self.write(
                {
                    "state": "failed",
                    "error_title": self.env._("Cannot send"),
                    "error_advice": str(error),
                }
            )
            return
        vals = {
            "wamid": wamid,
            "next_attempt_at": False,
            "error_code": 0,
            "error_title": False,
            "error_details": False,
            "error_advice": False,
        }
        if STATE_RANK[self.state] < STATE_RANK["sent"]:
            vals["state"] = "sent"
            vals["sent_at"] = fields.Datetime.now()
        self.write(vals)
        if wa_id and not self.partner_id.whatsapp_wa_id:
            # Meta's id for the number we sent to: remembered (a first id is no
            # change to track or log; one statement on the hot path)
            self.env.cr.execute(
                """UPDATE res_partner SET whatsapp_wa_id = %s
                    WHERE id = %s AND whatsapp_wa_id IS NULL""",
                (wa_id, self.partner_id.id),
            )
            self.partner_id.invalidate_recordset(["whatsapp_wa_id"])

    def _handle_send_error(self, error):
        if error.in_doubt:
            # Meta may have taken it (no answer, or a cut-off one): left
            # "sending", in doubt, for Meta's status or _settle_in_doubt to
            # decide; sending it again now could reach the customer twice.
            _logger.warning("WhatsApp message %s in doubt: %s", self.id, error)
            return
        if error.code == META_MARKETING_LIMIT:
            self.partner_id._whatsapp_meta_limited()  # not retried for a day
        attempts = self.attempt_count
        if error.retryable and attempts < MAX_SEND_ATTEMPTS:
            if error.code == PAIR_RATE_LIMIT_CODE:
                delay = 4**attempts
            else:
                delay = 5 * 2 ** (attempts - 1)
            next_at = fields.Datetime.now() + timedelta(seconds=delay)
            self.write(
                {
                    "state": "outgoing",
                    "next_attempt_at": next_at,
                    **self._error_vals(error.code, error.title, error.details),
                }
            )
            self.env.ref("whatsapp_cs.ir_cron_send_messages").sudo()._trigger(next_at)
            _logger.info("WhatsApp message %s retried at %s: %s", self.id, next_at, error)
            return
        self.write({"state": "failed", **self._error_vals(error.code, error.title, error.details)})

    def _build_payload(self, client):
        """The request body: built now from what the message holds (a template
        from its definition, files uploaded now)."""
        self.ensure_one()
        partner = self.partner_id
        recipient = partner.whatsapp_wa_id or partner._whatsapp_number()
        if not recipient:
            raise UserError(self.env._("%s has no WhatsApp number.", partner.display_name))
        quoted = self.context_wamid if self.message_type != "reaction" else None
        payload = message_payload.envelope(recipient, f"odoo:{self.callback_uid}", quoted)
        attachment = self.attachment_ids[:1]
        if self.message_type == "template":
            header_media = None
            if attachment:
                header_media = {"id": self._upload(client, attachment), "filename": attachment.name}
            elif self.template_id.header_file:
                header_media = self.template_id._header_media(client)
            values = json.loads(self.template_values or "{}")
            payload.update(self.template_id._request(values, header_media))
        elif self.payload:
            payload.update(json.loads(self.payload))
        elif self.message_type in message_payload.MEDIA_TYPES and attachment:
            media_id = self._upload(client, attachment)
            payload.update(
                message_payload.media(self.message_type, media_id, self.body, attachment.name)
            )
        elif self.message_type == "reaction":
            payload.update(message_payload.reaction(self.context_wamid, self.body or ""))
        else:
            payload.update(message_payload.text(self.body))
        return payload

    @api.model
    def _upload(self, client, attachment):
        attachment = attachment.sudo()
        return client.upload_media(attachment.raw, attachment.mimetype, attachment.name)

    # Templates ---------------------------------------------------------------------
    @api.model
    def _queue_template(self, conversation, template, values, preview, header=None, document=None):
        """Queue a template message (about ``document``, if any). The caller
        checked who sends it and that the values fill ``template`` completely
        (``template._render``)."""
        vals = {
            "conversation_id": conversation.id,
            "direction": "out",
            "message_type": "template",
            "template_id": template.id,
            "template_values": json.dumps(values),
            "body": preview,
            "author_id": self.env.uid,
        }
        if header:
            vals["attachment_ids"] = [fields.Command.link(header.id)]
        if document:
            vals.update(res_model=document._name, res_id=document.id)
        message = self.sudo().create(vals)
        if header and not header.res_id:
            header.sudo().write({"res_model": message._name, "res_id": message.id})
        return message.with_env(self.env)

    # Actions ---------------------------------------------------------------------
    @require_role("agent")
    def action_retry(self):
        """Queue failed messages again (whoever may answer the conversation)."""
        self.check_access("read")
        failed = self.filtered(lambda m: m.direction == "out" and m.state == "failed")
        failed.conversation_id._check_can_reply()
        failed._check_can_send()
        failed.sudo().write(
            {
                "state": "outgoing",
                "attempt_count": 0,
                "next_attempt_at": fields.Datetime.now(),
                "error_code": 0,
                "error_title": False,
                "error_details": False,
                "error_advice": False,
            }
        )
        self.env.ref("whatsapp_cs.ir_cron_send_messages").sudo()._trigger()
        return True
