# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The model is split by concern on purpose, one file each (see its main file).
# pylint: disable=consider-merging-classes-inherited
from odoo import models
from odoo.exceptions import UserError

from ..tools.access import require_role


class WhatsappConversation(models.Model):
    """The inbox buttons of a conversation (claim, release, solve, transfer,
    documents). Each names the roles that may press it, checked before its
    body runs, and checks the record itself before any ``sudo()``."""

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
