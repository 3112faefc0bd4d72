# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import message_payload

# Meta keeps uploaded media 30 days; reuse an upload for a little less.
MEDIA_REUSE = timedelta(days=25)

STATUSES = [
    ("APPROVED", "Approved"),
    ("PENDING", "Pending review"),
    ("REJECTED", "Rejected"),
    ("PAUSED", "Paused"),
    ("DISABLED", "Disabled"),
    ("IN_APPEAL", "In appeal"),
    ("FLAGGED", "Flagged"),
    ("LIMIT_EXCEEDED", "Limit exceeded"),
    ("LOCKED", "Locked"),
    ("ARCHIVED", "Archived"),
    ("PENDING_DELETION", "Pending deletion"),
    ("DELETED", "Deleted"),
]
# Webhook events that are not statuses of their own.
EVENT_STATUS = {"REINSTATED": "APPROVED", "UNARCHIVED": "APPROVED"}


class WhatsappTemplate(models.Model):
    """A message template approved (or not) by Meta, synced from the WABA."""

    _name = "whatsapp.template"
    _inherit = ["whatsapp.guard.mixin"]
    _description = "WhatsApp Template"
    _order = "name, language"

    # Meta's side (status, components, category...) comes from Meta only.
    _whatsapp_create_fields = {
        "admin": {
            "name",
            "language",
            "account_id",
            "model_id",
            "variable_ids",
            "header_file",
            "header_filename",
        }
    }
    _whatsapp_write_fields = {
        "admin": {"model_id", "variable_ids", "header_file", "header_filename"}
    }

    name = fields.Char(required=True, readonly=True)
    language = fields.Char(required=True, readonly=True)
    account_id = fields.Many2one(
        "whatsapp.account", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    meta_id = fields.Char(string="Meta Template ID", index=True, readonly=True)
    category = fields.Selection(
        [
            ("MARKETING", "Marketing"),
            ("UTILITY", "Utility"),
            ("AUTHENTICATION", "Authentication"),
        ],
        readonly=True,
    )
    status = fields.Selection(STATUSES, default="PENDING", readonly=True, index=True)
    quality_score = fields.Char(readonly=True)
    parameter_format = fields.Selection(
        [("POSITIONAL", "Positional {{1}}"), ("NAMED", "Named {{name}}")],
        default="POSITIONAL",
        readonly=True,
    )
    components = fields.Text(readonly=True, help="Meta's components, as JSON.")
    rejection_reason = fields.Char(readonly=True)
    header_text = fields.Char(compute="_compute_texts")
    body_text = fields.Text(compute="_compute_texts")
    footer_text = fields.Char(compute="_compute_texts")
    button_labels = fields.Char(compute="_compute_texts")
    model_id = fields.Many2one(
        "ir.model",
        string="Applies To",
        ondelete="set null",
        domain=[("transient", "=", False)],
        help="The kind of record (partner, sale order...) its variables are read from.",
    )
    model = fields.Char(related="model_id.model")
    variable_ids = fields.One2many("whatsapp.template.variable", "template_id")
    header_format = fields.Char(compute="_compute_texts")
    header_file = fields.Binary(
        attachment=True,
        help="The image, video or document shown in the header, for templates whose "
        "header is a file (a message may bring its own, e.g. the document's PDF).",
    )
    header_filename = fields.Char()
    # Meta keeps an uploaded file 30 days: one upload serves every send.
    header_media_id = fields.Char(readonly=True, copy=False)
    header_media_uploaded_at = fields.Datetime(readonly=True, copy=False)

    _sql_constraints = [
        (
            "name_language_account_uniq",
            "unique(account_id, name, language)",
            "A template exists once per language on an account.",
        ),
    ]

    @api.depends("name", "language")
    def _compute_display_name(self):
        for template in self:
            template.display_name = f"{template.name} ({template.language})"

    @api.depends("components")
    def _compute_texts(self):
        for template in self:
            parts = {c.get("type"): c for c in template._components()}
            header = parts.get("HEADER") or {}
            template.header_format = (header.get("format") or "TEXT") if header else False
            template.header_text = header.get("text", "")
            template.body_text = (parts.get("BODY") or {}).get("text", "")
            template.footer_text = (parts.get("FOOTER") or {}).get("text", "")
            buttons = (parts.get("BUTTONS") or {}).get("buttons") or []
            template.button_labels = " | ".join(b.get("text", "") for b in buttons)

    def _components(self):
        self.ensure_one()
        try:
            return json.loads(self.components or "[]")
        except ValueError:
            return []

    def write(self, vals):
        res = super().write(vals)
        if "header_file" in vals:
            self.sudo().write({"header_media_id": False, "header_media_uploaded_at": False})
        return res

    # Synchronisation -----------------------------------------------------------
    @api.model
    def _sync_from_meta(self, account, remote_templates):
        existing = {
            (t.name, t.language): t for t in account.with_context(active_test=False).template_ids
        }
        for remote in remote_templates:
            vals = {
                "meta_id": str(remote.get("id") or ""),
                "category": remote.get("category"),
                "status": remote.get("status"),
                "quality_score": (remote.get("quality_score") or {}).get("score"),
                "parameter_format": (remote.get("parameter_format") or "POSITIONAL").upper(),
                "components": json.dumps(remote.get("components") or []),
                "rejection_reason": remote.get("rejected_reason") or False,
            }
            template = existing.get((remote["name"], remote["language"]))
            if template:
                template.write(vals)
            else:
                template = self.create(
                    dict(
                        vals,
                        name=remote["name"],
                        language=remote["language"],
                        account_id=account.id,
                    )
                )
            template._sync_variables()

    def _sync_variables(self):
        """One variable line per text parameter the components ask for
        (header, body, a URL button's suffix, a coupon code)."""
        for template in self:
            found = [
                (slot.component, slot.key)
                for slot in message_payload.template_slots(template._components())
                if slot.kind in ("text", "url", "coupon_code")
            ]
            known = {(v.component, v.key) for v in template.variable_ids}
            template.variable_ids = [
                fields.Command.create({"component": kind, "key": key, "sequence": index})
                for index, (kind, key) in enumerate(found)
                if (kind, key) not in known
            ]

    @api.model
    def _receive_webhook(self, account, data):
        value = data.get("value") or {}
        # Templates belong to the WhatsApp Business Account: every number of
        # that account sees the change.
        template = self.with_context(active_test=False).search(
            [
                ("account_id.waba_id", "=", account.waba_id),
                "|",
                ("meta_id", "=", str(value.get("message_template_id") or "")),
                "&",
                ("name", "=", value.get("message_template_name")),
                ("language", "=", value.get("message_template_language")),
            ],
        )
        if not template:
            return
        if data.get("field") == "message_template_status_update":
            event = value.get("event")
            status = EVENT_STATUS.get(event, event)
            vals = {}
            if status in dict(STATUSES):
                vals["status"] = status
            reason = value.get("reason")
            vals["rejection_reason"] = reason if reason and reason != "NONE" else False
            template.write(vals)
        elif data.get("field") == "message_template_quality_update":
            template.quality_score = value.get("new_quality_score")
        elif data.get("field") == "template_category_update" and value.get("new_category"):
            template.category = value["new_category"]

    # Sending ---------------------------------------------------------------------
    def _render(self, record, header=None):
        """Fill the template for ``record`` (fields read with the caller's rights).

        Returns ``(preview, values, header file)``; raises a UserError naming
        whatever Meta would refuse (a missing value, a header file, too long).
        """
        self.ensure_one()
        if self.status != "APPROVED":
            raise UserError(
                self.env._("The template %s is not approved by Meta yet.", self.display_name)
            )
        values = {(v.component, v.key): v._value_for(record) for v in self.variable_ids}
        has_file = bool(header) or bool(self.header_file)
        try:
            self._request(
                {f"{c}:{k}": v for (c, k), v in values.items()},
                {"id": "checked-at-send"} if has_file else None,
            )
        except message_payload.TemplateError as error:
            raise UserError(self._problems_text(error.problems)) from error
        preview = message_payload.preview(self._components(), values)
        return preview, {f"{c}:{k}": v for (c, k), v in values.items() if v}, header

    def _header_media(self, client):
        """The template's own header file, uploaded once a month at most."""
        self.ensure_one()
        template = self.sudo()
        fresh = fields.Datetime.now() - MEDIA_REUSE
        if not template.header_media_id or template.header_media_uploaded_at < fresh:
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
            media_id = client.upload_media(
                attachment.raw, attachment.mimetype, template.header_filename or attachment.name
            )
            template.write(
                {"header_media_id": media_id, "header_media_uploaded_at": fields.Datetime.now()}
            )
        return {"id": template.header_media_id, "filename": template.header_filename}

    def _request(self, values, header_media=None):
        """The ``template`` part of the request, from the definition and
        ``values`` (``{"body:1": "Ana", "button:0": "4711"}``)."""
        self.ensure_one()
        return message_payload.template(
            self.name,
            self.language,
            self._components(),
            {tuple(key.split(":", 1)): value for key, value in values.items()},
            named=self.parameter_format == "NAMED",
            header_media=header_media,
        )

    def _problems_text(self, problems):
        lines = []
        for reason, slot, detail in problems:
            where = {
                "header": self.env._("header"),
                "body": self.env._("body"),
                "button": self.env._("button %s", int(slot.key) + 1 if slot.key.isdigit() else ""),
            }[slot.component]
            if reason == "missing" and slot.kind in ("image", "video", "document", "location"):
                lines.append(
                    self.env._(
                        "The template's header shows a file (%(kind)s): set the template's "
                        "Header File or attach one to the message.",
                        kind=slot.kind,
                    )
                )
            elif reason == "missing":
                lines.append(
                    self.env._(
                        "{{%(key)s}} in the %(where)s has no value: fill the template's "
                        "variables or the record's fields.",
                        key=slot.key,
                        where=where,
                    )
                )
            else:
                lines.append(
                    self.env._(
                        "The %(where)s is longer than WhatsApp allows (%(max)s characters).",
                        where=where,
                        max=detail,
                    )
                )
        return (
            self.env._("The template %s cannot be sent yet:", self.display_name)
            + "\n"
            + ("\n".join(f"• {line}" for line in lines))
        )
