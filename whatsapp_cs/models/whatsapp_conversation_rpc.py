# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The model is split by concern on purpose, one file each (see its main file).
# pylint: disable=consider-merging-classes-inherited
from odoo import api, models
from odoo.exceptions import UserError

from ..tools import message_payload
from ..tools.access import has_role, require_role

NOTE_MAX_LENGTH = 300
CHAT_LIMIT = 80
INBOX_LIMIT = 80
SYSTRAY_LIMIT = 10
EMOJI_MAX = 10
CARD_LIMIT = 5


class WhatsappConversation(models.Model):
    """Everything the chat widget calls on a conversation (on the conversation,
    the partner's WhatsApp tab, the inbox, the systray); the inbox buttons are
    in ``whatsapp_conversation_actions``.

    Each public method names the roles that may call it (checked before its
    body runs) and checks the record itself (record rules, assignee, team
    editor) before any ``sudo()``. Nothing else on this model is public.
    """

    _inherit = "whatsapp.conversation"

    # Chat widget: conversation -----------------------------------------------------------
    @require_role("agent", "analyst")
    def whatsapp_chat_data(self, refresh=False):
        """Messages for the chat widget; opening it (not the periodic refresh)
        locks the conversation for an agent who may reply."""
        self.ensure_one()
        self.check_access("read")
        mine = self.user_id == self.env.user
        if not refresh and mine and not self._reply_refusal():
            self._lock()
        if not refresh:
            self._mark_seen()
        data = self._chat_payload([("conversation_id", "=", self.id)], self.window_open)
        data.update(
            refusal=self._reply_refusal(),
            locked_by=self._holder().name or "",
            user_id=self.user_id.id or False,
            can_note=has_role(self.env, "agent"),
        )
        return data

    @require_role("agent")
    def whatsapp_chat_send(self, body, quick_reply_id=None, reply_to_id=None):
        """Send free text (and a quick reply's files) from the chat widget: the
        window, the role and the lock apply; ``reply_to_id`` quotes a message
        of this conversation (checked by the message's own rules)."""
        self.ensure_one()
        attachments = self.env["ir.attachment"]
        if quick_reply_id:
            reply = self.env["whatsapp.quick.reply"].browse(int(quick_reply_id)).exists()
            reply.check_access("read")
            reply._mark_used()
            attachments = reply.attachment_ids
        vals_list = self.env["whatsapp.message"]._outgoing_vals(self, body, attachments)
        if not vals_list:
            raise UserError(self.env._("Write a message before sending."))
        if reply_to_id:
            vals_list[0]["reply_to_id"] = int(reply_to_id)
        self.env["whatsapp.message"].create(vals_list)
        return self.whatsapp_chat_data(refresh=True)

    @require_role("agent")
    def whatsapp_chat_react(self, message_id, emoji):
        """React to a customer's message with one emoji ('' removes it)."""
        self.ensure_one()
        emoji = (emoji or "").strip()
        if len(emoji) > EMOJI_MAX or any(char.isalnum() for char in emoji):
            raise UserError(self.env._("A reaction is one emoji."))
        self.env["whatsapp.message"].create(
            {
                "conversation_id": self.id,
                "direction": "out",
                "message_type": "reaction",
                "body": emoji,
                "reply_to_id": int(message_id),
            }
        )
        return self.whatsapp_chat_data(refresh=True)

    @require_role("agent")
    def whatsapp_send_location(self, latitude, longitude, name="", address="", reply_to_id=None):
        """A pin on the customer's map."""
        self.ensure_one()
        return self._send_built(
            lambda: message_payload.location(latitude, longitude, name, address), reply_to_id
        )

    @require_role("agent")
    def whatsapp_send_contacts(self, partner_ids, reply_to_id=None):
        """Contact cards of Odoo contacts the user may read (at most 5)."""
        self.ensure_one()
        partners = self.env["res.partner"].browse([int(pid) for pid in partner_ids or []])
        partners.check_access("read")
        cards = [
            {
                "name": partner.name or partner.display_name,
                "phones": [
                    (number, partner.whatsapp_wa_id if number == partner.phone else None)
                    for number in dict.fromkeys(filter(None, [partner.phone, partner.mobile]))
                ],
                "emails": [partner.email] if partner.email else [],
                "company": partner.parent_id.name or partner.company_name or "",
            }
            for partner in partners
        ]
        return self._send_built(lambda: message_payload.contacts(cards), reply_to_id)

    @require_role("agent")
    def whatsapp_send_buttons(self, body, titles, header="", footer="", reply_to_id=None):
        """A question with 1-3 reply buttons (20 characters each)."""
        self.ensure_one()
        return self._send_built(
            lambda: message_payload.agent_buttons(body, list(titles or []), header, footer),
            reply_to_id,
        )

    @require_role("agent")
    def whatsapp_send_list(self, body, button, sections, header="", footer="", reply_to_id=None):
        """A list menu: ``sections`` is ``[{"title", "rows": [{"title", "description"}]}]``,
        at most 10 rows in all."""
        self.ensure_one()

        def build():
            parsed = [
                (
                    str(section.get("title") or ""),
                    [
                        (str(row.get("title") or ""), str(row.get("description") or ""))
                        for row in section.get("rows") or []
                    ],
                )
                for section in sections or []
            ]
            return message_payload.list_menu(body, button, parsed, header, footer)

        return self._send_built(build, reply_to_id)

    @require_role("agent")
    def whatsapp_send_cta_url(
        self, body, display_text, url, header="", footer="", reply_to_id=None
    ):
        """A button that opens a web page (http or https)."""
        self.ensure_one()
        return self._send_built(
            lambda: message_payload.cta_url(body, display_text, url, header, footer), reply_to_id
        )

    @require_role("agent")
    def whatsapp_chat_seen(self):
        """The chat shows the customer's new messages: clear the counter and send
        the blue ticks (after commit, from the receipts cron)."""
        self.ensure_one()
        self.check_access("read")
        self._mark_seen()
        return True

    @require_role("agent")
    def whatsapp_chat_typing(self):
        """The agent is typing an answer: Meta shows "typing..." to the customer
        (queued: never waits for Meta). Only for someone who may answer now."""
        self.ensure_one()
        self.check_access("read")
        if self._reply_refusal() or not self.window_open:
            return False
        return self.env["whatsapp.receipt"]._queue(self, typing=True)

    @require_role("agent")
    def whatsapp_add_note(self, body):
        """An internal note in the thread (never sent); @Name notifies that user."""
        self.ensure_one()
        self.check_access("read")
        body = (body or "").strip()
        if not body:
            raise UserError(self.env._("Write the note first."))
        if len(body) > NOTE_MAX_LENGTH:
            raise UserError(
                self.env._(
                    "A note has at most %(max)s characters (%(count)s here).",
                    max=NOTE_MAX_LENGTH,
                    count=len(body),
                )
            )
        self.env["whatsapp.message"].sudo().create(
            {
                "conversation_id": self.id,
                "direction": "note",
                "body": body,
                "author_id": self.env.uid,
            }
        )
        mentioned = self._mentioned_users(body)
        if mentioned:
            self.message_post(
                body=body, partner_ids=mentioned.partner_id.ids, subtype_xmlid="mail.mt_note"
            )
        return self.whatsapp_chat_data(refresh=True)

    @require_role("agent")
    def whatsapp_quick_replies(self):
        """Quick replies for this conversation's team, placeholders filled."""
        self.ensure_one()
        self.check_access("read")
        replies = self.env["whatsapp.quick.reply"].search(
            ["|", ("team_ids", "=", False), ("team_ids", "in", self.team_id.ids)]
        )
        return [
            {
                "id": reply.id,
                "shortcut": reply.shortcut,
                "category": reply.category or "",
                "body": reply._render(self),
                "files": len(reply.attachment_ids),
            }
            for reply in replies
        ]

    # Chat widget: the partner's WhatsApp tab ------------------------------------------------
    @api.model
    @require_role("agent", "analyst")
    def whatsapp_partner_chat_data(self, partner_id):
        """Every message with this customer the user may see, on any number."""
        partner = self.env["res.partner"].browse(int(partner_id))
        partner.check_access("read")
        return self._chat_payload([("partner_id", "=", partner.id)], partner.whatsapp_window_open)

    @api.model
    @require_role("agent")
    def whatsapp_partner_chat_send(self, partner_id, body):
        partner = self.env["res.partner"].browse(int(partner_id))
        partner.check_access("read")
        account = self.env["whatsapp.message.compose"]._default_account(partner)
        if not account:
            raise UserError(self.env._("Configure a WhatsApp account first."))
        self._get_or_create(account, partner).whatsapp_chat_send(body)
        return self.whatsapp_partner_chat_data(partner.id)

    # Inbox, systray, customer card ---------------------------------------------------------
    @api.model
    @require_role("agent", "analyst")
    def whatsapp_inbox_data(self, filter_key="mine", search="", offset=0, limit=INBOX_LIMIT):
        """The split view's list: one filter, a search (customer, number, message
        text), the counter of each filter; the user's record rules apply."""
        domains = self._inbox_filters()
        if filter_key not in domains:
            filter_key = "all"
        domain = list(domains[filter_key])
        search = (search or "").strip()
        if search:
            domain += [
                "|",
                "|",
                "|",
                ("partner_id.name", "ilike", search),
                ("partner_id.whatsapp_wa_id", "ilike", search),
                ("partner_id.phone", "ilike", search),
                ("message_ids_wa.body", "ilike", search),
            ]
        limit = min(int(limit or INBOX_LIMIT), INBOX_LIMIT)
        conversations = self.search(domain, offset=int(offset or 0), limit=limit)
        return {
            "filter": filter_key,
            "rows": [conversation._inbox_values() for conversation in conversations],
            "total": self.search_count(domain),
            "counters": {key: self.search_count(value) for key, value in domains.items()},
        }

    @api.model
    @require_role("agent")
    def whatsapp_systray_data(self):
        """The WhatsApp systray: my conversations with unread messages, my teams'
        pool, and (editors) the response alerts of my teams."""
        filters = self._inbox_filters()
        mine = self.search(filters["unread"], limit=SYSTRAY_LIMIT)
        pool = self.search(filters["pool"], limit=SYSTRAY_LIMIT)
        alerts = self.search(filters["alerts"]) if has_role(self.env, "editor") else self
        return {
            "mine": [conversation._inbox_values() for conversation in mine],
            "pool": [conversation._inbox_values() for conversation in pool],
            "mine_count": self.search_count(filters["unread"]),
            "pool_count": self.search_count(filters["pool"]),
            "alert_count": len(alerts),
            "user_id": self.env.uid,
        }

    @require_role("agent", "analyst")
    def whatsapp_customer_card(self):
        """The customer beside the chat: contact, tags, what Sales, Invoicing and
        CRM hold about them (only what the user may read) and their other threads."""
        self.ensure_one()
        self.check_access("read")
        partner = self.partner_id
        commercial = partner.commercial_partner_id
        card = {
            "partner_id": partner.id,
            "name": partner.display_name,
            "phone": partner.phone or partner.mobile or "",
            "wa_id": partner.whatsapp_wa_id or "",
            "email": partner.email or "",
            "tags": partner.category_id.mapped("name"),
            "orders": [],
            "invoices": [],
            "leads": [],
        }
        card.update(self._card_records(commercial))
        others = self.search(
            [("partner_id", "=", partner.id), ("id", "!=", self.id)], limit=CARD_LIMIT
        )
        card["conversations"] = [conversation._inbox_values() for conversation in others]
        return card

    # Helpers ------------------------------------------------------------------------------
    @api.model
    def _chat_payload(self, domain, window_open, limit=CHAT_LIMIT):
        """What the chat widget shows: the latest messages the user may read,
        oldest first. Bodies go out as plain strings; the widget renders them
        as text, so a customer's ``<script>`` stays text."""
        messages = self.env["whatsapp.message"].search(
            domain, limit=limit, order="timestamp desc, id desc"
        )
        return {
            "window_open": window_open,
            "can_send": has_role(self.env, "agent"),
            "messages": [message._chat_values() for message in reversed(messages)],
        }

    def _mentioned_users(self, body):
        candidates = self.team_id.user_ids or self.env.ref("whatsapp_cs.group_agent").users
        return candidates.filtered(lambda u: f"@{u.name}".casefold() in body.casefold())
