# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class WhatsappTemplatePreview(models.TransientModel):
    """The template as a customer would read it, filled from a chosen record."""

    _name = "whatsapp.template.preview"
    _description = "WhatsApp Template Preview"

    template_id = fields.Many2one("whatsapp.template", required=True, ondelete="cascade")
    resource_ref = fields.Reference(
        string="Record", selection="_selection_models", help="The record to fill it from."
    )
    preview = fields.Text(compute="_compute_preview")

    @api.model
    def _selection_models(self):
        models_with_templates = self.env["whatsapp.template"].search([]).mapped("model_id")
        return [(model.model, model.name) for model in models_with_templates] or [
            ("res.partner", self.env._("Contact"))
        ]

    @api.depends("template_id", "resource_ref")
    def _compute_preview(self):
        for wizard in self:
            template = wizard.template_id
            record = wizard.resource_ref or self.env["res.partner"]
            try:
                if record:
                    record.check_access("read")
                wizard.preview = template._fill(record)[0]
            except (UserError, AccessError) as error:
                wizard.preview = str(error)
