# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Two workers send one broadcast: committed data, real cursors, threads."""

import threading
import time

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.tests import BaseCase, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestTwoWorkers(BaseCase):
    """Not a TransactionCase: each worker is a real transaction of its own,
    so the data is committed first (and removed at the end)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from odoo.modules.registry import Registry
        from odoo.tools import config

        cls.registry = Registry(config["db_name"].split(",")[0])

    def setUp(self):
        super().setUp()
        self.created = {}
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            account = env["whatsapp.account"].create(
                {
                    "name": "Workers test",
                    "phone_number_id": "900000000000777",
                    "waba_id": "910000000000777",
                    "access_token": "unused",
                    "messaging_tier": "unlimited",
                }
            )
            template = env["whatsapp.template"].create(
                {
                    "name": "workers_offer",
                    "language": "en_US",
                    "account_id": account.id,
                    "category": "MARKETING",
                    "status": "APPROVED",
                    "components": '[{"type": "BODY", "text": "Our VIP week starts today."}]',
                }
            )
            partners = env["res.partner"].create(
                [
                    {
                        "name": f"Worker test {index}",
                        "mobile": f"+55 21 9{index:08d}",
                        "whatsapp_opt_in": True,
                    }
                    for index in range(300)
                ]
            )
            mailing = env["mailing.mailing"].create(
                {
                    "subject": "Two workers",
                    "mailing_type": "whatsapp",
                    "wa_account_id": account.id,
                    "wa_template_id": template.id,
                    "mailing_model_id": env["ir.model"]._get("res.partner").id,
                    "mailing_domain": repr([("id", "in", partners.ids)]),
                    "state": "in_queue",
                }
            )
            env["mailing.mailing"]._wa_plan_due()
            self.created = {
                "account": account.id,
                "template": template.id,
                "partners": partners.ids,
                "mailing": mailing.id,
                "source": mailing.source_id.id,
            }
        self.addCleanup(self._remove)

    def _remove(self):
        ids = self.created
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM whatsapp_message WHERE account_id = %s", [ids["account"]])
            cr.execute("DELETE FROM whatsapp_conversation WHERE account_id = %s", [ids["account"]])
            cr.execute("DELETE FROM mailing_trace WHERE mass_mailing_id = %s", [ids["mailing"]])
            cr.execute("DELETE FROM mailing_mailing WHERE id = %s", [ids["mailing"]])
            cr.execute("DELETE FROM utm_source WHERE id = %s", [ids["source"]])
            cr.execute("DELETE FROM whatsapp_template WHERE id = %s", [ids["template"]])
            cr.execute("DELETE FROM whatsapp_account WHERE id = %s", [ids["account"]])
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'res.partner' AND res_id = ANY(%s)",
                [ids["partners"]],
            )
            cr.execute("DELETE FROM res_partner WHERE id = ANY(%s)", [ids["partners"]])

    def test_two_workers_never_send_anyone_twice(self):
        # the sender's lead would stop each batch at 320 queued messages: room for all
        barrier = threading.Barrier(2)
        handed = []
        errors = []

        def worker():
            try:
                with self.registry.cursor() as cr:
                    # the test runner holds the registries' lock: the
                    # worker's transaction gets the registry directly
                    cr.transaction = api.Transaction(self.registry)
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    barrier.wait(timeout=10)
                    total = 0
                    deadline = time.monotonic() + 60
                    while time.monotonic() < deadline:
                        count = env["mailing.mailing"]._wa_send_batch(limit=25)
                        cr.commit()  # pylint: disable=invalid-commit
                        total += count
                        # none claimed: the other worker holds or just took
                        # them (a fresh transaction sees which are left)
                        if not count and not env["mailing.mailing"]._wa_due_count():
                            break
                    handed.append(total)
            except Exception as error:  # noqa: BLE001 - reported by the test
                errors.append(error)

        threads = [threading.Thread(target=worker) for _i in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        self.assertFalse(errors)
        self.assertEqual(sum(handed), 300)
        self.assertTrue(all(handed), f"both workers took a share: {handed}")
        with self.registry.cursor() as cr:
            cr.execute(
                """SELECT count(*), count(DISTINCT conversation.partner_id),
                          count(DISTINCT message.mailing_trace_id)
                     FROM whatsapp_message message
                     JOIN whatsapp_conversation conversation
                       ON conversation.id = message.conversation_id
                    WHERE message.account_id = %s""",
                [self.created["account"]],
            )
            self.assertEqual(cr.fetchone(), (300, 300, 300))
            cr.execute(
                """SELECT trace_status, count(*) FROM mailing_trace
                    WHERE mass_mailing_id = %s GROUP BY trace_status""",
                [self.created["mailing"]],
            )
            self.assertEqual(dict(cr.fetchall()), {"process": 300})

    def test_a_recipient_is_planned_once(self):
        """A second plan of the same broadcast (another worker, a retry) adds nobody."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            mailing = env["mailing.mailing"].browse(self.created["mailing"])
            self.assertEqual(mailing._wa_plan(), 0)
            trace = mailing.mailing_trace_ids[:1]
            with (
                self.assertRaises(psycopg2.IntegrityError),
                cr.savepoint(),
                mute_logger("odoo.sql_db"),
            ):
                trace.copy({"res_id": self.created["partners"][0] + 10**6})
