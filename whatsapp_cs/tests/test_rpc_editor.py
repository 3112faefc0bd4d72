# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An editor over JSON-RPC: their teams' conversations, never another team's,
never the system fields, never deletion."""

from ..models.whatsapp_conversation import EDITOR_FIELDS
from .rpc_common import RpcCase


class TestEditorOverRpc(RpcCase):
    def test_team_conversation_fields_an_editor_may_not_write(self):
        self.assert_fields_refused(self.eve, self.amys, allowed=EDITOR_FIELDS)
        skill = self.env["whatsapp.skill"].create({"name": "Billing"})
        self.rpc(
            self.eve,
            "whatsapp.conversation",
            "write",
            self.amys.ids,
            {
                "priority": "2",
                "skill_ids": [(6, 0, skill.ids)],
                "quality_rating": "4",
                "quality_note": "Kind and fast",
            },
        )
        self.assertRecordValues(
            self.amys, [{"priority": "2", "quality_rating": "4", "quality_note": "Kind and fast"}]
        )
        self.assertEqual(self.amys.skill_ids, skill)

    def test_another_team_is_out_of_reach(self):
        self.assert_refused(self.eve, "whatsapp.conversation", "read", self.pool_b.ids, ["name"])
        self.assert_refused(
            self.eve, "whatsapp.conversation", "write", self.pool_b.ids, {"priority": "3"}
        )
        for method in ("action_close", "action_solve", "action_claim", "whatsapp_chat_data"):
            self.assert_refused(self.eve, "whatsapp.conversation", method, self.pool_b.ids)
        wizard = self.rpc(
            self.eve,
            "whatsapp.conversation.transfer",
            "create",
            {"conversation_ids": [(6, 0, self.pool_b.ids)], "team_id": self.team_a.id},
        )
        self.assert_refused(self.eve, "whatsapp.conversation.transfer", "action_apply", [wizard])
        self.assertEqual(self.pool_b.team_id, self.team_b)

    def test_an_editor_assigns_closes_and_reopens_but_never_deletes(self):
        wizard = self.rpc(
            self.eve,
            "whatsapp.conversation.transfer",
            "create",
            {"conversation_ids": [(6, 0, self.pool_a.ids)], "user_id": self.ann.id},
        )
        self.rpc(self.eve, "whatsapp.conversation.transfer", "action_apply", [wizard])
        self.assertEqual(self.pool_a.user_id, self.ann)
        self.rpc(self.eve, "whatsapp.conversation", "action_close", self.amys.ids)
        self.assertEqual(self.amys.state, "closed")
        self.rpc(self.eve, "whatsapp.conversation", "action_reopen", self.amys.ids)
        self.assertEqual(self.amys.state, "open")
        self.assert_refused(self.eve, "whatsapp.conversation", "unlink", self.amys.ids)
        message = self.inbound[self.amys]
        self.assert_refused(self.eve, "whatsapp.message", "unlink", message.ids)
        self.assert_fields_refused(self.eve, message, by_allow_list=False)
        self.assertTrue(message.exists())

    def test_quick_replies_carry_only_files_their_editor_may_open(self):
        for attachment in (self.admin_file, self.team_b_file):
            self.assert_refused(
                self.eve,
                "whatsapp.quick.reply",
                "create",
                {
                    "shortcut": "leak",
                    "body": "See attached",
                    "attachment_ids": [(6, 0, attachment.ids)],
                },
            )
        upload = (
            self.env["ir.attachment"]
            .with_user(self.eve)
            .create({"name": "menu.jpg", "raw": b"\xff\xd8menu", "mimetype": "image/jpeg"})
        )
        reply_id = self.rpc(
            self.eve,
            "whatsapp.quick.reply",
            "create",
            {"shortcut": "menu", "body": "Our menu", "attachment_ids": [(6, 0, upload.ids)]},
        )
        reply = self.env["whatsapp.quick.reply"].browse(reply_id)
        self.assertEqual((upload.res_model, upload.res_id), ("whatsapp.quick.reply", reply_id))
        for name in ("use_count", "last_used_at"):
            self.assert_refused(self.eve, "whatsapp.quick.reply", "write", [reply_id], {name: 7})
        # every agent who may read the reply may send its file
        self.rpc(
            self.ann, "whatsapp.conversation", "whatsapp_chat_send", self.mine.ids, "", reply_id
        )
        self.send_queue()
        self.assertEqual(self.emulator.sent[-1]["body"]["type"], "image")
        self.assertEqual(reply.use_count, 1)

    def test_configuration_is_the_administrators(self):
        self.assert_refused(
            self.eve, "whatsapp.team", "write", self.team_a.ids, {"lock_minutes": 9}
        )
        self.assert_refused(
            self.eve, "whatsapp.team.member", "write", self.team_a.member_ids.ids, {"capacity": 9}
        )
        self.assert_refused(self.eve, "whatsapp.account", "write", self.account.ids, {"name": "x"})
        self.assert_refused(
            self.eve, "whatsapp.account", "read", self.account.ids, ["access_token"]
        )
        self.assert_refused(
            self.eve,
            "whatsapp.routing.rule",
            "create",
            {"name": "All to me", "team_id": self.team_a.id},
        )
