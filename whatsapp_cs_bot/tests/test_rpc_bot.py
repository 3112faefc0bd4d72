# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The bots over JSON-RPC, as each role; editors' expressions can never hang
the webhook."""

from odoo import fields

from odoo.addons.whatsapp_cs.tests.rpc_common import RpcCase, our_public_methods

PUBLIC_API = {
    ("whatsapp.conversation", "action_bot_resume"): ("agent",),
    ("whatsapp.bot.rule", "action_open_console"): ("editor",),
    ("whatsapp.bot.console", "action_try"): ("editor",),
    ("mailing.mailing", "action_whatsapp_check_audience"): ("editor",),
    ("mailing.mailing", "action_whatsapp_pause"): ("editor",),
    ("mailing.mailing", "action_whatsapp_resume"): ("editor",),
    ("mailing.mailing", "action_whatsapp_stop"): ("editor",),
    ("mailing.mailing", "action_whatsapp_view_traces"): ("editor", "analyst"),
    ("whatsapp.account", "action_whatsapp_read_tier"): ("admin",),
}
CONFIG_MODELS = (
    "whatsapp.bot.rule",
    "whatsapp.bot.reply",
    "whatsapp.bot.button",
    "whatsapp.tag.rule",
    "whatsapp.sensitive.word",
)


class TestBotOverRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tag = cls.env["res.partner.category"].create({"name": "Price-sensitive"})

    def make_rule(self, **vals):
        return self.env["whatsapp.bot.rule"].create(
            {
                "name": "Prices",
                "keywords": "price",
                "reply_ids": [fields.Command.create({"body": "From 10 EUR."})],
                "resource_calendar_id": False,
                **vals,
            }
        )

    def test_every_public_method_is_listed_with_its_roles(self):
        found = {}
        for model_name in self.env.registry:
            for name, method in our_public_methods(
                self.env[model_name], ("whatsapp_cs_bot",)
            ).items():
                found[(model_name, name)] = method
        self.assertEqual(set(found), set(PUBLIC_API))
        for key, method in found.items():
            self.assertEqual(getattr(method, "whatsapp_roles", None), PUBLIC_API[key], key)
        rule = self.make_rule()
        for user in (self.nora, self.ana, self.ann):
            self.assert_refused(user, "whatsapp.bot.rule", "action_open_console", rule.ids)
        self.assert_refused(self.nora, "whatsapp.conversation", "action_bot_resume", self.mine.ids)

    def test_configuration_is_for_editors_and_analysts_only(self):
        self.make_rule()
        self.env["whatsapp.tag.rule"].create(
            {"name": "Discount", "tag_id": self.tag.id, "keywords": "discount"}
        )
        for model in CONFIG_MODELS:
            with self.subTest(model=model):
                for user in (self.nora, self.ann):
                    self.assert_refused(user, model, "search_read", [], ["display_name"])
                self.rpc(self.ana, model, "search_read", [], ["display_name"])
                self.rpc(self.eve, model, "search_read", [], ["display_name"])

    def test_counters_are_the_engines(self):
        rule = self.make_rule()
        for name in ("triggered_count", "handoff_count"):
            self.assert_refused(self.eve, "whatsapp.bot.rule", "write", rule.ids, {name: 99})
        tag_rule = self.env["whatsapp.tag.rule"].create(
            {"name": "Discount", "tag_id": self.tag.id, "keywords": "discount"}
        )
        self.assert_refused(
            self.eve, "whatsapp.tag.rule", "write", tag_rule.ids, {"tagged_count": 9}
        )
        self.assert_fields_refused(self.ana, rule, by_allow_list=False)
        self.rpc(self.eve, "whatsapp.bot.rule", "write", rule.ids, {"keywords": "price, cost"})
        self.assertEqual(rule.keywords, "price, cost")

    def test_bot_files_are_files_their_editor_may_open(self):
        rule = self.make_rule()
        for attachment in (self.admin_file, self.team_b_file):
            self.assert_refused(
                self.eve,
                "whatsapp.bot.rule",
                "write",
                rule.ids,
                {"attachment_ids": [(6, 0, attachment.ids)]},
            )
            self.assert_refused(
                self.eve,
                "whatsapp.bot.rule",
                "create",
                {"name": "Leak", "trigger": "no_match", "attachment_ids": [(4, attachment.id)]},
            )
        self.assertFalse(rule.attachment_ids)
        price_list = (
            self.env["ir.attachment"]
            .with_user(self.eve)
            .create(
                {"name": "prices.pdf", "raw": b"%PDF-1.4 prices", "mimetype": "application/pdf"}
            )
        )
        self.rpc(
            self.eve,
            "whatsapp.bot.rule",
            "write",
            rule.ids,
            {"attachment_ids": [(4, price_list.id)]},
        )
        self.assertEqual((price_list.res_model, price_list.res_id), ("whatsapp.bot.rule", rule.id))

    def test_only_its_agent_or_an_editor_switches_the_bot_back_on(self):
        self.mine.sudo().bot_stopped = True
        for user in (self.ann, self.eve):
            self.assert_refused(
                user, "whatsapp.conversation", "write", self.mine.ids, {"bot_stopped": False}
            )
        self.assert_refused(self.amy, "whatsapp.conversation", "action_bot_resume", self.mine.ids)
        self.assert_refused(self.ana, "whatsapp.conversation", "action_bot_resume", self.mine.ids)
        self.assertTrue(self.mine.bot_stopped)
        self.rpc(self.ann, "whatsapp.conversation", "action_bot_resume", self.mine.ids)
        self.assertFalse(self.mine.bot_stopped)

    def test_expressions_run_in_linear_time_even_in_the_webhook(self):
        refusal = self.assert_refused(
            self.eve,
            "whatsapp.bot.rule",
            "create",
            {"name": "Look-behind", "match_mode": "regex", "keywords": r"(?<!not )price"},
            names=("ValidationError",),
        )
        self.assertIn("linear time", refusal.message)
        # a catastrophic expression for a backtracking engine, and its worst input
        self.make_rule(match_mode="regex", keywords=r"^(a+)+$")
        attack = "a" * 30000 + "!"
        wamid, response = self.emulator.customer_message("16505554050", text=attack)
        self.assertEqual(response.status_code, 200)
        event = self.env["whatsapp.event"].search([("event_key", "like", wamid)])
        self.assertFalse(event.answer_first)
        self.process_events()
        self.assertEqual(event.state, "done")
        _wamid, response = self.emulator.customer_message("16505554051", text="aaaa")
        self.assertTrue(self.env["whatsapp.event"].search([], limit=1).answer_first)
