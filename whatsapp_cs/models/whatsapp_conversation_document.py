# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..tools.access import require_role

ORIGINS = [
    ("sent", "Template sent about it"),
    ("replied", "Customer replied about it"),
    ("created", "Created from the chat"),
]


class WhatsappConversationDocument(models.Model):
    """A document (order, invoice, lead...) a conversation is about."""

    _name = "whatsapp.conversation.document"
    _description = "WhatsApp Conversation Document"
    _order = "date desc, id desc"
    _rec_name = "res_name"

    conversation_id = fields.Many2one(
        "whatsapp.conversation", required=True, index=True, ondelete="cascade", readonly=True
    )
    company_id = fields.Many2one(related="conversation_id.company_id", store=True)
    res_model = fields.Char(required=True, readonly=True)
    res_id = fields.Many2oneReference(model_field="res_model", required=True, readonly=True)
    res_name = fields.Char(string="Document", readonly=True)
    model_name = fields.Char(compute="_compute_model_name", string="Type")
    origin = fields.Selection(ORIGINS, required=True, readonly=True)
    date = fields.Datetime(default=fields.Datetime.now, readonly=True)

    _sql_constraints = [
        (
            "document_uniq",
            "unique(conversation_id, res_model, res_id)",
            "The conversation is already linked to this document.",
        ),
    ]

    @api.depends("res_model")
    def _compute_model_name(self):
        names = {}
        for link in self:
            if link.res_model not in names:
                names[link.res_model] = self.env["ir.model"]._get(link.res_model).name
            link.model_name = names[link.res_model]

    @api.model
    def _link(self, conversation, record, origin):
        """Link ``record`` to ``conversation`` once (the latest origin wins); one
        statement, so two workers linking the same document never collide."""
        self.env.cr.execute(
            """INSERT INTO whatsapp_conversation_document
                   (conversation_id, company_id, res_model, res_id, res_name, origin, date,
                    create_uid, write_uid, create_date, write_date)
               VALUES (%(conversation)s, %(company)s, %(model)s, %(id)s, %(name)s, %(origin)s,
                       now() at time zone 'utc', %(uid)s, %(uid)s,
                       now() at time zone 'utc', now() at time zone 'utc')
               ON CONFLICT (conversation_id, res_model, res_id)
               DO UPDATE SET origin = EXCLUDED.origin, date = EXCLUDED.date""",
            {
                "conversation": conversation.id,
                "company": conversation.company_id.id,
                "model": record._name,
                "id": record.id,
                "name": record.display_name,
                "origin": origin,
                "uid": self.env.uid,
            },
        )
        self.invalidate_model()
        conversation.invalidate_recordset(["document_ids"])

    @require_role("agent", "analyst")
    def action_open(self):
        self.ensure_one()
        self.check_access("read")
        record = self.env[self.res_model].browse(self.res_id).exists()
        record.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": record.id,
            "view_mode": "form",
        }
