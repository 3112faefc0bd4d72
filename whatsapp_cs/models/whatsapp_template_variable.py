# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import format_amount, format_date, format_datetime

VALUE_TYPES = [
    ("field", "A field of the record"),
    ("text", "Fixed text"),
    ("portal_url", "The record's portal link"),
    ("user_name", "The sender's name"),
    ("user_mobile", "The sender's mobile"),
]


class WhatsappTemplateVariable(models.Model):
    """How one ``{{1}}`` or ``{{name}}`` of a template gets its value."""

    _name = "whatsapp.template.variable"
    _inherit = ["whatsapp.guard.mixin"]
    _description = "WhatsApp Template Variable"
    _order = "template_id, sequence, id"

    _whatsapp_create_fields = {
        "admin": {
            "template_id",
            "sequence",
            "component",
            "key",
            "value_type",
            "field_path",
            "default_value",
            "sample_value",
        }
    }
    _whatsapp_write_fields = {
        "admin": {"sequence", "value_type", "field_path", "default_value", "sample_value"}
    }

    template_id = fields.Many2one(
        "whatsapp.template", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    component = fields.Selection(
        [("header", "Header"), ("body", "Body"), ("button", "Button")],
        required=True,
        default="body",
    )
    key = fields.Char(
        required=True,
        help="1, 2... or the variable's name; for a button, its position (0 is the first): "
        "the end of its URL or its coupon code.",
    )
    value_type = fields.Selection(
        VALUE_TYPES,
        string="Value",
        required=True,
        default="field",
        help="Where the value comes from when the message is sent.",
    )
    field_path = fields.Char(
        string="Field",
        help="Field of the record the message is about, e.g. name, partner_id.name, "
        "amount_total or date_order. Leave empty to always use the default value.",
    )
    default_value = fields.Char(
        string="Text",
        help="The fixed text, or what is used when the field is empty; the sender may "
        "change it when sending one message.",
    )
    sample_value = fields.Char(
        string="Sample", help="An example for Meta's review, e.g. Ana or S00042."
    )

    _sql_constraints = [
        (
            "key_uniq",
            "unique(template_id, component, key)",
            "A template variable appears once per component.",
        ),
    ]

    def _value_for(self, record, sender=None):
        """The text for this variable, read from ``record`` with the caller's
        rights; ``sender`` (a user) signs the message (default: the caller)."""
        self.ensure_one()
        sender = sender or self.env.user
        value = None
        if self.value_type == "field" and self.field_path and record:
            value = self._read_path(record)
        elif self.value_type == "portal_url" and record:
            value = self._portal_url(record)
        elif self.value_type == "user_name":
            value = sender.name
        elif self.value_type == "user_mobile":
            value = sender.mobile or sender.phone
        return value or self.default_value or ""

    def _portal_url(self, record):
        """The record's customer portal page with its access token: for a link
        button, the part after the site (the template's link starts with it)."""
        if not hasattr(record, "get_portal_url"):
            return None
        path = record.sudo().get_portal_url()
        if self.component == "button":
            return path.lstrip("/")
        return record.get_base_url() + path

    def _read_path(self, record):
        names = self.field_path.strip().split(".")
        current = record
        for name in names[:-1]:
            if name not in current._fields:
                return None
            current = current[name][:1]
            if not current:
                return None
        last = names[-1]
        if last not in current._fields:
            return None
        field = current._fields[last]
        value = current[last]
        env = record.env
        if field.type == "monetary":
            currency = (
                current[field.get_currency_field(current)]
                if hasattr(field, "get_currency_field")
                else current.env.company.currency_id
            )
            return format_amount(env, value, currency)
        if field.type == "date":
            return format_date(env, value) if value else None
        if field.type == "datetime":
            return format_datetime(env, value) if value else None
        if field.type in ("many2one", "many2many", "one2many"):
            return ", ".join(value.mapped("display_name")) or None
        if field.type == "selection":
            return dict(field._description_selection(env)).get(value) if value else None
        if value is False or value is None:
            return None
        return str(value)
