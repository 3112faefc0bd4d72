# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import mimetypes

from odoo import api, fields, models
from odoo.exceptions import UserError

ATTACHMENT_TYPES = {"image": "image", "video": "video", "audio": "audio"}


class WhatsappMessageCompose(models.TransientModel):
    """Write to a customer: free text and files inside the 24-hour window,
    an approved template outside it."""

    _name = "whatsapp.message.compose"
    _description = "Write a WhatsApp Message"

    partner_id = fields.Many2one("res.partner", string="To", required=True)
    account_id = fields.Many2one(
        "whatsapp.account",
        string="From Number",
        required=True,
        default=lambda self: self._default_account(),
    )
    conversation_id = fields.Many2one("whatsapp.conversation", compute="_compute_conversation_id")
    window_open = fields.Boolean(compute="_compute_conversation_id")
    window_expires_at = fields.Datetime(compute="_compute_conversation_id")
    mode = fields.Selection(
        [("text", "Message"), ("template", "Template")],
        compute="_compute_mode",
        store=True,
        readonly=False,
    )
    body = fields.Text()
    attachment_ids = fields.Many2many("ir.attachment", string="Files")
    template_id = fields.Many2one(
        "whatsapp.template",
        domain="[('account_id', '=', account_id), ('status', '=', 'APPROVED')]",
    )
    preview = fields.Text(compute="_compute_preview")
    res_model = fields.Char(help="The record this message is about, if any.")
    res_id = fields.Many2oneReference(model_field="res_model")

    @api.model
    def _default_account(self, partner=None):
        """The number the customer last talked to, else the first one."""
        partner = partner or self.env["res.partner"].browse(
            self.env.context.get("default_partner_id")
        )
        recent = partner.whatsapp_conversation_ids.sorted("last_message_at", reverse=True)
        return recent[:1].account_id or self.env["whatsapp.account"].search(
            [("company_id", "in", self.env.companies.ids)], limit=1
        )

    @api.depends("partner_id", "account_id")
    def _compute_conversation_id(self):
        for wizard in self:
            conversation = wizard.partner_id.whatsapp_conversation_ids.filtered(
                lambda c, w=wizard: c.account_id == w.account_id
            )[:1]
            wizard.conversation_id = conversation
            wizard.window_open = conversation.window_open
            wizard.window_expires_at = conversation.window_expires_at

    @api.depends("window_open")
    def _compute_mode(self):
        for wizard in self:
            wizard.mode = "text" if wizard.window_open else "template"

    @api.depends("template_id", "partner_id", "res_model", "res_id")
    def _compute_preview(self):
        for wizard in self:
            wizard.preview = False
            if wizard.template_id and wizard.template_id.status == "APPROVED":
                try:
                    wizard.preview = wizard.template_id._render(wizard._record())[0]
                except UserError as error:
                    wizard.preview = str(error)

    def _record(self):
        if self.res_model and self.res_id:
            return self.env[self.res_model].browse(self.res_id)
        return self.partner_id

    def action_send(self):
        self.ensure_one()
        if not self.partner_id._whatsapp_number():
            raise UserError(
                self.env._("%s has no mobile or WhatsApp number.", self.partner_id.display_name)
            )
        conversation = self.env["whatsapp.conversation"]._get_or_create(
            self.account_id, self.partner_id
        )
        message_model = self.env["whatsapp.message"]
        base = {"conversation_id": conversation.id, "direction": "out"}
        if self.mode == "template":
            if not self.template_id:
                raise UserError(self.env._("Choose an approved template."))
            preview, payload = self.template_id._render(self._record())
            message = message_model.create(
                dict(base, message_type="template", template_id=self.template_id.id, body=preview)
            )
            # the request body is built here, from an approved template only
            message.sudo().payload = json.dumps(payload)
            return {"type": "ir.actions.act_window_close"}
        if not (self.body or "").strip() and not self.attachment_ids:
            raise UserError(self.env._("Write a message or attach a file."))
        vals_list = []
        for index, attachment in enumerate(self.attachment_ids):
            main_type = attachment.mimetype or mimetypes.guess_type(attachment.name)[0] or ""
            kind = ATTACHMENT_TYPES.get(main_type.split("/")[0], "document")
            vals_list.append(
                dict(
                    base,
                    message_type=kind,
                    # the text goes as the caption of the first file that takes one
                    body=self.body if index == 0 and kind != "audio" else False,
                    attachment_ids=[fields.Command.link(attachment.id)],
                )
            )
        captioned = vals_list and vals_list[0]["body"]
        if (self.body or "").strip() and not captioned:
            vals_list.insert(0, dict(base, message_type="text", body=self.body))
        for message in message_model.create(vals_list):
            # the files now belong to the message, not to this transient wizard
            message.attachment_ids.sudo().write({"res_model": message._name, "res_id": message.id})
        return {"type": "ir.actions.act_window_close"}
