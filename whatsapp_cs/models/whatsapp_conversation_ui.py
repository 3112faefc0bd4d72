# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The model is split by concern on purpose, one file each (see its main file).
# pylint: disable=consider-merging-classes-inherited
import json

from odoo import api, models
from odoo.exceptions import UserError

from ..tools import message_payload
from ..tools.access import has_role

CARD_LIMIT = 5


class WhatsappConversation(models.Model):
    """Private helpers behind the methods the browser calls (those live in
    ``whatsapp_conversation_rpc``, which checks roles and records first): the
    inbox filters, the customer card, messages an agent composes, "seen"."""

    _inherit = "whatsapp.conversation"

    @api.model
    def _inbox_filters(self):
        uid = self.env.uid
        mine_teams = ("team_id.member_ids.user_id", "in", [uid])
        active = ("state", "in", ("new", "open", "pending"))
        return {
            "mine": [("user_id", "=", uid), active],
            "unread": [("user_id", "=", uid), active, ("unread_count", ">", 0)],
            "pool": [
                ("user_id", "=", False),
                ("state", "in", ("new", "open")),
                "|",
                ("team_id", "=", False),
                mine_teams,
            ],
            "waiting": [active, ("waiting_since", "!=", False)],
            "alerts": [("sla_alert", "=", True), active],
            "all": [active],
        }

    def _card_records(self, commercial):
        """Orders, invoices and open leads of the customer, as the user may read them."""
        found = {}
        queries = (
            ("orders", "sale.order", [], "date_order desc", "amount_total"),
            (
                "invoices",
                "account.move",
                [("move_type", "in", ("out_invoice", "out_refund")), ("state", "=", "posted")],
                "invoice_date desc",
                "amount_total",
            ),
            ("leads", "crm.lead", [("active", "=", True)], "create_date desc", "expected_revenue"),
        )
        for key, model, domain, order, amount in queries:
            if model not in self.env or not self.env[model].has_access("read"):
                continue
            records = self.env[model].search(
                [("partner_id", "child_of", commercial.id), *domain], order=order, limit=CARD_LIMIT
            )
            found[key] = [
                {
                    "id": record.id,
                    "model": model,
                    "name": record.display_name,
                    "state": dict(record._fields["state"]._description_selection(self.env)).get(
                        record.state, ""
                    )
                    if "state" in record._fields
                    else "",
                    "amount": record[amount],
                    "currency": record.currency_id.symbol or ""
                    if "currency_id" in record._fields
                    else "",
                }
                for record in records
            ]
        return found

    def _mark_seen(self):
        """The user has the chat in front of them: the counter goes to zero and
        the customer gets blue ticks, for the conversation's agent or a team
        editor (a look at the pool leaves it unread for whoever takes it)."""
        self.ensure_one()
        if not has_role(self.env, "agent"):
            return
        if self.user_id != self.env.user and not self._is_team_editor():
            return
        if self.unread_count:
            self.sudo().unread_count = 0
        self.env["whatsapp.receipt"]._queue(self)

    def _send_built(self, build, reply_to_id=None):
        """Queue a message whose request body the server built from the
        agent's checked input (never a body from the browser)."""
        self._check_can_reply()
        try:
            payload = build()
        except message_payload.PayloadError as error:
            raise UserError(self._payload_advice(error)) from None
        vals = {
            "conversation_id": self.id,
            "direction": "out",
            "message_type": payload["type"],
            "body": message_payload.summary(payload),
            "payload": json.dumps(payload),
            "author_id": self.env.uid,
        }
        if reply_to_id:
            messages = self.env["whatsapp.message"]
            vals["reply_to_id"] = int(reply_to_id)
            vals["context_wamid"] = messages._quoted_wamid(
                {**vals, "conversation_id": self.id, "message_type": payload["type"]}
            )
        self.env["whatsapp.message"].sudo().create(vals)
        return self.whatsapp_chat_data(refresh=True)

    def _payload_advice(self, error):
        labels = {
            "body": self.env._("The text"),
            "header": self.env._("The header"),
            "footer": self.env._("The footer"),
            "button": self.env._("A button"),
            "list_button": self.env._("The menu button"),
            "row": self.env._("A row of the list"),
            "section": self.env._("A section title"),
            "description": self.env._("A row description"),
            "display_text": self.env._("The button text"),
            "url": self.env._("The link"),
            "latitude": self.env._("The latitude"),
            "longitude": self.env._("The longitude"),
            "name": self.env._("The place name"),
            "address": self.env._("The address"),
            "contact": self.env._("A contact card"),
        }
        what = labels.get(error.field, error.field)
        if error.reason == "too_long":
            return self.env._(
                "%(what)s may have at most %(max)s characters on WhatsApp.",
                what=what,
                max=error.limit,
            )
        if error.reason == "too_many":
            return self.env._(
                "%(what)s: WhatsApp allows at most %(max)s.", what=what, max=error.limit
            )
        if error.reason == "duplicate":
            return self.env._("%s: each one must be different.", what)
        if error.reason == "invalid":
            return self.env._(
                "%s is not valid (a link starts with https://; latitude -90 to 90, "
                "longitude -180 to 180).",
                what,
            )
        if error.field == "contact":
            return self.env._("Pick contacts that have a name and a phone number or an e-mail.")
        return self.env._("%s is missing.", what)
