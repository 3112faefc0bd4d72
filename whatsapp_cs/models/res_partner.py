# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.access import has_role, require_role
from ..tools.phone import match_candidates, region_of, to_e164, wa_id_to_e164

_logger = logging.getLogger(__name__)

# Where replies go: set by Meta's webhooks, changed by hand only by a WhatsApp
# administrator (and logged), or another agent's replies would go elsewhere.
IDENTITY_FIELDS = ("whatsapp_wa_id", "whatsapp_user_id", "whatsapp_username")


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
    whatsapp_opt_in = fields.Boolean(
        string="WhatsApp Opt-in",
        tracking=True,
        help="The customer agreed to receive WhatsApp messages from us (needed for "
        "templates we start).",
    )
    whatsapp_opt_in_date = fields.Datetime(string="Opted in on", copy=False)
    whatsapp_marketing_opt_out = fields.Boolean(
        string="Stopped Marketing",
        compute="_compute_whatsapp_marketing_opt_out",
        search="_search_whatsapp_marketing_opt_out",
        help="The customer's number is on Odoo's phone blacklist (Settings > Technical > "
        "Phone Blacklist), for instance after they stopped marketing in WhatsApp.",
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

    @api.depends("whatsapp_wa_id", "whatsapp_mobile_e164", "whatsapp_phone_e164")
    def _compute_whatsapp_marketing_opt_out(self):
        blacklisted = set(
            self.env["phone.blacklist"]
            .sudo()
            .search([("number", "in", [n for p in self for n in p._whatsapp_numbers()])])
            .mapped("number")
        )
        for partner in self:
            partner.whatsapp_marketing_opt_out = bool(
                blacklisted.intersection(partner._whatsapp_numbers())
            )

    def _search_whatsapp_marketing_opt_out(self, operator, value):
        numbers = self.env["phone.blacklist"].sudo().search([]).mapped("number")
        domain = [
            "|",
            "|",
            ("whatsapp_mobile_e164", "in", numbers),
            ("whatsapp_phone_e164", "in", numbers),
            ("whatsapp_wa_id", "in", [number.lstrip("+") for number in numbers]),
        ]
        return domain if (operator == "=") == bool(value) else ["!", *domain]

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
        if set(names) & set(IDENTITY_FIELDS) and not has_role(self.env, "admin"):
            raise AccessError(
                self.env._(
                    "Only WhatsApp administrators change a customer's WhatsApp number: "
                    "replies to this customer would go to the new number."
                )
            )

    def _whatsapp_log_number_change(self, new_wa_id):
        """Every conversation of the customer records the change in its history."""
        for partner in self.filtered(lambda p: p.whatsapp_wa_id != (new_wa_id or False)):
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

    # Marketing consent (Odoo's phone blacklist) ----------------------------------------
    def _whatsapp_set_marketing_opt_out(self, stop, why):
        """Stop or resume marketing for these customers, with the reason logged
        on the blacklist entry (SMS and WhatsApp marketing both honour it)."""
        blacklist = self.env["phone.blacklist"].sudo()
        for partner in self:
            numbers = []
            for number in partner._whatsapp_numbers():
                try:
                    numbers.append(blacklist._phone_format(number=number, raise_exception=True))
                except UserError:
                    continue  # a legacy form libphonenumber rejects; the other one is kept
            if not numbers:
                _logger.warning("WhatsApp: no valid number to blacklist for %s", partner.id)
                continue
            if stop:
                blacklist._add(numbers, message=why)
            else:
                blacklist._remove(numbers, message=why)
        self.invalidate_recordset(["whatsapp_marketing_opt_out"])

    @api.model
    def _whatsapp_receive_preference(self, data):
        preference = data.get("preference") or {}
        if preference.get("category") != "marketing_messages":
            return
        partner = self._whatsapp_find(preference.get("wa_id"))
        value = preference.get("value")
        if not partner or value not in ("stop", "resume", "signup"):
            return
        why = preference.get("detail") or self.env._("Marketing preference from WhatsApp")
        partner._whatsapp_set_marketing_opt_out(value == "stop", f"WhatsApp: {why}")

    # Actions ---------------------------------------------------------------------
    @api.onchange("whatsapp_opt_in")
    def _onchange_whatsapp_opt_in(self):
        if self.whatsapp_opt_in and not self.whatsapp_opt_in_date:
            self.whatsapp_opt_in_date = fields.Datetime.now()

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

    @require_role("agent")
    def action_whatsapp_stop_marketing(self):
        """The customer asked us (by phone, in a shop...) to stop marketing."""
        self.check_access("write")
        self._whatsapp_set_marketing_opt_out(
            True, self.env._("Stopped by %s at the customer's request", self.env.user.name)
        )
        return True

    @require_role("admin")
    def action_whatsapp_resume_marketing(self):
        """Only with the customer's new consent: administrators."""
        self.check_access("write")
        self._whatsapp_set_marketing_opt_out(
            False, self.env._("Resumed by %s with the customer's consent", self.env.user.name)
        )
        return True
