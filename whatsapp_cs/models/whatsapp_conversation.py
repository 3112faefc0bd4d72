# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models

WINDOW = timedelta(hours=24)


class WhatsappConversation(models.Model):
    """The WhatsApp thread between one customer and one business number."""

    _name = "whatsapp.conversation"
    _description = "WhatsApp Conversation"
    _inherit = ["mail.thread"]
    _order = "last_message_at desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    account_id = fields.Many2one("whatsapp.account", required=True, index=True, readonly=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, readonly=True
    )
    category_ids = fields.Many2many(related="partner_id.category_id", string="Tags")
    message_ids_wa = fields.One2many(
        "whatsapp.message", "conversation_id", string="WhatsApp Messages"
    )
    last_inbound_at = fields.Datetime(
        readonly=True, help="Meta's time of the customer's last message."
    )
    window_expires_at = fields.Datetime(
        string="Window Open Until",
        compute="_compute_window_expires_at",
        store=True,
        help="Until then free text and media may be sent; afterwards only templates.",
    )
    window_open = fields.Boolean(compute="_compute_window_open", search="_search_window_open")
    last_message_at = fields.Datetime(readonly=True, index=True)
    last_message_preview = fields.Char(readonly=True)
    unread_count = fields.Integer(readonly=True, help="Customer messages nobody has opened yet.")
    wa_message_count = fields.Integer(compute="_compute_wa_message_count")

    _sql_constraints = [
        (
            "partner_account_uniq",
            "unique(partner_id, account_id)",
            "This customer already has a conversation on this number.",
        ),
    ]

    @api.depends("partner_id.name", "account_id.name")
    def _compute_name(self):
        for conversation in self:
            conversation.name = conversation.partner_id.name or conversation.partner_id.display_name

    @api.depends("last_inbound_at")
    def _compute_window_expires_at(self):
        for conversation in self:
            last = conversation.last_inbound_at
            conversation.window_expires_at = last + WINDOW if last else False

    @api.depends("window_expires_at")
    def _compute_window_open(self):
        now = fields.Datetime.now()
        for conversation in self:
            expires = conversation.window_expires_at
            conversation.window_open = bool(expires and expires > now)

    def _search_window_open(self, operator, value):
        is_open = (operator == "=") == bool(value)
        if is_open:
            return [("window_expires_at", ">", fields.Datetime.now())]
        return [
            "|",
            ("window_expires_at", "=", False),
            ("window_expires_at", "<=", fields.Datetime.now()),
        ]

    def _compute_wa_message_count(self):
        counts = dict(
            self.env["whatsapp.message"]._read_group(
                [("conversation_id", "in", self.ids)], ["conversation_id"], ["__count"]
            )
        )
        for conversation in self:
            conversation.wa_message_count = counts.get(conversation, 0)

    # Business -------------------------------------------------------------------
    @api.model
    def _get_or_create(self, account, partner):
        conversation = self.search(
            [("account_id", "=", account.id), ("partner_id", "=", partner.id)], limit=1
        )
        if not conversation:
            conversation = self.with_context(mail_create_nolog=True).create(
                {"account_id": account.id, "partner_id": partner.id}
            )
        return conversation

    def _on_new_message(self, message):
        """Keep the thread's summary fields in step with a new message."""
        self.ensure_one()
        vals = {}
        # Meta does not guarantee order: only a newer message moves these.
        if not self.last_message_at or message.timestamp >= self.last_message_at:
            vals["last_message_at"] = message.timestamp
            vals["last_message_preview"] = (message.body or message.message_type or "")[:120]
        if message.direction == "in":
            vals["unread_count"] = self.unread_count + 1
            if not self.last_inbound_at or message.timestamp > self.last_inbound_at:
                vals["last_inbound_at"] = message.timestamp
        else:
            vals["unread_count"] = 0
        self.write(vals)

    # Actions ----------------------------------------------------------------------
    def action_open_composer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("WhatsApp %s", self.partner_id.display_name),
            "res_model": "whatsapp.message.compose",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_conversation_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_account_id": self.account_id.id,
            },
        }

    def whatsapp_chat_data(self):
        self.ensure_one()
        if self.unread_count and self.env.user.has_group("whatsapp_cs.whatsapp_cs_group_agent"):
            self.unread_count = 0
        return self.env["whatsapp.message"]._chat_data(
            [("conversation_id", "=", self.id)], self.window_open
        )

    def whatsapp_chat_send(self, body):
        """Send free text from the chat widget (the window rule applies)."""
        self.ensure_one()
        self.env["whatsapp.message"].create(
            {"conversation_id": self.id, "direction": "out", "body": body}
        )
        return self.whatsapp_chat_data()

    def action_mark_read(self):
        self.write({"unread_count": 0})
        return True
