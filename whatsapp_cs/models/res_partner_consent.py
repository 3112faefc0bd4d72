# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The partner is split by concern on purpose (see res_partner.py).
# pylint: disable=consider-merging-classes-inherited
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.access import has_role, require_role
from ..tools.phone import region_of
from ..tools.text_match import normalize, split_phrases

_logger = logging.getLogger(__name__)

OPT_IN_SOURCES = [
    ("whatsapp", "Asked in a WhatsApp chat"),
    ("website", "Website form"),
    ("checkout", "Order or checkout"),
    ("in_person", "In person"),
    ("phone", "Phone call"),
    ("paper", "Paper form"),
    ("import", "Imported list"),
    ("other", "Other"),
]
DEFAULT_OPT_OUT_KEYWORDS = "STOP, STOP ALL, UNSUBSCRIBE, 退订, 取消订阅"
DEFAULT_OPT_IN_KEYWORDS = "START, 订阅"
# Meta's per-user marketing limit (131049): no new marketing for this long.
META_LIMIT_PAUSE = timedelta(hours=24)


class ResPartner(models.Model):
    """WhatsApp consent: opt-in with date and source, opt-out per category.
    Marketing opt-outs live on Odoo's phone blacklist, as SMS marketing's do."""

    _inherit = "res.partner"

    whatsapp_opt_in = fields.Boolean(
        string="WhatsApp Opt-in",
        tracking=True,
        help="The customer agreed to receive WhatsApp messages we start (templates).",
    )
    whatsapp_opt_in_date = fields.Datetime(string="Opted in on", copy=False)
    whatsapp_opt_in_source = fields.Selection(
        OPT_IN_SOURCES, string="Opt-in Source", copy=False, help="Where the customer agreed."
    )
    whatsapp_marketing_opt_out = fields.Boolean(
        string="Stopped Marketing",
        compute="_compute_whatsapp_marketing_opt_out",
        search="_search_whatsapp_marketing_opt_out",
        help="The customer's number is on Odoo's phone blacklist (Settings > Technical > "
        "Phone Blacklist), for instance after they stopped marketing in WhatsApp.",
    )
    whatsapp_utility_opt_out = fields.Boolean(
        string="No Service Notifications",
        tracking=True,
        copy=False,
        help="The customer asked for no order, invoice or delivery messages on WhatsApp.",
    )
    whatsapp_marketing_limited_until = fields.Datetime(
        string="Limited by Meta Until",
        readonly=True,
        copy=False,
        help="Meta refused a marketing message to keep this customer's inbox healthy "
        "(131049): no marketing to them before this time.",
    )

    @api.depends("whatsapp_wa_id", "whatsapp_mobile_e164", "whatsapp_phone_e164")
    def _compute_whatsapp_marketing_opt_out(self):
        numbers = [number for partner in self for number in partner._whatsapp_numbers()]
        blacklisted = set(
            self.env["phone.blacklist"].sudo().search([("number", "in", numbers)]).mapped("number")
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

    @api.onchange("whatsapp_opt_in")
    def _onchange_whatsapp_opt_in(self):
        if self.whatsapp_opt_in and not self.whatsapp_opt_in_date:
            self.whatsapp_opt_in_date = fields.Datetime.now()

    def write(self, vals):
        if not self.env.su and vals.get("whatsapp_utility_opt_out") is False:
            if self.filtered("whatsapp_utility_opt_out") and not has_role(self.env, "admin"):
                raise AccessError(
                    self.env._(
                        "Only WhatsApp administrators resume service notifications, with the "
                        "customer's consent."
                    )
                )
        if vals.get("whatsapp_opt_in") and "whatsapp_opt_in_date" not in vals:
            vals = dict(vals, whatsapp_opt_in_date=fields.Datetime.now())
        return super().write(vals)

    # Who may be sent what ------------------------------------------------------------
    def _whatsapp_send_refusal(self, category):
        """Why a template of ``category`` (MARKETING, UTILITY, AUTHENTICATION)
        must not go to this customer: ``(reason, explanation)``, or None."""
        self.ensure_one()
        category = (category or "").upper()
        parameter = self.env["ir.config_parameter"].sudo().get_param
        if not self._whatsapp_number():
            return "no_number", self.env._("%s has no mobile or WhatsApp number.", self.name)
        if category == "MARKETING":
            if self.whatsapp_marketing_opt_out:
                return "opted_out", self.env._("%s stopped marketing messages.", self.name)
            if region_of(self._whatsapp_number()) == "US":
                return "us_marketing", self.env._(
                    "Meta does not deliver marketing templates to US (+1) numbers."
                )
            limit = self.whatsapp_marketing_limited_until
            if limit and limit > fields.Datetime.now():
                return "meta_limit", self.env._(
                    "Meta limits the marketing messages %(name)s gets (131049): not before "
                    "%(when)s.",
                    name=self.name,
                    when=fields.Datetime.to_string(limit),
                )
            if not self.whatsapp_opt_in and not parameter("whatsapp_cs.marketing_without_opt_in"):
                return "no_opt_in", self.env._(
                    "%s did not agree to receive marketing on WhatsApp (opt-in).", self.name
                )
        elif category == "UTILITY":
            if self.whatsapp_utility_opt_out:
                return "opted_out", self.env._(
                    "%s asked for no service notifications on WhatsApp.", self.name
                )
            if parameter("whatsapp_cs.utility_needs_opt_in") and not self.whatsapp_opt_in:
                return "no_opt_in", self.env._(
                    "%s did not agree to receive WhatsApp messages (opt-in).", self.name
                )
        return None

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

    def _whatsapp_meta_limited(self):
        """Meta's per-user marketing limit (131049): pause marketing for a day."""
        self.sudo().write(
            {"whatsapp_marketing_limited_until": fields.Datetime.now() + META_LIMIT_PAUSE}
        )

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

    def _whatsapp_consent_keyword(self, text):
        """A customer who writes STOP (or 退订…) stops marketing, START resumes it
        (Settings > WhatsApp); returns True when ``text`` was such a keyword."""
        self.ensure_one()
        said = normalize(text)
        if not said:
            return False
        parameter = self.env["ir.config_parameter"].sudo().get_param
        stop = split_phrases(parameter("whatsapp_cs.opt_out_keywords", DEFAULT_OPT_OUT_KEYWORDS))
        start = split_phrases(parameter("whatsapp_cs.opt_in_keywords", DEFAULT_OPT_IN_KEYWORDS))
        if said in stop:
            self._whatsapp_set_marketing_opt_out(True, f"WhatsApp: “{text.strip()}”")
            return True
        if said in start:
            self._whatsapp_set_marketing_opt_out(False, f"WhatsApp: “{text.strip()}”")
            return True
        return False

    # Actions ---------------------------------------------------------------------
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
