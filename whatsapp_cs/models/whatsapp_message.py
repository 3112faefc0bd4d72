# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import itertools
import json
import logging
import mimetypes
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from psycopg2.extensions import TransactionRollbackError

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.cloud_api import PAIR_RATE_LIMIT_CODE, CloudApiError
from ..tools.cron_wakeup import trigger_now
from ..tools.message_content import MEDIA_MAX_BYTES, MEDIA_TYPES, read_message
from ..tools.meta_errors import advice_for

_logger = logging.getLogger(__name__)

MAX_SEND_ATTEMPTS = 5
SEND_BATCH = 50
# Requests to Meta in flight at once per send job ("whatsapp_cs.send_threads").
SEND_THREADS = 4
# A message stuck in "sending" this long crashed between our request and
# Meta's answer: its outcome is unknown, so it is failed, never resent.
SENDING_TIMEOUT = timedelta(minutes=10)

# Forward-only ranking of outbound states. "failed" ranks below "delivered":
# Meta may send both for one message (several devices) and delivered wins.
STATE_RANK = {
    "outgoing": 0,
    "sending": 1,
    "sent": 2,
    "failed": 3,
    "delivered": 4,
    "read": 5,
    "played": 6,
}
META_STATUS = {"sent", "delivered", "read", "played", "failed"}
# Only Odoo itself (webhook processing, the send queue) sets these: a user
# creating a message over RPC cannot forge a state, a wamid or an inbound message.
PROTECTED_FIELDS = {
    "direction",
    "state",
    "wamid",
    "timestamp",
    "sent_at",
    "delivered_at",
    "read_at",
    "author_id",
    "error_code",
    "error_title",
    "error_details",
    "error_advice",
    "pricing_category",
    "pricing_type",
    "billable",
    "callback_uid",
    "attempt_count",
    "next_attempt_at",
    "is_automatic",
    "payload",
}

MESSAGE_TYPES = [
    ("text", "Text"),
    ("image", "Image"),
    ("video", "Video"),
    ("audio", "Audio"),
    ("document", "Document"),
    ("sticker", "Sticker"),
    ("location", "Location"),
    ("contacts", "Contacts"),
    ("interactive", "Interactive"),
    ("button", "Button reply"),
    ("reaction", "Reaction"),
    ("template", "Template"),
    ("system", "System"),
    ("order", "Order"),
    ("unsupported", "Unsupported"),
]


def _meta_time(timestamp):
    """Meta's unix-seconds string as a naive UTC datetime."""
    try:
        moment = datetime.fromtimestamp(int(timestamp), tz=timezone.utc)
    except (TypeError, ValueError):
        return fields.Datetime.now()
    return moment.replace(tzinfo=None)


class WhatsappMessage(models.Model):
    _name = "whatsapp.message"
    _description = "WhatsApp Message"
    _order = "timestamp desc, id desc"
    _rec_name = "body"

    conversation_id = fields.Many2one(
        "whatsapp.conversation", required=True, index=True, ondelete="cascade"
    )
    # precompute: filled in the INSERT itself, not by an UPDATE right after
    account_id = fields.Many2one(
        related="conversation_id.account_id", store=True, index=True, precompute=True
    )
    partner_id = fields.Many2one(
        related="conversation_id.partner_id", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(related="conversation_id.company_id", store=True, precompute=True)
    direction = fields.Selection(
        [("in", "Received"), ("out", "Sent"), ("note", "Internal Note")], required=True
    )
    message_type = fields.Selection(MESSAGE_TYPES, default="text", required=True)
    body = fields.Text()
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    wamid = fields.Char(
        string="WhatsApp Message ID", index="btree_not_null", copy=False, readonly=True
    )
    state = fields.Selection(
        [
            ("received", "Received"),
            ("outgoing", "Queued"),
            ("sending", "Sending"),
            ("sent", "Sent"),
            ("delivered", "Delivered"),
            ("read", "Read"),
            ("played", "Played"),
            ("failed", "Failed"),
            ("note", "Note"),
        ],
        required=True,
        readonly=True,
        index=True,
    )
    timestamp = fields.Datetime(
        required=True,
        default=fields.Datetime.now,
        readonly=True,
        help="When the message was written (Meta's time, UTC).",
    )
    sent_at = fields.Datetime(readonly=True)
    delivered_at = fields.Datetime(readonly=True)
    read_at = fields.Datetime(readonly=True)
    author_id = fields.Many2one("res.users", readonly=True, help="Who wrote an outbound message.")
    reply_to_id = fields.Many2one("whatsapp.message", readonly=True, index="btree_not_null")
    context_wamid = fields.Char(readonly=True, help="The wamid this message quotes.")
    button_payload = fields.Char(readonly=True)
    forwarded = fields.Boolean(readonly=True)
    template_id = fields.Many2one("whatsapp.template", readonly=True)
    payload = fields.Text(readonly=True, help="Meta request body for templates and buttons.")
    error_code = fields.Integer(readonly=True)
    error_title = fields.Char(readonly=True)
    error_details = fields.Text(readonly=True)
    error_advice = fields.Text(readonly=True)
    pricing_category = fields.Char(readonly=True)
    pricing_type = fields.Char(readonly=True)
    billable = fields.Boolean(readonly=True)
    callback_uid = fields.Char(
        default=lambda self: uuid.uuid4().hex, copy=False, readonly=True, index=True
    )
    attempt_count = fields.Integer(readonly=True)
    next_attempt_at = fields.Datetime(readonly=True)
    is_automatic = fields.Boolean(readonly=True, help="Sent by a bot or an automation.")

    _sql_constraints = [
        (
            "wamid_account_uniq",
            "unique(account_id, wamid)",
            "This WhatsApp message is already stored.",
        ),
    ]

    def init(self):
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS whatsapp_message_outgoing_idx
               ON whatsapp_message (next_attempt_at, id) WHERE state = 'outgoing'"""
        )
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS whatsapp_message_queued_idx
               ON whatsapp_message (conversation_id, id) WHERE state IN ('outgoing', 'sending')"""
        )
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS whatsapp_message_conversation_time_idx
               ON whatsapp_message (conversation_id, timestamp DESC, id DESC)"""
        )

    # CRUD ------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if not self.env.su:
                forged = (set(vals) & PROTECTED_FIELDS) - {"direction"}
                if vals.get("direction") != "out" or forged:
                    raise AccessError(
                        self.env._("Users can only create outgoing WhatsApp messages.")
                    )
            if vals.get("direction") == "out":
                vals.setdefault("state", "outgoing")
                vals.setdefault("author_id", self.env.uid)
                vals.setdefault("next_attempt_at", fields.Datetime.now())
            elif vals.get("direction") == "note":
                vals["state"] = "note"
            else:
                vals.setdefault("state", "received")
        if not self.env.su:
            self.check_access("create")
            conversation_ids = {vals.get("conversation_id") for vals in vals_list}
            self.env["whatsapp.conversation"].browse(conversation_ids)._check_can_reply()
        messages = super().create(vals_list)
        outgoing = messages.filtered(lambda m: m.direction == "out")
        outgoing._check_can_send()
        for message in messages:
            message.conversation_id._on_new_message(message)
        if outgoing:
            # also runs inside webhook processing (bots): the lean wake-up
            trigger_now(self.env.cr, self.env.ref("whatsapp_cs.ir_cron_send_messages").id)
        return messages

    def unlink(self):
        for conversation, messages in self.grouped("conversation_id").items():
            self.env["whatsapp.conversation.log"]._add(
                conversation,
                "delete",
                self.env._("%s message(s) deleted", len(messages)),
            )
        return super().unlink()

    def _check_can_send(self):
        """Server-side rules of WhatsApp, whatever the client or UI."""
        for message in self:
            conversation = message.conversation_id
            if message.message_type == "template":
                if message.template_id.status != "APPROVED":
                    raise UserError(
                        self.env._(
                            "The template %s is not approved by Meta; it cannot be sent.",
                            message.template_id.display_name,
                        )
                    )
                continue
            if not conversation.window_open:
                raise UserError(
                    self.env._(
                        "The 24-hour window with %(name)s is closed: they last wrote "
                        "%(when)s. Only an approved template can be sent now; the "
                        "customer's reply reopens the window.",
                        name=conversation.partner_id.display_name,
                        when=conversation.last_inbound_at or self.env._("never"),
                    )
                )
            if message.message_type == "text" and not (message.body or "").strip():
                raise UserError(self.env._("Write a message before sending."))

    # Inbound ------------------------------------------------------------------------
    @api.model
    def _receive_inbound(self, account, data):
        message = data["message"]
        existing = self.search(
            [("account_id", "=", account.id), ("wamid", "=", message.get("id"))], limit=1
        )
        if existing:
            return existing
        contact = data.get("contact") or {}
        wa_id = message.get("from") or contact.get("wa_id")
        user_id = message.get("from_user_id") or contact.get("user_id")
        name = (contact.get("profile") or {}).get("name")
        partner_model = self.env["res.partner"]
        content = read_message(message)
        if content.message_type == "system":
            partner_model._whatsapp_system_update(account, wa_id, message.get("system") or {})
        partner = partner_model._whatsapp_find_or_create(wa_id, user_id, name, account)
        conversation = self.env["whatsapp.conversation"]._get_or_create(account, partner)
        target_wamid = content.reaction_to or content.reply_to
        reply_to = (
            self.search([("account_id", "=", account.id), ("wamid", "=", target_wamid)], limit=1)
            if target_wamid
            else self
        )
        vals = {
            "conversation_id": conversation.id,
            "direction": "in",
            "message_type": content.message_type,
            "body": content.body,
            "wamid": message.get("id"),
            "timestamp": _meta_time(message.get("timestamp")),
            "context_wamid": target_wamid or False,
            "reply_to_id": reply_to.id,
            "button_payload": content.button_payload,
            "forwarded": content.forwarded,
        }
        if content.error:
            vals.update(
                self._error_vals(
                    content.error.get("code"),
                    content.error.get("title"),
                    content.error.get("details"),
                )
            )
        first_contact = not conversation.last_inbound_at
        new_message = self.create(vals)
        if content.media.get("id"):
            new_message._download_media(account, content.media)
        new_message._on_customer_message(first_contact)
        return new_message

    def _on_customer_message(self, first_contact):
        """Hook: a customer's new message is stored (once per wamid, during
        webhook processing). Modules such as the bots answer it here."""

    def _download_media(self, account, media):
        """Copy a customer's file into an attachment (media ids expire after 7 days)."""
        self.ensure_one()
        client = account._client()
        info = client.get_media_info(media["id"])
        size = int(info.get("file_size") or 0)
        limit = MEDIA_MAX_BYTES.get(self.message_type, MEDIA_MAX_BYTES["document"])
        if size > limit:
            self.write(
                self._error_vals(
                    131052,
                    self.env._("File too large"),
                    self.env._(
                        "The %(type)s is %(size).1f MB; WhatsApp allows %(max).0f MB, so it "
                        "was not downloaded. Ask the customer for a smaller file.",
                        type=self.message_type,
                        size=size / 1e6,
                        max=limit / 1e6,
                    ),
                )
            )
            return
        content = client.download_media(info["url"])
        mimetype = info.get("mime_type") or media["mime_type"]
        filename = media.get("filename") or "{}-{}{}".format(
            self.message_type,
            (self.wamid or "")[-8:],
            mimetypes.guess_extension(mimetype.split(";")[0].strip()) or "",
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "raw": content,
                "mimetype": mimetype.split(";")[0].strip(),
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.attachment_ids = [fields.Command.link(attachment.id)]

    # Statuses -----------------------------------------------------------------------
    @api.model
    def _find_for_status(self, account, status):
        message = self.search(
            [("account_id", "=", account.id), ("wamid", "=", status.get("id"))], limit=1
        )
        callback = status.get("biz_opaque_callback_data") or ""
        if not message and callback.startswith("odoo:"):
            message = self.search([("callback_uid", "=", callback[5:])], limit=1)
        return message

    @api.model
    def _receive_status(self, account, status):
        message = self._find_for_status(account, status)
        if not message:
            # Meta's status can beat our own commit of the send: retry later.
            raise LookupError(f"no outbound message {status.get('id')} yet")
        new_state = status.get("status")
        if new_state not in META_STATUS:
            return message
        moment = _meta_time(status.get("timestamp"))
        vals = {}
        if not message.wamid:
            vals["wamid"] = status.get("id")
        pricing = status.get("pricing") or {}
        if pricing:
            vals.update(
                pricing_category=pricing.get("category"),
                pricing_type=pricing.get("type"),
                billable=pricing.get("billable", pricing.get("type") == "regular"),
            )
        stamp_field = {"sent": "sent_at", "delivered": "delivered_at", "read": "read_at"}
        if new_state in stamp_field and not message[stamp_field[new_state]]:
            vals[stamp_field[new_state]] = moment
        if STATE_RANK[new_state] > STATE_RANK.get(message.state, 0):
            vals["state"] = new_state
            if new_state == "failed":
                error = (status.get("errors") or [{}])[0]
                vals.update(
                    self._error_vals(
                        error.get("code"),
                        error.get("title") or error.get("message"),
                        (error.get("error_data") or {}).get("details"),
                    )
                )
                if error.get("code") == 131050:
                    message.partner_id.whatsapp_marketing_opt_out = True
            elif message.error_code:
                vals.update(
                    error_code=0, error_title=False, error_details=False, error_advice=False
                )
        if vals:
            message.write(vals)
        return message

    @api.model
    def _error_vals(self, code, title, details=None):
        return {
            "error_code": code or 0,
            "error_title": title or self.env._("No answer from Meta"),
            "error_details": details or False,
            "error_advice": advice_for(code, self.env.lang or "en_US"),
        }

    # Outbound ---------------------------------------------------------------------------
    @api.model
    def _cron_send(self, limit=SEND_BATCH):
        """Send due messages, several at a time, each in transactions of its own.

        Phase 1 marks the message ``sending`` and commits, so no other worker
        (and no retry after a crash) can send it again; phase 2 calls Meta
        and records the answer. A few threads do this side by side: a request
        to Meta takes 0.2-0.5 s, and one at a time would leave a burst of bot
        answers queueing behind each other.
        """
        # the claims below read the table in other cursors: write pending changes first
        self.env.flush_all()
        self._fail_stuck_sending()
        threads = max(
            1,
            int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param("whatsapp_cs.send_threads", SEND_THREADS)
            ),
        )
        tickets = itertools.count()  # shared budget: ``limit`` sends in all
        dbname = self.env.cr.dbname

        def send_until_empty():
            threading.current_thread().dbname = dbname  # for Odoo's log lines
            done = 0
            while next(tickets) < limit and self._send_one_due():
                done += 1
            return done

        if threads == 1:
            done = send_until_empty()
        else:
            with ThreadPoolExecutor(threads, thread_name_prefix="whatsapp_send") as pool:
                done = sum(pool.map(lambda _i: send_until_empty(), range(threads)))
        remaining = self.search_count(
            [("state", "=", "outgoing"), ("next_attempt_at", "<=", fields.Datetime.now())]
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)

    @api.model
    def _send_one_due(self):
        """Claim the next due message and send it; False when none is due."""
        with self.env.registry.cursor() as cr:
            message = self.with_env(self.env(cr=cr))._claim_one_outgoing()
            if not message:
                return False
            message.write({"state": "sending", "attempt_count": message.attempt_count + 1})
            message.env.flush_all()
            message_id = message.id
        with self.env.registry.cursor() as cr:
            message = self.with_env(self.env(cr=cr)).browse(message_id)
            message._send_now()
            message.env.flush_all()
        return True

    @api.model
    def _claim_one_outgoing(self):
        """Lock the next due message that may leave now, skipping those that
        another worker holds.

        A customer gets their messages in order (an answer before its files):
        a message waits while an earlier one of its conversation is still
        queued or being sent.
        """
        query = """SELECT id FROM whatsapp_message message
                WHERE state = 'outgoing' AND next_attempt_at <= %s
                  AND NOT EXISTS (
                      SELECT 1 FROM whatsapp_message earlier
                       WHERE earlier.conversation_id = message.conversation_id
                         AND earlier.state IN ('outgoing', 'sending')
                         AND earlier.id < message.id)
                ORDER BY next_attempt_at, id
                LIMIT 1
                  FOR UPDATE SKIP LOCKED"""
        for _attempt in range(3):
            try:
                self.env.cr.execute(query, (fields.Datetime.now(),), log_exceptions=False)
                break
            except TransactionRollbackError:
                # Another thread committed its claim of a row this snapshot
                # still saw as queued: that row is taken, look again.
                self.env.cr.rollback()
        else:
            return self.browse()
        row = self.env.cr.fetchone()
        return self.browse(row[0]) if row else self.browse()

    def _fail_stuck_sending(self):
        stuck = self.search(
            [
                ("state", "=", "sending"),
                ("write_date", "<", fields.Datetime.now() - SENDING_TIMEOUT),
            ]
        )
        for message in stuck:
            message.write(
                {
                    "state": "failed",
                    "error_title": self.env._("Outcome unknown"),
                    "error_advice": self.env._(
                        "Odoo stopped while sending this message, so it may or may not "
                        "have reached the customer. It is not resent automatically: "
                        "check with the customer before sending it again."
                    ),
                }
            )

    def _send_now(self):
        """Phase 2: one request to Meta for one message in state ``sending``."""
        self.ensure_one()
        account = self.account_id
        try:
            client = account._client()
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
            self.partner_id.whatsapp_wa_id = wa_id

    def _handle_send_error(self, error):
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
        self.ensure_one()
        partner = self.partner_id
        recipient = partner.whatsapp_wa_id or partner._whatsapp_number()
        if not recipient:
            raise UserError(self.env._("%s has no WhatsApp number.", partner.display_name))
        payload = {
            "to": "+" + recipient.lstrip("+"),
            "biz_opaque_callback_data": f"odoo:{self.callback_uid}",
        }
        if self.context_wamid and self.message_type != "reaction":
            payload["context"] = {"message_id": self.context_wamid}
        if self.payload:
            payload.update(json.loads(self.payload))
            return payload
        attachment = self.attachment_ids[:1]
        if self.message_type in MEDIA_TYPES and attachment:
            media_id = client.upload_media(attachment.raw, attachment.mimetype, attachment.name)
            media = {"id": media_id}
            if self.body and self.message_type in ("image", "video", "document"):
                media["caption"] = self.body
            if self.message_type == "document":
                media["filename"] = attachment.name
            payload.update(type=self.message_type, **{self.message_type: media})
        elif self.message_type == "reaction":
            payload.update(
                type="reaction",
                reaction={"message_id": self.context_wamid, "emoji": self.body or ""},
            )
        else:
            payload.update(type="text", text={"body": self.body, "preview_url": True})
        return payload

    # Actions ---------------------------------------------------------------------
    def action_retry(self):
        """Queue failed messages again (anyone who may send messages)."""
        self.check_access("read")
        self.env["whatsapp.message"].check_access("create")
        failed = self.filtered(lambda m: m.direction == "out" and m.state == "failed")
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

    # Chat widget ---------------------------------------------------------------------
    @api.model
    def _chat_data(self, domain, window_open, limit=80):
        """What the chat widget shows: the latest messages, oldest first.

        Bodies go out as plain strings; the widget renders them as text, so a
        customer's ``<script>`` stays text.
        """
        messages = self.search(domain, limit=limit, order="timestamp desc, id desc")
        return {
            "window_open": window_open,
            "can_send": self.env.user.has_group("whatsapp_cs.group_agent"),
            "messages": [
                {
                    "id": m.id,
                    "direction": m.direction,
                    "type": m.message_type,
                    "body": m.body or "",
                    "state": m.state,
                    "timestamp": fields.Datetime.to_string(m.timestamp),
                    "author": m.author_id.name or "",
                    "error": m.error_title or "",
                    "advice": m.error_advice or "",
                    "attachments": [
                        {"id": a.id, "name": a.name, "mimetype": a.mimetype}
                        for a in m.attachment_ids
                    ],
                }
                for m in reversed(messages)
            ],
        }
