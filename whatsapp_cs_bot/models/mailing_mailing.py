# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import Counter
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression

from odoo.addons.whatsapp_cs.tools.access import check_role, require_role
from odoo.addons.whatsapp_cs.tools.cron_wakeup import trigger_now

# What a WhatsApp role (without Odoo's marketing rights) may set on a broadcast.
BROADCAST_FIELDS = {
    "subject",
    "name",
    "mailing_type",
    "wa_account_id",
    "wa_template_id",
    "mailing_model_id",
    "mailing_domain",
    "mailing_filter_id",
    "contact_list_ids",
    "schedule_type",
    "schedule_date",
    "wa_local_time",
    "wa_local_hour",
    "wa_budget",
    "campaign_id",
    "source_id",
    "ab_testing_enabled",
    "ab_testing_pc",
    "ab_testing_schedule_datetime",
    "ab_testing_winner_selection",
    "user_id",
    "active",
    # the buttons' own writes (launch, schedule, cancel): Odoo's mailing states
    "state",
    "next_departure",
}
# States a user's write may give a broadcast (launching and cancelling it).
USER_STATES = ("draft", "in_queue")
# Revenue attribution: an order or paid invoice of a recipient counts for the
# broadcast when it comes within this many days of the recipient's reply.
ATTRIBUTION_DAYS = 7
SKIP_LABELS = {
    "wa_no_number": "No WhatsApp number",
    "wa_optout": "Opted out of the list",
    "wa_blacklist": "Stopped marketing (phone blacklist)",
    "wa_no_opt_in": "No opt-in recorded",
    "wa_us_marketing": "Marketing to a +1 number",
    "wa_duplicate": "Duplicate number",
    "wa_meta_limit": "Limited by Meta (131049)",
}


class MailingMailing(models.Model):
    """A WhatsApp broadcast: Odoo's mailing with the type "WhatsApp", as
    mass_mailing_sms adds SMS. Recipients, mailing lists, A/B tests,
    scheduling, UTM and statistics are Odoo's; the message leaves through
    the WhatsApp send queue (paced per number, sent once)."""

    _inherit = "mailing.mailing"

    mailing_type = fields.Selection(
        selection_add=[("whatsapp", "WhatsApp")], ondelete={"whatsapp": "set default"}
    )
    wa_account_id = fields.Many2one(
        "whatsapp.account", string="WhatsApp Number", ondelete="restrict"
    )
    wa_template_id = fields.Many2one(
        "whatsapp.template",
        string="WhatsApp Template",
        ondelete="restrict",
        domain="[('account_id', '=', wa_account_id), ('status', '=', 'APPROVED')]",
        help="An approved template; its variables are read from each recipient's fields "
        "(a template bound to a model sends to that model's records).",
    )
    wa_template_category = fields.Selection(related="wa_template_id.category")
    wa_local_time = fields.Boolean(
        string="At a Local Hour",
        help="Send at the same hour in each recipient's time zone (their contact's "
        "time zone, else yours), on or after the scheduled date.",
    )
    wa_local_hour = fields.Float(string="Local Hour", default=10.0)
    wa_budget = fields.Monetary(
        string="Budget",
        currency_field="wa_currency_id",
        help="The broadcast stops when what it has sent would cost more (estimated from "
        "the rate table). Empty: no limit.",
    )
    wa_currency_id = fields.Many2one(related="wa_account_id.company_id.currency_id")
    wa_paused = fields.Boolean(string="Paused", readonly=True, copy=False)
    wa_stop_reason = fields.Char(readonly=True, copy=False)
    # the audience check (button, and at launch)
    wa_audit_date = fields.Datetime(string="Audience Checked On", readonly=True, copy=False)
    wa_audit_total = fields.Integer(string="Recipients Found", readonly=True, copy=False)
    wa_audit_count = fields.Integer(string="Will Receive It", readonly=True, copy=False)
    wa_audit_cost = fields.Monetary(
        string="Estimated Cost", currency_field="wa_currency_id", readonly=True, copy=False
    )
    wa_audit_skipped = fields.Text(string="Will Not Receive It", readonly=True, copy=False)
    # statistics
    wa_cost = fields.Monetary(
        string="Cost", currency_field="wa_currency_id", compute="_compute_wa_figures"
    )
    wa_limited = fields.Integer(string="Limited by Meta", compute="_compute_wa_figures")
    wa_postponed = fields.Integer(string="Waiting for the Tier", compute="_compute_wa_figures")
    wa_quotation_count = fields.Integer(string="Quotations", compute="_compute_wa_figures")
    wa_order_count = fields.Integer(string="Orders", compute="_compute_wa_figures")
    wa_revenue = fields.Monetary(
        string="Revenue", currency_field="wa_currency_id", compute="_compute_wa_figures"
    )
    wa_invoiced = fields.Monetary(
        string="Paid Invoices", currency_field="wa_currency_id", compute="_compute_wa_figures"
    )
    wa_return_on_spend = fields.Float(
        string="Return on Spend",
        compute="_compute_wa_figures",
        help="Revenue divided by cost.",
    )

    # UTM ----------------------------------------------------------------------------
    @api.depends("mail_server_id", "mailing_type", "wa_account_id")
    def _compute_email_from(self):
        res = super()._compute_email_from()
        for mailing in self.filtered(lambda m: m.mailing_type == "whatsapp"):
            mailing.email_from = (
                mailing.email_from
                or mailing.wa_account_id.display_phone_number
                or mailing.wa_account_id.name
                or "WhatsApp"
            )
        return res

    @api.depends("mailing_type")
    def _compute_medium_id(self):
        res = super()._compute_medium_id()
        medium = None
        for mailing in self.filtered(lambda m: m.mailing_type == "whatsapp"):
            medium = medium or self.env.ref("whatsapp_cs.utm_medium_whatsapp")
            mailing.medium_id = medium
        return res

    def _get_default_mailing_domain(self):
        if self.mailing_type == "whatsapp":
            model = self.env[self.mailing_model_name]
            if hasattr(model, "_mailing_get_default_domain"):
                return model._mailing_get_default_domain(self)
            return []
        return super()._get_default_mailing_domain()

    # Security: the allow-list of WhatsApp roles -----------------------------------------
    def _wa_marketing_user(self):
        return self.env.su or self.env.user.has_group("mass_mailing.group_mass_mailing_user")

    @api.model
    def default_get(self, fields_list):
        if self._wa_marketing_user():
            return super().default_get(fields_list)
        # the defaults of a WhatsApp role's broadcast: only the caller's own
        # defaults for the fields they may set; the default mail server (an
        # e-mail setting they may not read) is looked up as superuser
        model = self.with_context(self._wa_clean_context())  # pylint: disable=context-overridden
        wanted = [name for name in fields_list if name != "mail_server_id"]
        values = super(MailingMailing, model).default_get(wanted)
        if "mail_server_id" in fields_list:
            values.update(super(MailingMailing, model.sudo()).default_get(["mail_server_id"]))
        return values

    def _wa_clean_context(self):
        return {
            key: value
            for key, value in self.env.context.items()
            if not key.startswith("default_")
            or key[8:] in BROADCAST_FIELDS - {"state", "next_departure"}
        }

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                kind = vals.get("mailing_type") or self.env.context.get("default_mailing_type")
                self._wa_check_values(vals, kind == "whatsapp")
            if not self._wa_marketing_user():
                self = self.with_context(self._wa_clean_context())  # pylint: disable=context-overridden,self-cls-assignment
        mailings = super().create(vals_list)
        mailings._wa_wake_if_queued()
        return mailings

    def write(self, vals):
        if not self.env.su:
            kinds = set(self.mapped("mailing_type"))
            if vals.get("mailing_type"):
                kinds.add(vals["mailing_type"])
            self._wa_check_values(vals, "whatsapp" in kinds)
            if "state" in vals and vals["state"] not in USER_STATES and "whatsapp" in kinds:
                raise AccessError(self.env._("Odoo sets a broadcast's state as it sends."))
            if "whatsapp" in kinds and self.filtered(
                lambda m: m.mailing_type == "whatsapp" and m.state in ("sending", "done")
            ):
                if set(vals) - {"active", "name", "subject", "campaign_id"}:
                    raise UserError(self.env._("A broadcast that has started cannot change."))
        res = super().write(vals)
        if vals.get("state") == "in_queue":
            self._wa_wake_if_queued()
        return res

    def _wa_check_values(self, vals, whatsapp):
        """Marketing users keep Odoo's rights on their mailings; a WhatsApp
        broadcast needs the editor role, and WhatsApp roles without Odoo's
        marketing rights set only the broadcast fields."""
        marketing = self.env.user.has_group("mass_mailing.group_mass_mailing_user")
        if whatsapp:
            check_role(self.env, "editor")
            model = self.env["ir.model"].sudo().browse(vals.get("mailing_model_id")).exists()
            if model and not model.is_mailing_enabled:
                # the broadcast cron reads the recipients as superuser: only
                # the models Odoo offers for mailings (contacts, leads...)
                raise AccessError(
                    self.env._("A broadcast cannot be sent to %s records.", model.name)
                )
        elif not marketing:
            raise AccessError(self.env._("Only WhatsApp broadcasts are open to WhatsApp roles."))
        if marketing:
            return
        refused = sorted(set(vals) - BROADCAST_FIELDS)
        if refused:
            raise AccessError(
                self.env._(
                    "You may not set %(fields)s on a broadcast: Odoo sets it itself, or it "
                    "needs Odoo's marketing rights.",
                    fields=", ".join(
                        f"“{self._fields[name].string}” ({name})" if name in self._fields else name
                        for name in refused
                    ),
                )
            )
        if vals.get("state") and vals["state"] not in USER_STATES:
            raise AccessError(self.env._("Odoo sets a broadcast's state as it sends."))

    def _wa_wake_if_queued(self):
        queued = self.filtered(lambda m: m.mailing_type == "whatsapp" and m.state == "in_queue")
        if not queued:
            return
        cron = self.env.ref("whatsapp_cs_bot.ir_cron_broadcast").sudo()
        trigger_now(self.env.cr, cron.id)
        later = [m.schedule_date for m in queued if m.schedule_date]
        if later:
            cron._trigger(later)

    # Odoo's mailing queue leaves broadcasts to the broadcast cron -------------------------
    @api.model
    def _process_mass_mailing_queue(self):
        return super(
            MailingMailing, self.with_context(whatsapp_broadcasts_excluded=True)
        )._process_mass_mailing_queue()

    @api.model
    def _search(self, domain, *args, **kwargs):
        if self.env.context.get("whatsapp_broadcasts_excluded"):
            domain = expression.AND([domain, [("mailing_type", "!=", "whatsapp")]])
        return super()._search(domain, *args, **kwargs)

    def _action_send_mail(self, res_ids=None):
        broadcasts = self.filtered(lambda m: m.mailing_type == "whatsapp")
        if broadcasts:
            broadcasts.sudo().write({"state": "in_queue"})
            broadcasts._wa_wake_if_queued()
        return super(MailingMailing, self - broadcasts)._action_send_mail(res_ids=res_ids)

    # A/B tests: the campaign's WhatsApp mailings -------------------------------------------
    def _get_ab_testing_siblings_mailings(self):
        if self.mailing_type == "whatsapp":
            return self.campaign_id.mailing_whatsapp_ids.filtered("ab_testing_enabled")
        return super()._get_ab_testing_siblings_mailings()

    def _get_default_ab_testing_campaign_values(self, values=None):
        campaign_values = super()._get_default_ab_testing_campaign_values(values)
        if self.mailing_type == "whatsapp":
            campaign_values.pop("mailing_mail_ids", None)
            campaign_values["mailing_whatsapp_ids"] = [fields.Command.link(self.id)]
        return campaign_values

    # Figures ----------------------------------------------------------------------------
    def _compute_wa_figures(self):
        fig_fields = (
            "wa_cost",
            "wa_limited",
            "wa_postponed",
            "wa_quotation_count",
            "wa_order_count",
            "wa_revenue",
            "wa_invoiced",
            "wa_return_on_spend",
        )
        for name in fig_fields:
            self[name] = 0
        broadcasts = self.filtered(lambda m: m.mailing_type == "whatsapp" and m.id)
        if not broadcasts:
            return
        traces = self.env["mailing.trace"].sudo()
        for mailing, cost in traces._read_group(
            [("mass_mailing_id", "in", broadcasts.ids)], ["mass_mailing_id"], ["wa_cost:sum"]
        ):
            mailing.wa_cost = cost
        for mailing, count in traces._read_group(
            [("mass_mailing_id", "in", broadcasts.ids), ("failure_type", "=", "wa_meta_limit")],
            ["mass_mailing_id"],
            ["__count"],
        ):
            mailing.wa_limited = count
        now = fields.Datetime.now()
        for mailing, count in traces._read_group(
            [
                ("mass_mailing_id", "in", broadcasts.ids),
                ("trace_status", "=", "outgoing"),
                ("wa_due_at", ">", now),
            ],
            ["mass_mailing_id"],
            ["__count"],
        ):
            mailing.wa_postponed = count
        for mailing in broadcasts:
            mailing.update(mailing._wa_attribution())
            if mailing.wa_cost:
                mailing.wa_return_on_spend = (
                    mailing.wa_revenue + mailing.wa_invoiced
                ) / mailing.wa_cost

    def _wa_attribution(self):
        """Quotations, orders and paid invoices the broadcast brought (when
        Sales or Invoicing is installed): documents tagged with its UTM source,
        or campaign and the WhatsApp medium, and documents of a recipient who
        replied, dated within ``ATTRIBUTION_DAYS`` days after the reply."""
        self.ensure_one()
        env = self.env
        replies = (
            env["mailing.trace"]
            .sudo()
            ._read_group(
                [("mass_mailing_id", "=", self.id), ("reply_datetime", "!=", False)],
                ["wa_partner_id"],
                ["reply_datetime:min"],
            )
        )
        result = {}
        medium = env.ref("whatsapp_cs.utm_medium_whatsapp")

        def attributed_domain(date_field):
            utm = [("source_id", "=", self.source_id.id)] if self.source_id else []
            if self.campaign_id:
                utm = expression.OR(
                    [
                        utm,
                        [("campaign_id", "=", self.campaign_id.id), ("medium_id", "=", medium.id)],
                    ]
                )
            domains = [utm] if utm else []
            for partner, replied_at in replies:
                domains.append(
                    [
                        ("partner_id", "child_of", partner.commercial_partner_id.id),
                        (date_field, ">=", replied_at),
                        (date_field, "<=", replied_at + timedelta(days=ATTRIBUTION_DAYS)),
                    ]
                )
            return expression.OR(domains) if domains else [("id", "=", 0)]

        if "sale.order" in env:
            orders = env["sale.order"].sudo().search(attributed_domain("date_order"))
            confirmed = orders.filtered(lambda o: o.state == "sale")
            result["wa_quotation_count"] = len(
                orders.filtered(lambda o: o.state in ("draft", "sent"))
            )
            result["wa_order_count"] = len(confirmed)
            result["wa_revenue"] = sum(
                o.currency_id._convert(
                    o.amount_untaxed,
                    self.wa_currency_id or o.company_id.currency_id,
                    o.company_id,
                    o.date_order.date(),
                )
                for o in confirmed
            )
        if "account.move" in env and "payment_state" in env["account.move"]._fields:
            domain = expression.AND(
                [
                    attributed_domain("invoice_date"),
                    [
                        ("move_type", "=", "out_invoice"),
                        ("state", "=", "posted"),
                        ("payment_state", "in", ("paid", "in_payment")),
                    ],
                ]
            )
            invoices = env["account.move"].sudo().search(domain)
            if "sale.order" in env:
                # an invoice of an order counted above is not counted twice
                invoices = invoices.filtered(
                    lambda move: not move.line_ids.sale_line_ids
                    or not (move.line_ids.sale_line_ids.order_id & confirmed)
                )
            result["wa_invoiced"] = sum(invoices.mapped("amount_untaxed_signed"))
        return result

    # Audience -----------------------------------------------------------------------------
    @require_role("editor")
    def action_whatsapp_check_audience(self):
        """How many recipients will really get it, why the others will not,
        and what it should cost (stored on the broadcast)."""
        self.check_access("write")
        for mailing in self:
            mailing._wa_check_ready()
            mailing.sudo().write(mailing._wa_audit())
        return True

    def _wa_check_ready(self):
        self.ensure_one()
        if self.mailing_type != "whatsapp":
            raise UserError(self.env._("This is not a WhatsApp broadcast."))
        if not self.wa_account_id or not self.wa_template_id:
            raise UserError(self.env._("Choose a WhatsApp number and an approved template."))
        if self.wa_template_id.status != "APPROVED":
            raise UserError(
                self.env._("The template %s is not approved by Meta.", self.wa_template_id.name)
            )
        model = self.wa_template_id.model
        if model and model != self.mailing_model_real:
            raise UserError(
                self.env._(
                    "The template %(template)s is filled from %(model)s records: choose those "
                    "recipients or another template.",
                    template=self.wa_template_id.name,
                    model=model,
                )
            )

    def _wa_audit(self):
        """A dry run of the plan: nothing created."""
        self.ensure_one()
        records = self.env[self.mailing_model_real].sudo().browse(self._get_recipients())
        reasons = Counter()
        seen = set()
        cost = 0.0
        count = 0
        rate = self.env["whatsapp.rate"]
        category = (self.wa_template_id.category or "marketing").lower()
        today = fields.Date.context_today(self)
        prices = {}
        for record in records:
            partner, number = self._wa_recipient(record, create=False)
            reason = self._wa_skip_reason(record, partner, number, seen)
            if reason:
                reasons[reason[0]] += 1
                continue
            seen.add(number)
            count += 1
            country = self._wa_country(partner, number)
            if country not in prices:
                prices[country] = rate._price(
                    category, country, today, self.wa_account_id.company_id
                )
            cost += prices[country]
        labels = self._wa_skip_labels()
        return {
            "wa_audit_date": fields.Datetime.now(),
            "wa_audit_total": len(records),
            "wa_audit_count": count,
            "wa_audit_cost": cost,
            "wa_audit_skipped": "\n".join(
                f"{labels.get(key, key)}: {number}" for key, number in reasons.most_common()
            )
            or False,
        }

    def _wa_skip_labels(self):
        selection = dict(
            self.env["mailing.trace"]._fields["failure_type"]._description_selection(self.env)
        )
        return {key: selection.get(key, label) for key, label in SKIP_LABELS.items()}

    # Actions --------------------------------------------------------------------------
    @require_role("editor")
    def action_whatsapp_pause(self):
        self.check_access("write")
        self.filtered(lambda m: m.mailing_type == "whatsapp").sudo().wa_paused = True
        return True

    @require_role("editor")
    def action_whatsapp_resume(self):
        self.check_access("write")
        broadcasts = self.filtered(lambda m: m.mailing_type == "whatsapp" and m.wa_paused)
        broadcasts.sudo().wa_paused = False
        if broadcasts:
            trigger_now(self.env.cr, self.env.ref("whatsapp_cs_bot.ir_cron_broadcast").id)
        return True

    @require_role("editor")
    def action_whatsapp_stop(self):
        """Stop for good: what has not left yet is cancelled."""
        self.check_access("write")
        for mailing in self.filtered(lambda m: m.mailing_type == "whatsapp"):
            mailing.sudo()._wa_stop("wa_stopped", self.env._("Stopped by %s.", self.env.user.name))
        return True

    @require_role("editor", "analyst")
    def action_whatsapp_view_traces(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Recipients"),
            "res_model": "mailing.trace",
            "view_mode": "list,form",
            "views": [
                (self.env.ref("whatsapp_cs_bot.mailing_trace_view_list_whatsapp").id, "list"),
                (False, "form"),
            ],
            "domain": [("mass_mailing_id", "=", self.id)],
            "context": {"create": False},
        }
