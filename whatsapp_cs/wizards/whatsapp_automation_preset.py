# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import LazyTranslate

from ..tools.access import require_role

_logger = logging.getLogger(__name__)

_lt = LazyTranslate(__name__)

# Each preset: the app's model it needs (offered only when that app is
# installed), the automation rule's trigger, and the template it sends.
# Variables: (component, key, value type, field path, sample).
PRESETS = {
    "order_confirmed": {
        "label": _lt("Order confirmation, with the order's PDF"),
        "model": "sale.order",
        "trigger": {"trigger": "on_state_set", "state": "sale"},
        "template": {
            "name": "order_confirmed",
            "category": "UTILITY",
            "header_format": "DOCUMENT",
            "report": "sale.action_report_saleorder",
            "body_text": "Hi {{1}}, thank you for your order {{2}} of {{3}}. "
            "Its confirmation is attached.",
            "variables": [
                ("body", "1", "field", "partner_id.name", "Ana"),
                ("body", "2", "field", "name", "S00042"),
                ("body", "3", "field", "amount_total", "$ 1,250.00"),
            ],
        },
    },
    "invoice_posted": {
        "label": _lt("Invoice, with its PDF and the link to pay online"),
        "model": "account.move",
        "domain": "[('move_type', '=', 'out_invoice')]",
        "trigger": {"trigger": "on_state_set", "state": "posted"},
        "template": {
            "name": "invoice_posted",
            "category": "UTILITY",
            "header_format": "DOCUMENT",
            "report": "account.account_invoices",
            "body_text": "Hello {{1}}, here is your invoice {{2}} of {{3}}, due on {{4}}.",
            "variables": [
                ("body", "1", "field", "partner_id.name", "Ana"),
                ("body", "2", "field", "name", "INV/2026/00042"),
                ("body", "3", "field", "amount_residual", "$ 1,250.00"),
                ("body", "4", "field", "invoice_date_due", "12/31/2026"),
                ("button", "0", "portal_url", "", "my/invoices/42?access_token=abc"),
            ],
            "buttons": [("URL", "Pay online", "{base}/{{{{1}}}}", "my/invoices/42")],
        },
    },
    "invoice_overdue": {
        "label": _lt("Overdue invoice reminder, 3 days after the due date"),
        "model": "account.move",
        "domain": "[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('payment_state', 'in', ('not_paid', 'partial'))]",
        "trigger": {"trigger": "on_time", "date_field": "invoice_date_due", "delay": 3},
        "template": {
            "name": "invoice_overdue",
            "category": "UTILITY",
            "body_text": "Hello {{1}}, invoice {{2}} of {{3}} was due on {{4}}. "
            "You can pay it online.",
            "variables": [
                ("body", "1", "field", "partner_id.name", "Ana"),
                ("body", "2", "field", "name", "INV/2026/00042"),
                ("body", "3", "field", "amount_residual", "$ 1,250.00"),
                ("body", "4", "field", "invoice_date_due", "12/31/2026"),
                ("button", "0", "portal_url", "", "my/invoices/42?access_token=abc"),
            ],
            "buttons": [("URL", "Pay online", "{base}/{{{{1}}}}", "my/invoices/42")],
        },
    },
    "delivery_done": {
        "label": _lt("Delivery shipped"),
        "model": "stock.picking",
        "domain": "[('picking_type_code', '=', 'outgoing')]",
        "trigger": {"trigger": "on_state_set", "state": "done"},
        "template": {
            "name": "delivery_shipped",
            "category": "UTILITY",
            "body_text": "Hello {{1}}, your order {{2}} has left our warehouse.",
            "variables": [
                ("body", "1", "field", "partner_id.name", "Ana"),
                ("body", "2", "field", "origin", "S00042"),
            ],
        },
    },
    "appointment_reminder": {
        "label": _lt("Appointment reminder, the day before"),
        "model": "calendar.event",
        "phone_field": "partner_ids",
        "trigger": {"trigger": "on_time", "date_field": "start", "delay": -1},
        "template": {
            "name": "appointment_reminder_day_before",
            "category": "UTILITY",
            "body_text": "Reminder: {{1}} on {{2}}. Reply to this message if you cannot come.",
            "variables": [
                ("body", "1", "field", "name", "Fitting"),
                ("body", "2", "field", "start", "12/31/2026 10:00"),
            ],
        },
    },
    "lead_follow_up": {
        "label": _lt("Opportunity follow-up, 3 days without a stage change"),
        "model": "crm.lead",
        "domain": "[('type', '=', 'opportunity'), ('stage_id.is_won', '=', False)]",
        "trigger": {"trigger": "on_time", "date_field": "date_last_stage_update", "delay": 3},
        "template": {
            "name": "opportunity_follow_up",
            "category": "MARKETING",
            "body_text": "Hi {{1}}, {{2}} here. Do you have any question about {{3}}?",
            "variables": [
                ("body", "1", "field", "partner_id.name", "Ana"),
                ("body", "2", "user_name", "", "Marc"),
                ("body", "3", "field", "name", "your new sofa"),
            ],
        },
    },
}


class WhatsappAutomationPreset(models.TransientModel):
    """Start an automation from a preset of an installed app: a template (a
    draft, ready to submit to Meta) and an automation rule that sends it."""

    _name = "whatsapp.automation.preset"
    _description = "WhatsApp Automation Preset"

    preset = fields.Selection(selection="_selection_preset", required=True)
    account_id = fields.Many2one(
        "whatsapp.account",
        required=True,
        default=lambda self: self.env["whatsapp.account"].search([], limit=1),
    )
    language = fields.Char(default="en_US", required=True)

    @api.model
    def _selection_preset(self):
        return [
            (key, str(preset["label"]))
            for key, preset in PRESETS.items()
            if preset["model"] in self.env
        ]

    @require_role("admin")
    def action_create(self):
        self.ensure_one()
        template, automation = self._create_preset(self.preset, self.account_id, self.language)
        return {
            "type": "ir.actions.act_window",
            "res_model": "whatsapp.template",
            "res_id": template.id,
            "view_mode": "form",
            "context": {"whatsapp_automation_id": automation.id},
        }

    @api.model
    def _create_preset(self, key, account, language="en_US"):
        """``(template, automation rule)`` of preset ``key`` (the template is
        reused when it exists on that number)."""
        preset = PRESETS[key]
        if preset["model"] not in self.env:
            raise UserError(self.env._("This preset needs an app that is not installed."))
        model = self.env["ir.model"]._get(preset["model"])
        template = self._preset_template(preset, model, account, language)
        # a rule with a "Send WhatsApp" action only: safe to create for a WhatsApp
        # administrator who is not a system administrator (the role is checked)
        automation = (
            self.env["base.automation"]
            .sudo()
            .create(
                {
                    "name": str(preset["label"]),
                    "model_id": model.id,
                    "filter_domain": preset.get("domain") or False,
                    **self._trigger_vals(model, preset["trigger"]),
                }
            )
        )
        self.env["ir.actions.server"].sudo().create(
            {
                "name": self.env._("Send WhatsApp %s", template.name),
                "model_id": model.id,
                "state": "whatsapp",
                "whatsapp_template_id": template.id,
                "base_automation_id": automation.id,
                "usage": "base_automation",
            }
        )
        return template, automation

    @api.model
    def _demo_setup(self, emulator_url=None):
        """The demo (``./run demo``): the presets of the installed apps, their
        templates submitted to the emulator at ``emulator_url`` (which approves
        them), and the apps' demo customers opted in."""
        account = self.env.ref("whatsapp_cs.demo_account", raise_if_not_found=False)
        if not account:
            return
        account.write(
            {
                "app_id": account.app_id or "300000000000001",
                "graph_api_url": emulator_url or account.graph_api_url,
            }
        )
        for key in ("order_confirmed", "invoice_posted", "invoice_overdue", "lead_follow_up"):
            preset = PRESETS[key]
            if preset["model"] not in self.env or self.env["whatsapp.template"].search_count(
                [("account_id", "=", account.id), ("name", "=", preset["template"]["name"])]
            ):
                continue
            template, _automation = self._create_preset(key, account)
            try:
                template.action_submit()
            except UserError as error:  # the demo goes on; the template stays a draft
                _logger.warning("Demo template %s not submitted: %s", template.name, error)
        customers = self.env["res.partner"].search(
            [("whatsapp_opt_in", "=", False), ("is_company", "=", False), ("user_ids", "=", False)]
        )
        customers.write({"whatsapp_opt_in": True, "whatsapp_opt_in_source": "checkout"})

    def _preset_template(self, preset, model, account, language):
        spec = preset["template"]
        existing = self.env["whatsapp.template"].search(
            [
                ("account_id", "=", account.id),
                ("name", "=", spec["name"]),
                ("language", "=", language),
            ],
            limit=1,
        )
        if existing:
            return existing
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        report = (
            self.env.ref(spec["report"], raise_if_not_found=False) if spec.get("report") else None
        )
        template = self.env["whatsapp.template"].create(
            {
                "name": spec["name"],
                "language": language,
                "account_id": account.id,
                "category": spec["category"],
                "model_id": model.id,
                "phone_field": preset.get("phone_field", "partner_id"),
                "header_format": spec.get("header_format") or False,
                "report_id": report.id if report else False,
                "body_text": spec["body_text"],
                "button_ids": [
                    fields.Command.create(
                        {
                            "sequence": index,
                            "button_type": kind,
                            "text": text,
                            "url": url.format(base=base),
                            "example": example,
                        }
                    )
                    for index, (kind, text, url, example) in enumerate(spec.get("buttons", []))
                ],
            }
        )
        by_key = {(v.component, v.key): v for v in template.variable_ids}
        for component, key, value_type, path, sample in spec["variables"]:
            variable = by_key.get((component, key))
            if variable:
                variable.write(
                    {"value_type": value_type, "field_path": path or False, "sample_value": sample}
                )
        return template

    def _trigger_vals(self, model, trigger):
        fields_model = self.env["ir.model.fields"].sudo()
        if trigger["trigger"] == "on_state_set":
            selection = (
                self.env["ir.model.fields.selection"]
                .sudo()
                .search(
                    [
                        ("field_id.model", "=", model.model),
                        ("field_id.name", "=", "state"),
                        ("value", "=", trigger["state"]),
                    ],
                    limit=1,
                )
            )
            return {"trigger": "on_state_set", "trg_selection_field_id": selection.id}
        date_field = fields_model._get(model.model, trigger["date_field"])
        return {
            "trigger": "on_time",
            "trg_date_id": date_field.id,
            "trg_date_range": trigger["delay"],
            "trg_date_range_type": "day",
        }
