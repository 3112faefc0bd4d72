# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An administrator over JSON-RPC: configuration and secrets, deletion; never
what Meta or Odoo itself owns (states, Meta's answers, counters, history)."""

from ..models.whatsapp_conversation import EDITOR_FIELDS
from ..models.whatsapp_template_editor import CONTENT_FIELDS
from .rpc_common import RpcCase, sample_value

ACCOUNT_FIELDS = {
    "name",
    "sequence",
    "active",
    "company_id",
    "phone_number_id",
    "waba_id",
    "display_phone_number",
    "access_token",
    "app_secret",
    "verify_token",
    "graph_api_url",
    "app_id",
    "throughput",
}
TEMPLATE_USE = {
    "model_id",
    "phone_field",
    "report_id",
    "variable_ids",
    "header_file",
    "header_filename",
}


class TestAdministratorOverRpc(RpcCase):
    def test_account_configuration_but_not_what_meta_says(self):
        # whatsapp_cs_bot adds the messaging limit its broadcasts keep (admins set it)
        extra = {"messaging_tier"} & set(self.account._fields)
        self.assert_fields_refused(self.rob, self.account, allowed=ACCOUNT_FIELDS | extra)
        self.rpc(self.rob, "whatsapp.account", "write", self.account.ids, {"name": "Sales line"})
        secrets = self.rpc(
            self.rob, "whatsapp.account", "read", self.account.ids, ["app_secret", "access_token"]
        )
        self.assertEqual(secrets[0]["app_secret"], "test-app-secret")
        self.rpc(self.rob, "whatsapp.account", "action_test_connection", self.account.ids)
        self.assertEqual(self.account.verified_name, "Emulated Business")

    def test_templates_keep_metas_definition(self):
        self.rpc(self.rob, "whatsapp.account", "action_sync_templates", self.account.ids)
        template = self.account.template_ids.filtered(lambda t: t.status == "APPROVED")[:1]
        content = template._fields.keys() & CONTENT_FIELDS
        self.assert_fields_refused(self.rob, template, allowed=TEMPLATE_USE | content)
        for name in sorted(content):
            with self.subTest(content=name):
                refusal = self.assert_refused(
                    self.rob,
                    "whatsapp.template",
                    "write",
                    template.ids,
                    {name: sample_value(template._fields[name], template)},
                    names=("UserError",),
                )
                self.assertIn("is with Meta", refusal.message)
        variable = template.variable_ids[:1]
        self.assert_fields_refused(
            self.rob,
            variable,
            allowed={"sequence", "value_type", "field_path", "default_value", "sample_value"},
        )
        self.rpc(
            self.rob, "whatsapp.template.variable", "write", variable.ids, {"field_path": "name"}
        )

    def test_webhook_events_and_messages_are_records_of_what_happened(self):
        self.customer_says("16505554020", process=False)
        event = self.events()[:1]
        self.assert_fields_refused(self.rob, event, by_allow_list=False)
        self.assert_fields_refused(self.rob, self.inbound[self.mine], by_allow_list=False)
        self.rpc(self.rob, "whatsapp.event", "action_replay", event.ids)
        self.assertEqual(event.state, "pending")

    def test_conversations_as_editor_of_every_team_and_deletion(self):
        self.assert_fields_refused(self.rob, self.pool_b, allowed=EDITOR_FIELDS)
        self.rpc(
            self.rob, "whatsapp.conversation", "write", self.pool_b.ids, {"quality_rating": "5"}
        )
        partner = self.pool_b.partner_id
        self.rpc(self.rob, "whatsapp.conversation", "unlink", self.pool_b.ids)
        log = self.env["whatsapp.conversation.log"].search(
            [("partner_id", "=", partner.id), ("action", "=", "delete")]
        )
        self.assertEqual(log.user_id, self.rob)
        self.assert_fields_refused(self.rob, log, by_allow_list=False)

    def test_counters_belong_to_odoo(self):
        member = self.team_a.member_ids[:1]
        self.assert_refused(
            self.rob,
            "whatsapp.team.member",
            "write",
            member.ids,
            {"last_assigned_at": "2030-01-01"},
        )
        rule = self.env["whatsapp.routing.rule"].create({"name": "VIP", "team_id": self.team_a.id})
        self.assert_refused(
            self.rob, "whatsapp.routing.rule", "write", rule.ids, {"match_count": 99}
        )
        self.rpc(self.rob, "whatsapp.routing.rule", "write", rule.ids, {"keywords": "vip"})
        self.rpc(self.rob, "whatsapp.team", "write", self.team_a.ids, {"lock_minutes": 9})
        self.assertEqual(self.team_a.lock_minutes, 9)
