# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tools import mute_logger

from .common import WhatsappCase


class TestSecurity(WhatsappCase):
    def test_secrets_are_for_admins_only(self):
        for user in (self.agent, self.analyst):
            with self.subTest(user=user.login):
                account = self.account.with_user(user)
                self.assertEqual(account.name, "Test number")
                with self.assertRaises(AccessError):
                    account.read(["access_token"])
                with self.assertRaises(AccessError):
                    account.read(["app_secret", "verify_token"])
        values = self.account.with_user(self.wa_admin).read(["access_token", "app_secret"])[0]
        self.assertEqual(values["app_secret"], "test-app-secret")

    @mute_logger("odoo.http")
    def test_secrets_over_rpc(self):
        self.authenticate("wa_agent", "wa_agent")
        response = self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {
                "model": "whatsapp.account",
                "method": "read",
                "args": [self.account.ids, ["name"]],
                "kwargs": {},
            },
        )
        self.assertEqual(response[0]["name"], "Test number")
        with self.assertRaisesRegex(Exception, "AccessError|access"):
            self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {
                    "model": "whatsapp.account",
                    "method": "read",
                    "args": [self.account.ids, ["access_token"]],
                    "kwargs": {},
                },
            )

    def test_users_cannot_forge_messages(self):
        conversation = self.customer_says("16505551234", text="hi").conversation_id
        message_model = self.env["whatsapp.message"].with_user(self.agent)
        with self.assertRaises(AccessError):
            message_model.create(
                {"conversation_id": conversation.id, "direction": "in", "body": "fake customer"}
            )
        with self.assertRaises(AccessError):
            message_model.create(
                {
                    "conversation_id": conversation.id,
                    "direction": "out",
                    "body": "x",
                    "state": "read",
                }
            )
        message = self.out_message(conversation)
        with self.assertRaises(AccessError):
            message.with_user(self.agent).write({"state": "delivered"})
        with self.assertRaises(AccessError):
            self.env["whatsapp.message"].with_user(self.analyst).create(
                {"conversation_id": conversation.id, "direction": "out", "body": "x"}
            )
        with self.assertRaises(AccessError):
            message.with_user(self.agent).unlink()

    def test_inbound_text_stays_text(self):
        evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
        message = self.customer_says("16505551234", text=evil)
        self.assertEqual(message.body, evil)
        data = message.conversation_id.with_user(self.agent).whatsapp_chat_data()
        self.assertEqual(data["messages"][-1]["body"], evil, "sent as a string, rendered as text")
        self.assertEqual(message.conversation_id.last_message_preview, evil[:120])
        # the partner's chatter and the list views use text fields: nothing becomes markup
        self.assertNotIn("<script>", str(message.partner_id.comment or ""))

    def test_events_are_admin_only(self):
        self.customer_says("16505551234", text="hi", process=False)
        with self.assertRaises(AccessError):
            self.env["whatsapp.event"].with_user(self.agent).search([]).read(["payload"])
        self.assertTrue(self.env["whatsapp.event"].with_user(self.wa_admin).search([]))
