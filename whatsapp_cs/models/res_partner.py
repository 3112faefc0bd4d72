# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..tools.access import has_role, require_role
from ..tools.phone import match_candidates, region_of, to_e164, wa_id_to_e164

# Where replies go: set by Meta's webhooks, changed by hand only by a WhatsApp
# administrator (and logged), or another agent's replies would go elsewhere.
IDENTITY_FIELDS = ("whatsapp_wa_id", "whatsapp_user_id", "whatsapp_username")
# The WhatsApp fields of a contact anyone who edits contacts may set (consent
# they collected); every other whatsapp_* field is Odoo's or Meta's (the
# numbers it matches customers by, Meta's limits) or the administrators'.
CONSENT_FIELDS = (
    "whatsapp_opt_in",
    "whatsapp_opt_in_date",
    "whatsapp_opt_in_source",
    "whatsapp_utility_opt_out",
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    whatsapp_wa_id = fields.Char(
        string="WhatsApp ID",
        index="btree_not_null",
        copy=False,
        tracking=True,
        help="The customer's WhatsApp id as Meta sends it (digits, no +). Replies go "
        "there; only WhatsApp administrators change it.",
    )
    whatsapp_user_id = fields.Char(
        string="WhatsApp User ID",
        index="btree_not_null",
        copy=False,
        tracking=True,
        help="Meta's business-scoped user id (BSUID); stays when the number is hidden.",
    )
    whatsapp_username = fields.Char(copy=False)
    # Lenient on purpose (possible, not strictly valid numbers): Meta's wa_ids
    # include Brazil's legacy 8-digit mobiles, which libphonenumber calls invalid.
    whatsapp_mobile_e164 = fields.Char(
        compute="_compute_whatsapp_e164", store=True, index="btree_not_null"
    )
    whatsapp_phone_e164 = fields.Char(
        compute="_compute_whatsapp_e164", store=True, index="btree_not_null"
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
    whatsapp_conversation_count = fields.Integer(
        string="WhatsApp Conversations", compute="_compute_whatsapp_conversation_count"
    )

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

    # CRUD --------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        partners = self
        if not self.env.su:
            for vals in vals_list:
                self._whatsapp_check_identity(set(vals))
            if not has_role(self.env, "admin"):
                # defaults in the context are not the caller's to choose either
                context = {
                    key: value
                    for key, value in self.env.context.items()
                    if key.removeprefix("default_") not in IDENTITY_FIELDS
                }
                partners = self.with_context(context)  # pylint: disable=context-overridden
        return super(ResPartner, partners).create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._whatsapp_check_identity(set(vals))
        if "whatsapp_wa_id" in vals:
            self._whatsapp_log_number_change(vals["whatsapp_wa_id"])
        return super().write(vals)

    @api.model
    def _whatsapp_check_identity(self, names):
        whatsapp = {name for name in names if name.startswith("whatsapp_")}
        if whatsapp & set(IDENTITY_FIELDS) and not has_role(self.env, "admin"):
            raise AccessError(
                self.env._(
                    "Only WhatsApp administrators change a customer's WhatsApp number: "
                    "replies to this customer would go to the new number."
                )
            )
        odoos = whatsapp - set(IDENTITY_FIELDS) - set(CONSENT_FIELDS)
        if odoos:
            raise AccessError(
                self.env._(
                    "You may not set %s on a contact: Odoo sets it itself.",
                    ", ".join(sorted(odoos)),
                )
            )

    def _whatsapp_log_number_change(self, new_wa_id):
        """Every conversation of the customer records the change in its history
        (a first id, learnt from Meta, is no change)."""
        changed = self.filtered(
            lambda p: p.whatsapp_wa_id and p.whatsapp_wa_id != (new_wa_id or False)
        )
        for partner in changed:
            self.env["whatsapp.conversation.log"]._add(
                partner.sudo().whatsapp_conversation_ids,
                "identity",
                f"{partner.whatsapp_wa_id or '-'} → {new_wa_id or '-'}",
            )

    # Identity --------------------------------------------------------------------
    def _whatsapp_number(self):
        """Digits to send to: the WhatsApp id, else the mobile, else the phone."""
        self.ensure_one()
        number = self.whatsapp_wa_id or self.whatsapp_mobile_e164 or self.whatsapp_phone_e164
        return (number or "").lstrip("+")

    def _whatsapp_country(self):
        """The country of the customer's WhatsApp number (what Meta prices by)."""
        self.ensure_one()
        code = region_of(self._whatsapp_number())
        if not code:
            return self.country_id
        return self.env["res.country"].search([("code", "=", code)], limit=1)

    def _whatsapp_numbers(self):
        """Every E.164 form of the customer's WhatsApp number (for the blacklist)."""
        self.ensure_one()
        number = self._whatsapp_number()
        return match_candidates(number) if number else []

    @api.model
    def _whatsapp_find(self, wa_id, user_id=None):
        if user_id:
            partner = self.search([("whatsapp_user_id", "=", user_id)], order="id", limit=1)
            if partner:
                return partner
        if not wa_id:
            return self.browse()
        partner = self.search([("whatsapp_wa_id", "=", wa_id)], order="id", limit=1)
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
    def _whatsapp_system_update(self, wa_id, system):
        """A customer's new number or user id: the same partner moves; returns
        the partner the system message belongs to (empty if nothing moved)."""
        kind = system.get("type")
        if kind == "user_changed_number":
            new_wa_id = system.get("wa_id") or system.get("new_wa_id")
            partner = self._whatsapp_find(wa_id)
            already = self._whatsapp_find(new_wa_id) if new_wa_id else self.browse()
            if partner and new_wa_id and not already:
                partner.write({"whatsapp_wa_id": new_wa_id, "mobile": wa_id_to_e164(new_wa_id)})
            return already or partner
        if kind == "user_changed_user_id":
            partner = self._whatsapp_find(None, system.get("previous_user_id"))
            if partner and system.get("user_id"):
                partner.write({"whatsapp_user_id": system["user_id"]})
            return partner
        return self.browse()

    # Actions ---------------------------------------------------------------------
    @require_role("agent")
    def action_whatsapp_compose(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("WhatsApp %s", self.display_name),
            "res_model": "whatsapp.message.compose",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    @api.depends_context("uid")
    def _compute_whatsapp_conversation_count(self):
        # as the user: their record rules decide which threads count
        model = self.env["whatsapp.conversation"]
        counts = {}
        if model.has_access("read"):
            counts = dict(
                model._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
            )
        for partner in self:
            partner.whatsapp_conversation_count = counts.get(partner, 0)

    @require_role("agent", "analyst")
    def action_whatsapp_conversations(self):
        """The smart button: this customer's conversations the user may see."""
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("WhatsApp %s", self.display_name),
            "res_model": "whatsapp.conversation",
            "view_mode": "list,form",
            "domain": [("partner_id", "=", self.id)],
            "context": {"create": False},
        }
