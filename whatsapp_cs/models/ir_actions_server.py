# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class IrActionsServer(models.Model):
    """A "Send WhatsApp" server action, so Odoo's automation rules send an
    approved template on any trigger they offer (as Odoo's SMS does)."""

    _inherit = "ir.actions.server"

    state = fields.Selection(
        selection_add=[("whatsapp", "Send WhatsApp")], ondelete={"whatsapp": "cascade"}
    )
    whatsapp_template_id = fields.Many2one(
        "whatsapp.template",
        string="WhatsApp Template",
        ondelete="restrict",
        domain="[('model_id', '=', model_id)]",
        help="Approved by Meta, for the same kind of record as the action.",
    )
    whatsapp_dedup_hours = fields.Integer(
        string="Once per Document Within (hours)",
        default=24,
        help="However often the rule fires, a document gets this template once in this "
        "window (0: every time).",
    )

    @api.depends("state")
    def _compute_available_model_ids(self):
        whatsapp = self.filtered(lambda action: action.state == "whatsapp")
        if whatsapp:
            mail_models = self.env["ir.model"].search(
                [("is_mail_thread", "=", True), ("transient", "=", False)]
            )
            whatsapp.available_model_ids = mail_models.ids
        return super(IrActionsServer, self - whatsapp)._compute_available_model_ids()

    @api.constrains("state", "model_id", "whatsapp_template_id")
    def _check_whatsapp_template(self):
        for action in self.filtered(lambda a: a.state == "whatsapp"):
            if not action.whatsapp_template_id:
                raise ValidationError(self.env._("Choose the WhatsApp template to send."))
            if action.whatsapp_template_id.model_id != action.model_id:
                raise ValidationError(
                    self.env._(
                        "The template %(template)s applies to another kind of record than "
                        "the action %(action)s.",
                        template=action.whatsapp_template_id.display_name,
                        action=action.name,
                    )
                )

    def _run_action_whatsapp_multi(self, eval_context=None):
        """Queue the template for the records the rule fired on (sent by a cron:
        the triggering transaction stays fast)."""
        if self._is_recompute():
            return False
        records = eval_context.get("records") or eval_context.get("record")
        if records:
            self.env["whatsapp.send"]._enqueue(
                self.whatsapp_template_id.sudo(),
                records,
                action=self,
                dedup_hours=self.whatsapp_dedup_hours,
            )
        return False
