# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from unittest.mock import patch

from psycopg2 import OperationalError

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.tools import mute_logger

from ..tools.webhook_payload import split_events
from .common import WhatsappCase

WEBHOOK = "/whatsapp/webhook"


class TestWebhook(WhatsappCase):
    def test_get_handshake_echoes_challenge(self):
        response = self.url_open(
            f"{WEBHOOK}?hub.mode=subscribe&hub.verify_token=test-verify&hub.challenge=1158201444"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.text, "1158201444")

    @mute_logger("odoo.addons.whatsapp_cs.controllers.whatsapp")
    def test_get_handshake_wrong_token_is_403(self):
        response = self.url_open(
            f"{WEBHOOK}?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1"
        )
        self.assertEqual(response.status_code, 403)
        self.assertNotIn("1", response.text.replace("403", ""))

    def test_signed_message_is_stored_once_and_processed(self):
        wamid, response = self.emulator.customer_message("16505551234", text="Hi there")
        self.assertEqual(response.status_code, 200)
        event = self.events()
        self.assertEqual(len(event), 1)
        self.assertEqual(event.state, "pending", "processing happens after the answer")
        self.process_events()
        self.assertEqual(event.state, "done")
        message = self.env["whatsapp.message"].search([("wamid", "=", wamid)])
        self.assertRecordValues(
            message, [{"direction": "in", "body": "Hi there", "state": "received"}]
        )
        self.assertEqual(event.message_id, message)

    def test_new_event_wakes_the_processing_cron(self):
        cron = self.env.ref("whatsapp_cs.ir_cron_process_events")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        payload = self.emulator.build_customer_message("16505551234", text="wake up")
        self.emulator.post_webhook(payload)
        new = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers
        self.assertEqual(len(new), 1)
        self.assertLessEqual(new.call_at, fields.Datetime.now())
        self.emulator.post_webhook(payload)  # a redelivery stores nothing, wakes nobody
        self.assertEqual(
            self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)]) - triggers, new
        )

    def test_redelivery_racing_its_original_is_stored_once(self):
        """Two requests with one event, the second's snapshot older than the
        first's commit: PostgreSQL refuses to serialize; that means 'stored'."""
        # Real, separately committed transactions are the point of this test.
        # pylint: disable=invalid-commit
        event = split_events(self.emulator.build_customer_message("16505551234", text="race"))[0]
        db = sql_db.db_connect(self.env.cr.dbname)
        with db.cursor() as cr:
            account = api.Environment(cr, SUPERUSER_ID, {})["whatsapp.account"].create(
                {"name": "Race", "phone_number_id": "race-1", "waba_id": "race", "app_secret": "s"}
            )
            account_id = account.id
            cr.commit()
        try:
            with db.cursor() as late, db.cursor() as first:
                late.execute("SELECT 1")  # the late request's snapshot starts here
                stored_first = self._ingest(first, account_id, event)
                first.commit()
                stored_late = self._ingest(late, account_id, event)
                late.commit()
            self.assertEqual((stored_first, stored_late), (1, 0))
        finally:
            with db.cursor() as cr:
                cr.execute("DELETE FROM whatsapp_event WHERE account_id = %s", [account_id])
                cr.execute("DELETE FROM whatsapp_account WHERE id = %s", [account_id])

    @staticmethod
    def _ingest(cr, account_id, event):
        return api.Environment(cr, SUPERUSER_ID, {})["whatsapp.event"]._ingest(
            [(account_id, event)]
        )

    @mute_logger("odoo.http", "odoo.sql_db")
    def test_no_ok_for_an_event_the_database_did_not_store(self):
        """PostgreSQL going away during the request (./run chaos pgrestart):
        Meta must not get a 200, so that it sends the event again."""
        payload = self.emulator.build_customer_message("16505551234", text="again later")
        lost = OperationalError("server closed the connection unexpectedly")
        with patch.object(type(self.env["whatsapp.event"]), "_insert_values", side_effect=lost):
            response = self.emulator.post_webhook(payload)
        self.assertNotEqual(response.status_code, 200)
        self.assertFalse(self.events())
        self.assertEqual(self.emulator.post_webhook(payload).status_code, 200)
        self.process_events()
        self.assertEqual(
            self.env["whatsapp.message"].search_count([("body", "=", "again later")]), 1
        )

    def test_replayed_webhook_is_a_noop(self):
        payload = self.emulator.build_customer_message("16505551234", text="once")
        for _i in range(3):
            self.assertEqual(self.emulator.post_webhook(payload).status_code, 200)
        self.assertEqual(len(self.events()), 1)
        self.process_events()
        self.emulator.post_webhook(payload)  # redelivered after processing
        self.process_events()
        self.assertEqual(self.env["whatsapp.message"].search_count([("body", "=", "once")]), 1)

    @mute_logger("odoo.addons.whatsapp_cs.controllers.whatsapp")
    def test_unsigned_webhook_is_refused(self):
        payload = self.emulator.build_customer_message("16505551234", text="unsigned")
        response = self.url_open(
            WEBHOOK, data=json.dumps(payload), headers={"Content-Type": "application/json"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.events())

    @mute_logger("odoo.addons.whatsapp_cs.controllers.whatsapp")
    def test_wrong_signature_is_refused(self):
        payload = self.emulator.build_customer_message("16505551234", text="forged")
        response = self.emulator.post_webhook(payload, secret="not-the-app-secret")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(self.events())

    @mute_logger("odoo.addons.whatsapp_cs.controllers.whatsapp")
    def test_signature_covers_the_raw_bytes(self):
        """Meta signs its escaped-unicode encoding; re-encoding must not matter."""
        payload = self.emulator.build_customer_message("16505551234", text="你好 ✓")
        raw = json.dumps(payload, ensure_ascii=True).encode()
        self.assertEqual(self.emulator.post_webhook(payload, raw=raw).status_code, 200)
        tampered = raw.replace(b"16505551234", b"16505559999")
        response = self.emulator.post_webhook(
            payload, raw=tampered, headers={"X-Hub-Signature-256": "sha256=" + "0" * 64}
        )
        self.assertEqual(response.status_code, 403)
        self.process_events()
        self.assertEqual(
            self.env["whatsapp.message"].search([("body", "=", "你好 ✓")]).direction, "in"
        )

    @mute_logger(
        "odoo.addons.whatsapp_cs.controllers.whatsapp",
        "odoo.addons.whatsapp_cs.models.whatsapp_event",
    )
    def test_signed_unreadable_bodies_end_failed_with_a_reason_and_the_next_flow(self):
        """Found by ./run chaos fuzz: Meta's signed body that we cannot read
        was answered 400, so Meta would send it again for days and nobody
        would see it. It is kept once, failed with its reason; unsigned
        bodies are refused before being read."""
        bodies = (
            b'{"entry": [',
            b'{"object": "x"}',
            json.dumps({"entry": [{"id": "1", "changes": ["not an object"]}]}).encode(),
        )
        for raw in (*bodies, bodies[0]):  # the first one redelivered
            self.assertEqual(self.emulator.post_webhook({}, raw=raw).status_code, 200)
        events = self.events()
        self.assertEqual(len(events), 3)
        self.assertEqual(set(events.mapped("state")), {"failed"})
        self.assertTrue(all(e.last_error.startswith("Unreadable webhook: ") for e in events))
        self.assertIn("malformed JSON", " ".join(events.mapped("last_error")))
        response = self.url_open(
            WEBHOOK, data=bodies[0], headers={"Content-Type": "application/json"}
        )
        self.assertEqual(response.status_code, 403, "unsigned: refused, nothing stored")
        self.assertEqual(len(self.events()), 3)
        events.with_user(self.wa_admin).action_replay()
        self.process_events()
        self.assertRecordValues(events[:1], [{"state": "failed", "attempts": 1}])
        message = self.customer_says("16505551234", text="still flowing")
        self.assertEqual(message.body, "still flowing")

    @mute_logger("odoo.addons.whatsapp_cs.controllers.whatsapp")
    def test_unknown_number_is_logged_not_stored(self):
        payload = self.emulator.build_customer_message("16505551234", text="wrong number")
        payload["entry"][0]["changes"][0]["value"]["metadata"]["phone_number_id"] = "123"
        response = self.emulator.post_webhook(payload)
        self.assertEqual(response.status_code, 200)
        self.assertFalse(self.env["whatsapp.event"].search([("event_key", "like", "%wrong%")]))
        self.assertFalse(self.events())

    def test_batched_payload_stores_every_event(self):
        first = self.emulator.build_customer_message("16505551234", text="one")
        second = self.emulator.build_customer_message("16505550000", text="two")
        value = first["entry"][0]["changes"][0]["value"]
        value["messages"] += second["entry"][0]["changes"][0]["value"]["messages"]
        value["contacts"] += second["entry"][0]["changes"][0]["value"]["contacts"]
        self.assertEqual(self.emulator.post_webhook(first).status_code, 200)
        self.assertEqual(len(self.events()), 2)
        self.process_events()
        self.assertEqual(set(self.events().mapped("state")), {"done"})

    @mute_logger("odoo.addons.whatsapp_cs.models.whatsapp_event")
    def test_customers_awaiting_an_answer_come_first_in_order(self):
        for wa_id, text in [
            ("16505550301", "first"),
            ("16505550302", "second"),
            ("16505550303", "third"),
            ("16505550302", "fourth"),
        ]:
            self.customer_says(wa_id, text=text, process=False)
        events = self.events().sorted("id")
        events[3].answer_first = True  # e.g. a question a bot rule answers
        claim = self.env["whatsapp.event"]._claim_pending
        self.assertEqual(claim(3).ids, [events[1].id, events[3].id], "their backlog, alone")
        self.assertEqual(
            claim(2, answers_first=False).ids, [events[0].id, events[1].id], "or the oldest"
        )
        self.process_events()
        self.assertEqual(claim(3).ids, [events[0].id, events[2].id], "then the oldest")
        self.process_events()
        self.assertEqual(set(self.events().mapped("state")), {"done"})

    def test_crash_while_processing_keeps_the_event_for_replay(self):
        message_model = type(self.env["whatsapp.message"])
        with patch.object(message_model, "_receive_inbound", side_effect=RuntimeError("boom")):
            self.customer_says("16505551234", text="survives")
        event = self.events()
        self.assertRecordValues(event, [{"state": "pending", "attempts": 1}])
        self.assertIn("boom", event.last_error)
        # retries are spaced out; an admin sees the failure and replays it
        event.sudo().write({"state": "failed"})
        event.with_user(self.wa_admin).action_replay()
        self.assertEqual(event.state, "pending")
        self.process_events()
        self.assertEqual(event.state, "done")
        self.assertTrue(self.env["whatsapp.message"].search([("body", "=", "survives")]))

    @mute_logger("odoo.addons.whatsapp_cs.models.whatsapp_event")
    def test_event_fails_after_max_attempts(self):
        message_model = type(self.env["whatsapp.message"])
        with patch.object(message_model, "_receive_inbound", side_effect=ValueError("bad")):
            self.customer_says("16505551234", text="never")
            event = self.events()
            for _i in range(10):
                event.sudo().next_attempt_at = "2000-01-01 00:00:00"
                self.process_events()
        self.assertRecordValues(event, [{"state": "failed", "attempts": 6}])
        self.assertEqual(self.account.failed_event_count, 1)
