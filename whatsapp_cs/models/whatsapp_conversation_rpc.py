# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The model is split by concern on purpose, one file each (see its main file).
# pylint: disable=consider-merging-classes-inherited
from odoo import api, models
from odoo.exceptions import UserError

from ..tools.access import has_role, require_role

NOTE_MAX_LENGTH = 300
CHAT_LIMIT = 80


class WhatsappConversation(models.Model):
    """Everything a browser calls on a conversation: the inbox buttons and the
    chat widget (on the conversation and on the partner's WhatsApp tab).

    Each public method names the roles that may call it (checked before its
    body runs) and checks the record itself (record rules, assignee, team
    editor) before any ``sudo()``. Nothing else on this model is public.
    """

    _inherit = "whatsapp.conversation"

    # Inbox buttons -----------------------------------------------------------------------
    @require_role("agent")
    def action_claim(self):
        self.check_access("write")
        self._claim()
        return True

    @require_role("agent")
    def action_release(self):
        self.check_access("write")
        self._check_assignee_or_editor()
        self._release()
        return True

    @require_role("agent")
    def action_set_pending(self):
        self.check_access("write")
        self._check_assignee_or_editor()
        self._set_state("pending")
        return True

    @require_role("agent")
    def action_solve(self):
        self.check_access("write")
        self._check_assignee_or_editor()
        self._set_state("solved")
        return True

    @require_role("editor")
    def action_close(self):
        self.check_access("write")
        self._check_team_editor()
        self._set_state("closed")
        return True

    @require_role("editor")
    def action_reopen(self):
        self.check_access("write")
        self._check_team_editor()
        for conversation in self:
            conversation._set_state("open" if conversation.user_id else "new")
        return True

    @require_role("agent")
    def action_mark_read(self):
        self.check_access("read")
        self._check_assignee_or_editor()
        self.sudo().write({"unread_count": 0})
        return True

    @require_role("agent")
    def action_open_composer(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("WhatsApp %s", self.partner_id.display_name),
            "res_model": "whatsapp.message.compose",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_partner_id": self.partner_id.id,
                "default_account_id": self.account_id.id,
            },
        }

    @require_role("editor")
    def action_open_transfer(self):
        self.ensure_one()
        self._check_team_editor()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assign or Transfer"),
            "res_model": "whatsapp.conversation.transfer",
            "view_mode": "form",
            "target": "new",
            "context": {"default_conversation_ids": self.ids, "default_team_id": self.team_id.id},
        }

    @require_role("agent")
    def action_create_lead(self):
        """A lead (CRM) for the customer, from WhatsApp, linked to the chat."""
        return self._create_document(
            "crm.lead",
            lambda: {
                "name": self.env._("WhatsApp: %s", self.partner_id.display_name),
                "partner_id": self.partner_id.id,
                "type": "opportunity",
                "description": self._recent_customer_text(),
            },
        )

    @require_role("agent")
    def action_create_quotation(self):
        """A quotation (Sales) for the customer, from WhatsApp, linked to the chat."""
        return self._create_document("sale.order", lambda: {"partner_id": self.partner_id.id})

    def _create_document(self, model, values):
        self.ensure_one()
        if model not in self.env:
            raise UserError(self.env._("Install the app that provides %s first.", model))
        self.check_access("read")
        self._check_assignee_or_editor(pool_member=True)
        vals = values()
        medium = self.env.ref("whatsapp_cs.utm_medium_whatsapp", raise_if_not_found=False)
        if medium and "medium_id" in self.env[model]._fields:
            vals["medium_id"] = medium.id
        record = self.env[model].create(vals)  # the user's own rights on leads and orders
        self.env["whatsapp.conversation.document"]._link(self, record, "created")
        return {
            "type": "ir.actions.act_window",
            "res_model": model,
            "res_id": record.id,
            "view_mode": "form",
        }

    def _recent_customer_text(self):
        messages = self.env["whatsapp.message"].search(
            [("conversation_id", "=", self.id), ("direction", "=", "in")], limit=10
        )
        return "\n".join(reversed([m.body for m in messages if m.body]))

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
        if self.unread_count and mine:
            self.sudo().unread_count = 0
        data = self._chat_payload([("conversation_id", "=", self.id)], self.window_open)
        data.update(
            refusal=self._reply_refusal(),
            locked_by=self._holder().name or "",
            can_note=has_role(self.env, "agent"),
        )
        return data

    @require_role("agent")
    def whatsapp_chat_send(self, body, quick_reply_id=None):
        """Send free text (and a quick reply's files) from the chat widget: the
        window, the role and the lock apply."""
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
        self.env["whatsapp.message"].create(vals_list)
        return self.whatsapp_chat_data(refresh=True)

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
