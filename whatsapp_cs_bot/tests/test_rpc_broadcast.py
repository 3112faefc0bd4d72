# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Broadcasts over JSON-RPC as each role: admins and editors create and send
them, analysts read them, agents and other users do not see them."""

from odoo.addons.whatsapp_cs.tests.rpc_common import RpcCase

from ..models.mailing_mailing import BROADCAST_FIELDS
from .broadcast_common import VIP_OFFER


class TestBroadcastOverRpc(RpcCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.messaging_tier = "unlimited"
        cls.customer = cls.env["res.partner"].create(
            {"name": "VIP", "mobile": "+55 11 912345678", "whatsapp_opt_in": True}
        )

    def setUp(self):
        super().setUp()
        self.emulator.templates.append(dict(VIP_OFFER, id="390000000000201"))
        self.account.action_sync_templates()
        self.template = self.account.template_ids.filtered(lambda t: t.name == "vip_offer")

    def values(self, **extra):
        return {
            "subject": "VIP week",
            "mailing_type": "whatsapp",
            "wa_account_id": self.account.id,
            "wa_template_id": self.template.id,
            "mailing_model_id": self.env["ir.model"]._get("res.partner").id,
            "mailing_domain": repr([("id", "=", self.customer.id)]),
            **extra,
        }

    def test_editors_and_admins_create_and_send_broadcasts(self):
        for user in (self.eve, self.rob):
            with self.subTest(user=user.login):
                mailing_id = self.rpc(user, "mailing.mailing", "create", [self.values()])[0]
                self.rpc(user, "mailing.mailing", "action_whatsapp_check_audience", [mailing_id])
                mailing = self.env["mailing.mailing"].browse(mailing_id)
                self.assertEqual(mailing.wa_audit_count, 1)
                # what the Send Now button writes (the tour presses it)
                self.rpc(
                    user,
                    "mailing.mailing",
                    "write",
                    [mailing_id],
                    {"schedule_type": "now", "state": "in_queue"},
                )
                self.assertEqual(mailing.state, "in_queue")
                self.rpc(user, "mailing.mailing", "action_whatsapp_stop", [mailing_id])
                self.assertEqual(mailing.state, "done")
        mailing_id = self.rpc(self.eve, "mailing.mailing", "create", [self.values()])[0]
        self.assert_refused(self.eve, "mailing.mailing", "unlink", [mailing_id])
        self.rpc(self.rob, "mailing.mailing", "unlink", [mailing_id])

    def test_an_editor_sets_only_the_broadcast_fields(self):
        mailing = self.env["mailing.mailing"].create(self.values())
        self.assert_fields_refused(self.eve, mailing, allowed=BROADCAST_FIELDS)
        self.assert_refused(self.eve, "mailing.mailing", "write", mailing.ids, {"state": "done"})
        # an e-mail mailing is not theirs to make
        self.assert_refused(
            self.eve,
            "mailing.mailing",
            "create",
            [dict(self.values(), mailing_type="mail", wa_template_id=False)],
        )
        # recipients only among the models Odoo offers for mailings (the
        # cron reads them as superuser): not users, not the configuration
        for model in ("res.users", "whatsapp.account"):
            with self.subTest(model=model):
                model_id = self.env["ir.model"]._get(model).id
                self.assert_refused(
                    self.eve, "mailing.mailing", "create", [self.values(mailing_model_id=model_id)]
                )
                change = {"mailing_model_id": model_id}
                self.assert_refused(self.eve, "mailing.mailing", "write", mailing.ids, change)
        # the buttons' own writes, and nothing else, once it has started
        self.rpc(self.eve, "mailing.mailing", "write", mailing.ids, {"state": "in_queue"})
        self.env["mailing.mailing"]._cron_whatsapp_broadcast()
        self.assertEqual(mailing.state, "done")
        self.assert_refused(
            self.eve,
            "mailing.mailing",
            "write",
            mailing.ids,
            {"wa_template_id": self.template.id},
            names=("UserError",),
        )

    def test_analysts_read_agents_and_others_do_not(self):
        mailing = self.env["mailing.mailing"].create(self.values())
        email = self.env["mailing.mailing"].create(
            {
                "subject": "Newsletter",
                "mailing_model_id": self.env["ir.model"]._get("res.partner").id,
            }
        )
        found = self.rpc(self.ana, "mailing.mailing", "search_read", [], fields=["subject"])
        self.assertEqual([row["id"] for row in found], mailing.ids, "broadcasts only")
        self.assertNotIn(email.id, [row["id"] for row in found])
        self.rpc(self.ana, "mailing.mailing", "action_whatsapp_view_traces", mailing.ids)
        for method, args in (
            ("create", [self.values()]),
            ("write", [mailing.ids, {"subject": "Mine"}]),
            ("action_whatsapp_check_audience", [mailing.ids]),
            ("write", [mailing.ids, {"state": "in_queue"}]),
            ("action_whatsapp_stop", [mailing.ids]),
        ):
            with self.subTest(method=method):
                self.assert_refused(self.ana, "mailing.mailing", method, *args)
        for user in (self.ann, self.nora):
            with self.subTest(user=user.login):
                self.assert_refused(user, "mailing.mailing", "read", mailing.ids, ["subject"])
                self.assert_refused(user, "mailing.mailing", "create", [self.values()])
                self.assert_refused(user, "mailing.mailing", "action_whatsapp_pause", mailing.ids)
        self.assertEqual(mailing.state, "draft")

    def test_only_admins_set_the_messaging_limit(self):
        self.assert_refused(
            self.eve, "whatsapp.account", "write", self.account.ids, {"messaging_tier": "100000"}
        )
        self.assert_refused(
            self.eve, "whatsapp.account", "action_whatsapp_read_tier", self.account.ids
        )
        self.rpc(self.rob, "whatsapp.account", "action_whatsapp_read_tier", self.account.ids)
        self.assertEqual(self.account.messaging_tier, "unlimited")  # the emulator's
        self.emulator.messaging_tier = 2000
        self.rpc(self.rob, "whatsapp.account", "action_whatsapp_read_tier", self.account.ids)
        self.assertEqual(self.account.messaging_tier, "2000")
        self.rpc(self.rob, "whatsapp.account", "write", self.account.ids, {"messaging_tier": "250"})
        self.assertEqual(self.account.messaging_tier, "250")
