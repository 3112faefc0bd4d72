# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The model is split by concern on purpose, one file each (see its main file).
# pylint: disable=consider-merging-classes-inherited
import json
import mimetypes
import time
from datetime import datetime, timedelta, timezone

from markupsafe import Markup
from psycopg2.errors import LockNotAvailable, SerializationFailure

from odoo import api, fields, models

from ..tools.cloud_api import CloudApiError
from ..tools.message_content import MEDIA_MAX_BYTES, read_message
from .whatsapp_event import MessageBusy, UnknownMessage

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
STAMP_FIELDS = {"sent": "sent_at", "delivered": "delivered_at", "read": "read_at"}
# A customer's answer is about the document last sent to them within this window.
DOCUMENT_REPLY_WINDOW = timedelta(hours=72)
META_MARKETING_LIMIT = 131049
# A file Meta would not hand over (timeout, 404, 5xx) is tried again after
# these delays, then left for the customer to send again.
MEDIA_RETRY_DELAYS = (
    timedelta(seconds=30),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=3),
)
MEDIA_RETRY_BATCH = 20
# A run of the retry cron stops taking downloads after this long (each may
# wait for Meta's timeout), well inside a cron worker's time limit.
MEDIA_RETRY_SECONDS = 20


def meta_time(timestamp):
    """Meta's unix-seconds string as a naive UTC datetime, never later than
    now: a moment in the future (a skewed clock) would open the customer
    service window for longer than Meta does."""
    now = fields.Datetime.now()
    try:
        moment = datetime.fromtimestamp(int(timestamp), tz=timezone.utc)
    except (TypeError, ValueError, OverflowError, OSError):
        return now
    return min(moment.replace(tzinfo=None), now)


class WhatsappMessage(models.Model):
    """Webhook processing: customers' messages, their files, edits and
    deletions, and the statuses of what we sent. Runs in the events cron."""

    _inherit = "whatsapp.message"

    # Customers' messages ------------------------------------------------------------
    @api.model
    def _receive_inbound(self, account, data):
        message = data["message"]
        existing = self.search(
            [("account_id", "=", account.id), ("wamid", "=", message.get("id"))], limit=1
        )
        if existing:
            return existing
        contact = data.get("contact") or {}
        content = read_message(message)
        partner = self._inbound_partner(account, message, contact, content)
        conversation = self.env["whatsapp.conversation"]._get_or_create(account, partner)
        target_wamid = content.reaction_to or content.reply_to or content.original
        target = self._by_wamid(account, target_wamid)
        vals = {
            "conversation_id": conversation.id,
            "direction": "in",
            "message_type": content.message_type,
            "body": content.body,
            "wamid": message.get("id"),
            "timestamp": meta_time(message.get("timestamp")),
            "context_wamid": target_wamid or False,
            "reply_to_id": target.id,
            "button_payload": content.button_payload,
            "forwarded": content.forwarded,
            "payload": json.dumps(content.data) if content.data else False,
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
        if content.original and target:
            stamp = "edited_at" if content.message_type == "edit" else "revoked_at"
            target.write({stamp: new_message.timestamp})
        if content.media.get("id"):
            new_message._download_media_or_retry(account, content.media)
        if content.message_type in ("text", "button"):
            partner._whatsapp_consent_keyword(content.body)
        if content.message_type not in ("reaction", "system", "edit", "revoke"):
            new_message._on_document_reply()
        new_message._on_customer_message(first_contact)
        return new_message

    def _on_document_reply(self):
        """A customer answering a template sent about a document (the quoted
        one, else the latest within the reply window): the answer also lands
        in that document's chatter, and its owner gets the chat if they are a
        WhatsApp agent and nobody has it."""
        self.ensure_one()
        sent = (
            self.reply_to_id
            if self.reply_to_id.res_model
            else self.search(
                [
                    ("conversation_id", "=", self.conversation_id.id),
                    ("direction", "=", "out"),
                    ("res_model", "!=", False),
                    ("timestamp", ">=", fields.Datetime.now() - DOCUMENT_REPLY_WINDOW),
                ],
                order="timestamp desc, id desc",
                limit=1,
            )
        )
        if not sent or sent.res_model not in self.env:
            return
        record = self.env[sent.res_model].browse(sent.res_id).exists()
        if not record:
            return
        conversation = self.conversation_id
        self.env["whatsapp.conversation.document"]._link(conversation, record, "replied")
        if hasattr(record, "message_post"):
            # followers are told by e-mail from the mail queue, not inside webhook processing
            record.with_context(mail_notify_force_send=False).message_post(
                body=Markup("<p>%s</p><p>%s</p>")
                % (self.env._("On WhatsApp:"), self.body or self.message_type),
                author_id=self.partner_id.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        owner = self._document_owner(record)
        if owner and not conversation.user_id:
            conversation._assign(
                owner,
                "assign",
                self.env._(
                    "%(user)s, owner of %(document)s", user=owner.name, document=record.display_name
                ),
            )

    @api.model
    def _document_owner(self, record):
        """The salesperson or owner of ``record``, if a WhatsApp agent."""
        for name in ("user_id", "invoice_user_id"):
            field = record._fields.get(name)
            if field and field.type == "many2one" and field.comodel_name == "res.users":
                user = record[name]
                if user.active and user.has_group("whatsapp_cs.group_agent"):
                    return user
        return self.env["res.users"]

    @api.model
    def _inbound_partner(self, account, message, contact, content):
        """The customer who wrote; a number change moves them, never duplicates them."""
        partners = self.env["res.partner"]
        wa_id = message.get("from") or contact.get("wa_id")
        user_id = message.get("from_user_id") or contact.get("user_id")
        if content.message_type == "system":
            moved = partners._whatsapp_system_update(wa_id, message.get("system") or {})
            if moved:
                return moved
        name = (contact.get("profile") or {}).get("name")
        return partners._whatsapp_find_or_create(wa_id, user_id, name, account)

    @api.model
    def _by_wamid(self, account, wamid):
        if not wamid:
            return self.browse()
        return self.search([("account_id", "=", account.id), ("wamid", "=", wamid)], limit=1)

    def _on_customer_message(self, first_contact):
        """Hook: a customer's new message is stored (once per wamid, during
        webhook processing). Modules such as the bots answer it here."""

    def _download_media_or_retry(self, account, media):
        """Download the customer's file; when Meta does not hand it over, the
        message is kept all the same, marked "media unavailable", and the
        download is tried again later (never a failed event: the text and
        the conversation must not wait for a file)."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                stored = self._download_media(account, media)
        except CloudApiError as error:
            attempts = self.media_attempts + 1
            retry = attempts <= len(MEDIA_RETRY_DELAYS)
            retry_at = fields.Datetime.now() + MEDIA_RETRY_DELAYS[attempts - 1] if retry else False
            self.write(
                {
                    "media_state": "unavailable",
                    "media_attempts": attempts,
                    "media_retry_at": retry_at,
                    "error_code": error.code or 0,
                    "error_title": self.env._("Media unavailable"),
                    "error_details": str(error),
                    "error_advice": self.env._(
                        "Meta did not hand over the customer's file; Odoo tries again."
                    )
                    if retry
                    else self.env._(
                        "Meta did not hand over the customer's file after several tries: "
                        "ask the customer to send it again."
                    ),
                }
            )
            if retry:
                self.env.ref("whatsapp_cs.ir_cron_retry_media").sudo()._trigger(retry_at)
            return False
        if stored and self.media_state:
            self.write(
                {
                    "media_state": False,
                    "media_retry_at": False,
                    "error_code": 0,
                    "error_title": False,
                    "error_details": False,
                    "error_advice": False,
                }
            )
        return stored

    @api.model
    def _cron_retry_media(self, limit=MEDIA_RETRY_BATCH):
        """Try again the downloads of customers' files that Meta did not hand
        over, each from the webhook event that brought its message."""
        messages = self.search(
            [
                ("media_state", "=", "unavailable"),
                ("media_retry_at", "<=", fields.Datetime.now()),
            ],
            order="media_retry_at, id",
            limit=limit,
        )
        events = self.env["whatsapp.event"].search(
            [("message_id", "in", messages.ids), ("kind", "=", "message")]
        )
        started, tried = time.monotonic(), 0
        for message in messages:
            if time.monotonic() - started > MEDIA_RETRY_SECONDS:
                break  # a slow Meta: the rest in the next run, below
            tried += 1
            event = events.filtered(lambda e, m=message: e.message_id == m)[:1]
            media = read_message(json.loads(event.payload)["message"]).media if event else {}
            if not media.get("id"):
                message.media_retry_at = False
                continue
            message._download_media_or_retry(message.account_id, media)
            if self.env.context.get("cron_id"):
                # as the cron job: each download is kept, whatever the next does
                self.env.cr.commit()  # pylint: disable=invalid-commit
        if tried < len(messages) or len(messages) == limit:
            # more are due: the next run at once, not in 15 minutes
            self.env.ref("whatsapp_cs.ir_cron_retry_media").sudo()._trigger()

    def _download_media(self, account, media):
        """Copy a customer's file into an attachment (media ids expire after 7
        days); False when it is above WhatsApp's limits."""
        self.ensure_one()
        client = account._client()
        info = client.get_media_info(media["id"])
        size = int(info.get("file_size") or 0)
        limit = MEDIA_MAX_BYTES.get(self.message_type, MEDIA_MAX_BYTES["document"])
        if size > limit:
            self._refuse_large_file(size, limit)
            return False
        content = client.download_media(info["url"])
        if len(content) > limit:  # Meta's size was wrong or missing
            self._refuse_large_file(len(content), limit)
            return False
        mimetype = (info.get("mime_type") or media["mime_type"]).split(";")[0].strip()
        filename = media.get("filename") or "{}-{}{}".format(
            self.message_type,
            (self.wamid or "")[-8:],
            mimetypes.guess_extension(mimetype) or "",
        )
        attachment = self.env["ir.attachment"].create(
            {
                "name": filename,
                "raw": content,
                "mimetype": mimetype,
                "res_model": self._name,
                "res_id": self.id,
            }
        )
        self.attachment_ids = [fields.Command.link(attachment.id)]
        return True

    def _refuse_large_file(self, size, limit):
        """A file above WhatsApp's limit: kept out, said so (no retry helps)."""
        self.write(
            {
                "media_state": "unavailable",
                "media_retry_at": False,
                **self._error_vals(
                    131052,
                    self.env._("File too large"),
                    self.env._(
                        "The %(type)s is %(size).1f MB; WhatsApp allows %(max).0f MB, so it "
                        "was not downloaded. Ask the customer for a smaller file.",
                        type=self.message_type,
                        size=size / 1e6,
                        max=limit / 1e6,
                    ),
                ),
            }
        )

    # Statuses of what we sent -------------------------------------------------------
    @api.model
    def _lock_if_free(self):
        """Lock this message's row unless another transaction holds it, or
        changed it since this transaction began (the send cron has just
        recorded its answer: a fresh transaction sees it)."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    "SELECT id FROM whatsapp_message WHERE id = %s FOR UPDATE NOWAIT",
                    (self.id,),
                    log_exceptions=False,
                )
        except (LockNotAvailable, SerializationFailure):
            return False
        return True

    def _find_for_status(self, account, status):
        message = self._by_wamid(account, status.get("id"))
        callback = status.get("biz_opaque_callback_data") or ""
        if not message and callback.startswith("odoo:"):
            message = self.search([("callback_uid", "=", callback[5:])], limit=1)
        return message

    def _pricing_vals(self, pricing, moment):
        """Meta's ``pricing`` object, and the cost it means from the rate table
        (``billable`` is deprecated: ``type`` regular means billed)."""
        billable = (
            pricing.get("type") == "regular" if "type" in pricing else bool(pricing.get("billable"))
        )
        category = pricing.get("category") or False
        country = self.partner_id._whatsapp_country()
        cost = 0.0
        if billable and category:
            cost = self.env["whatsapp.rate"]._price(
                category, country, moment.date(), self.company_id
            )
        return {
            "pricing_category": category,
            "pricing_type": pricing.get("type") or False,
            "pricing_model": pricing.get("pricing_model") or False,
            "billable": billable,
            "recipient_country_id": country.id,
            "cost": cost,
        }

    @api.model
    def _receive_status(self, account, status):
        message = self._find_for_status(account, status)
        if not message:
            # Meta's status can beat our own commit of the send (retried), or
            # be about a message another tool sent from this number.
            raise UnknownMessage(f"no outbound message {status.get('id')}")
        if message.state == "sending" and not message._lock_if_free():
            # Meta answered the send cron's request and already reports on
            # it: the cron records its answer first (never a write conflict
            # that would undo its whole batch)
            raise MessageBusy(f"message {message.id} is being sent")
        new_state = status.get("status")
        if new_state not in META_STATUS:
            return message
        moment = meta_time(status.get("timestamp"))
        vals = {"meta_status_at": fields.Datetime.now()}
        if not message.wamid:
            vals["wamid"] = status.get("id")
        pricing = status.get("pricing") or {}
        if pricing:
            vals.update(message._pricing_vals(pricing, moment))
        if new_state in STAMP_FIELDS and not message[STAMP_FIELDS[new_state]]:
            vals[STAMP_FIELDS[new_state]] = moment
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
                    message.partner_id._whatsapp_set_marketing_opt_out(
                        True, self.env._("Meta refused a marketing message (131050)")
                    )
                elif error.get("code") == META_MARKETING_LIMIT:
                    message.partner_id._whatsapp_meta_limited()
            elif message.error_code:
                vals.update(
                    error_code=0, error_title=False, error_details=False, error_advice=False
                )
        if vals:
            message.write(vals)
        return message
