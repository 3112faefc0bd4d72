# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import re

from odoo import api, fields, models
from odoo.exceptions import UserError

VARIABLE = re.compile(r"{{\s*([a-z0-9_]+)\s*}}")

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
    _description = "WhatsApp Template"
    _order = "name, language"

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
            template.header_text = (parts.get("HEADER") or {}).get("text", "")
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
        """Create one variable line per placeholder found in the components."""
        for template in self:
            found = []
            for component in template._components():
                kind = component.get("type", "").lower()
                if kind in ("header", "body"):
                    for key in VARIABLE.findall(component.get("text") or ""):
                        if (kind, key) not in found:
                            found.append((kind, key))
            known = {(v.component, v.key) for v in template.variable_ids}
            template.variable_ids = [
                fields.Command.create({"component": kind, "key": key, "sequence": index})
                for index, (kind, key) in enumerate(found)
                if (kind, key) not in known
            ]

    @api.model
    def _receive_webhook(self, account, data):
        value = data.get("value") or {}
        template = self.search(
            [
                ("account_id", "=", account.id),
                "|",
                ("meta_id", "=", str(value.get("message_template_id") or "")),
                "&",
                ("name", "=", value.get("message_template_name")),
                ("language", "=", value.get("message_template_language")),
            ],
            limit=1,
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

    # Sending ---------------------------------------------------------------------
    def _render(self, record):
        """Fill the template from ``record``; return (preview text, Meta components)."""
        self.ensure_one()
        if self.status != "APPROVED":
            raise UserError(
                self.env._("The template %s is not approved by Meta yet.", self.display_name)
            )
        named = self.parameter_format == "NAMED"
        values = {(v.component, v.key): v._value_for(record) for v in self.variable_ids}
        missing = [v.key for v in self.variable_ids if not values[(v.component, v.key)]]
        if missing:
            raise UserError(
                self.env._(
                    "The template %(name)s needs a value for {{%(keys)s}}; fill the "
                    "template's variables or the record's fields.",
                    name=self.display_name,
                    keys="}}, {{".join(missing),
                )
            )
        components, preview = [], []
        for component in self._components():
            kind = component.get("type", "").lower()
            text = component.get("text") or ""
            if kind in ("header", "body") and text:
                keys = list(dict.fromkeys(VARIABLE.findall(text)))
                params = []
                for key in keys:
                    param = {"type": "text", "text": values[(kind, key)]}
                    if named:
                        param["parameter_name"] = key
                    params.append(param)
                if params:
                    components.append({"type": kind, "parameters": params})
                preview.append(VARIABLE.sub(lambda m, kind=kind: values[(kind, m.group(1))], text))
            elif kind == "footer":
                preview.append(text)
        payload = {
            "type": "template",
            "template": {
                "name": self.name,
                "language": {"code": self.language},
                "components": components,
            },
        }
        return "\n".join(preview), payload
