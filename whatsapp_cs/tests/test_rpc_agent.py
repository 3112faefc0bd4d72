# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An agent attacks over JSON-RPC: every write path, method, file and reference."""

from .rpc_common import DATETIME, RpcCase, sample_value

MESSAGE_CREATE = {"conversation_id", "direction", "message_type", "body", "attachment_ids"}


class TestAgentOverRpc(RpcCase):
    def test_conversation_fields_an_agent_may_not_write(self):
        self.assert_fields_refused(self.ann, self.mine, allowed={"priority"})
        self.rpc(self.ann, "whatsapp.conversation", "write", self.mine.ids, {"priority": "3"})
        self.assertEqual(self.mine.priority, "3")
        self.assertEqual(
            self.mine.log_ids.filtered(lambda e: e.action == "priority").user_id, self.ann
        )

    def test_a_closed_window_cannot_be_reopened(self):
        for vals in ({"last_inbound_at": DATETIME}, {"window_expires_at": DATETIME}):
            self.assert_refused(self.ann, "whatsapp.conversation", "write", self.closed.ids, vals)
        self.assertFalse(self.closed.window_open)
        refusal = self.assert_refused(
            self.ann,
            "whatsapp.conversation",
            "whatsapp_chat_send",
            self.closed.ids,
            "free text after the window",
            names=("UserError",),
        )
        self.assertIn("24-hour window", refusal.message)
        self.assert_refused(
            self.ann,
            "whatsapp.message",
            "create",
            {"conversation_id": self.closed.id, "body": "x"},
            names=("UserError",),
        )
        self.assertFalse(self.closed.message_ids_wa)

    def test_conversation_create_takes_a_customer_and_a_number_only(self):
        partner = self.env["res.partner"].create({"name": "Walk-in", "mobile": "+16505554099"})
        base = {"account_id": self.account.id, "partner_id": partner.id}
        model = self.env["whatsapp.conversation"]
        for name, field in model._fields.items():
            if name in base or name == "id":
                continue
            with self.subTest(field=name):
                self.assert_refused(
                    self.ann,
                    "whatsapp.conversation",
                    "create",
                    {**base, name: sample_value(field, self.mine)},
                )
        self.assertFalse(model.search([("partner_id", "=", partner.id)]))
        forged = {
            f"default_{name}": value
            for name, value in (
                ("state", "closed"),
                ("sla_alert", True),
                ("team_id", self.team_b.id),
                ("last_inbound_at", DATETIME),
                ("bot_stopped", True),
            )
        }
        conversation_id = self.rpc(
            self.ann, "whatsapp.conversation", "create", base, context=forged
        )
        conversation = model.browse(conversation_id)
        self.assertRecordValues(
            conversation,
            [
                {
                    "state": "open",
                    "user_id": self.ann.id,
                    "sla_alert": False,
                    "team_id": False,
                    "last_inbound_at": False,
                    "window_open": False,
                }
            ],
        )

    def test_message_fields_an_agent_may_not_give(self):
        base = {"conversation_id": self.mine.id, "direction": "out", "body": "hi"}
        sample = self.inbound[self.mine]
        for name, field in sample._fields.items():
            if name in MESSAGE_CREATE or name in ("id", "reply_to_id"):
                continue
            with self.subTest(field=name):
                self.assert_refused(
                    self.ann,
                    "whatsapp.message",
                    "create",
                    {**base, name: sample_value(field, sample)},
                )
        self.assert_refused(self.ann, "whatsapp.message", "create", {**base, "direction": "in"})
        self.assertFalse(self.mine.message_ids_wa.filtered(lambda m: m.direction == "out"))
        self.assert_fields_refused(self.ann, self.inbound[self.mine])

    def test_a_template_type_never_carries_free_text(self):
        self.account.action_sync_templates()
        approved = self.account.template_ids.filtered(lambda t: t.status == "APPROVED")[:1]
        for conversation in (self.mine, self.closed):
            self.assert_refused(
                self.ann,
                "whatsapp.message",
                "create",
                {
                    "conversation_id": conversation.id,
                    "message_type": "template",
                    "template_id": approved.id,
                    "body": "free text, no template",
                },
            )
            self.assert_refused(
                self.ann,
                "whatsapp.message",
                "create",
                {"conversation_id": conversation.id, "message_type": "interactive", "body": "x"},
            )
        self.send_queue()
        self.assertFalse(self.emulator.sent)

    def test_files_of_others_are_refused(self):
        for attachment in (self.admin_file, self.team_b_file):
            with self.subTest(file=attachment.name):
                self.assert_refused(
                    self.ann,
                    "whatsapp.message",
                    "create",
                    {
                        "conversation_id": self.mine.id,
                        "message_type": "document",
                        "attachment_ids": [(6, 0, attachment.ids)],
                    },
                )
                wizard = self.rpc(
                    self.ann,
                    "whatsapp.message.compose",
                    "create",
                    {
                        "partner_id": self.mine.partner_id.id,
                        "account_id": self.account.id,
                        "mode": "text",
                        "attachment_ids": [(6, 0, attachment.ids)],
                    },
                )
                self.assert_refused(self.ann, "whatsapp.message.compose", "action_send", [wizard])
        self.assertEqual(self.admin_file.res_model, False, "never re-linked away from its owner")
        self.assertEqual(self.team_b_file.res_id, self.inbound[self.pool_b].id)
        self.send_queue()
        self.assertFalse([r for r in self.emulator.requests if "upload" in r])
        self.rpc(
            self.ann,
            "whatsapp.message",
            "create",
            {
                "conversation_id": self.mine.id,
                "message_type": "document",
                "attachment_ids": [(6, 0, self.ann_file.ids)],
            },
        )
        self.send_queue()
        self.assertEqual(self.emulator.sent[-1]["body"]["document"]["filename"], "offer.pdf")

    def test_quoting_another_teams_message_is_refused(self):
        secret = self.inbound[self.pool_b]
        for conversation in (self.mine, self.pool_b):
            self.assert_refused(
                self.ann,
                "whatsapp.message",
                "create",
                {"conversation_id": conversation.id, "body": "re", "reply_to_id": secret.id},
                names=("AccessError", "UserError"),
            )
        quoted = self.inbound[self.mine]
        reply_id = self.rpc(
            self.ann,
            "whatsapp.message",
            "create",
            {"conversation_id": self.mine.id, "body": "quoting", "reply_to_id": quoted.id},
        )
        reply = self.env["whatsapp.message"].browse(reply_id)
        self.assertEqual(reply.context_wamid, quoted.wamid)
        # a reference never lends another message's text
        planted = self.env["whatsapp.message"].create(
            {
                "conversation_id": self.mine.id,
                "direction": "note",
                "body": "own",
                "reply_to_id": secret.id,
            }
        )
        names = self.rpc(self.ann, "whatsapp.message", "read", planted.ids, ["display_name"])
        self.assertEqual(names[0]["display_name"], "own")
        self.assert_refused(self.ann, "whatsapp.message", "read", secret.ids, ["body"])

    def test_buttons_an_agent_may_not_press(self):
        for method in ("action_close", "action_reopen", "action_open_transfer"):
            self.assert_refused(self.ann, "whatsapp.conversation", method, self.mine.ids)
        wizard = self.env["whatsapp.conversation.transfer"].create(
            {"conversation_ids": [(6, 0, self.mine.ids)], "user_id": self.amy.id}
        )
        self.assert_refused(self.ann, "whatsapp.conversation.transfer", "action_apply", wizard.ids)
        for method in ("action_test_connection", "action_sync_templates"):
            self.assert_refused(self.ann, "whatsapp.account", method, self.account.ids)
        self.assertFalse(self.emulator.requests, "no call reached Meta")
        self.customer_says("16505554010", process=False)
        self.assert_refused(self.ann, "whatsapp.event", "action_replay", self.events().ids)
        for method in ("action_solve", "action_set_pending", "action_release", "action_mark_read"):
            with self.subTest(method=method):
                self.assert_refused(self.ann, "whatsapp.conversation", method, self.amys.ids)
                self.assert_refused(self.ann, "whatsapp.conversation", method, self.pool_b.ids)
        self.assertEqual((self.amys.state, self.amys.user_id), ("open", self.amy))

    def test_own_conversation_buttons_work(self):
        self.rpc(self.ann, "whatsapp.conversation", "action_claim", self.pool_a.ids)
        self.assertEqual(self.pool_a.user_id, self.ann)
        self.rpc(self.ann, "whatsapp.conversation", "action_mark_read", self.mine.ids)
        self.rpc(self.ann, "whatsapp.conversation", "action_solve", self.mine.ids)
        self.assertEqual(self.mine.state, "solved")
        data = self.rpc(self.ann, "whatsapp.conversation", "whatsapp_chat_data", self.pool_a.ids)
        self.assertEqual(data["messages"][-1]["body"], self.inbound[self.pool_a].body)

    def test_retry_respects_the_lock(self):
        failed = self.env["whatsapp.message"].create(
            {"conversation_id": self.mine.id, "direction": "out", "body": "lost"}
        )
        failed.write({"state": "failed", "error_title": "Meta said no"})
        self.mine.with_user(self.eve)._lock()  # the editor is working on it
        refusal = self.assert_refused(
            self.ann, "whatsapp.message", "action_retry", failed.ids, names=("UserError",)
        )
        self.assertIn("working on this conversation", refusal.message)
        self.assertEqual(failed.state, "failed")
        self.assert_refused(self.amy, "whatsapp.message", "action_retry", failed.ids)

    def test_a_customers_number_is_not_an_agents_to_change(self):
        partner = self.mine.partner_id
        for user in (self.ann, self.nora):
            for vals in ({"whatsapp_wa_id": "16505559999"}, {"whatsapp_user_id": "US.1"}):
                self.assert_refused(user, "res.partner", "write", partner.ids, vals)
            self.assert_refused(
                user,
                "res.partner",
                "create",
                {"name": "Impostor", "whatsapp_wa_id": partner.whatsapp_wa_id},
            )
        impostor = self.rpc(
            self.nora,
            "res.partner",
            "create",
            {"name": "Impostor"},
            context={"default_whatsapp_wa_id": partner.whatsapp_wa_id},
        )
        self.assertFalse(self.env["res.partner"].browse(impostor).whatsapp_wa_id)
        self.assertEqual(partner.whatsapp_wa_id, "16505554001")
        self.rpc(self.rob, "res.partner", "write", partner.ids, {"whatsapp_wa_id": "16505559999"})
        log = self.mine.log_ids.filtered(lambda e: e.action == "identity")
        self.assertRecordValues(
            log, [{"user_id": self.rob.id, "detail": "16505554001 → 16505559999"}]
        )
        self.assertTrue(
            partner.message_ids.tracking_value_ids.filtered(
                lambda t: t.field_id.name == "whatsapp_wa_id"
            ),
            "the partner's chatter tracks the change too",
        )
