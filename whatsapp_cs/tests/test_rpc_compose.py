# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What an agent composes in the chat (buttons, lists, links, places, contact
cards, reactions, quoted replies), over real JSON-RPC: built by the server
from checked input, refused beyond Meta's limits or outside the user's rights,
and never a raw request body from the browser."""

import json

from .rpc_common import RpcCase

CONVERSATION = "whatsapp.conversation"


class TestRpcCompose(RpcCase):
    def sent_bodies(self):
        self.send_queue()
        return [request["json"] for request in self.emulator.requests if "json" in request]

    def test_each_kind_leaves_as_meta_expects(self):
        quoted = self.inbound[self.mine]
        calls = [
            ("whatsapp_send_buttons", ["Which size?", ["S", "M", "L"], "Size", "Shop"]),
            (
                "whatsapp_send_list",
                ["Who should help?", "Departments", [{"title": "", "rows": [{"title": "Sales"}]}]],
            ),
            ("whatsapp_send_cta_url", ["Track it", "Track", "https://example.com/t/1"]),
            ("whatsapp_send_location", ["-23.5505", "-46.6333", "Shop", "Av. Paulista"]),
            ("whatsapp_send_contacts", [[self.rob.partner_id.id]]),
        ]
        self.rob.partner_id.phone = "+1 650 555 0100"
        for method, args in calls:
            self.rpc(self.ann, CONVERSATION, method, self.mine.ids, *args)
        self.rpc(self.ann, CONVERSATION, "whatsapp_chat_react", self.mine.ids, quoted.id, "👍")
        self.rpc(
            self.ann, CONVERSATION, "whatsapp_chat_send", self.mine.ids, "Yes", None, quoted.id
        )
        bodies = self.sent_bodies()
        kinds = [(b["type"], (b.get("interactive") or {}).get("type")) for b in bodies]
        self.assertEqual(
            kinds,
            [
                ("interactive", "button"),
                ("interactive", "list"),
                ("interactive", "cta_url"),
                ("location", None),
                ("contacts", None),
                ("reaction", None),
                ("text", None),
            ],
        )
        self.assertEqual(bodies[3]["location"]["latitude"], "-23.5505")
        self.assertEqual(bodies[4]["contacts"][0]["phones"][0]["phone"], "+1 650 555 0100")
        self.assertEqual(bodies[5]["reaction"], {"message_id": quoted.wamid, "emoji": "👍"})
        self.assertEqual(bodies[6]["context"], {"message_id": quoted.wamid})
        messages = self.mine.message_ids_wa.filtered(lambda m: m.direction == "out")
        self.assertTrue(all(m.author_id == self.ann for m in messages))
        self.assertIn(
            "[S] | [M] | [L]", messages.filtered(lambda m: m.message_type == "interactive")[-1].body
        )

    def test_beyond_meta_limits_is_refused_with_advice(self):
        cases = [
            ("whatsapp_send_buttons", ["Pick", ["A", "B", "C", "D"]], "at most 3"),
            ("whatsapp_send_buttons", ["Pick", ["x" * 21]], "20 characters"),
            (
                "whatsapp_send_list",
                ["Pick", "Menu", [{"rows": [{"title": str(i)} for i in range(11)]}]],
                "at most 10",
            ),
            ("whatsapp_send_list", ["Pick", "Menu", [{"rows": [{"title": "r" * 25}]}]], "24"),
            ("whatsapp_send_cta_url", ["Go", "Open", "javascript:alert(1)"], "https://"),
            ("whatsapp_send_location", ["95", "0"], "latitude"),
        ]
        for method, args, advice in cases:
            with self.subTest(method=method, args=args):
                refusal = self.assert_refused(
                    self.ann, CONVERSATION, method, self.mine.ids, *args, names=("UserError",)
                )
                self.assertIn(advice, refusal.message)
        self.assertFalse(self.sent_bodies(), "nothing queued, nothing sent")

    def test_only_who_may_answer_sends(self):
        args = ["Pick", ["Yes", "No"]]
        # amy: ann's conversation; bea: another team's pool; analyst: no agent role
        self.assert_refused(
            self.amy,
            CONVERSATION,
            "whatsapp_send_buttons",
            self.mine.ids,
            *args,
            names=("AccessError", "UserError"),
        )
        self.assert_refused(
            self.bea,
            CONVERSATION,
            "whatsapp_send_buttons",
            self.pool_a.ids,
            *args,
            names=("AccessError", "UserError"),
        )
        self.assert_refused(self.ana, CONVERSATION, "whatsapp_send_buttons", self.mine.ids, *args)
        self.assert_refused(
            self.ann,
            CONVERSATION,
            "whatsapp_send_buttons",
            self.closed.ids,
            *args,
            names=("UserError",),
        )
        self.assertFalse(self.sent_bodies())

    def test_foreign_records_are_refused(self):
        # a message of another conversation, an outbound one for a reaction
        other = self.inbound[self.pool_b]
        self.assert_refused(
            self.ann,
            CONVERSATION,
            "whatsapp_chat_react",
            self.mine.ids,
            other.id,
            "👍",
            names=("AccessError", "UserError"),
        )
        self.assert_refused(
            self.ann,
            CONVERSATION,
            "whatsapp_send_location",
            self.mine.ids,
            "1",
            "2",
            "",
            "",
            self.inbound[self.amys].id,
            names=("AccessError", "UserError"),
        )
        mine_out = self.out_message(self.mine, "ours", user=self.ann)
        mine_out.wamid = "wamid.ours"
        self.assert_refused(
            self.ann,
            CONVERSATION,
            "whatsapp_chat_react",
            self.mine.ids,
            mine_out.id,
            "👍",
            names=("UserError",),
        )
        self.assert_refused(
            self.ann,
            CONVERSATION,
            "whatsapp_chat_react",
            self.mine.ids,
            self.inbound[self.mine].id,
            "not an emoji",
            names=("UserError",),
        )
        # a contact card of a contact ann may not read (another company's)
        company = self.env["res.company"].create({"name": "Elsewhere"})
        hidden = self.env["res.partner"].create(
            {"name": "Hidden", "phone": "+1 650 555 0199", "company_id": company.id}
        )
        self.assert_refused(
            self.ann, CONVERSATION, "whatsapp_send_contacts", self.mine.ids, [hidden.id]
        )
        self.send_queue()
        self.assertEqual(
            [r["json"]["text"]["body"] for r in self.emulator.requests if "json" in r],
            ["ours"],
            "only the agent's own text left",
        )

    def test_no_raw_request_body_from_the_browser(self):
        forged = json.dumps({"type": "text", "text": {"body": "forged"}})
        refusal = self.assert_refused(
            self.ann,
            "whatsapp.message",
            "create",
            {"conversation_id": self.mine.id, "direction": "out", "payload": forged},
        )
        self.assertIn("(payload)", refusal.message)
        for kind in ("interactive", "location", "contacts"):
            with self.subTest(kind=kind):
                self.assert_refused(
                    self.ann,
                    "whatsapp.message",
                    "create",
                    {
                        "conversation_id": self.mine.id,
                        "direction": "out",
                        "message_type": kind,
                        "body": "x",
                    },
                )
