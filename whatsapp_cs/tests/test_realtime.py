# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Real time over Odoo's bus: who receives what (read from the bus tables),
read receipts and typing indicators that never wait for Meta."""

import json

from .rpc_common import RpcCase

BUS_TYPE = "whatsapp_cs/update"


class TestRealtimeBus(RpcCase):
    def bus_payloads(self):
        """``{user: [payload, ...]}`` of our notifications since the last call,
        as the bus would deliver them (rows on each user's partner channel)."""
        self.env.cr.flush()  # runs the precommit hooks: our collection, then bus.bus rows
        rows = self.env["bus.bus"].sudo().search([("id", ">", self.last_bus_id)], order="id")
        if rows:
            self.last_bus_id = rows[-1].id
        users = self.env["res.users"].with_context(active_test=False).search([])
        by_partner = {user.partner_id.id: user for user in users}
        found = {}
        for row in rows:
            channel = json.loads(row.channel)
            message = json.loads(row.message)
            if message["type"] != BUS_TYPE:
                continue
            self.assertEqual(channel[1:2], ["res.partner"], "only users' own channels")
            found.setdefault(by_partner[channel[2]], []).append(message["payload"])
        return found

    def setUp(self):
        super().setUp()
        self.env.cr.flush()
        self.last_bus_id = self.env["bus.bus"].sudo().search([], order="id desc", limit=1).id or 0

    def test_pool_message_reaches_the_team_and_nobody_else(self):
        self.emulator.last_inbound["16505554002"] = 2_000_000_000
        message = self.customer_says("16505554002", text="Where is my parcel?")
        self.assertEqual(message.conversation_id, self.pool_a)
        found = self.bus_payloads()
        self.assertEqual(set(found), {self.ann, self.amy, self.eve}, "team A's members only")
        for payloads in found.values():
            (payload,) = payloads
            self.assertEqual(payload["conversation"]["id"], self.pool_a.id)
            self.assertTrue(payload["new_inbound"])
            bodies = [m["body"] for m in payload["messages"]]
            self.assertEqual(bodies, ["Where is my parcel?"])
        for outsider in (self.bea, self.ana, self.rob, self.nora):
            self.assertNotIn(outsider, found)

    def test_assigned_conversation_reaches_its_agent_and_editors_only(self):
        self.customer_says("16505554001", text="Any news?")  # ann's conversation
        found = self.bus_payloads()
        self.assertEqual(set(found), {self.ann, self.eve}, "amy (same team) sees not ann's")
        self.assertEqual(found[self.ann][0]["messages"][0]["body"], "Any news?")

    def test_transfer_tells_the_old_readers_to_drop_it_without_content(self):
        self.pool_a.with_user(self.eve)._transfer(user=self.bea, team=self.team_b)
        found = self.bus_payloads()
        self.assertEqual(found[self.bea][-1]["conversation"]["user_id"], self.bea.id)
        for user in (self.ann, self.amy, self.eve):
            self.assertEqual(found[user], [{"removed": self.pool_a.id}], user.login)

    def test_status_ticks_and_alerts(self):
        reply = self.out_message(self.mine, "On its way", user=self.ann)
        self.bus_payloads()
        self.send_queue()
        found = self.bus_payloads()
        self.assertEqual(set(found), {self.ann, self.eve})
        states = [m["state"] for p in found[self.ann] for m in p["messages"] if m["id"] == reply.id]
        self.assertIn("sent", states, "the tick changes live")
        self.env["whatsapp.conversation"]._raise_alerts(
            self.pool_a.waiting_since.replace(year=2100)
        )
        alerts = [p for p in self.bus_payloads().get(self.eve, []) if p.get("alert")]
        self.assertTrue(alerts, "editors hear of the response alert")

    def test_rolled_back_work_announces_nothing(self):
        with self.assertRaises(ZeroDivisionError), self.env.cr.savepoint():
            self.inbound[self.mine].write({"state": "read"})
            raise ZeroDivisionError
        self.assertEqual(self.bus_payloads(), {})

    def test_inbox_lists_and_systray_follow_record_rules(self):
        ann_inbox = self.rpc(self.ann, "whatsapp.conversation", "whatsapp_inbox_data", "pool")
        self.assertEqual({row["id"] for row in ann_inbox["rows"]}, {self.pool_a.id})
        bea_inbox = self.rpc(self.bea, "whatsapp.conversation", "whatsapp_inbox_data", "all")
        self.assertNotIn(self.pool_a.id, {row["id"] for row in bea_inbox["rows"]})
        found = self.rpc(self.ann, "whatsapp.conversation", "whatsapp_inbox_data", "all", "secret")
        self.assertEqual(
            {row["id"] for row in found["rows"]},
            {self.mine.id, self.pool_a.id},
            "search in message text; never amy's nor team B's",
        )
        systray = self.rpc(self.ann, "whatsapp.conversation", "whatsapp_systray_data")
        self.assertEqual([row["id"] for row in systray["pool"]], [self.pool_a.id])
        self.assertEqual(systray["pool_count"], 1)
        self.assert_refused(
            self.bea, "whatsapp.conversation", "whatsapp_customer_card", self.amys.ids
        )
        card = self.rpc(self.ann, "whatsapp.conversation", "whatsapp_customer_card", self.mine.ids)
        self.assertEqual(card["name"], self.mine.partner_id.name)
        self.assertIn("orders", card)

    def test_partner_smart_button_counts_what_the_user_may_see(self):
        partner = self.pool_b.partner_id
        counts = {
            user: partner.with_user(user).whatsapp_conversation_count
            for user in (self.ann, self.bea, self.ana)
        }
        self.assertEqual(counts, {self.ann: 0, self.bea: 1, self.ana: 1})
        action = self.rpc(self.bea, "res.partner", "action_whatsapp_conversations", partner.ids)
        self.assertEqual(action["domain"], [["partner_id", "=", partner.id]])
        self.assert_refused(self.nora, "res.partner", "action_whatsapp_conversations", partner.ids)


class TestReceipts(RpcCase):
    def test_opening_marks_read_after_the_request(self):
        self.mine.unread_count = 1
        self.rpc(self.ann, "whatsapp.conversation", "whatsapp_chat_data", self.mine.ids)
        self.assertFalse(self.emulator.requests, "the request never waits for Meta")
        self.assertEqual(self.mine.unread_count, 0)
        self.env["whatsapp.receipt"]._cron_send()
        (request,) = self.emulator.requests
        self.assertEqual(
            request["json"],
            {
                "messaging_product": "whatsapp",
                "status": "read",
                "message_id": self.inbound[self.mine].wamid,
            },
        )
        self.assertFalse(self.env["whatsapp.receipt"].search([]))
        self.emulator.reset()
        self.rpc(self.ann, "whatsapp.conversation", "whatsapp_chat_data", self.mine.ids)
        self.env["whatsapp.receipt"]._cron_send()
        self.assertFalse(self.emulator.requests, "read once")

    def test_pool_glance_and_analysts_leave_it_unread(self):
        self.pool_a.unread_count = 1
        self.rpc(self.amy, "whatsapp.conversation", "whatsapp_chat_data", self.pool_a.ids)
        self.rpc(self.ana, "whatsapp.conversation", "whatsapp_chat_data", self.pool_a.ids)
        self.assertEqual(self.pool_a.unread_count, 1)
        self.assertFalse(self.env["whatsapp.receipt"].search([]))

    def test_typing_indicator_and_a_slow_meta(self):
        self.rpc(self.ann, "whatsapp.conversation", "whatsapp_chat_typing", self.mine.ids)
        self.emulator.add_fault(code=131000, times=1)  # Meta fails the receipt
        self.rpc(self.amy, "whatsapp.conversation", "whatsapp_chat_typing", self.amys.ids)
        self.env["whatsapp.receipt"]._cron_send()
        bodies = [request["json"] for request in self.emulator.requests]
        self.assertEqual(len(bodies), 2)
        self.assertTrue(all(body["typing_indicator"] == {"type": "text"} for body in bodies))
        self.assertFalse(self.env["whatsapp.receipt"].search([]), "a refused receipt is dropped")

    def test_typing_refused_where_the_user_may_not_answer(self):
        for user, conversation in ((self.amy, self.mine), (self.bea, self.pool_a)):
            with self.subTest(user=user.login):
                try:
                    answer = self.rpc(
                        user, "whatsapp.conversation", "whatsapp_chat_typing", conversation.ids
                    )
                except Exception as error:  # noqa: BLE001  (refused: any access error)
                    self.assertIn(type(error).__name__, ("RpcError",))
                    continue
                self.assertFalse(answer)
        self.assertFalse(self.env["whatsapp.receipt"].search([]))
