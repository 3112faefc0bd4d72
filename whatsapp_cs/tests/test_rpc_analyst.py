# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""An analyst over JSON-RPC reads everything and changes nothing."""

from .rpc_common import RpcCase, our_public_methods

# read-only views of what analysts may read anyway (the split view, the customer card)
ANALYST_METHODS = {
    "whatsapp_chat_data",
    "whatsapp_partner_chat_data",
    "whatsapp_inbox_data",
    "whatsapp_customer_card",
}


class TestAnalystOverRpc(RpcCase):
    def test_reads_every_team(self):
        every = self.mine | self.pool_a | self.amys | self.pool_b | self.closed
        found = self.rpc(
            self.ana, "whatsapp.conversation", "search_read", [("id", "in", every.ids)], ["id"]
        )
        self.assertEqual({row["id"] for row in found}, set(every.ids))
        bodies = self.rpc(
            self.ana,
            "whatsapp.message",
            "search_read",
            [("conversation_id", "in", every.ids)],
            ["body"],
        )
        self.assertEqual(len(bodies), 4)
        for model in ("whatsapp.team", "whatsapp.team.member", "whatsapp.routing.rule"):
            self.rpc(self.ana, model, "search_read", [], ["display_name"])

    def test_writes_nothing(self):
        for record in (self.mine, self.pool_b, self.inbound[self.mine], self.team_a):
            self.assert_fields_refused(self.ana, record, by_allow_list=False)
        self.assert_refused(
            self.ana, "whatsapp.message", "create", {"conversation_id": self.mine.id, "body": "x"}
        )
        self.assert_refused(
            self.ana,
            "whatsapp.conversation",
            "create",
            {"account_id": self.account.id, "partner_id": self.ana.partner_id.id},
        )

    def test_presses_no_button(self):
        public = sorted(
            set(our_public_methods(self.env["whatsapp.conversation"])) - ANALYST_METHODS
        )
        self.assertIn("action_claim", public)
        for method in public:
            with self.subTest(method=method):
                args = [self.pool_a.id] if method.startswith("whatsapp_partner") else []
                refusal = self.assert_refused(
                    self.ana, "whatsapp.conversation", method, self.pool_a.ids, *args
                )
                self.assertIn("WhatsApp roles", refusal.message)
        self.assertRecordValues(self.pool_a, [{"user_id": False, "state": "new"}])

    def test_reading_a_chat_locks_nothing_and_marks_nothing_read(self):
        self.mine.sudo().unread_count = 2
        data = self.rpc(self.ana, "whatsapp.conversation", "whatsapp_chat_data", self.mine.ids)
        self.assertEqual(data["messages"][-1]["body"], self.inbound[self.mine].body)
        self.assertFalse(data["can_send"])
        self.assertRecordValues(self.mine, [{"unread_count": 2, "locked_by_id": False}])
        partner_data = self.rpc(
            self.ana,
            "whatsapp.conversation",
            "whatsapp_partner_chat_data",
            self.pool_b.partner_id.id,
        )
        self.assertEqual(len(partner_data["messages"]), 1)

    def test_split_view_reads_every_team_and_changes_nothing(self):
        inbox = self.rpc(self.ana, "whatsapp.conversation", "whatsapp_inbox_data", "all")
        self.assertLessEqual(
            {c.id for c in (self.mine, self.pool_a, self.amys, self.pool_b, self.closed)},
            {row["id"] for row in inbox["rows"]},
            "every team's (the demo's too)",
        )
        self.mine.sudo().unread_count = 2
        card = self.rpc(self.ana, "whatsapp.conversation", "whatsapp_customer_card", self.mine.ids)
        self.assertEqual(card["partner_id"], self.mine.partner_id.id)
        self.assertRecordValues(self.mine, [{"unread_count": 2, "locked_by_id": False}])
        self.assertFalse(self.env["whatsapp.receipt"].search([]))
