# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.phone import match_candidates, to_e164, wa_id_to_e164


class ResPartner(models.Model):
    _inherit = "res.partner"

    whatsapp_wa_id = fields.Char(
        string="WhatsApp ID",
        index="btree_not_null",
        copy=False,
        help="The customer's WhatsApp id as Meta sends it (digits, no +).",
    )
    whatsapp_user_id = fields.Char(
        string="WhatsApp User ID",
        index="btree_not_null",
        copy=False,
        help="Meta's business-scoped user id (BSUID); stays when the number is hidden.",
    )
    whatsapp_username = fields.Char(copy=False)
    whatsapp_mobile_e164 = fields.Char(
        compute="_compute_whatsapp_e164", store=True, index="btree_not_null"
    )
    whatsapp_phone_e164 = fields.Char(
        compute="_compute_whatsapp_e164", store=True, index="btree_not_null"
    )
    whatsapp_opt_in = fields.Boolean(
        string="WhatsApp Opt-in",
        tracking=True,
        help="The customer agreed to receive WhatsApp messages from us (needed for "
        "templates we start).",
    )
    whatsapp_opt_in_date = fields.Datetime(string="Opted in on", copy=False)
    whatsapp_marketing_opt_out = fields.Boolean(
        string="Stopped Marketing",
        tracking=True,
        help="The customer asked WhatsApp to stop marketing messages.",
    )
    whatsapp_conversation_ids = fields.One2many("whatsapp.conversation", "partner_id")
    whatsapp_message_ids = fields.One2many("whatsapp.message", "partner_id")
    whatsapp_last_inbound_at = fields.Datetime(
        string="Last WhatsApp Message", compute="_compute_whatsapp_window"
    )
    whatsapp_window_expires_at = fields.Datetime(
        string="Window Open Until", compute="_compute_whatsapp_window"
    )
    whatsapp_window_open = fields.Boolean(compute="_compute_whatsapp_window")

    @api.depends("phone", "mobile", "country_id")
    def _compute_whatsapp_e164(self):
        default_region = self.env.company.country_id.code
        for partner in self:
            region = partner.country_id.code or default_region
            partner.whatsapp_mobile_e164 = to_e164(partner.mobile, region)
            partner.whatsapp_phone_e164 = to_e164(partner.phone, region)

    @api.depends("whatsapp_conversation_ids.last_inbound_at")
    def _compute_whatsapp_window(self):
        now = fields.Datetime.now()
        for partner in self:
            conversations = partner.whatsapp_conversation_ids
            inbound = [d for d in conversations.mapped("last_inbound_at") if d]
            expires = max(
                (d for d in conversations.mapped("window_expires_at") if d), default=False
            )
            partner.whatsapp_last_inbound_at = max(inbound, default=False)
            partner.whatsapp_window_expires_at = expires
            partner.whatsapp_window_open = bool(expires and expires > now)

    # Identity --------------------------------------------------------------------
    def _whatsapp_number(self):
        """Digits to send to: the WhatsApp id, else the mobile, else the phone."""
        self.ensure_one()
        number = self.whatsapp_wa_id or self.whatsapp_mobile_e164 or self.whatsapp_phone_e164
        return (number or "").lstrip("+")

    @api.model
    def _whatsapp_find(self, wa_id, user_id=None):
        if user_id:
            partner = self.search([("whatsapp_user_id", "=", user_id)], limit=1)
            if partner:
                return partner
        if not wa_id:
            return self.browse()
        partner = self.search([("whatsapp_wa_id", "=", wa_id)], limit=1)
        if partner:
            return partner
        candidates = match_candidates(wa_id)
        return self.search(
            [
                "|",
                ("whatsapp_mobile_e164", "in", candidates),
                ("whatsapp_phone_e164", "in", candidates),
            ],
            order="id",
            limit=1,
        )

    @api.model
    def _whatsapp_find_or_create(self, wa_id, user_id, profile_name, account):
        partner = self._whatsapp_find(wa_id, user_id)
        vals = {}
        if partner:
            if wa_id and partner.whatsapp_wa_id != wa_id:
                vals["whatsapp_wa_id"] = wa_id
            if user_id and partner.whatsapp_user_id != user_id:
                vals["whatsapp_user_id"] = user_id
            if vals:
                partner.write(vals)
            return partner
        number = wa_id_to_e164(wa_id)
        # the comment says where the contact comes from: no "Contact created" log
        partner = self.with_context(mail_create_nolog=True).create(
            {
                "name": profile_name or number or user_id,
                "mobile": number,
                "whatsapp_wa_id": wa_id or False,
                "whatsapp_user_id": user_id or False,
                "company_id": False,
                "comment": self.env._("Created from a WhatsApp message to %s.", account.name),
            }
        )
        return partner.with_env(self.env)

    @api.model
    def _whatsapp_system_update(self, account, wa_id, system):
        """The customer changed number: move the old partner to the new wa_id."""
        new_wa_id = system.get("wa_id") or system.get("new_wa_id")
        if system.get("type") != "user_changed_number" or not new_wa_id:
            return
        partner = self._whatsapp_find(wa_id)
        if partner and not self._whatsapp_find(new_wa_id):
            partner.write({"whatsapp_wa_id": new_wa_id, "mobile": wa_id_to_e164(new_wa_id)})

    @api.model
    def _whatsapp_receive_preference(self, account, preference):
        partner = self._whatsapp_find(preference.get("wa_id"))
        if not partner or preference.get("category") != "marketing_messages":
            return
        partner.whatsapp_marketing_opt_out = preference.get("value") == "stop"

    # Chat widget -------------------------------------------------------------------
    def whatsapp_chat_data(self):
        self.ensure_one()
        return self.env["whatsapp.message"]._chat_data(
            [("partner_id", "=", self.id)], self.whatsapp_window_open
        )

    def whatsapp_chat_send(self, body):
        self.ensure_one()
        account = self.env["whatsapp.message.compose"]._default_account(self)
        if not account:
            raise UserError(self.env._("Configure a WhatsApp account first."))
        conversation = self.env["whatsapp.conversation"]._get_or_create(account, self)
        conversation.whatsapp_chat_send(body)
        return self.whatsapp_chat_data()

    # Actions ---------------------------------------------------------------------
    @api.onchange("whatsapp_opt_in")
    def _onchange_whatsapp_opt_in(self):
        if self.whatsapp_opt_in and not self.whatsapp_opt_in_date:
            self.whatsapp_opt_in_date = fields.Datetime.now()

    def action_whatsapp_compose(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("WhatsApp %s", self.display_name),
            "res_model": "whatsapp.message.compose",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }
