# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Security review: attacks over real JSON-RPC that get through today.

Each test asserts what the README promises (the attack is refused or has no
effect); a failing test is a hole. ``TestReviewHeld`` holds the attacks that
were tried and refused, as evidence.
"""

import base64
import json

from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .rpc_common import RpcCase, RpcError

WEBHOOK = "/whatsapp/webhook"


class TestReviewAttacks(RpcCase):
    # 1. x2many commands inside whatsapp.message.create run as superuser ----------------
    def _message_with_commands(self, user, commands):
        """``whatsapp.message.create`` with ``attachment_ids`` commands, as ``user``;
        returns the server's refusal or None."""
        return self.attempt(
            user,
            "whatsapp.message",
            "create",
            {"conversation_id": self.mine.id, "body": "hello", "attachment_ids": commands},
        )

    def test_agent_cannot_publish_another_teams_file_with_an_update_command(self):
        passport = self.team_b_file
        self.assert_refused(self.ann, "ir.attachment", "read", passport.ids, ["datas"])
        self._message_with_commands(self.ann, [(1, passport.id, {"public": True})])
        try:
            rows = self.rpc(self.ann, "ir.attachment", "read", passport.ids, ["name", "datas"])
        except RpcError:
            rows = []
        self.assertFalse(
            rows,
            "ann (agent, team A) made team B's customer passport public through a "
            "Command.UPDATE in whatsapp.message.create, then read it: "
            f"{[(r['name'], base64.b64decode(r['datas'])) for r in rows]}",
        )

    def test_agent_cannot_overwrite_any_file_with_an_update_command(self):
        forged = base64.b64encode(b"%PDF-1.4 forged by ann").decode()
        self._message_with_commands(self.ann, [(1, self.admin_file.id, {"datas": forged})])
        self.env.invalidate_all()
        self.assertEqual(
            self.admin_file.sudo().raw,
            b"%PDF-1.4 secret",
            "ann (agent) rewrote the administrator's private file as superuser",
        )

    def test_agent_cannot_delete_any_file_with_a_delete_command(self):
        self._message_with_commands(self.ann, [(2, self.admin_file.id)])
        self.env.invalidate_all()
        self.assertTrue(
            self.admin_file.sudo().exists(),
            "ann (agent) deleted the administrator's private file as superuser",
        )

    def test_agent_cannot_plant_a_file_on_another_teams_message(self):
        secret = self.inbound[self.pool_b]
        raw = base64.b64encode(b"%PDF-1.4 planted").decode()
        self._message_with_commands(
            self.ann,
            [
                (
                    0,
                    0,
                    {
                        "name": "planted.pdf",
                        "datas": raw,
                        "res_model": "whatsapp.message",
                        "res_id": secret.id,
                    },
                )
            ],
        )
        planted = (
            self.env["ir.attachment"]
            .sudo()
            .search([("res_model", "=", "whatsapp.message"), ("res_id", "=", secret.id)])
            .filtered(lambda a: a.name == "planted.pdf")
        )
        self.assertFalse(
            planted,
            "ann (agent, team A) attached a file to team B's message as superuser "
            "(no write access to it)",
        )

    # 4. Notes and read marks outside one's own conversations ---------------------------
    def test_agent_notes_only_in_their_own_conversations_and_teams_pool(self):
        """README: an agent writes notes in their own conversations and their
        teams' pool, marks read only their own."""
        before = self.amys.message_ids_wa
        with self.subTest(attack="note on a colleague's conversation"):
            self.assert_refused(
                self.ann,
                "whatsapp.conversation",
                "whatsapp_add_note",
                self.amys.ids,
                "planted in Amy's conversation",
                names=("AccessError", "UserError"),
            )
            self.assertEqual(self.amys.message_ids_wa, before)
        self.rpc(self.ann, "whatsapp.conversation", "whatsapp_add_note", self.pool_a.ids, "I call")
        with self.subTest(attack="mark read"):
            self.pool_a.sudo().unread_count = 3
            self.assert_refused(
                self.ann, "whatsapp.conversation", "action_mark_read", self.pool_a.ids
            )
            self.assertEqual(self.pool_a.unread_count, 3)

    # 5. onchange computes related fields as superuser ----------------------------------
    def test_onchange_does_not_reveal_another_teams_customer(self):
        self.assert_refused(self.ann, "whatsapp.conversation", "read", self.pool_b.ids, ["name"])
        spec = {
            "conversation_id": {},
            "partner_id": {"fields": {"display_name": {}}},
            "account_id": {"fields": {"display_name": {}}},
        }
        for user in (self.ann, self.nora):
            with self.subTest(user=user.login):
                try:
                    result = self.rpc(
                        user,
                        "whatsapp.message",
                        "onchange",
                        [],
                        {"conversation_id": self.pool_b.id},
                        ["conversation_id"],
                        spec,
                    )
                except RpcError:
                    continue
                partner = (result.get("value") or {}).get("partner_id")
                self.assertFalse(
                    partner,
                    f"{user.login} learns the customer of team B's conversation "
                    f"{self.pool_b.id} through onchange: {partner}",
                )

    # 6. Wizards of other users ---------------------------------------------------------
    def test_agent_reads_no_other_agents_compose_wizard(self):
        wizard = self.rpc(
            self.ann,
            "whatsapp.message.compose",
            "create",
            {
                "partner_id": self.mine.partner_id.id,
                "account_id": self.account.id,
                "mode": "text",
                "body": "Your refund of 420 EUR is approved",
                "attachment_ids": [(6, 0, self.ann_file.ids)],
            },
        )
        self.rpc(self.ann, "whatsapp.message.compose", "action_send", [wizard])
        sent = [("conversation_id", "=", self.mine.id)]
        self.assertEqual(
            self.rpc(self.bea, "whatsapp.message", "search_read", sent, ["body"]),
            [],
            "sanity: bea cannot read team A's messages",
        )
        with self.subTest(attack="read"):
            rows = self.rpc(
                self.bea,
                "whatsapp.message.compose",
                "search_read",
                [],
                ["partner_id", "body", "attachment_ids"],
            )
            self.assertEqual(
                rows,
                [],
                "bea (agent of team B) reads what ann (team A) wrote to team A's customer",
            )
        with self.subTest(attack="write"):
            self.attempt(
                self.bea,
                "whatsapp.message.compose",
                "write",
                [wizard],
                {"body": "Pay the fee at evil.example first"},
            )
            self.assertEqual(
                self.env["whatsapp.message.compose"].browse(wizard).body,
                "Your refund of 420 EUR is approved",
                "bea (team B) rewrote ann's composer",
            )

    # 7. The public webhook ------------------------------------------------------------
    @mute_logger("odoo.http", "odoo.addons.whatsapp_cs.controllers.whatsapp")
    def test_webhook_refuses_unsigned_malformed_bodies(self):
        """The signature is checked before the body is read (./run chaos fuzz):
        no unsigned body, however malformed, gets further than a 403."""
        bodies = {
            "deeply nested JSON": b"[" * 200000 + b"]" * 200000,
            "a message that is not an object": json.dumps(
                {
                    "entry": [
                        {
                            "id": "1",
                            "changes": [{"field": "messages", "value": {"messages": ["x"]}}],
                        }
                    ]
                }
            ).encode(),
            "metadata that is not an object": json.dumps(
                {
                    "entry": [
                        {"id": "1", "changes": [{"field": "messages", "value": {"metadata": "x"}}]}
                    ]
                }
            ).encode(),
        }
        for name, body in bodies.items():
            with self.subTest(body=name):
                response = self.url_open(
                    WEBHOOK, data=body, headers={"Content-Type": "application/json"}
                )
                self.assertEqual(
                    response.status_code,
                    403,
                    f"unauthenticated {name} makes the webhook answer {response.status_code}",
                )


class TestReviewMultiCompany(RpcCase):
    """Users of a second company against the first company's data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.env["res.company"].create({"name": "Second Co"})
        c2 = {"company_id": cls.company_2.id, "company_ids": [(6, 0, cls.company_2.ids)]}
        cls.rob2 = new_test_user(
            cls.env, login="rob2_admin", groups="whatsapp_cs.group_admin", **c2
        )
        cls.eve2 = new_test_user(
            cls.env, login="eve2_editor", groups="whatsapp_cs.group_editor", **c2
        )
        cls.ann2 = new_test_user(
            cls.env, login="ann2_agent", groups="whatsapp_cs.group_agent", **c2
        )

    def test_second_company_admin_reads_no_webhook_event_of_the_first(self):
        self.customer_says("16505554077", text="my card number is 4111", process=False)
        # sanity: company 1's conversations are out of reach
        self.assertEqual(
            self.rpc(self.rob2, "whatsapp.conversation", "search_read", [], ["name"]), []
        )
        rows = self.rpc(self.rob2, "whatsapp.event", "search_read", [], ["payload"])
        self.assertEqual(
            rows,
            [],
            "rob2 (WhatsApp administrator of company 2 only) reads company 1's "
            f"webhook payloads: {[row['payload'][:120] for row in rows]}",
        )

    def test_second_company_admin_replays_no_webhook_event_of_the_first(self):
        self.customer_says("16505554078", text="hello")
        event = self.events()[:1]
        self.assertEqual(event.state, "done")
        self.attempt(self.rob2, "whatsapp.event", "action_replay", event.ids)
        self.assertEqual(
            event.state, "done", "rob2 (company 2 only) put company 1's event back in the queue"
        )

    def test_second_company_reads_no_team_member_or_template_variable_of_the_first(self):
        self.account.action_sync_templates()
        for model in ("whatsapp.team.member", "whatsapp.template.variable"):
            with self.subTest(model=model):
                rows = self.rpc(self.ann2, model, "search_read", [], ["display_name"])
                self.assertEqual(rows, [], f"ann2 (company 2) reads company 1's {model}")

    def test_editor_cannot_push_a_quick_reply_into_another_company(self):
        reply_id = self.rpc(
            self.eve, "whatsapp.quick.reply", "create", {"shortcut": "pay", "body": "Pay here"}
        )
        self.attempt(
            self.eve,
            "whatsapp.quick.reply",
            "write",
            [reply_id],
            {"company_id": self.company_2.id},
        )
        reply = self.env["whatsapp.quick.reply"].browse(reply_id)
        self.assertNotEqual(
            reply.company_id,
            self.company_2,
            "eve (editor of company 1 only) moved her quick reply into company 2",
        )
        self.assertFalse(
            self.rpc(self.ann2, "whatsapp.quick.reply", "search_read", [], ["body"]),
            "company 2's agents now get company 1's editor's text",
        )


class TestReviewHeld(RpcCase):
    """Attacks tried and refused today (kept as evidence; these pass)."""

    def test_secrets_cannot_be_guessed_through_domains_or_groups(self):
        for user in (self.ann, self.eve, self.ana):
            for model, domain in (
                ("whatsapp.account", [("access_token", "=like", "t%")]),
                ("whatsapp.account", [("app_secret", "=like", "t%")]),
                ("whatsapp.conversation", [("account_id.access_token", "=like", "t%")]),
                ("whatsapp.message", [("account_id.app_secret", "=like", "t%")]),
            ):
                with self.subTest(user=user.login, model=model, domain=domain):
                    self.assert_refused(user, model, "search_count", domain)
            self.assert_refused(
                user, "whatsapp.account", "read_group", [], ["access_token"], ["access_token"]
            )
            self.assert_refused(
                user,
                "whatsapp.account",
                "export_data",
                self.account.ids,
                ["access_token"],
                names=("AccessError", "UserError"),
            )

    def test_nobody_without_role_searches_message_bodies_through_partners(self):
        domain = [("whatsapp_message_ids.body", "ilike", "secret of")]
        self.assert_refused(self.nora, "res.partner", "search_count", domain)
        found = self.rpc(self.ann, "res.partner", "search", domain)
        self.assertNotIn(self.pool_b.partner_id.id, found)

    def test_partner_x2many_commands_stay_guarded(self):
        partner = self.pool_b.partner_id
        for user in (self.nora, self.ann):
            for vals in (
                {"whatsapp_conversation_ids": [(1, self.pool_b.id, {"priority": "3"})]},
                {"whatsapp_conversation_ids": [(2, self.pool_b.id)]},
                {"whatsapp_message_ids": [(0, 0, {"body": "x", "direction": "out"})]},
                {"child_ids": [(0, 0, {"name": "Twin", "whatsapp_wa_id": "1"})]},
            ):
                with self.subTest(user=user.login, vals=list(vals)):
                    self.assert_refused(user, "res.partner", "write", partner.ids, vals)
        self.assertTrue(self.pool_b.exists())
        self.assertEqual(self.pool_b.priority, "1")

    def test_copy_and_name_create_stay_guarded(self):
        self.assert_refused(self.ann, "whatsapp.conversation", "copy", self.mine.ids)
        self.assert_refused(self.ann, "whatsapp.message", "copy", self.inbound[self.mine].ids)
        self.assert_refused(self.ann, "whatsapp.conversation", "name_create", "x")
        self.assert_refused(
            self.ann,
            "res.partner",
            "copy",
            self.mine.partner_id.ids,
            {"whatsapp_wa_id": "16505554001"},
        )

    def test_analyst_posts_nothing_in_the_chatter(self):
        self.assert_refused(
            self.ana, "whatsapp.conversation", "message_post", self.mine.ids, body="x"
        )
        self.assert_refused(
            self.ann, "whatsapp.conversation", "message_post", self.pool_b.ids, body="x"
        )

    def test_quick_reply_of_another_company_cannot_be_sent(self):
        company_2 = self.env["res.company"].create({"name": "Other Co"})
        other = self.env["whatsapp.quick.reply"].create(
            {"shortcut": "x", "body": "x", "company_id": company_2.id}
        )
        self.assert_refused(
            self.ann,
            "whatsapp.conversation",
            "whatsapp_chat_send",
            self.mine.ids,
            "hi",
            other.id,
        )
        self.assertEqual(other.use_count, 0)

    def test_partner_chat_send_never_reaches_another_teams_thread(self):
        self.assert_refused(
            self.ann,
            "whatsapp.conversation",
            "whatsapp_partner_chat_send",
            self.pool_b.partner_id.id,
            "hijack",
            names=("UserError", "AccessError"),
        )
        self.assertEqual(len(self.pool_b.message_ids_wa), 1)

    def test_compose_wizard_refuses_unreadable_records_and_other_teams(self):
        wizard = self.rpc(
            self.ann,
            "whatsapp.message.compose",
            "create",
            {
                "partner_id": self.pool_b.partner_id.id,
                "account_id": self.account.id,
                "mode": "text",
                "body": "hijack",
            },
        )
        self.assert_refused(
            self.ann,
            "whatsapp.message.compose",
            "action_send",
            [wizard],
            names=("UserError", "AccessError"),
        )
        self.assertEqual(len(self.pool_b.message_ids_wa), 1)

    def test_signature_is_checked_for_every_account_in_a_body(self):
        payload = self.emulator.build_customer_message("16505554088", text="unsigned")
        with mute_logger("odoo.addons.whatsapp_cs.controllers.whatsapp"):
            response = self.url_open(
                WEBHOOK,
                data=json.dumps(payload),
                headers={"Content-Type": "application/json", "X-Hub-Signature-256": "sha256=0"},
            )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.events())

    def test_files_of_a_deleted_conversation_are_not_left_to_everyone(self):
        passport = self.team_b_file
        self.assert_refused(self.nora, "ir.attachment", "read", passport.ids, ["datas"])
        self.rpc(self.rob, "whatsapp.conversation", "unlink", self.pool_b.ids)
        self.assertFalse(self.inbound[self.pool_b].exists())
        try:
            rows = self.rpc(self.nora, "ir.attachment", "read", passport.ids, ["name", "datas"])
        except RpcError:
            rows = []
        self.assertFalse(
            rows,
            "nora (internal user, no WhatsApp role) reads the customer's passport of a "
            f"deleted conversation: {[(r['name'], base64.b64decode(r['datas'])) for r in rows]}",
        )

    def test_history_of_a_deleted_conversation_stays_with_its_team(self):
        partner = self.pool_b.partner_id
        self.rpc(self.rob, "res.partner", "write", partner.ids, {"whatsapp_wa_id": "16505559999"})
        domain = [("partner_id", "=", partner.id)]
        fields_ = ["action", "detail", "partner_id", "user_id"]
        self.assertEqual(
            self.rpc(self.ann, "whatsapp.conversation.log", "search_read", domain, fields_),
            [],
            "before the deletion ann (team A) sees nothing of team B's history",
        )
        self.rpc(self.rob, "whatsapp.conversation", "unlink", self.pool_b.ids)
        rows = self.rpc(self.ann, "whatsapp.conversation.log", "search_read", domain, fields_)
        self.assertEqual(
            rows,
            [],
            "after the deletion ann (agent of team A) reads team B's history, " "numbers included",
        )

    def test_attachment_commands_through_user_side_models_are_refused(self):
        forged = {"public": True}
        self.assert_refused(
            self.eve,
            "whatsapp.quick.reply",
            "create",
            {"shortcut": "leak", "body": "x", "attachment_ids": [(1, self.team_b_file.id, forged)]},
        )
        self.assert_refused(
            self.ann,
            "whatsapp.message.compose",
            "create",
            {
                "partner_id": self.mine.partner_id.id,
                "account_id": self.account.id,
                "body": "x",
                "attachment_ids": [(2, self.admin_file.id)],
            },
        )
        self.assertFalse(self.team_b_file.sudo().public)
        self.assertTrue(self.admin_file.sudo().exists())
