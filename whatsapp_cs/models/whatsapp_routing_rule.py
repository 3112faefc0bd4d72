# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.business_hours import in_slot, local_hour
from ..tools.text_match import first_match, split_phrases


class WhatsappRoutingRule(models.Model):
    """Where a new conversation goes: the first matching rule, in order, wins.

    Every condition that is set must hold; a rule without conditions matches
    everything (a catch-all at the end of the list).
    """

    _name = "whatsapp.routing.rule"
    _inherit = ["whatsapp.guard.mixin"]
    _description = "WhatsApp Routing Rule"
    _order = "sequence, id"

    _whatsapp_create_fields = _whatsapp_write_fields = {
        "admin": {
            "name",
            "sequence",
            "active",
            "company_id",
            "team_id",
            "skill_ids",
            "account_ids",
            "keywords",
            "country_ids",
            "lang_ids",
            "partner_category_ids",
            "salesperson_ids",
            "customer_condition",
            "time_condition",
            "hour_from",
            "hour_to",
        }
    }

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one("whatsapp.team", required=True, ondelete="cascade")
    skill_ids = fields.Many2many(
        "whatsapp.skill", string="Required Skills", help="Only agents with all of them get it."
    )
    account_ids = fields.Many2many(
        "whatsapp.account", string="Numbers", help="Leave empty for every number."
    )
    keywords = fields.Text(
        help="One word or phrase per line (or comma-separated), in any language. The first "
        "customer message must contain one of them; case and accents do not matter.",
    )
    country_ids = fields.Many2many("res.country", string="Customer Countries")
    lang_ids = fields.Many2many("res.lang", string="Customer Languages")
    partner_category_ids = fields.Many2many("res.partner.category", string="Customer Tags")
    salesperson_ids = fields.Many2many("res.users", string="Salespersons")
    customer_condition = fields.Selection(
        [
            ("any", "Any customer"),
            ("open_sale_order", "Has an open sales order"),
            ("overdue_invoice", "Has an overdue invoice"),
        ],
        default="any",
        required=True,
        help="Needs the Sales or Invoicing app.",
    )
    time_condition = fields.Selection(
        [
            ("any", "Any time"),
            ("in_hours", "In business hours"),
            ("out_of_hours", "Out of business hours"),
            ("slot", "Between two hours"),
        ],
        default="any",
        required=True,
        help="Business hours are the target team's.",
    )
    hour_from = fields.Float(help="Start of the slot, e.g. 22:00 for a night shift.")
    hour_to = fields.Float(help="End of the slot; it may pass midnight (22:00 to 06:00).")
    match_count = fields.Integer(readonly=True, copy=False)

    @api.constrains("customer_condition")
    def _check_customer_condition_app(self):
        needs = {"open_sale_order": "sale.order", "overdue_invoice": "account.move"}
        for rule in self:
            model = needs.get(rule.customer_condition)
            if model and model not in self.env:
                raise ValidationError(
                    self.env._(
                        "The condition “%(condition)s” needs the app that provides %(model)s.",
                        condition=dict(
                            self._fields["customer_condition"]._description_selection(self.env)
                        )[rule.customer_condition],
                        model=model,
                    )
                )

    @api.constrains("hour_from", "hour_to", "time_condition")
    def _check_slot(self):
        for rule in self:
            if rule.time_condition == "slot" and not (
                0 <= rule.hour_from < 24 and 0 <= rule.hour_to <= 24
            ):
                raise ValidationError(self.env._("Hours go from 00:00 to 24:00."))

    # Matching -----------------------------------------------------------------------------
    @api.model
    def _route(self, conversation, text, moment):
        """``(team, skills, rule)`` for a new conversation, or empty records.

        Falls back to the fallback team; a team closed at ``moment`` hands over
        to the on-duty team unless the rule explicitly targets out-of-hours.
        """
        rules = self.search(
            [
                ("company_id", "=", conversation.company_id.id),
                "|",
                ("account_ids", "=", False),
                ("account_ids", "in", conversation.account_id.ids),
            ]
        )
        Team = self.env["whatsapp.team"]
        rule = next((r for r in rules if r._matches(conversation, text, moment)), self)
        team, skills = rule.team_id, rule.skill_ids
        if not team:
            team = Team.search(
                [("is_fallback", "=", True), ("company_id", "=", conversation.company_id.id)],
                limit=1,
            )
        if team and rule.time_condition != "out_of_hours" and not team._is_working_time(moment):
            on_duty = Team.search(
                [("is_on_duty", "=", True), ("company_id", "=", conversation.company_id.id)],
                limit=1,
            )
            if on_duty and on_duty != team:
                team, skills = on_duty, skills.browse()
        if rule:
            rule._bump_match_count()
        return team, skills, rule

    def _bump_match_count(self):
        """In place, so two event workers routing at once never lose a count."""
        self.env.cr.execute(
            "UPDATE whatsapp_routing_rule SET match_count = COALESCE(match_count, 0) + 1"
            " WHERE id IN %s",
            (tuple(self.ids),),
        )
        self.invalidate_recordset(["match_count"])

    def _matches(self, conversation, text, moment):
        self.ensure_one()
        partner = conversation.partner_id
        if self.keywords and not first_match(text or "", split_phrases(self.keywords)):
            return False
        if self.country_ids and partner.country_id not in self.country_ids:
            return False
        if self.lang_ids and partner.lang not in self.lang_ids.mapped("code"):
            return False
        if self.partner_category_ids and not (partner.category_id & self.partner_category_ids):
            return False
        if self.salesperson_ids and partner.user_id not in self.salesperson_ids:
            return False
        if not self._customer_condition_holds(partner):
            return False
        return self._time_condition_holds(moment)

    def _customer_condition_holds(self, partner):
        commercial = partner.commercial_partner_id
        if self.customer_condition == "open_sale_order":
            if "sale.order" not in self.env:
                return False
            return bool(
                self.env["sale.order"]
                .sudo()
                .search_count(
                    [
                        ("partner_id", "child_of", commercial.id),
                        ("state", "=", "sale"),
                        ("invoice_status", "!=", "invoiced"),
                    ],
                    limit=1,
                )
            )
        if self.customer_condition == "overdue_invoice":
            if "account.move" not in self.env:
                return False
            return bool(
                self.env["account.move"]
                .sudo()
                .search_count(
                    [
                        ("partner_id", "child_of", commercial.id),
                        ("move_type", "=", "out_invoice"),
                        ("state", "=", "posted"),
                        ("payment_state", "in", ("not_paid", "partial")),
                        ("invoice_date_due", "<", fields.Date.context_today(self)),
                    ],
                    limit=1,
                )
            )
        return True

    def _time_condition_holds(self, moment):
        if self.time_condition == "any":
            return True
        if self.time_condition in ("in_hours", "out_of_hours"):
            working = self.team_id._is_working_time(moment)
            return working == (self.time_condition == "in_hours")
        tz = self.team_id.resource_calendar_id.tz or self.env.user.tz
        _weekday, hour = local_hour(moment, tz)
        return in_slot(hour, self.hour_from, self.hour_to)
