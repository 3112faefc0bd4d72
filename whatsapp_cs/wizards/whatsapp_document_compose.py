# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.access import require_role

# Counting who would not get it reads every recipient: only up to this many
# records, beyond that the send shows the count and the sends list says why.
CHECK_LIMIT = 2000


class WhatsappDocumentCompose(models.TransientModel):
    """Send an approved template about one document (with a preview) or many
    (queued: the request returns at once), from its WhatsApp action."""

    _name = "whatsapp.document.compose"
    _description = "Send a WhatsApp Template"

    res_model = fields.Char(required=True)
    res_ids = fields.Text(required=True, help="The records, as a JSON list of ids.")
    record_count = fields.Integer(compute="_compute_record_count")
    model_name = fields.Char(compute="_compute_record_count")
    template_id = fields.Many2one(
        "whatsapp.template",
        required=True,
        domain="[('model', '=', res_model), ('status', '=', 'APPROVED')]",
        default=lambda self: self._default_template(),
    )
    preview = fields.Text(compute="_compute_check")
    recipients = fields.Char(compute="_compute_check", string="To")
    sendable_count = fields.Integer(compute="_compute_check", string="Will Receive It")
    blocked_summary = fields.Text(compute="_compute_check", string="Will Not Receive It")
    cost_estimate = fields.Float(compute="_compute_check", digits=(16, 4), string="Estimated Cost")
    currency_id = fields.Many2one(related="template_id.company_id.currency_id")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        context = self.env.context
        model = context.get("active_model")
        ids = context.get("active_ids") or (
            [context["active_id"]] if context.get("active_id") else []
        )
        if model and ids and "res_model" in fields_list:
            values.update(res_model=model, res_ids=json.dumps(ids))
        return values

    @api.model
    def _default_template(self):
        model = self.env.context.get("active_model")
        if not model:
            return self.env["whatsapp.template"]
        return self.env["whatsapp.template"].search(
            [("model", "=", model), ("status", "=", "APPROVED")], limit=1
        )

    def _records(self):
        self.ensure_one()
        if self.res_model not in self.env:
            raise UserError(self.env._("Unknown document type %s.", self.res_model))
        return self.env[self.res_model].browse(json.loads(self.res_ids or "[]")).exists()

    @api.depends("res_model", "res_ids")
    def _compute_record_count(self):
        for wizard in self:
            wizard.record_count = len(json.loads(wizard.res_ids or "[]"))
            model = self.env["ir.model"]._get(wizard.res_model) if wizard.res_model else None
            wizard.model_name = model.name if model else ""

    @api.depends("template_id", "res_ids")
    def _compute_check(self):
        for wizard in self:
            wizard.update(
                {
                    "preview": False,
                    "recipients": False,
                    "sendable_count": 0,
                    "blocked_summary": False,
                    "cost_estimate": 0.0,
                }
            )
            template = wizard.template_id
            if not template or not wizard.res_model:
                continue
            records = wizard._records()
            if not records:
                continue
            try:
                records.check_access("read")
                wizard.preview = template._fill(records[0])[0]
                wizard._count(template, records[:CHECK_LIMIT])
            except UserError as error:
                wizard.preview = str(error)

    def _count(self, template, records):
        partners = self.env["res.partner"]
        blocked = Counter()
        labels = dict(self.env["whatsapp.send"]._fields["reason"]._description_selection(self.env))
        for record in records:
            recipients = template._recipients(record)
            if not recipients:
                blocked["no_number"] += 1
            for partner in recipients:
                refusal = partner._whatsapp_send_refusal(template.category)
                if refusal:
                    blocked[refusal[0]] += 1
                else:
                    partners |= partner
        self.recipients = ", ".join(partners[:3].mapped("display_name")) + (
            "…" if len(partners) > 3 else ""
        )
        self.sendable_count = len(partners)
        self.blocked_summary = "\n".join(
            f"{count} × {labels[reason]}" for reason, count in blocked.most_common()
        )
        self.cost_estimate = self.env["whatsapp.rate"]._estimate(
            (template.category or "utility").lower(), partners, template.company_id
        )

    @require_role("agent")
    def action_send(self):
        self.ensure_one()
        records = self._records()
        records.check_access("read")
        template = self.template_id
        template.check_access("read")
        if template.model != self.res_model or template.status != "APPROVED":
            raise UserError(self.env._("Choose an approved template for these documents."))
        rows = self.env["whatsapp.send"]._enqueue(template, records)
        if len(records) == 1:
            # one document: filled and checked now, so the sender sees any problem
            for row in rows:
                if not row._process():
                    raise UserError(row.reason_text)
            return {"type": "ir.actions.client", "tag": "soft_reload"}  # the chatter shows it
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("WhatsApp queued"),
                "message": self.env._(
                    "%s messages are queued; WhatsApp > Sends shows each one, and why a "
                    "customer did not get it.",
                    len(rows),
                ),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
