# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Templates written in Odoo: checked against Meta's rules, submitted, reviewed."""

import base64

from odoo import fields
from odoo.exceptions import UserError

from .common import WhatsappCase


class TestTemplateEditor(WhatsappCase):
    def draft(self, **vals):
        template = (
            self.env["whatsapp.template"]
            .with_user(self.wa_admin)
            .create(
                {
                    "name": "order_ready",
                    "account_id": self.account.id,
                    "category": "UTILITY",
                    "model_id": self.env["ir.model"]._get("res.partner").id,
                    "body_text": "Hi {{1}}, your order {{2}} is ready.",
                    "footer_text": "Reply STOP to opt out",
                    "button_ids": [
                        fields.Command.create(
                            {
                                "button_type": "URL",
                                "text": "Track it",
                                "url": "https://shop.example.com/t/{{1}}",
                                "example": "S00042",
                            }
                        ),
                        fields.Command.create({"button_type": "QUICK_REPLY", "text": "Thanks"}),
                    ],
                    **vals,
                }
            )
        )
        return template

    def samples(self, template, **by_key):
        for variable in template.variable_ids:
            variable.sample_value = by_key.get(f"{variable.component}_{variable.key}", "Ana")

    def test_write_submit_and_follow_metas_review(self):
        template = self.draft()
        self.assertEqual(template.status, "DRAFT")
        self.assertEqual(
            [(v.component, v.key) for v in template.variable_ids],
            [("body", "1"), ("body", "2"), ("button", "0")],
            "the variables follow the text",
        )
        self.samples(template, body_2="S00042")
        template.with_user(self.wa_admin).action_submit()
        (request,) = (r for r in self.emulator.requests if r["path"].endswith("message_templates"))
        self.assertEqual(
            request["json"],
            {
                "name": "order_ready",
                "language": "en_US",
                "category": "UTILITY",
                "parameter_format": "positional",
                "components": [
                    {
                        "type": "BODY",
                        "text": "Hi {{1}}, your order {{2}} is ready.",
                        "example": {"body_text": [["Ana", "S00042"]]},
                    },
                    {"type": "FOOTER", "text": "Reply STOP to opt out"},
                    {
                        "type": "BUTTONS",
                        "buttons": [
                            {
                                "type": "URL",
                                "text": "Track it",
                                "url": "https://shop.example.com/t/{{1}}",
                                "example": ["S00042"],
                            },
                            {"type": "QUICK_REPLY", "text": "Thanks"},
                        ],
                    },
                ],
            },
        )
        self.assertEqual(template.status, "PENDING")
        self.assertTrue(template.meta_id)
        with self.assertRaisesRegex(UserError, "is with Meta"):
            template.with_user(self.wa_admin).body_text = "Changed while under review"
        self.emulator.review_template("order_ready", "REJECTED", reason="INVALID_FORMAT")
        self.process_events()
        self.assertEqual(
            (template.status, template.rejection_reason), ("REJECTED", "INVALID_FORMAT")
        )
        template.with_user(self.wa_admin).body_text = "Hi {{1}}, order {{2}} is ready for you."
        template.with_user(self.wa_admin).action_submit()
        self.emulator.review_template("order_ready", "APPROVED")
        self.process_events()
        self.assertEqual(template.status, "APPROVED")
        self.assertEqual(
            self.env["whatsapp.template"].search([("name", "=", "order_ready")]), template
        )

    def test_what_meta_would_refuse_is_said_before_submitting(self):
        template = self.draft(body_text="Hi {{1}} {{2}}")
        with self.assertRaises(UserError) as caught:
            template.with_user(self.wa_admin).action_submit()
        message = str(caught.exception)
        self.assertIn("put some text between two variables", message)
        self.assertIn("give {{1}} a sample value", message)
        self.assertFalse([r for r in self.emulator.requests if "message_templates" in r["path"]])
        self.assertEqual(template.status, "DRAFT")

    def test_a_file_header_sends_metas_upload_handle(self):
        self.account.app_id = "300000000000009"
        template = self.draft(
            header_format="IMAGE",
            header_file=base64.b64encode(b"\x89PNG sample"),
            header_filename="ready.png",
        )
        self.samples(template)
        with self.assertRaisesRegex(UserError, "App ID"):
            self.account.app_id = False
            template.with_user(self.wa_admin).action_submit()
        self.account.app_id = "300000000000009"
        template.with_user(self.wa_admin).action_submit()
        paths = [r["path"] for r in self.emulator.requests]
        self.assertTrue(any(p.endswith("/300000000000009/uploads") for p in paths), paths)
        body = next(r["json"] for r in self.emulator.requests if "message_templates" in r["path"])
        handle = body["components"][0]["example"]["header_handle"][0]
        self.assertTrue(handle.startswith("4::"))
        self.assertEqual(template.status, "PENDING")

    def test_only_administrators_write_and_submit(self):
        with self.assertRaises(Exception):  # noqa: B017 - AccessError or UserError
            self.env["whatsapp.template"].with_user(self.agent).create(
                {"name": "x", "account_id": self.account.id, "body_text": "Hi"}
            )
        template = self.draft()
        self.samples(template)
        with self.assertRaisesRegex(Exception, "WhatsApp roles"):
            template.with_user(self.agent).action_submit()

    def test_preview_fills_it_from_a_record(self):
        template = self.draft()
        partner = self.env["res.partner"].create({"name": "Ana Souza"})
        template.variable_ids.filtered(
            lambda v: v.key == "1" and v.component == "body"
        ).field_path = "name"
        template.variable_ids.filtered(lambda v: v.key == "2").default_value = "S00042"
        preview = (
            self.env["whatsapp.template.preview"]
            .with_user(self.wa_admin)
            .create({"template_id": template.id, "resource_ref": f"res.partner,{partner.id}"})
        )
        self.assertEqual(
            preview.preview, "Hi Ana Souza, your order S00042 is ready.\nReply STOP to opt out"
        )

    def test_values_come_from_fields_the_portal_and_the_sender(self):
        template = self.draft(body_text="{{1}} here for {{2}}, call {{3}}.")
        kinds = {"1": ("user_name", False), "2": ("field", "name"), "3": ("user_mobile", False)}
        for variable in template.variable_ids.filtered(lambda v: v.component == "body"):
            variable.value_type, variable.field_path = kinds[variable.key]
        self.agent.mobile = "+1 555 000 2222"
        partner = self.env["res.partner"].create({"name": "Ana"})
        preview, _values = template.with_user(self.agent)._fill(partner, sender=self.agent)
        self.assertEqual(
            preview.splitlines()[0], f"{self.agent.name} here for Ana, call +1 555 000 2222."
        )
        if "sale.order" in self.env:
            order = self.env["sale.order"].create({"partner_id": partner.id})
            portal = template.variable_ids.filtered(lambda v: v.component == "button")
            portal.value_type = "portal_url"
            link = portal._value_for(order)
            self.assertTrue(link.startswith(f"my/orders/{order.id}?access_token="), link)
