# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests.common import JsonRpcException

from .common import WhatsappCase

PASSWORD = "Access-Test-2026!"


class TestInboxAccess(WhatsappCase):
    """What each role may do, through the ORM and over JSON-RPC."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann = cls.make_user("ann_agent")
        cls.amy = cls.make_user("amy_agent")
        cls.bea = cls.make_user("bea_agent")
        cls.eve = cls.make_user("eve_editor", "editor")
        cls.ana = cls.make_user("ana_analyst", "analyst")
        cls.root = cls.make_user("rob_admin", "admin")
        for user in cls.ann | cls.eve:
            user.password = PASSWORD
        cls.team_a = cls.make_team("Team A", cls.ann | cls.amy | cls.eve)
        cls.team_b = cls.make_team("Team B", cls.bea)

    def setUp(self):
        super().setUp()
        self.mine = self.make_conversation("16505554001", team=self.team_a, user=self.ann)
        self.pool_a = self.make_conversation("16505554002", team=self.team_a)
        self.amys = self.make_conversation("16505554003", team=self.team_a, user=self.amy)
        self.pool_b = self.make_conversation("16505554004", team=self.team_b)
        self.all = self.mine | self.pool_a | self.amys | self.pool_b

    def visible(self, user):
        return (
            self.env["whatsapp.conversation"].with_user(user).search([("id", "in", self.all.ids)])
        )

    def test_agent_sees_own_and_team_pool_only(self):
        self.assertEqual(self.visible(self.ann), self.mine | self.pool_a)
        with self.assertRaises(AccessError):
            self.pool_b.with_user(self.ann).read(["partner_id"])
        with self.assertRaises(AccessError):
            self.amys.with_user(self.ann).read(["partner_id"])
        messages = (
            self.env["whatsapp.message"]
            .sudo()
            .create({"conversation_id": self.pool_b.id, "direction": "in", "body": "team B secret"})
        )
        self.assertFalse(
            self.env["whatsapp.message"].with_user(self.ann).search([("id", "=", messages.id)])
        )

    def test_agent_claims_replies_but_cannot_reassign_or_delete(self):
        self.pool_a.with_user(self.ann).action_claim()
        self.assertEqual(self.pool_a.user_id, self.ann)
        with self.assertRaises(AccessError):
            self.pool_b.with_user(self.ann).action_claim()
        with self.assertRaises(AccessError):
            self.mine.with_user(self.ann).write({"user_id": self.amy.id})
        with self.assertRaises(AccessError):
            self.mine.with_user(self.ann)._transfer(user=self.amy)
        with self.assertRaises(AccessError):
            self.mine.with_user(self.ann).unlink()
        with self.assertRaises(AccessError):
            self.env["whatsapp.message"].with_user(self.ann).create(
                {"conversation_id": self.amys.id, "direction": "out", "body": "not mine"}
            )
        self.env["whatsapp.message"].with_user(self.ann).create(
            {"conversation_id": self.mine.id, "direction": "out", "body": "mine"}
        )

    def test_editor_manages_their_teams_only_and_cannot_delete(self):
        self.assertEqual(self.visible(self.eve), self.mine | self.pool_a | self.amys)
        self.pool_a.with_user(self.eve)._transfer(user=self.ann)
        self.assertEqual(self.pool_a.user_id, self.ann)
        self.mine.with_user(self.eve)._transfer(team=self.team_b)
        self.assertEqual((self.mine.team_id, self.mine.transfer_count), (self.team_b, 1))
        transfer = self.mine.log_ids.filtered(lambda entry: entry.action == "transfer")
        self.assertEqual(transfer.user_id, self.eve)
        self.assertEqual(transfer.detail, "Team A → Team B")
        self.amys.with_user(self.eve).write({"quality_rating": "4", "quality_note": "Kind, fast"})
        with self.assertRaises(AccessError):
            self.pool_a.with_user(self.ann).write({"quality_rating": "5"})  # her own
        self.amys.with_user(self.eve).action_solve()
        self.amys.with_user(self.eve).action_reopen()
        with self.assertRaises(AccessError):
            self.pool_b.with_user(self.eve)._transfer(user=self.eve)
        with self.assertRaises(AccessError):
            self.amys.with_user(self.eve).unlink()
        history = (
            self.env["whatsapp.message"]
            .sudo()
            .create({"conversation_id": self.amys.id, "direction": "in", "body": "history"})
        )
        with self.assertRaises(AccessError):
            history.with_user(self.eve).unlink()

    def test_analyst_reads_everything_and_writes_nothing(self):
        self.assertEqual(self.visible(self.ana), self.all)
        with self.assertRaises(AccessError):
            self.pool_a.with_user(self.ana).write({"priority": "3"})
        with self.assertRaises(AccessError):
            self.pool_a.with_user(self.ana).action_claim()
        with self.assertRaises(AccessError):
            self.env["whatsapp.message"].with_user(self.ana).create(
                {"conversation_id": self.pool_a.id, "direction": "out", "body": "x"}
            )

    def test_only_admins_delete_and_deletion_is_logged(self):
        self.assertEqual(self.visible(self.root), self.all)
        partner = self.pool_b.partner_id
        self.pool_b.with_user(self.root).unlink()
        log = self.env["whatsapp.conversation.log"].search(
            [("partner_id", "=", partner.id), ("action", "=", "delete")]
        )
        self.assertEqual(log.user_id, self.root)
        self.assertIn("deleted", partner.message_ids[:1].body)

    def test_roles_hold_over_json_rpc(self):
        self.authenticate("ann_agent", PASSWORD)

        def call(model, method, args, kwargs=None):
            return self.make_jsonrpc_request(
                "/web/dataset/call_kw",
                {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
            )

        found = call(
            "whatsapp.conversation",
            "search_read",
            [[("id", "in", self.all.ids)]],
            {"fields": ["id"]},
        )
        self.assertEqual({row["id"] for row in found}, set((self.mine | self.pool_a).ids))
        with self.assertRaises(JsonRpcException):
            call("whatsapp.conversation", "write", [self.mine.ids, {"user_id": self.amy.id}])
        with self.assertRaises(JsonRpcException):
            call("whatsapp.conversation", "action_claim", [self.pool_b.ids])
        with self.assertRaises(JsonRpcException):
            call("whatsapp.conversation", "unlink", [self.mine.ids])
        call("whatsapp.conversation", "action_claim", [self.pool_a.ids])
        self.assertEqual(self.pool_a.user_id, self.ann)

        self.authenticate("eve_editor", PASSWORD)
        wizard = call(
            "whatsapp.conversation.transfer",
            "create",
            [{"conversation_ids": [(6, 0, self.amys.ids)], "user_id": self.ann.id}],
        )
        call("whatsapp.conversation.transfer", "action_apply", [[wizard]])
        self.assertEqual(self.amys.user_id, self.ann)
        with self.assertRaises(JsonRpcException):
            call("whatsapp.conversation", "unlink", [self.amys.ids])
