# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What leaves for Meta, byte for byte: templates built whole from their
definition (media headers, URL and coupon buttons), files of quick replies,
stickers."""

import base64
from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form

from .common import WhatsappCase
from .emulator.meta import TINY_PNG

ORDER_READY = {
    "name": "order_ready",
    "language": "en_US",
    "category": "UTILITY",
    "status": "APPROVED",
    "parameter_format": "POSITIONAL",
    "components": [
        {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": ["4::aW1n"]}},
        {"type": "BODY", "text": "Hi {{1}}, order {{2}} is ready."},
        {
            "type": "BUTTONS",
            "buttons": [
                {"type": "QUICK_REPLY", "text": "Thanks"},
                {"type": "URL", "text": "Track", "url": "https://shop.example.com/t/{{1}}"},
                {"type": "COPY_CODE", "example": "SAVE10"},
            ],
        },
    ],
}
INVOICE_READY = {
    "name": "invoice_ready",
    "language": "en_US",
    "category": "UTILITY",
    "status": "APPROVED",
    "parameter_format": "POSITIONAL",
    "components": [
        {"type": "HEADER", "format": "DOCUMENT"},
        {"type": "BODY", "text": "Your invoice {{1}} is attached."},
    ],
}


class TestOutbound(WhatsappCase):
    def setUp(self):
        super().setUp()
        self.customer_says("16505551234", text="hello", name="Sam")
        self.partner = self.env["res.partner"].search([("whatsapp_wa_id", "=", "16505551234")])
        self.emulator.templates += [
            dict(ORDER_READY, id="390000000000001"),
            dict(INVOICE_READY, id="390000000000002"),
        ]
        self.addCleanup(self.emulator.templates.__delitem__, slice(-2, None))
        self.account.action_sync_templates()

    def template(self, name):
        return self.account.template_ids.filtered(lambda t: t.name == name)

    def compose(self, template, attachment=None):
        wizard = Form(
            self.env["whatsapp.message.compose"]
            .with_user(self.agent)
            .with_context(default_partner_id=self.partner.id)
        )
        if wizard.mode != "template":
            wizard.mode = "template"
        wizard.template_id = template
        if attachment:
            wizard.attachment_ids.add(attachment)
        return wizard.save()

    def test_media_header_and_buttons_are_filled_from_the_definition(self):
        template = self.template("order_ready")
        keys = [(v.component, v.key) for v in template.variable_ids]
        self.assertEqual(keys, [("body", "1"), ("body", "2"), ("button", "1"), ("button", "2")])
        values = {("body", "1"): "", ("body", "2"): "S00042"}
        values.update({("button", "1"): "S00042", ("button", "2"): "SAVE10"})
        for variable in template.variable_ids:
            variable.default_value = values[(variable.component, variable.key)]
        template.variable_ids[0].field_path = "name"
        with freeze_time(fields.Datetime.now() + timedelta(days=2)):
            self.env.invalidate_all()
            wizard = self.compose(template)
            self.assertIn("header shows a file", wizard.preview)
            with self.assertRaisesRegex(UserError, "Header File"):
                wizard.action_send()
            self.assertFalse(
                self.env["whatsapp.message"].search([("template_id", "=", template.id)])
            )
            template.write(
                {"header_file": base64.b64encode(TINY_PNG), "header_filename": "ready.png"}
            )
            self.compose(template).action_send()
            self.compose(template).action_send()
            self.send_queue()
            self.assertEqual(len(self.emulator.sent), 1, "Meta's pair rate: 6 s between the two")
        with freeze_time(fields.Datetime.now() + timedelta(days=2, seconds=7)):
            self.send_queue()
        uploads = [r for r in self.emulator.requests if "upload" in r]
        self.assertEqual(len(uploads), 1, "Meta keeps the header file: uploaded once")
        media_id = template.header_media_id
        expected = {
            "name": "order_ready",
            "language": {"code": "en_US"},
            "components": [
                {"type": "header", "parameters": [{"type": "image", "image": {"id": media_id}}]},
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "Sam"},
                        {"type": "text", "text": "S00042"},
                    ],
                },
                {
                    "type": "button",
                    "sub_type": "url",
                    "index": "1",
                    "parameters": [{"type": "text", "text": "S00042"}],
                },
                {
                    "type": "button",
                    "sub_type": "copy_code",
                    "index": "2",
                    "parameters": [{"type": "coupon_code", "coupon_code": "SAVE10"}],
                },
            ],
        }
        self.assertEqual([sent["body"]["template"] for sent in self.emulator.sent], [expected] * 2)
        self.assertEqual(self.emulator.sent[0]["body"]["to"], "+16505551234")
        messages = self.env["whatsapp.message"].search([("template_id", "=", template.id)])
        self.assertEqual(set(messages.mapped("state")), {"sent"})
        self.assertEqual(messages[0].body, "Hi Sam, order S00042 is ready.")

    def test_a_document_header_can_be_the_messages_own_file(self):
        template = self.template("invoice_ready")
        template.variable_ids.default_value = "INV/2026/0042"
        pdf = (
            self.env["ir.attachment"]
            .with_user(self.agent)
            .create({"name": "INV-42.pdf", "raw": b"%PDF-1.4 inv", "mimetype": "application/pdf"})
        )
        self.compose(template, pdf).action_send()
        self.send_queue()
        message = self.env["whatsapp.message"].search([("template_id", "=", template.id)])
        self.assertEqual(message.state, "sent", message.error_advice)
        self.assertEqual((pdf.res_model, pdf.res_id), ("whatsapp.message", message.id))
        header = self.emulator.sent[-1]["body"]["template"]["components"][0]
        self.assertEqual(header["parameters"][0]["type"], "document")
        self.assertEqual(header["parameters"][0]["document"]["filename"], "INV-42.pdf")
        self.assertTrue(header["parameters"][0]["document"]["id"])

    def test_quick_replies_send_their_files(self):
        photo = self.env["ir.attachment"].create(
            {"name": "sofa.jpg", "raw": TINY_PNG, "mimetype": "image/jpeg"}
        )
        leaflet = self.env["ir.attachment"].create(
            {"name": "care.pdf", "raw": b"%PDF-1.4 care", "mimetype": "application/pdf"}
        )
        reply = self.env["whatsapp.quick.reply"].create(
            {
                "shortcut": "sofa",
                "body": "Our sofa",
                "attachment_ids": [fields.Command.set((photo | leaflet).ids)],
            }
        )
        conversation = self.partner.whatsapp_conversation_ids
        conversation.with_user(self.agent).whatsapp_chat_send("Our sofa, Sam", reply.id)
        self.send_queue()
        bodies = [sent["body"] for sent in self.emulator.sent]
        self.assertEqual([body["type"] for body in bodies], ["image", "document"])
        self.assertEqual(bodies[0]["image"]["caption"], "Our sofa, Sam")
        self.assertEqual(bodies[1]["document"]["filename"], "care.pdf")
        self.assertNotIn("caption", bodies[1]["document"])

    def test_a_webp_goes_as_a_sticker(self):
        sticker = (
            self.env["ir.attachment"]
            .with_user(self.agent)
            .create(
                {
                    "name": "thumbs.webp",
                    "raw": b"RIFF\x1a\x00\x00\x00WEBPVP8 ",
                    "mimetype": "image/webp",
                }
            )
        )
        wizard = Form(
            self.env["whatsapp.message.compose"]
            .with_user(self.agent)
            .with_context(default_partner_id=self.partner.id)
        )
        wizard.body = "Great choice"
        wizard.attachment_ids.add(sticker)
        wizard.save().action_send()
        self.send_queue()
        bodies = [sent["body"] for sent in self.emulator.sent]
        self.assertEqual(bodies[0]["text"]["body"], "Great choice", "a sticker takes no caption")
        self.assertEqual(bodies[1]["type"], "sticker")
        self.assertEqual(set(bodies[1]["sticker"]), {"id"})
