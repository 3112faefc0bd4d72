# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models

from .mailing_mailing import ATTRIBUTION_DAYS


class WhatsappMessage(models.Model):
    _inherit = "whatsapp.message"

    mailing_trace_id = fields.Many2one(
        "mailing.trace",
        string="Broadcast Recipient",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
    )

    @api.model
    def _cron_send(self, *args, **kwargs):
        result = super()._cron_send(*args, **kwargs)
        # the sender drained part of a broadcast's lead: the broadcast refills it
        self.env["mailing.mailing"]._wa_wake_if_low()
        return result

    def write(self, vals):
        res = super().write(vals)
        if {"state", "cost"} & set(vals):
            for message in self:
                if message.mailing_trace_id:
                    message.mailing_trace_id.sudo()._wa_follow(message)
        return res

    def _on_customer_message(self, first_contact):
        result = super()._on_customer_message(first_contact)
        self._wa_count_broadcast_reply()
        if self.message_type in ("reaction", "system", "edit", "revoke"):
            return result  # an emoji, a number change or an edit is not a question
        self.env["whatsapp.tag.rule"]._on_customer_message(self)
        self.env["whatsapp.bot.engine"]._on_customer_message(
            self.conversation_id, self, first_contact
        )
        return result

    def _wa_count_broadcast_reply(self):
        """A customer's message within the attribution window of a broadcast
        they received is its reply (counted once, on the latest broadcast)."""
        if self.message_type in ("system", "edit", "revoke"):
            return
        since = fields.Datetime.now() - timedelta(days=ATTRIBUTION_DAYS)
        sent = self.sudo().search(
            [
                ("conversation_id", "=", self.conversation_id.id),
                ("direction", "=", "out"),
                ("mailing_trace_id", "!=", False),
                ("create_date", ">", since),
            ],
            order="id desc",
            limit=1,
        )
        if sent:
            sent.mailing_trace_id.sudo()._wa_replied(self.timestamp or fields.Datetime.now())
