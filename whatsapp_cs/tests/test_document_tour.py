# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields

from .common import WhatsappCase

INVOICE_READY = {
    "name": "invoice_ready",
    "language": "en_US",
    "category": "UTILITY",
    "status": "APPROVED",
    "parameter_format": "POSITIONAL",
    "components": [{"type": "BODY", "text": "Hello {{1}}, your invoice {{2}} is ready."}],
}


class TestDocumentTour(WhatsappCase):
    """A template sent from an invoice form, in a real browser (Chromium)."""

    def test_salesperson_sends_a_template_from_an_invoice(self):
        self.make_user(
            "sam_sales",
            groups="base.group_partner_manager,account.group_account_invoice",
        )
        self.emulator.templates.append(dict(INVOICE_READY, id="390000000000021"))
        self.account.action_sync_templates()
        template = self.account.template_ids.filtered(lambda t: t.name == "invoice_ready")
        template.write({"model_id": self.env["ir.model"]._get("account.move").id})
        paths = {"1": "partner_id.name", "2": "name"}
        for variable in template.variable_ids:
            variable.field_path = paths[variable.key]
        customer = self.env["res.partner"].create(
            {"name": "Tour Customer", "whatsapp_wa_id": "5511987653001"}
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_line_ids": [
                    fields.Command.create({"name": "Sofa", "quantity": 1, "price_unit": 500})
                ],
            }
        )
        invoice.action_post()
        self.start_tour(
            f"/odoo/account.move/{invoice.id}", "whatsapp_cs_document_tour", login="sam_sales"
        )
        self.send_queue()
        body = self.emulator.sent[-1]["body"]
        self.assertEqual(body["to"], "+5511987653001")
        self.assertEqual(body["template"]["components"][0]["parameters"][1]["text"], invoice.name)
