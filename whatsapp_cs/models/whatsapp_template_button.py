# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

BUTTON_TYPES = [
    ("QUICK_REPLY", "Quick reply"),
    ("URL", "Link"),
    ("PHONE_NUMBER", "Call"),
    ("COPY_CODE", "Copy code"),
]


class WhatsappTemplateButton(models.Model):
    """A button under a template: a quick reply, a link (whose end may be a
    variable, e.g. the record's portal page), a number to call, a code to copy."""

    _name = "whatsapp.template.button"
    _inherit = ["whatsapp.guard.mixin"]
    _description = "WhatsApp Template Button"
    _order = "template_id, sequence, id"

    _whatsapp_create_fields = _whatsapp_write_fields = {
        "admin": {
            "template_id",
            "sequence",
            "button_type",
            "text",
            "url",
            "phone_number",
            "example",
        }
    }

    template_id = fields.Many2one(
        "whatsapp.template", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    button_type = fields.Selection(
        BUTTON_TYPES, string="Type", required=True, default="QUICK_REPLY"
    )
    text = fields.Char(help="What the button says (25 characters).")
    url = fields.Char(
        string="Link",
        help="https://... ; end it with {{1}} to add the record's own part, e.g. "
        "https://shop.example.com/{{1}} with the portal link as the variable.",
    )
    phone_number = fields.Char(help="The number the button calls, with its country code.")
    example = fields.Char(
        string="Sample",
        help="For Meta's review: the end of the link, or the code to copy.",
    )
