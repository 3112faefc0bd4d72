# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The model is split by concern on purpose, one file each (see its main file).
# pylint: disable=consider-merging-classes-inherited
import base64
import json

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import template_definition
from ..tools.access import require_role
from ..tools.cloud_api import CloudApiError

HEADER_FORMATS = [
    ("TEXT", "Text"),
    ("IMAGE", "Image"),
    ("VIDEO", "Video"),
    ("DOCUMENT", "Document"),
    ("LOCATION", "Location"),
]
# What an administrator may still change once Meta has the template.
EDITABLE_STATUSES = ("DRAFT", "REJECTED")
CONTENT_FIELDS = {
    "account_id",
    "name",
    "language",
    "category",
    "parameter_format",
    "header_format",
    "header_text",
    "body_text",
    "footer_text",
    "button_ids",
}


class WhatsappTemplate(models.Model):
    """The template editor: write a template in Odoo, check it against Meta's
    rules, submit it and follow its review (status webhooks)."""

    _inherit = "whatsapp.template"

    header_format = fields.Selection(
        HEADER_FORMATS,
        string="Header",
        help="Empty: no header. A file header sends an image, a video or a document "
        "(e.g. the record's PDF) with every message.",
    )
    header_text = fields.Char(help="At most 60 characters and one variable, e.g. Order {{1}}.")
    body_text = fields.Text(
        string="Body",
        help="At most 1024 characters. Variables: {{1}}, {{2}}... in order (or {{name}} "
        "with named parameters), never side by side.",
    )
    footer_text = fields.Char(string="Footer", help="At most 60 characters, no variable.")
    button_ids = fields.One2many("whatsapp.template.button", "template_id", string="Buttons")
    button_labels = fields.Char(compute="_compute_button_labels")
    is_editable = fields.Boolean(compute="_compute_is_editable")

    @api.depends("button_ids.text")
    def _compute_button_labels(self):
        for template in self:
            template.button_labels = " | ".join(template.button_ids.mapped("text"))

    @api.depends("status")
    def _compute_is_editable(self):
        for template in self:
            template.is_editable = template.status in EDITABLE_STATUSES

    # CRUD ------------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        templates._after_change(set().union(*vals_list) if vals_list else set())
        return templates

    def write(self, vals):
        if not self.env.su and CONTENT_FIELDS & set(vals):
            locked = self.filtered(lambda t: t.status not in EDITABLE_STATUSES)
            if locked:
                raise UserError(
                    self.env._(
                        "%s is with Meta: its content can only change while it is a draft "
                        "or after Meta rejected it.",
                        locked[:1].display_name,
                    )
                )
        models_before = self.mapped("model_id") if "model_id" in vals else None
        res = super().write(vals)
        self._after_change(set(vals), models_before)
        return res

    def unlink(self):
        models_used = self.mapped("model_id")
        res = super().unlink()
        self._update_bindings(models_used)
        return res

    def _after_change(self, names, models_before=None):
        if "header_file" in names:
            self.sudo().write({"header_media_id": False, "header_media_uploaded_at": False})
        if names & (CONTENT_FIELDS | {"components"}):
            self._sync_variables()
        if "model_id" in names:
            self._update_bindings(self.mapped("model_id") | (models_before or self.model_id))

    # The editor ------------------------------------------------------------------------
    @api.model
    def _editor_vals(self, components):
        """Editor fields from Meta's components (a synced template reads like one
        written here)."""
        parts = {str(c.get("type", "")).upper(): c for c in components}
        header = parts.get("HEADER") or {}
        buttons = (parts.get("BUTTONS") or {}).get("buttons") or []
        return {
            "header_format": str(header.get("format") or "TEXT").upper() if header else False,
            "header_text": header.get("text") or False,
            "body_text": (parts.get("BODY") or {}).get("text") or False,
            "footer_text": (parts.get("FOOTER") or {}).get("text") or False,
            "button_ids": [fields.Command.clear()]
            + [
                fields.Command.create(
                    {
                        "sequence": index,
                        "button_type": str(button.get("type") or "QUICK_REPLY").upper(),
                        "text": button.get("text") or "",
                        "url": button.get("url") or False,
                        "phone_number": button.get("phone_number") or False,
                        "example": (button.get("example") or [""])[0]
                        if isinstance(button.get("example"), list)
                        else button.get("example") or False,
                    }
                )
                for index, button in enumerate(buttons)
            ],
        }

    def _definition(self, header_handle=None):
        """``(request body, problems)`` for submitting this template to Meta."""
        self.ensure_one()
        template = {
            "name": self.name,
            "language": self.language,
            "category": self.category,
            "parameter_format": self.parameter_format,
            "header": {
                "format": self.header_format or "",
                "text": self.header_text or "",
                "handle": header_handle,
            },
            "body": self.body_text or "",
            "footer": self.footer_text or "",
            "buttons": [
                {
                    "type": button.button_type,
                    "text": button.text or "",
                    "url": button.url or "",
                    "phone_number": button.phone_number or "",
                    "example": button.example or "",
                }
                for button in self.button_ids
            ],
        }
        samples = {
            (variable.component, variable.key): variable.sample_value
            for variable in self.variable_ids
            if variable.component in ("header", "body")
        }
        return template_definition.definition(template, samples)

    def _draft_components(self):
        """The components this draft would have at Meta (its samples aside)."""
        body, _problems = self._definition(header_handle="draft")
        for part in body["components"]:
            part.pop("example", None)
        return body["components"]

    def _definition_problems_text(self, problems):
        messages = {
            "name": self.env._("Name: lower-case letters, digits and _ only (e.g. order_ready)."),
            "missing": self.env._("%(where)s: fill it in."),
            "too_long": self.env._("%(where)s: at most %(detail)s characters."),
            "sequence": self.env._("%(where)s: number the variables {{1}}, {{2}}... in order."),
            "named_key": self.env._(
                "%(where)s: named variables are lower_case words (%(detail)s)."
            ),
            "adjacent": self.env._("%(where)s: put some text between two variables."),
            "header_variables": self.env._("Header: at most one variable."),
            "header_file": self.env._("Header: attach a sample %(detail)s (Header File)."),
            "footer_variable": self.env._("Footer: no variables."),
            "sample": self.env._("%(where)s: give {{%(detail)s}} a sample value."),
            "url": self.env._("%(where)s: the link starts with https://."),
            "url_variable": self.env._("%(where)s: one variable, at the very end of the link."),
            "buttons": self.env._("Buttons: at most %(detail)s of this kind (%(where)s)."),
            "quick_replies_apart": self.env._("Buttons: keep the quick replies together."),
        }
        lines = [
            messages.get(reason, reason) % {"where": where.capitalize(), "detail": detail}
            for reason, where, detail in problems
        ]
        return (
            self.env._("Meta would refuse %s:", self.display_name)
            + "\n"
            + "\n".join(f"• {line}" for line in lines)
        )

    # Actions ---------------------------------------------------------------------------
    @require_role("admin")
    def action_submit(self):
        """Send the template to Meta for review; its verdict comes by webhook."""
        self.ensure_one()
        self.check_access("write")
        if self.status not in EDITABLE_STATUSES:
            raise UserError(self.env._("%s is already with Meta.", self.display_name))
        _body, problems = self._definition(header_handle="checked-before-upload")
        if problems:
            raise UserError(self._definition_problems_text(problems))
        account = self.account_id.sudo()
        try:
            client = account._client()
            handle = None
            if self.header_format in template_definition.MEDIA_FORMATS:
                handle = client.upload_sample(account.app_id, *self._header_sample())
            body, _problems = self._definition(header_handle=handle)
            answer = client.create_template(body)
        except CloudApiError as error:
            account._raise_user_error(error)
        self.sudo().write(
            {
                "meta_id": str(answer.get("id") or ""),
                "status": answer.get("status") or "PENDING",
                "category": (answer.get("category") or self.category).upper(),
                "components": json.dumps(body["components"]),
                "rejection_reason": False,
            }
        )
        return True

    def _header_sample(self):
        """``(content, mimetype, filename)`` Meta reviews for a file header: the
        template's file, else (a document header) the report of one record."""
        if self.header_file:
            attachment = (
                self.env["ir.attachment"]
                .sudo()
                .search(
                    [
                        ("res_model", "=", self._name),
                        ("res_id", "=", self.id),
                        ("res_field", "=", "header_file"),
                    ],
                    limit=1,
                )
            )
            return (
                base64.b64decode(self.header_file),
                attachment.mimetype,
                self.header_filename or attachment.name,
            )
        record = self.env[self.model].search([], limit=1) if self.report_id and self.model else None
        if record:
            sample = self._document_header(record)
            content = (sample.raw, sample.mimetype, sample.name)
            sample.unlink()
            return content
        raise UserError(
            self.env._("Attach a sample file for the header (Header File): Meta reviews it.")
        )

    @require_role("admin")
    def action_preview(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Preview %s", self.display_name),
            "res_model": "whatsapp.template.preview",
            "view_mode": "form",
            "target": "new",
            "context": {"default_template_id": self.id},
        }

    # The WhatsApp action on documents ------------------------------------------------------
    @api.model
    def _update_bindings(self, models_changed):
        """Every model a template applies to has a WhatsApp action in its forms
        and lists (Action menu); models without templates lose it."""
        action = self.env.ref("whatsapp_cs.whatsapp_document_compose_action").sudo()
        bound = self.sudo().search([("model_id", "!=", False)]).mapped("model_id")
        for model in models_changed:
            binding = (
                self.env["ir.actions.act_window"]
                .sudo()
                .search([("binding_model_id", "=", model.id), ("res_model", "=", action.res_model)])
            )
            if model in bound and not binding:
                action.sudo().copy(
                    {
                        "name": self.env._("WhatsApp"),
                        "binding_model_id": model.id,
                        "binding_view_types": "form,list",
                    }
                )
            elif model not in bound and binding:
                binding.unlink()
