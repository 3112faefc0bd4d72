# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The audit: every method a browser or a JSON-RPC client may call on
whatsapp_cs's models, who may call it, and proof that nobody else can."""

from .rpc_common import RpcCase, our_public_methods

# (model, method) -> the WhatsApp roles that may call it. A new public method
# fails this test until it is listed here, with its roles (and in the README).
PUBLIC_API = {
    ("whatsapp.conversation", "action_claim"): ("agent",),
    ("whatsapp.conversation", "action_release"): ("agent",),
    ("whatsapp.conversation", "action_set_pending"): ("agent",),
    ("whatsapp.conversation", "action_solve"): ("agent",),
    ("whatsapp.conversation", "action_close"): ("editor",),
    ("whatsapp.conversation", "action_reopen"): ("editor",),
    ("whatsapp.conversation", "action_mark_read"): ("agent",),
    ("whatsapp.conversation", "action_open_composer"): ("agent",),
    ("whatsapp.conversation", "action_open_transfer"): ("editor",),
    ("whatsapp.conversation", "whatsapp_chat_data"): ("agent", "analyst"),
    ("whatsapp.conversation", "whatsapp_chat_send"): ("agent",),
    ("whatsapp.conversation", "whatsapp_add_note"): ("agent",),
    ("whatsapp.conversation", "whatsapp_quick_replies"): ("agent",),
    ("whatsapp.conversation", "whatsapp_partner_chat_data"): ("agent", "analyst"),
    ("whatsapp.conversation", "whatsapp_partner_chat_send"): ("agent",),
    ("whatsapp.conversation", "action_create_lead"): ("agent",),
    ("whatsapp.conversation", "action_create_quotation"): ("agent",),
    ("whatsapp.conversation.document", "action_open"): ("agent", "analyst"),
    ("whatsapp.send", "action_open_document"): ("agent", "analyst"),
    ("whatsapp.template", "action_submit"): ("admin",),
    ("whatsapp.template", "action_preview"): ("admin",),
    ("whatsapp.document.compose", "action_send"): ("agent",),
    ("whatsapp.automation.preset", "action_create"): ("admin",),
    ("whatsapp.conversation", "whatsapp_chat_react"): ("agent",),
    ("whatsapp.conversation", "whatsapp_send_location"): ("agent",),
    ("whatsapp.conversation", "whatsapp_send_contacts"): ("agent",),
    ("whatsapp.conversation", "whatsapp_send_buttons"): ("agent",),
    ("whatsapp.conversation", "whatsapp_send_list"): ("agent",),
    ("whatsapp.conversation", "whatsapp_send_cta_url"): ("agent",),
    ("whatsapp.conversation", "whatsapp_chat_seen"): ("agent",),
    ("whatsapp.conversation", "whatsapp_chat_typing"): ("agent",),
    ("whatsapp.conversation", "whatsapp_inbox_data"): ("agent", "analyst"),
    ("whatsapp.conversation", "whatsapp_systray_data"): ("agent",),
    ("whatsapp.conversation", "whatsapp_customer_card"): ("agent", "analyst"),
    ("whatsapp.message", "action_retry"): ("agent",),
    ("whatsapp.account", "action_test_connection"): ("admin",),
    ("whatsapp.account", "action_sync_templates"): ("admin",),
    ("whatsapp.account", "action_view_templates"): ("admin",),
    ("whatsapp.account", "action_view_failed_events"): ("admin",),
    ("whatsapp.event", "action_replay"): ("admin",),
    ("whatsapp.team", "action_view_pool"): ("agent", "analyst"),
    ("res.partner", "action_whatsapp_compose"): ("agent",),
    ("res.partner", "action_whatsapp_conversations"): ("agent", "analyst"),
    ("res.partner", "action_whatsapp_stop_marketing"): ("agent",),
    ("res.partner", "action_whatsapp_resume_marketing"): ("admin",),
    ("whatsapp.message.compose", "action_send"): ("agent",),
    ("whatsapp.conversation.transfer", "action_apply"): ("editor",),
}


class TestPublicApi(RpcCase):
    def _discovered(self):
        found = {}
        for model_name in self.env.registry:
            for name, method in our_public_methods(self.env[model_name], ("whatsapp_cs",)).items():
                found[(model_name, name)] = method
        return found

    def test_every_public_method_is_listed_with_its_roles(self):
        found = self._discovered()
        self.assertEqual(set(found), set(PUBLIC_API), "list new public methods in PUBLIC_API")
        for key, method in found.items():
            with self.subTest(method=key):
                self.assertEqual(getattr(method, "whatsapp_roles", None), PUBLIC_API[key])

    def _records(self):
        self.customer_says("16505554011", process=False)
        template = self.env["whatsapp.template"].create(
            {"name": "audit", "account_id": self.account.id, "body_text": "Hello"}
        )
        return {
            "whatsapp.conversation": self.mine,
            "whatsapp.message": self.inbound[self.mine],
            "whatsapp.account": self.account,
            "whatsapp.event": self.events()[:1],
            "whatsapp.team": self.team_a,
            "res.partner": self.mine.partner_id,
            "whatsapp.message.compose": self.env["whatsapp.message.compose"].create(
                {"partner_id": self.mine.partner_id.id, "body": "hi"}
            ),
            "whatsapp.conversation.transfer": self.env["whatsapp.conversation.transfer"].create(
                {"conversation_ids": [(6, 0, self.mine.ids)]}
            ),
            "whatsapp.conversation.document": self.env["whatsapp.conversation.document"]._link(
                self.mine, self.mine.partner_id, "sent"
            )
            or self.mine.document_ids,
            "whatsapp.send": self.env["whatsapp.send"].create(
                {
                    "template_id": template.id,
                    "res_model": "res.partner",
                    "res_id": self.mine.partner_id.id,
                }
            ),
            "whatsapp.template": template,
            "whatsapp.document.compose": self.env["whatsapp.document.compose"].create(
                {
                    "res_model": "res.partner",
                    "res_ids": f"[{self.mine.partner_id.id}]",
                    "template_id": template.id,
                }
            ),
            "whatsapp.automation.preset": self.env["whatsapp.automation.preset"].new(),
        }

    def test_nobody_without_the_role_gets_in(self):
        records = self._records()
        users = (self.nora, self.ana, self.ann, self.eve, self.rob)
        found = self._discovered()
        for (model, name), roles in PUBLIC_API.items():
            record = records[model]
            is_model_method = getattr(found[(model, name)], "_api", None) == "model"
            args = [self.mine.partner_id.id] if is_model_method else [record.ids]
            for user in users:
                if any(user.has_group(f"whatsapp_cs.group_{role}") for role in roles):
                    continue
                with self.subTest(method=f"{model}.{name}", user=user.login):
                    refusal = self.assert_refused(user, model, name, *args)
                    self.assertIn("WhatsApp roles", refusal.message)
        self.assertFalse(self.emulator.requests, "nothing reached Meta")
