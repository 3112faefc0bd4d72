# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools import message_payload
from ..tools.cron_wakeup import trigger_now

# Meta keeps uploaded media 30 days; reuse an upload for a little less.
MEDIA_REUSE = timedelta(days=25)

STATUSES = [
    ("DRAFT", "Draft"),
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
    """A message template: written in Odoo and submitted to Meta, or synced
    from the WhatsApp Business Account; approved (or not) by Meta.

    Split by concern: the editor and the submission to Meta are in
    ``whatsapp_template_editor``.
    """

    _name = "whatsapp.template"
    _inherit = ["whatsapp.guard.mixin"]
    _description = "WhatsApp Template"
    _order = "name, language"

    # How Odoo uses the template: always the administrators'. What it says:
    # theirs while a draft (see the editor); Meta's verdict is Meta's only.
    _whatsapp_create_fields = {
        "admin": {
            "name",
            "language",
            "account_id",
            "category",
            "parameter_format",
            "header_format",
            "header_text",
            "body_text",
            "footer_text",
            "button_ids",
            "model_id",
            "phone_field",
            "report_id",
            "variable_ids",
            "header_file",
            "header_filename",
        }
    }
    _whatsapp_write_fields = _whatsapp_create_fields

    name = fields.Char(
        required=True, help="Lower-case letters, digits and underscores, e.g. order_confirmed."
    )
    language = fields.Char(
        required=True, default="en_US", help="Meta's code, e.g. en_US, pt_BR, zh_CN."
    )
    account_id = fields.Many2one("whatsapp.account", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="account_id.company_id", store=True)
    meta_id = fields.Char(string="Meta Template ID", index=True, readonly=True)
    category = fields.Selection(
        [
            ("MARKETING", "Marketing"),
            ("UTILITY", "Utility"),
            ("AUTHENTICATION", "Authentication"),
        ],
        default="UTILITY",
        required=True,
        help="Utility: about an order, invoice, delivery or appointment. Marketing: offers "
        "and news. Meta checks it, bills by it, and may change it.",
    )
    status = fields.Selection(STATUSES, default="DRAFT", readonly=True, index=True)
    quality_score = fields.Char(readonly=True)
    parameter_format = fields.Selection(
        [("POSITIONAL", "Positional {{1}}"), ("NAMED", "Named {{name}}")],
        default="POSITIONAL",
        required=True,
    )
    components = fields.Text(
        readonly=True, help="Meta's definition, as JSON (what was submitted or synced)."
    )
    rejection_reason = fields.Char(readonly=True)
    model_id = fields.Many2one(
        "ir.model",
        string="Applies To",
        ondelete="set null",
        domain=[("transient", "=", False)],
        help="The kind of record (partner, sale order...) its variables are read from; its "
        "forms and lists get a WhatsApp action.",
    )
    model = fields.Char(related="model_id.model")
    phone_field = fields.Char(
        string="Send To",
        help="Who gets it, as a field of the record: partner_id (the customer), "
        "partner_id.mobile, partner_ids... Empty: the record itself (a contact).",
    )
    report_id = fields.Many2one(
        "ir.actions.report",
        string="Document Header",
        domain="[('model', '=', model)]",
        help="For a template whose header is a document: the record's PDF (the invoice, "
        "the quotation) rendered when the message leaves.",
    )
    variable_ids = fields.One2many("whatsapp.template.variable", "template_id")
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

    def _components(self):
        """Meta's definition; for a draft, the one the editor would submit."""
        self.ensure_one()
        if not self.components:
            return self._draft_components()
        try:
            return json.loads(self.components)
        except ValueError:
            return []

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
                **self._editor_vals(remote.get("components") or []),
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
            known = {(v.component, v.key): v for v in template.variable_ids}
            obsolete = template.variable_ids.filtered(
                lambda v, f=found: (v.component, v.key) not in f
            )
            template.sudo().variable_ids = [
                *(fields.Command.unlink(v.id) for v in obsolete),
                *(
                    fields.Command.create({"component": kind, "key": key, "sequence": index})
                    if (kind, key) not in known
                    else fields.Command.update(known[(kind, key)].id, {"sequence": index})
                    for index, (kind, key) in enumerate(found)
                ),
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
            if status not in ("PENDING", "IN_APPEAL"):
                # sends held while Meta reviewed it now go (or say why not)
                template._wake_held_sends()
        elif data.get("field") == "message_template_quality_update":
            template.quality_score = value.get("new_quality_score")
        elif data.get("field") == "template_category_update" and value.get("new_category"):
            template.category = value["new_category"]

    def _wake_held_sends(self):
        held = (
            self.env["whatsapp.send"]
            .sudo()
            .search_count([("template_id", "in", self.ids), ("state", "=", "queued")], limit=1)
        )
        if held:
            trigger_now(self.env.cr, self.env.ref("whatsapp_cs.ir_cron_process_sends").id)

    # Sending ---------------------------------------------------------------------
    def _recipients(self, record):
        """The customers ``record`` sends this template to, through ``phone_field``:
        a partner, partners, or a number (its contact is found or created)."""
        self.ensure_one()
        target = record
        path = (self.phone_field or "").strip() or self._default_phone_field(record)
        for name in path.split(".") if path else []:
            if name not in target._fields:
                raise UserError(
                    self.env._(
                        "The template %(template)s sends to “%(path)s”, which %(model)s does not "
                        "have.",
                        template=self.display_name,
                        path=self.phone_field,
                        model=record._description,
                    )
                )
            target = target.mapped(name) if target._fields[name].relational else target[name]
        partners = self.env["res.partner"]
        if isinstance(target, models.BaseModel):
            if target._name != "res.partner":
                return partners
            # attendees and followers include colleagues: customers only
            if len(target) > 1:
                return target.filtered(
                    lambda p: not p.sudo().user_ids.filtered(lambda u: not u.share)
                )
            return target
        number = target or ""
        if not number:
            return partners
        found = partners.sudo()._whatsapp_find("".join(c for c in number if c.isdigit()))
        return found or partners.sudo().create({"name": number, "mobile": number})

    @api.model
    def _default_phone_field(self, record):
        """Without a "Send To": the record's customer (partner_id), or the
        record itself when it is a contact."""
        field = record._fields.get("partner_id")
        if record._name != "res.partner" and field and field.comodel_name == "res.partner":
            return "partner_id"
        return ""

    @api.onchange("model_id")
    def _onchange_model_id(self):
        if self.model_id and not self.phone_field and self.model in self.env:
            self.phone_field = self._default_phone_field(self.env[self.model])

    def _fill(self, record, sender=None, overrides=None):
        """``(preview, values)`` for ``record`` (fields read with the caller's
        rights); ``overrides`` maps ``"component:key"`` to text the sender typed."""
        self.ensure_one()
        overrides = overrides or {}
        values = {
            (v.component, v.key): overrides.get(f"{v.component}:{v.key}")
            or v._value_for(record, sender)
            for v in self.variable_ids
        }
        return message_payload.preview(self._components(), values), values

    def _render(self, record, header=None, sender=None, overrides=None):
        """Fill the template for ``record`` and check it is complete.

        Returns ``(preview, values, header file)``; raises a UserError naming
        whatever Meta would refuse (a missing value, a header file, too long).
        """
        self.ensure_one()
        if self.status != "APPROVED":
            raise UserError(
                self.env._("The template %s is not approved by Meta yet.", self.display_name)
            )
        preview, values = self._fill(record, sender, overrides)
        has_file = bool(header or self.header_file or self.report_id)
        try:
            self._request(
                {f"{c}:{k}": v for (c, k), v in values.items()},
                {"id": "checked-at-send"} if has_file else None,
            )
        except message_payload.TemplateError as error:
            raise UserError(self._problems_text(error.problems)) from error
        return preview, {f"{c}:{k}": v for (c, k), v in values.items() if v}, header

    def _document_header(self, record):
        """The record's PDF for a document header (rendered now), or nothing."""
        self.ensure_one()
        if not (self.report_id and self.header_format == "DOCUMENT"):
            return self.env["ir.attachment"]
        report = self.report_id.sudo()
        content, _kind = report._render_qweb_pdf(report, [record.id])
        name = (record.display_name or "document").replace("/", "-")
        return (
            self.env["ir.attachment"]
            .sudo()
            .create({"name": f"{name}.pdf", "raw": content, "mimetype": "application/pdf"})
        )

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
