# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Security review of the bots over real JSON-RPC: attacks that get through
today. Each test asserts what the README promises; a failure is a hole."""

from odoo import fields
from odoo.tests import new_test_user

from odoo.addons.whatsapp_cs.tests.rpc_common import RpcCase


class TestBotReviewAttacks(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_2 = cls.env["res.company"].create({"name": "Second Co"})
        cls.eve2 = new_test_user(
            cls.env,
            login="eve2_editor",
            groups="whatsapp_cs.group_editor",
            company_id=cls.company_2.id,
            company_ids=[(6, 0, cls.company_2.ids)],
        )
        cls.tag = cls.env["res.partner.category"].create({"name": "VIP"})

    def make_rule(self, **vals):
        return self.env["whatsapp.bot.rule"].create(
            {
                "name": "Prices",
                "keywords": "price",
                "reply_ids": [fields.Command.create({"body": "From 10 EUR."})],
                "button_ids": [fields.Command.create({"title": "Catalogue"})],
                "resource_calendar_id": False,
                **vals,
            }
        )

    # README: editors create and edit bot rules (their reply variants and buttons
    # included, removed inline) and archive rules and sensitive words; administrators
    # delete rules and words.
    def test_editor_deletes_no_rule_and_no_sensitive_word(self):
        rule = self.make_rule()
        word = self.env["whatsapp.sensitive.word"].create(
            {"word": "zzguaranteed", "category": "guarantee"}
        )
        for model, record in (("whatsapp.bot.rule", rule), ("whatsapp.sensitive.word", word)):
            with self.subTest(model=model):
                self.assert_refused(self.eve, model, "unlink", record.ids)
                self.assertTrue(record.exists())
        self.rpc(self.eve, "whatsapp.sensitive.word", "write", word.ids, {"active": False})
        self.assertFalse(word.active)

    def test_editor_edits_a_rules_variants_and_buttons_inline(self):
        rule = self.make_rule()
        replies, buttons = rule.reply_ids, rule.button_ids
        self.rpc(
            self.eve,
            "whatsapp.bot.rule",
            "write",
            rule.ids,
            {"reply_ids": [(2, replies[:1].id)], "button_ids": [(5, 0, 0)]},
        )
        self.assertFalse(buttons.exists())
        self.assertEqual(rule.reply_ids, replies[1:])
        other = self.make_rule()
        self.assert_refused(self.ana, "whatsapp.bot.reply", "unlink", other.reply_ids.ids)

    # Multi-company ------------------------------------------------------------------
    def test_second_company_editor_cannot_rewrite_first_companys_bot(self):
        rule = self.make_rule()
        self.assertEqual(
            self.rpc(self.eve2, "whatsapp.bot.rule", "search_read", [], ["name"]),
            [],
            "sanity: eve2 (company 2) sees no bot rule of company 1",
        )
        button, reply = rule.button_ids, rule.reply_ids
        with self.subTest(attack="rename a button"):
            self.attempt(
                self.eve2, "whatsapp.bot.button", "write", button.ids, {"title": "evil.example"}
            )
            self.assertNotEqual(
                button.title, "evil.example", "eve2 (company 2 only) renamed company 1's button"
            )
        with self.subTest(attack="read the replies"):
            rows = self.rpc(self.eve2, "whatsapp.bot.reply", "search_read", [], ["body"])
            self.assertNotIn(
                "From 10 EUR.",
                [row["body"] for row in rows],
                "eve2 (company 2 only) reads company 1's bot replies",
            )
        with self.subTest(attack="delete a reply"):
            self.attempt(self.eve2, "whatsapp.bot.reply", "unlink", reply.ids)
            self.assertTrue(reply.exists(), "eve2 (company 2 only) deleted company 1's bot reply")

    def test_second_company_editor_cannot_touch_first_companys_tag_rules(self):
        tag_rule = self.env["whatsapp.tag.rule"].create(
            {"name": "Discount", "tag_id": self.tag.id, "keywords": "discount"}
        )
        with self.subTest(attack="read"):
            rows = self.rpc(self.eve2, "whatsapp.tag.rule", "search_read", [], ["name", "keywords"])
            self.assertEqual(rows, [], "eve2 (company 2) reads company 1's auto-tag rules")
        with self.subTest(attack="switch off"):
            self.attempt(self.eve2, "whatsapp.tag.rule", "write", tag_rule.ids, {"active": False})
            self.assertTrue(tag_rule.active, "eve2 (company 2) switched off company 1's tag rule")

    def test_editor_cannot_move_a_bot_rule_into_another_company(self):
        rule_id = self.rpc(
            self.eve,
            "whatsapp.bot.rule",
            "create",
            {
                "name": "Phishing",
                "trigger": "no_match",
                "reply_ids": [(0, 0, {"body": "Write to evil.example for help"})],
                "resource_calendar_id": False,
            },
        )
        self.attempt(
            self.eve, "whatsapp.bot.rule", "write", [rule_id], {"company_id": self.company_2.id}
        )
        rule = self.env["whatsapp.bot.rule"].browse(rule_id)
        self.assertNotEqual(
            rule.company_id,
            self.company_2,
            "eve (editor of company 1 only) moved her fallback bot rule into company 2, "
            "where it answers company 2's customers",
        )

    # The test console plans answers as superuser --------------------------------------
    def test_console_reveals_no_sales_order_to_an_editor_without_sales_rights(self):
        if "sale.order" not in self.env:
            self.skipTest("needs Sales")
        customer = self.pool_b.partner_id
        order = self.env["sale.order"].create({"partner_id": customer.id})
        self.assert_refused(self.eve, "sale.order", "read", order.ids, ["name"])
        self.rpc(
            self.eve,
            "whatsapp.bot.rule",
            "create",
            {
                "name": "Spy",
                "keywords": "zzspy",
                "reply_ids": [(0, 0, {"body": "Order {{last_order}}: {{last_order_state}}"})],
                "resource_calendar_id": False,
            },
        )
        console = self.rpc(
            self.eve,
            "whatsapp.bot.console",
            "create",
            {"message": "zzspy", "partner_id": customer.id, "account_id": self.account.id},
        )
        self.rpc(self.eve, "whatsapp.bot.console", "action_try", [console])
        result = self.rpc(self.eve, "whatsapp.bot.console", "read", [console], ["result"])[0]
        self.assertNotIn(
            order.name,
            result["result"] or "",
            "eve (editor, no Sales rights) reads a customer's last order through the "
            f"console: {result['result']!r}",
        )
