# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Template sends about documents, over JSON-RPC as each role."""

import json

from odoo import fields

from .rpc_common import RpcCase


class TestSendsOverRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.action_sync_templates()
        cls.template = cls.account.template_ids.filtered(lambda t: t.name == "shipping_update")
        cls.template.write(
            {"model_id": cls.env["ir.model"]._get("res.partner").id, "phone_field": False}
        )
        cls.template.variable_ids.field_path = "name"

    def compose(self, user, records, **vals):
        return self.rpc(
            user,
            "whatsapp.document.compose",
            "create",
            {
                "res_model": records._name,
                "res_ids": json.dumps(records.ids),
                "template_id": self.template.id,
                **vals,
            },
        )

    def test_sends_are_records_of_what_happened(self):
        customer = self.mine.partner_id
        wizard = self.compose(self.ann, customer)
        self.rpc(self.ann, "whatsapp.document.compose", "action_send", [wizard])
        send = self.env["whatsapp.send"].search([("res_id", "=", customer.id)])
        self.assertEqual(send.state, "sent")
        for user in (self.ann, self.eve, self.rob):
            self.assert_fields_refused(user, send, by_allow_list=False)
            self.assert_refused(
                user,
                "whatsapp.send",
                "create",
                {"template_id": self.template.id, "res_model": "res.partner", "res_id": 1},
            )
        self.assertEqual(
            self.rpc(self.bea, "whatsapp.send", "search_read", [("id", "=", send.id)], ["id"]),
            [],
            "an agent of another team does not see it",
        )
        self.rpc(self.ana, "whatsapp.send", "read", send.ids, ["reason"])

    def test_a_document_the_user_cannot_read_is_refused(self):
        secret = self.env["res.partner"].create({"name": "Hidden", "whatsapp_wa_id": "16505557001"})
        rule = self.env["ir.rule"].create(
            {
                "name": "ann cannot see Hidden",
                "model_id": self.env["ir.model"]._get("res.partner").id,
                "domain_force": f"[('id', '!=', {secret.id})]",
                "groups": [fields.Command.link(self.env.ref("whatsapp_cs.group_agent").id)],
            }
        )
        wizard = self.compose(self.ann, secret)
        self.assert_refused(self.ann, "whatsapp.document.compose", "action_send", [wizard])
        self.assertFalse(self.env["whatsapp.send"].search([("res_id", "=", secret.id)]))
        rule.unlink()

    def test_templates_only_for_their_model_and_approved(self):
        partner = self.mine.partner_id
        pending = self.account.template_ids.filtered(lambda t: t.status == "PENDING")
        pending.model_id = self.env["ir.model"]._get("res.partner")
        wizard = self.compose(self.ann, partner, template_id=pending.id)
        refusal = self.assert_refused(
            self.ann, "whatsapp.document.compose", "action_send", [wizard], names=("UserError",)
        )
        self.assertIn("approved template", refusal.message)
        wizard = self.compose(self.ann, self.team_a, template_id=self.template.id)
        self.assert_refused(
            self.ann,
            "whatsapp.document.compose",
            "action_send",
            [wizard],
            names=("UserError", "AccessError"),
        )

    def test_nobody_but_administrators_automates_or_prices(self):
        for user in (self.ann, self.eve, self.ana, self.nora):
            self.assert_refused(
                user,
                "whatsapp.automation.preset",
                "create",
                {"preset": "order_confirmed", "account_id": self.account.id},
                names=("AccessError", "ValueError", "UserError"),
            )
            self.assert_refused(
                user, "whatsapp.rate", "create", {"category": "marketing", "price": 0.001}
            )
            self.assert_refused(
                user,
                "ir.actions.server",
                "create",
                {
                    "name": "Spam",
                    "model_id": self.env["ir.model"]._get("res.partner").id,
                    "state": "whatsapp",
                    "whatsapp_template_id": self.template.id,
                },
            )
        rate = self.rpc(
            self.rob, "whatsapp.rate", "create", {"category": "utility", "price": 0.004}
        )
        self.assertTrue(rate)

    def test_consent_fields_follow_the_roles(self):
        partner = self.mine.partner_id
        partner.whatsapp_utility_opt_out = True
        for user in (self.ann, self.nora):
            self.assert_refused(
                user, "res.partner", "write", partner.ids, {"whatsapp_utility_opt_out": False}
            )
            self.assert_refused(
                user,
                "res.partner",
                "write",
                partner.ids,
                {"whatsapp_marketing_limited_until": False},
                names=("AccessError", "ValueError", "UserError"),
            )
        # the numbers Odoo matches customers by are Odoo's: a forged one would
        # route another customer's messages to this contact
        impostor = self.env["res.partner"].create({"name": "Impostor"})
        for name in ("whatsapp_mobile_e164", "whatsapp_phone_e164"):
            for user in (self.ann, self.rob):
                self.assert_refused(
                    user, "res.partner", "write", impostor.ids, {name: "+16505554001"}
                )
        self.assertFalse(impostor.whatsapp_mobile_e164)
        self.rpc(self.rob, "res.partner", "write", partner.ids, {"whatsapp_utility_opt_out": False})
        self.rpc(self.ann, "res.partner", "write", partner.ids, {"whatsapp_opt_in": True})
        self.assertTrue(partner.whatsapp_opt_in_date, "the date of consent is recorded")
