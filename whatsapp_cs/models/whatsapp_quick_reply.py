# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

STALE_AFTER = timedelta(days=183)  # about six months
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
ALLOWED_MIMETYPES = ("image/", "video/mp4", "application/pdf")


class WhatsappQuickReply(models.Model):
    """A saved answer agents insert from the composer by typing /shortcut."""

    _name = "whatsapp.quick.reply"
    _inherit = ["whatsapp.guard.mixin"]
    _description = "WhatsApp Quick Reply"
    _order = "category, shortcut"
    _rec_name = "shortcut"

    _whatsapp_create_fields = _whatsapp_write_fields = {
        "editor": {
            "shortcut",
            "category",
            "body",
            "attachment_ids",
            "team_ids",
            "company_id",
            "active",
        }
    }
    _whatsapp_owned_files = ("attachment_ids",)

    shortcut = fields.Char(required=True, help="Typed after a slash, e.g. /hours.")
    category = fields.Char(help="Groups the replies in the composer, e.g. Shipping.")
    body = fields.Text(
        required=True,
        translate=True,
        help="Placeholders: {{customer}}, {{first_name}}, {{agent}}, {{company}}.",
    )
    attachment_ids = fields.Many2many(
        "ir.attachment", string="Files", help="Images, MP4 videos or PDF documents."
    )
    team_ids = fields.Many2many("whatsapp.team", string="Teams", help="Empty: every team.")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    last_used_at = fields.Datetime(readonly=True, copy=False)
    use_count = fields.Integer(readonly=True, copy=False)
    is_stale = fields.Boolean(
        compute="_compute_is_stale",
        search="_search_is_stale",
        string="Stale",
        help="Not used for six months: review or archive it.",
    )

    _sql_constraints = [
        (
            "shortcut_company_uniq",
            "unique(shortcut, company_id)",
            "Another quick reply already uses this shortcut.",
        ),
    ]

    @api.constrains("shortcut")
    def _check_shortcut(self):
        for reply in self:
            if not re.fullmatch(r"[\w-]+", reply.shortcut or ""):
                raise ValidationError(
                    self.env._(
                        "A shortcut is one word without spaces, e.g. hours or refund-policy."
                    )
                )

    @api.constrains("body")
    def _check_placeholders(self):
        for reply in self:
            unknown = set(PLACEHOLDER.findall(reply.body or "")) - set(self._placeholder_values({}))
            if unknown:
                raise ValidationError(
                    self.env._(
                        "Unknown placeholder(s): %(names)s. Use {{customer}}, {{first_name}}, "
                        "{{agent}} or {{company}}.",
                        names=", ".join(sorted(unknown)),
                    )
                )

    @api.constrains("attachment_ids")
    def _check_attachments(self):
        for attachment in self.attachment_ids:
            if not (attachment.mimetype or "").startswith(ALLOWED_MIMETYPES):
                raise ValidationError(
                    self.env._(
                        "%s: quick replies carry images, MP4 videos or PDF documents.",
                        attachment.name,
                    )
                )

    @api.depends("last_used_at")
    def _compute_is_stale(self):
        limit = fields.Datetime.now() - STALE_AFTER
        for reply in self:
            reply.is_stale = (reply.last_used_at or reply.create_date or limit) < limit

    def _search_is_stale(self, operator, value):
        limit = fields.Datetime.now() - STALE_AFTER
        stale = [
            "|",
            ("last_used_at", "<", limit),
            "&",
            ("last_used_at", "=", False),
            ("create_date", "<", limit),
        ]
        if (operator == "=") == bool(value):
            return stale
        return ["!", *stale]

    @api.model
    def _placeholder_values(self, conversation):
        partner = conversation and conversation.partner_id
        name = partner.name if partner else ""
        return {
            "customer": name,
            "first_name": name.split()[0] if name else "",
            "agent": self.env.user.name,
            "company": self.env.company.name,
        }

    def _render(self, conversation):
        """The reply's text for ``conversation``, placeholders filled."""
        self.ensure_one()
        values = self._placeholder_values(conversation)
        return PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), self.body or "")

    def _mark_used(self):
        for reply in self.sudo():
            reply.write({"last_used_at": fields.Datetime.now(), "use_count": reply.use_count + 1})
