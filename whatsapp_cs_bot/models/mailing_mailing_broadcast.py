# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The mailing is split by concern on purpose (see mailing_mailing.py).
# pylint: disable=consider-merging-classes-inherited
import json
import logging
import time
from datetime import timedelta

import pytz
from psycopg2.extensions import TransactionRollbackError

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.whatsapp_cs.tools.cron_wakeup import trigger_now
from odoo.addons.whatsapp_cs.tools.phone import digits, region_of, to_e164

_logger = logging.getLogger(__name__)

# Traces turned into messages per transaction (one claim, one commit).
BATCH = 200
RUN_SECONDS = 20
# With the sender's lead full, the cron leaves its worker to the sender and
# comes back this much later (half the lead): it never holds a cron worker
# idle, and the sender never runs dry.
COME_BACK_SECONDS = 2
# Messages a broadcast keeps ahead of the sender, in seconds of the number's
# throughput: enough that the sender never waits, little enough that a pause
# or an opt-out takes effect within seconds (the audience is checked then).
LEAD_SECONDS = 4
MIN_LEAD = 40
PLAN_CHUNK = 1000
# Why the send queue refused a recipient -> the trace's failure type.
REFUSALS = {
    "no_number": "wa_no_number",
    "opted_out": "wa_blacklist",
    "no_opt_in": "wa_no_opt_in",
    "us_marketing": "wa_us_marketing",
    "meta_limit": "wa_meta_limit",
}
UNLIMITED = 0


class MailingMailing(models.Model):
    """Sending a broadcast: the plan (one trace per recipient, skipped ones
    with their reason) and the batches that hand recipients to the send
    queue within the number's tier, the budget and the pause."""

    _inherit = "mailing.mailing"

    # Recipients ------------------------------------------------------------------------
    def _wa_recipient(self, record, create=True):
        """``(partner, number)`` for a recipient record: its contact (found or,
        with ``create``, created from its number) and the digits to send to."""
        partners = self.env["res.partner"].sudo()
        template = self.wa_template_id
        if template.phone_field and create:
            partner = template.sudo()._recipients(record)[:1]
            return partner, partner._whatsapp_number() if partner else ""
        if record._name == "res.partner":
            return record, record._whatsapp_number()
        field = record._fields.get("partner_id")
        if field and field.type == "many2one" and field.comodel_name == "res.partner":
            if record.partner_id and record.partner_id._whatsapp_number():
                return record.partner_id, record.partner_id._whatsapp_number()
        raw = next(
            (
                record[name]
                for name in ("mobile", "phone_sanitized", "phone", "whatsapp_number")
                if name in record._fields and record[name]
            ),
            "",
        )
        country = record["country_id"] if "country_id" in record._fields else None
        region = (country or self.env.company.country_id).code
        number = digits(to_e164(raw, region) or "")
        if not number:
            return partners, ""
        partner = partners._whatsapp_find(number)
        if not partner and create:
            partner = partners.create(
                {"name": record.display_name or number, "mobile": "+" + number}
            )
        return partner, number

    def _wa_skip_reason(self, record, partner, number, seen):
        """``(failure type, text)`` when the recipient must not get it, else None."""
        if not number:
            return "wa_no_number", self.env._("%s has no WhatsApp number.", record.display_name)
        if number in seen:
            return "wa_duplicate", self.env._("The number %s is already a recipient.", number)
        if record._name == "mailing.contact" and self.contact_list_ids:
            subscriptions = record.subscription_ids.filtered(
                lambda s: s.list_id in self.contact_list_ids
            )
            if subscriptions and all(subscriptions.mapped("opt_out")):
                return "wa_optout", self.env._("%s left the mailing list.", record.display_name)
        if partner:
            refusal = partner._whatsapp_send_refusal(self.wa_template_id.category)
            if refusal:
                return REFUSALS.get(refusal[0], "wa_no_number"), refusal[1]
        elif (self.wa_template_id.category or "").upper() == "MARKETING":
            if region_of(number) == "US":
                return "wa_us_marketing", self.env._(
                    "Meta does not deliver marketing templates to US (+1) numbers."
                )
            blacklisted = (
                self.env["phone.blacklist"]
                .sudo()
                .search_count([("number", "=", "+" + number)], limit=1)
            )
            if blacklisted:
                return "wa_blacklist", self.env._("+%s stopped marketing messages.", number)
        return None

    def _wa_country(self, partner, number):
        code = region_of(number)
        cache = self.env.context.get("wa_country_cache")
        if cache is not None and code in cache:
            return cache[code]
        country = (
            self.env["res.country"].search([("code", "=", code)], limit=1)
            if code
            else partner.country_id
        )
        if cache is not None and code:
            cache[code] = country
        return country

    def _wa_due_at(self, partner, start):
        """When a recipient's message may leave: ``start``, or with a local
        hour, that hour in the recipient's time zone on or after ``start``."""
        if not self.wa_local_time:
            return start
        tz_name = partner.tz or self.user_id.tz or "UTC"
        try:
            zone = pytz.timezone(tz_name)
        except pytz.UnknownTimeZoneError:
            zone = pytz.utc
        local_start = pytz.utc.localize(start).astimezone(zone)
        hours = int(self.wa_local_hour)
        minutes = round((self.wa_local_hour - hours) * 60)
        candidate = local_start.replace(hour=hours, minute=minutes, second=0, microsecond=0)
        if candidate < local_start:
            candidate = zone.normalize(candidate + timedelta(days=1)).replace(
                hour=hours, minute=minutes
            )
        return candidate.astimezone(pytz.utc).replace(tzinfo=None)

    # The plan ------------------------------------------------------------------------------
    def _wa_plan(self, commit=False):
        """One trace per recipient, in order: queued with its due time, or
        skipped with the reason. Two workers planning the same broadcast
        collide on the unique keys; one crashed midway resumes (recipients
        already traced are left out)."""
        self.ensure_one()
        mailing = self.with_context(wa_country_cache={})
        mailing._wa_check_ready()
        res_ids = mailing._get_remaining_recipients()
        model = self.env[self.mailing_model_real].sudo()
        self.env.cr.execute(
            """SELECT wa_number FROM mailing_trace WHERE mass_mailing_id = %s
                AND wa_number IS NOT NULL AND trace_status != 'cancel'""",
            [self.id],
        )
        seen = {row[0] for row in self.env.cr.fetchall()}
        start = max(self.schedule_date or fields.Datetime.now(), fields.Datetime.now())
        category = (self.wa_template_id.category or "marketing").lower()
        company = self.wa_account_id.company_id
        rate = self.env["whatsapp.rate"]
        today = fields.Date.context_today(self)
        prices = {}
        created = 0
        for offset in range(0, len(res_ids), PLAN_CHUNK):
            vals_list = []
            for record in model.browse(res_ids[offset : offset + PLAN_CHUNK]):
                partner, number = mailing._wa_recipient(record)
                vals = {
                    "trace_type": "whatsapp",
                    "model": record._name,
                    "res_id": record.id,
                    "mass_mailing_id": self.id,
                    "wa_partner_id": partner.id,
                    "wa_number": number or False,
                }
                reason = mailing._wa_skip_reason(record, partner, number, seen)
                if reason:
                    vals.update(
                        trace_status="cancel",
                        failure_type=reason[0],
                        failure_reason=reason[1],
                        wa_number=number if reason[0] != "wa_duplicate" else False,
                    )
                    if reason[0] == "wa_duplicate":
                        vals["wa_duplicate_of"] = number
                else:
                    seen.add(number)
                    country = mailing._wa_country(partner, number)
                    if country not in prices:
                        prices[country] = rate._price(category, country, today, company)
                    vals.update(
                        trace_status="outgoing",
                        wa_due_at=mailing._wa_due_at(partner, start),
                        wa_estimated_cost=prices[country],
                    )
                vals_list.append(vals)
            self.env["mailing.trace"].sudo().create(vals_list)
            created += len(vals_list)
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit
        _logger.info("WhatsApp broadcast %s: %s recipients planned", self.id, created)
        return created

    # The cron -----------------------------------------------------------------------------
    @api.model
    def _cron_whatsapp_broadcast(self):
        """Plan the broadcasts that are due, then hand their recipients to the
        send queue batch after batch (each committed when run as the cron)."""
        as_cron_job = bool(self.env.context.get("cron_id"))
        started = time.monotonic()
        self._wa_plan_due(commit=as_cron_job)
        done = 0
        while True:
            handed = self._wa_send_batch()
            done += handed
            if not as_cron_job:
                break
            self.env.cr.commit()  # pylint: disable=invalid-commit
            if not handed or time.monotonic() - started > RUN_SECONDS:
                break
        self._wa_finish()
        self._wa_schedule_next(done)

    @api.model
    def _wa_due_count(self):
        self.env.cr.execute(
            """SELECT count(*) FROM mailing_trace trace
                 JOIN mailing_mailing mailing ON mailing.id = trace.mass_mailing_id
                WHERE trace.trace_type = 'whatsapp' AND trace.trace_status = 'outgoing'
                  AND trace.wa_due_at <= %s
                  AND mailing.state = 'sending' AND NOT coalesce(mailing.wa_paused, false)""",
            [fields.Datetime.now()],
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _wa_plan_due(self, commit=False):
        now = fields.Datetime.now()
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT id FROM mailing_mailing
                WHERE mailing_type = 'whatsapp' AND state = 'in_queue' AND active
                  AND (schedule_date IS NULL OR schedule_date <= %s)
                ORDER BY id FOR UPDATE SKIP LOCKED""",
            [now],
        )
        for mailing in self.browse([row[0] for row in self.env.cr.fetchall()]):
            user = mailing.user_id or mailing.write_uid or self.env.user
            mailing = mailing.with_context(**self.env["res.users"].with_user(user).context_get())
            try:
                with self.env.cr.savepoint():
                    mailing._wa_plan(commit=False)
                    mailing.write({"state": "sending"})
            except UserError as error:
                mailing.write({"state": "draft", "wa_stop_reason": str(error)})
                _logger.warning("WhatsApp broadcast %s not sent: %s", mailing.id, error)
            if commit:
                self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _wa_claim(self, limit):
        self.env.flush_all()
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    """SELECT trace.id FROM mailing_trace trace
                         JOIN mailing_mailing mailing ON mailing.id = trace.mass_mailing_id
                        WHERE trace.trace_type = 'whatsapp' AND trace.trace_status = 'outgoing'
                          AND trace.wa_due_at <= %s
                          AND mailing.state = 'sending'
                          AND NOT coalesce(mailing.wa_paused, false)
                        ORDER BY trace.wa_due_at, trace.id
                        LIMIT %s FOR UPDATE OF trace SKIP LOCKED""",
                    [fields.Datetime.now(), limit],
                    log_exceptions=False,
                )
                trace_ids = [row[0] for row in self.env.cr.fetchall()]
        except TransactionRollbackError:
            # another worker handed some of these over after this transaction
            # began: they are not ours, and the next run sees what is left
            trace_ids = []
        return self.env["mailing.trace"].sudo().browse(trace_ids)

    @api.model
    def _wa_send_batch(self, limit=BATCH):
        """Claim due recipients (skipping those another worker holds) and
        queue their message; returns how many were handed or skipped."""
        room = self._wa_room()
        limit = min(limit, max(room.values())) if room else limit
        if limit <= 0:
            return 0
        traces = self._wa_claim(limit)
        handled = 0
        for mailing in traces.mass_mailing_id:
            mine = traces.filtered(lambda t, m=mailing: t.mass_mailing_id == m)
            handled += mailing.sudo()._wa_hand_over(mine, room)
        return handled

    @api.model
    def _wa_room(self):
        """Per number: how many more messages the broadcasts may queue ahead
        of the sender now."""
        self.env.cr.execute(
            """SELECT account.id, account.throughput, count(message.id)
                 FROM whatsapp_account account
            LEFT JOIN whatsapp_message message ON message.account_id = account.id
                  AND message.state IN ('outgoing', 'sending') AND message.is_broadcast
                GROUP BY account.id, account.throughput"""
        )
        return {
            account: max(MIN_LEAD, throughput * LEAD_SECONDS) - queued
            for account, throughput, queued in self.env.cr.fetchall()
        }

    @api.model
    def _wa_wake_if_low(self):
        """Wake the broadcast cron when a number with recipients due has less
        than half its lead queued (called by the send cron after each run)."""
        self.env.cr.execute(
            """SELECT account.id, account.throughput, count(message.id)
                 FROM whatsapp_account account
            LEFT JOIN whatsapp_message message ON message.account_id = account.id
                  AND message.state IN ('outgoing', 'sending') AND message.is_broadcast
                GROUP BY account.id, account.throughput"""
        )
        low = [
            account
            for account, throughput, queued in self.env.cr.fetchall()
            if queued * 2 <= max(MIN_LEAD, throughput * LEAD_SECONDS)
        ]
        if not low:
            return
        self.env.cr.execute(
            """SELECT 1 FROM mailing_trace trace
                 JOIN mailing_mailing mailing ON mailing.id = trace.mass_mailing_id
                WHERE trace.trace_type = 'whatsapp' AND trace.trace_status = 'outgoing'
                  AND trace.wa_due_at <= %s AND mailing.state = 'sending'
                  AND NOT coalesce(mailing.wa_paused, false)
                  AND mailing.wa_account_id = ANY(%s)
                LIMIT 1""",
            [fields.Datetime.now(), low],
        )
        if self.env.cr.fetchone():
            trigger_now(self.env.cr, self.env.ref("whatsapp_cs_bot.ir_cron_broadcast").id)

    def _wa_hand_over(self, traces, room):
        """Queue a message for each of ``traces`` (this broadcast's, locked)."""
        self.ensure_one()
        account = self.wa_account_id
        template = self.wa_template_id
        left_in_tier = account._wa_tier_left()
        reached = account._wa_reached_partners(traces.wa_partner_id)
        budget_used = self._wa_budget_used() if self.wa_budget else 0.0
        sender = self.user_id or self.create_uid
        existing = set(
            self.env[self.mailing_model_real].sudo().browse(traces.mapped("res_id")).exists().ids
        )
        messages_vals = []
        queued = []
        handled = 0
        over_budget = False
        for index, trace in enumerate(traces):
            if room.get(account.id, 0) <= 0:
                break  # the rest stays claimed by nobody: the next batch takes it
            record = self.env[trace.model].sudo().browse(trace.res_id)
            if trace.res_id not in existing:
                record = record.browse()
            partner = trace.wa_partner_id
            handled += 1
            if not record or not partner:
                trace._wa_skip("wa_no_number", self.env._("The recipient was deleted."))
                continue
            # the audience again: an opt-out since the plan is skipped now
            reason = self._wa_skip_reason(record, partner, trace.wa_number, set())
            if reason:
                trace._wa_skip(*reason)
                continue
            new_user = partner.id not in reached
            if new_user and left_in_tier is not None and left_in_tier <= 0:
                rest = traces[index:]
                rest.write({"wa_due_at": account._wa_tier_free_at()})
                handled -= 1
                break
            if self.wa_budget and budget_used + trace.wa_estimated_cost > self.wa_budget:
                over_budget = True
                handled -= 1
                break
            try:
                with self.env.cr.savepoint():
                    preview, values, _header = template.with_user(sender)._render(
                        record.with_user(sender), sender=sender
                    )
            except (UserError, AccessError) as error:
                trace._wa_skip("wa_incomplete", str(error))
                continue
            messages_vals.append(
                {
                    "conversation_id": partner.id,  # replaced by the conversation below
                    "direction": "out",
                    "message_type": "template",
                    "template_id": template.id,
                    "template_values": json.dumps(values),
                    "body": preview,
                    "author_id": sender.id,
                    "res_model": record._name,
                    "res_id": record.id,
                    "is_broadcast": True,
                    "mailing_trace_id": trace.id,
                }
            )
            queued.append(trace)
            if new_user:
                reached.add(partner.id)
                if left_in_tier is not None:
                    left_in_tier -= 1
            budget_used += trace.wa_estimated_cost
            room[account.id] = room.get(account.id, 0) - 1
        if messages_vals:
            threads = self._wa_conversations(
                account, [vals["conversation_id"] for vals in messages_vals]
            )
            for vals in messages_vals:
                vals["conversation_id"] = threads[vals["conversation_id"]]
            messages = self.env["whatsapp.message"].sudo().create(messages_vals)
            for trace, message in zip(queued, messages, strict=True):
                trace.write({"trace_status": "process", "wa_message_id": message.id})
        if over_budget:
            self._wa_stop(
                "wa_budget",
                self.env._("The budget of %s is reached.", self.wa_budget),
                queued_messages=False,
            )
        return handled

    def _wa_conversations(self, account, partner_ids):
        """``{partner id: conversation id}`` on ``account``, created as needed
        (one search and one create for the batch)."""
        conversations = self.env["whatsapp.conversation"].sudo()
        found = {
            conversation.partner_id.id: conversation.id
            for conversation in conversations.search(
                [("account_id", "=", account.id), ("partner_id", "in", partner_ids)]
            )
        }
        missing = [pid for pid in dict.fromkeys(partner_ids) if pid not in found]
        if missing:
            created = conversations.with_context(mail_create_nolog=True).create(
                [{"account_id": account.id, "partner_id": pid} for pid in missing]
            )
            found.update({conversation.partner_id.id: conversation.id for conversation in created})
        return found

    def _wa_budget_used(self):
        """What the recipients handed over so far should cost."""
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT coalesce(sum(CASE WHEN wa_cost > 0 THEN wa_cost
                                        ELSE wa_estimated_cost END), 0)
                 FROM mailing_trace
                WHERE mass_mailing_id = %s AND wa_message_id IS NOT NULL""",
            [self.id],
        )
        return self.env.cr.fetchone()[0]

    def _wa_stop(self, failure_type, text, queued_messages=True):
        """Cancel what has not left: queued recipients, and (with
        ``queued_messages``) their messages still waiting in the send queue
        (those being sent go)."""
        self.ensure_one()
        self.env.flush_all()
        self.env.cr.execute(
            """UPDATE whatsapp_message SET state = 'failed', error_title = %s,
                      error_advice = %s, next_attempt_at = NULL
                WHERE id IN (SELECT message.id FROM whatsapp_message message
                               JOIN mailing_trace trace ON trace.id = message.mailing_trace_id
                              WHERE trace.mass_mailing_id = %s AND message.state = 'outgoing'
                                AND %s
                              FOR UPDATE OF message SKIP LOCKED)
            RETURNING mailing_trace_id""",
            [self.env._("Broadcast stopped"), text, self.id, queued_messages],
        )
        stopped = [row[0] for row in self.env.cr.fetchall()]
        self.env.cr.execute(
            """UPDATE mailing_trace SET trace_status = 'cancel', failure_type = %s,
                      failure_reason = %s
                WHERE mass_mailing_id = %s
                  AND (trace_status = 'outgoing' OR id = ANY(%s))""",
            [failure_type, text, self.id, stopped],
        )
        self.env.invalidate_all()
        self.write({"state": "done", "sent_date": fields.Datetime.now(), "wa_stop_reason": text})

    @api.model
    def _wa_finish(self):
        """Broadcasts with nobody left to hand over are done."""
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT mailing.id FROM mailing_mailing mailing
                WHERE mailing.mailing_type = 'whatsapp' AND mailing.state = 'sending'
                  AND NOT EXISTS (SELECT 1 FROM mailing_trace trace
                                   WHERE trace.mass_mailing_id = mailing.id
                                     AND trace.trace_status = 'outgoing')"""
        )
        finished = self.browse([row[0] for row in self.env.cr.fetchall()])
        if finished:
            finished.write({"state": "done", "sent_date": fields.Datetime.now()})

    @api.model
    def _wa_schedule_next(self, done):
        cron = self.env.ref("whatsapp_cs_bot.ir_cron_broadcast").sudo()
        remaining = self._wa_due_count()
        if remaining and done:
            trigger_now(self.env.cr, cron.id)
        elif remaining:  # due, but the sender has enough queued for now
            cron._trigger(fields.Datetime.now() + timedelta(seconds=COME_BACK_SECONDS))
        else:
            self.env.cr.execute(
                """SELECT min(trace.wa_due_at) FROM mailing_trace trace
                     JOIN mailing_mailing mailing ON mailing.id = trace.mass_mailing_id
                    WHERE trace.trace_type = 'whatsapp' AND trace.trace_status = 'outgoing'
                      AND mailing.state = 'sending'"""
            )
            next_due = self.env.cr.fetchone()[0]
            if next_due:  # a local hour, or the tier's next day
                cron._trigger(next_due)
        self.env["ir.cron"]._notify_progress(done=done, remaining=0)
