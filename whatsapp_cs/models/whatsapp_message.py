# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import mimetypes
import uuid

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import clean_context

from ..tools.cron_wakeup import trigger_now
from ..tools.message_payload import CAPTION_MAX, CAPTION_TYPES, TEXT_MAX
from ..tools.meta_errors import advice_for

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
    ("edit", "Edit"),
    ("revoke", "Deletion"),
    ("unsupported", "Unsupported"),
]
# What a user may send from the chat or the composer; templates are built by
# the composer from an approved template, interactive messages by the bots.
USER_TYPES = ("text", "image", "video", "audio", "document", "sticker", "reaction")
FILE_TYPES = ("image", "video", "audio", "document", "sticker")
STICKER_MIMETYPES = ("image/webp",)
IMAGE_MIMETYPES = ("image/jpeg", "image/png")
VIDEO_MIMETYPES = ("video/mp4", "video/3gpp")


class WhatsappMessage(models.Model):
    """One WhatsApp message: received, sent, or an internal note.

    Split by concern: inbound handling is in ``whatsapp_message_inbound``,
    the send queue in ``whatsapp_message_send``.
    """

    _name = "whatsapp.message"
    _inherit = ["whatsapp.guard.mixin"]
    _description = "WhatsApp Message"
    _order = "timestamp desc, id desc"
    _rec_name = "body"

    # Users only write outgoing messages to a conversation they may answer;
    # everything else (states, Meta's ids, errors, costs) is Odoo's.
    _whatsapp_create_fields = {
        "agent": {
            "conversation_id",
            "direction",
            "message_type",
            "body",
            "attachment_ids",
            "reply_to_id",
        }
    }
    _whatsapp_write_fields = {}

    conversation_id = fields.Many2one(
        "whatsapp.conversation", required=True, index=True, ondelete="cascade"
    )
    # precompute: filled in the INSERT itself, not by an UPDATE right after;
    # related_sudo=False: an onchange never reads a conversation for a user
    # who may not (Odoo's messages are created as superuser after the checks)
    account_id = fields.Many2one(
        related="conversation_id.account_id",
        store=True,
        index=True,
        precompute=True,
        related_sudo=False,
    )
    partner_id = fields.Many2one(
        related="conversation_id.partner_id",
        store=True,
        index=True,
        precompute=True,
        related_sudo=False,
    )
    company_id = fields.Many2one(
        related="conversation_id.company_id", store=True, precompute=True, related_sudo=False
    )
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
    meta_status_at = fields.Datetime(
        readonly=True, help="When Meta's last status about this message came in."
    )
    delivered_at = fields.Datetime(readonly=True)
    read_at = fields.Datetime(readonly=True)
    author_id = fields.Many2one("res.users", readonly=True, help="Who wrote an outbound message.")
    reply_to_id = fields.Many2one(
        "whatsapp.message",
        readonly=True,
        index="btree_not_null",
        help="The message this one quotes, reacts to, edits or deletes.",
    )
    context_wamid = fields.Char(readonly=True, help="The wamid this message quotes.")
    button_payload = fields.Char(readonly=True)
    forwarded = fields.Boolean(readonly=True)
    edited_at = fields.Datetime(readonly=True, help="The customer edited this message.")
    revoked_at = fields.Datetime(readonly=True, help="The customer deleted this message.")
    template_id = fields.Many2one("whatsapp.template", readonly=True)
    template_values = fields.Text(
        readonly=True,
        help="The template's parameters, as JSON; the request is built from "
        "the template's definition when the message leaves.",
    )
    payload = fields.Text(readonly=True, help="Meta request body for interactive messages.")
    res_model = fields.Char(string="Document Model", readonly=True, index="btree_not_null")
    res_id = fields.Many2oneReference(
        string="Document", model_field="res_model", readonly=True, help="What the message is about."
    )
    error_code = fields.Integer(readonly=True)
    error_title = fields.Char(readonly=True)
    error_details = fields.Text(readonly=True)
    error_advice = fields.Text(readonly=True)
    media_state = fields.Selection(
        [("unavailable", "Media unavailable")],
        readonly=True,
        help="The customer's file could not be downloaded from Meta (yet).",
    )
    media_attempts = fields.Integer(readonly=True)
    media_retry_at = fields.Datetime(
        readonly=True, index="btree_not_null", help="When Odoo tries the download again."
    )
    pricing_category = fields.Char(readonly=True, help="Meta's category for the price.")
    pricing_type = fields.Char(
        readonly=True,
        help="regular (billed), free_customer_service or free_entry_point, as Meta says.",
    )
    pricing_model = fields.Char(readonly=True)
    billable = fields.Boolean(readonly=True)
    recipient_country_id = fields.Many2one(
        "res.country", readonly=True, help="The country of the number (what Meta prices by)."
    )
    cost = fields.Float(
        digits=(16, 5),
        readonly=True,
        help="What Meta charges for this message: the rate of its pricing category and "
        "country on the day it was sent (WhatsApp > Configuration > Rates), when Meta bills it.",
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    callback_uid = fields.Char(
        default=lambda self: uuid.uuid4().hex, copy=False, readonly=True, index=True
    )
    attempt_count = fields.Integer(readonly=True)
    next_attempt_at = fields.Datetime(readonly=True)
    is_automatic = fields.Boolean(readonly=True, help="Sent by a bot or an automation.")
    is_broadcast = fields.Boolean(
        readonly=True, help="Sent by a broadcast (a WhatsApp mailing of the marketing app)."
    )

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

    @api.depends("body", "message_type")
    def _compute_display_name(self):
        # never through reply_to_id or other records: only what this message holds
        labels = dict(MESSAGE_TYPES)
        for message in self:
            message.display_name = (message.body or labels.get(message.message_type, ""))[:80]

    # CRUD ------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        model = self if self.env.su else self._checked_user_create(vals_list)
        for vals in vals_list:
            if vals.get("direction") == "out":
                vals.setdefault("state", "outgoing")
                vals.setdefault("author_id", self.env.uid)
                vals.setdefault("next_attempt_at", fields.Datetime.now())
            elif vals.get("direction") == "note":
                vals["state"] = "note"
            else:
                vals.setdefault("state", "received")
        messages = super(WhatsappMessage, model).create(vals_list)
        outgoing = messages.filtered(lambda m: m.direction == "out")
        outgoing._check_can_send()
        for message in messages:
            message.conversation_id._on_new_message(message)
        if outgoing:
            # also runs inside webhook processing (bots): the lean wake-up
            trigger_now(self.env.cr, self.env.ref("whatsapp_cs.ir_cron_send_messages").id)
        return messages.with_env(self.env)

    def _checked_user_create(self, vals_list):
        """A user's outgoing messages: the allow-list, then what each value may
        be; returns the model to create them with (as superuser, since the
        state, author and queue fields are Odoo's)."""
        self.check_access("create")
        allowed = self._whatsapp_allowed_fields(self._whatsapp_create_fields)
        for vals in vals_list:
            self._whatsapp_check_values(vals, allowed)
            self._check_user_values(vals)
        conversations = self.env["whatsapp.conversation"].browse(
            {vals.get("conversation_id") for vals in vals_list}
        )
        conversations._check_can_reply()
        # a replaced context: no default_* of the caller's may reach Odoo's fields
        return self.sudo().with_context(clean_context(self.env.context))  # pylint: disable=context-overridden

    def _check_user_values(self, vals):
        if vals.get("direction", "out") != "out":
            raise AccessError(self.env._("Users can only create outgoing WhatsApp messages."))
        vals["direction"] = "out"
        kind = vals.setdefault("message_type", "text")
        if kind not in USER_TYPES:
            raise AccessError(
                self.env._(
                    "Templates are sent from the composer (“Files / Template”), which fills "
                    "them from an approved template; %s messages are Odoo's own.",
                    kind,
                )
            )
        body = vals.get("body") or ""
        limit = CAPTION_MAX if kind in CAPTION_TYPES else TEXT_MAX
        if len(body) > limit:
            raise UserError(
                self.env._(
                    "WhatsApp takes at most %(max)s characters here (%(count)s written).",
                    max=limit,
                    count=len(body),
                )
            )
        if kind in FILE_TYPES and not vals.get("attachment_ids"):
            raise UserError(self.env._("Attach the file to send."))
        if vals.get("reply_to_id"):
            vals["context_wamid"] = self._quoted_wamid(vals)

    def _quoted_wamid(self, vals):
        """The wamid of the message a user quotes or reacts to, if they may read it."""
        quoted = self.browse(int(vals["reply_to_id"])).exists()
        quoted.check_access("read")
        if quoted.conversation_id.id != vals.get("conversation_id") or not quoted.wamid:
            raise UserError(self.env._("Quote a message of this conversation."))
        if vals["message_type"] == "reaction" and quoted.direction != "in":
            raise UserError(self.env._("React to a message the customer sent."))
        return quoted.wamid

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
                template = message.template_id
                if template.status != "APPROVED" or template.account_id.waba_id != (
                    conversation.account_id.waba_id
                ):
                    raise UserError(
                        self.env._(
                            "The template %s is not approved by Meta for this number; it "
                            "cannot be sent.",
                            template.display_name,
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

    @api.model
    def _error_vals(self, code, title, details=None):
        return {
            "error_code": code or 0,
            "error_title": title or self.env._("No answer from Meta"),
            "error_details": details or False,
            "error_advice": advice_for(code, self.env.lang or "en_US"),
        }

    # Outgoing values ---------------------------------------------------------------
    @api.model
    def _file_kind(self, attachment):
        """How WhatsApp shows a file: a sticker (webp), image, video, audio or document."""
        mimetype = (
            attachment.mimetype or mimetypes.guess_type(attachment.name or "")[0] or ""
        ).split(";")[0]
        if mimetype in STICKER_MIMETYPES:
            return "sticker"
        if mimetype in IMAGE_MIMETYPES:
            return "image"
        if mimetype in VIDEO_MIMETYPES:
            return "video"
        if mimetype.startswith("audio/"):
            return "audio"
        return "document"

    @api.model
    def _outgoing_vals(self, conversation, body, attachments):
        """Messages for a text and its files, in order: the text rides as the
        caption of the first file that shows one, else goes first on its own."""
        body = (body or "").strip()
        vals_list = []
        caption_used = False
        for attachment in attachments:
            kind = self._file_kind(attachment)
            caption = body if body and not caption_used and kind in CAPTION_TYPES else False
            caption_used = caption_used or bool(caption)
            vals_list.append(
                {
                    "conversation_id": conversation.id,
                    "direction": "out",
                    "message_type": kind,
                    "body": caption,
                    "attachment_ids": [fields.Command.link(attachment.id)],
                }
            )
        if body and not caption_used:
            vals_list.insert(
                0,
                {
                    "conversation_id": conversation.id,
                    "direction": "out",
                    "message_type": "text",
                    "body": body,
                },
            )
        return vals_list

    # Chat widget -----------------------------------------------------------------------
    def _chat_values(self):
        """One bubble of the chat widget (plain strings, rendered as text)."""
        self.ensure_one()
        return {
            "id": self.id,
            "direction": self.direction,
            "type": self.message_type,
            "body": self.body or "",
            "state": self.state,
            "timestamp": fields.Datetime.to_string(self.timestamp),
            "author": self.author_id.name or "",
            "error": self.error_title or "",
            "advice": self.error_advice or "",
            "edited": bool(self.edited_at),
            "revoked": bool(self.revoked_at),
            "attachments": [
                {"id": a.id, "name": a.name, "mimetype": a.mimetype} for a in self.attachment_ids
            ],
            # the quoted or reacted-to message is one of the same conversation
            "reply_to": {
                "id": self.reply_to_id.id,
                "body": (self.reply_to_id.body or self.reply_to_id.message_type or "")[:120],
            }
            if self.reply_to_id
            else False,
            "can_quote": bool(self.wamid) and self.direction in ("in", "out"),
            "can_react": bool(self.wamid) and self.direction == "in",
        }
