# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import clean_context

from ..tools.access import require_role


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
    attachment_ids = fields.Many2many(
        "ir.attachment",
        string="Files",
        help="Images, videos, documents; a .webp image goes as a sticker. With a template "
        "whose header shows a file, the first file is that header.",
    )
    template_id = fields.Many2one(
        "whatsapp.template",
        domain="[('account_id', '=', account_id), ('status', '=', 'APPROVED')]",
    )
    template_header_format = fields.Selection(related="template_id.header_format")
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

    @api.depends("template_id", "partner_id", "res_model", "res_id", "attachment_ids")
    def _compute_preview(self):
        for wizard in self:
            wizard.preview = False
            if wizard.template_id and wizard.template_id.status == "APPROVED":
                try:
                    wizard.preview = wizard.template_id._render(
                        wizard._record(), wizard.attachment_ids[:1]
                    )[0]
                except (UserError, AccessError) as error:
                    wizard.preview = str(error)

    def _record(self):
        """The record the template reads from, if the user may read it."""
        if self.res_model and self.res_id:
            if self.res_model not in self.env:
                raise UserError(self.env._("Unknown document type %s.", self.res_model))
            record = self.env[self.res_model].browse(self.res_id).exists()
            record.check_access("read")
            return record
        return self.partner_id

    @require_role("agent")
    def action_send(self):
        self.ensure_one()
        # a replaced context: the wizard's default_* must not reach the messages
        wizard = self.with_context(clean_context(self.env.context))  # pylint: disable=context-overridden
        wizard.partner_id.check_access("read")
        wizard.account_id.check_access("read")
        wizard.attachment_ids.check("read")
        if not wizard.partner_id._whatsapp_number():
            raise UserError(
                self.env._("%s has no mobile or WhatsApp number.", wizard.partner_id.display_name)
            )
        conversation = self.env["whatsapp.conversation"]._get_or_create(
            wizard.account_id, wizard.partner_id
        )
        if wizard.mode == "template":
            wizard._send_template(conversation)
        else:
            wizard._send_text(conversation)
        return {"type": "ir.actions.act_window_close"}

    def _send_template(self, conversation):
        template = self.template_id
        if not template:
            raise UserError(self.env._("Choose an approved template."))
        template.check_access("read")
        if template.account_id.waba_id != self.account_id.waba_id:
            raise UserError(self.env._("This template belongs to another WhatsApp account."))
        conversation._check_can_reply()
        preview, values, header = template._render(self._record(), self.attachment_ids[:1])
        if header:
            header.check("read")
        messages = self.env["whatsapp.message"]
        self._adopt_files(messages._queue_template(conversation, template, values, preview, header))

    def _send_text(self, conversation):
        messages = self.env["whatsapp.message"]
        vals_list = messages._outgoing_vals(conversation, self.body, self.attachment_ids)
        if not vals_list:
            raise UserError(self.env._("Write a message or attach a file."))
        for message in messages.create(vals_list):
            self._adopt_files(message)

    def _adopt_files(self, message):
        """The message owns its file: uploaded here, it moves; a file of
        another document stays there and the message gets a copy."""
        owned = self.env["ir.attachment"]._whatsapp_adopt(
            message.attachment_ids, message, upload_model=self._name
        )
        if owned != message.attachment_ids:
            message.sudo().attachment_ids = owned
