# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An internal user without a WhatsApp role (a salesperson) over JSON-RPC:
edits contacts, sees nothing of WhatsApp, configures nothing."""

from .rpc_common import RpcCase

WHATSAPP_MODELS = (
    "whatsapp.conversation",
    "whatsapp.message",
    "whatsapp.conversation.log",
    "whatsapp.event",
    "whatsapp.template",
    "whatsapp.template.variable",
    "whatsapp.team",
    "whatsapp.team.member",
    "whatsapp.skill",
    "whatsapp.routing.rule",
    "whatsapp.quick.reply",
)


class TestNoRoleOverRpc(RpcCase):
    def test_whatsapp_is_invisible(self):
        self.env["whatsapp.skill"].create({"name": "Billing"})
        self.env["whatsapp.quick.reply"].create({"shortcut": "hi", "body": "Hello"})
        for model in WHATSAPP_MODELS:
            with self.subTest(model=model):
                self.assert_refused(self.nora, model, "search_read", [], ["display_name"])
        # the account's name only: no WhatsApp role, no secrets, no configuration
        self.assert_refused(self.nora, "whatsapp.account", "write", self.account.ids, {"name": "x"})

    def test_a_salesperson_edits_contacts_but_not_their_whatsapp_identity(self):
        partner = self.mine.partner_id
        self.rpc(self.nora, "res.partner", "write", partner.ids, {"mobile": "+16505554777"})
        self.assertEqual(partner.mobile, "+16505554777")
        for vals in (
            {"whatsapp_wa_id": "1"},
            {"whatsapp_user_id": "US.2"},
            {"whatsapp_username": "x"},
        ):
            self.assert_refused(self.nora, "res.partner", "write", partner.ids, vals)
        self.assertEqual(partner.whatsapp_wa_id, "16505554001")
        self.assert_refused(self.nora, "res.partner", "action_whatsapp_stop_marketing", partner.ids)
        self.assertFalse(partner.whatsapp_marketing_opt_out)
