# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Broadcasts: the audience and its cost, sending within Meta's limits, the
recipients' tracking and what the broadcast sold."""

import time
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields

from .broadcast_common import BroadcastCase


class TestBroadcast(BroadcastCase):
    def test_audience_check_counts_who_gets_it_and_the_cost(self):
        good = self.customers(3)
        no_number = self.env["res.partner"].create({"name": "Nobody", "whatsapp_opt_in": True})
        stopped = self.customers(1, start=10)
        stopped._whatsapp_set_marketing_opt_out(True, "test")
        american = self.env["res.partner"].create(
            {"name": "Joe", "mobile": "+1 650 555 1234", "whatsapp_opt_in": True}
        )
        twin = self.env["res.partner"].create(
            {"name": "VIP 0 again", "mobile": "+55 11 900000000", "whatsapp_opt_in": True}
        )
        no_consent = self.customers(1, start=20, whatsapp_opt_in=False)
        french = self.env["res.partner"].create(
            {"name": "Léa", "mobile": "+33 6 12 34 56 78", "whatsapp_opt_in": True}
        )
        mailing = self.broadcast(good | no_number | stopped | american | twin | no_consent | french)
        mailing.action_whatsapp_check_audience()
        self.assertEqual(mailing.wa_audit_total, 9)
        self.assertEqual(mailing.wa_audit_count, 4)
        # 3 Brazilian numbers at 0.0625, one French at the default 0.05
        self.assertAlmostEqual(mailing.wa_audit_cost, 3 * 0.0625 + 0.05, places=2)
        for label in (
            "No WhatsApp number: 1",
            "Stopped marketing (phone blacklist): 1",
            "Marketing to a +1 number: 1",
            "Duplicate number: 1",
            "No opt-in recorded: 1",
        ):
            self.assertIn(label, mailing.wa_audit_skipped)
        # the plan says the same, recipient by recipient
        traces = self.launch(mailing)
        self.assertEqual(len(traces), 9)
        skipped = traces.filtered(lambda t: t.trace_status == "cancel")
        self.assertEqual(
            sorted(skipped.mapped("failure_type")),
            sorted(
                ["wa_no_number", "wa_blacklist", "wa_us_marketing", "wa_duplicate", "wa_no_opt_in"]
            ),
        )
        self.assertEqual(len(traces.filtered(lambda t: t.trace_status == "process")), 4)

    def test_a_broadcast_is_sent_tracked_and_counted(self):
        partners = self.customers(3)
        mailing = self.broadcast(partners)
        self.assertEqual(mailing.medium_id, self.env.ref("whatsapp_cs.utm_medium_whatsapp"))
        self.assertTrue(mailing.source_id)
        traces = self.launch(mailing)
        # everyone is handed to the send queue: the broadcast is done, its
        # figures keep moving with the messages
        self.assertEqual(mailing.state, "done")
        messages = traces.wa_message_id
        self.assertEqual(len(messages), 3)
        self.assertTrue(all(messages.mapped("is_broadcast")))
        self.assertEqual(messages[0].body, "Hi VIP 0, 20% off for our VIP customers this week.")
        self.send_queue()
        self.assertEqual(self.sent_to(), ["5511900000000", "5511900000001", "5511900000002"])
        self.assertEqual(set(traces.mapped("trace_status")), {"pending"})
        first, second, third = traces.sorted("id")
        for trace in (first, second):
            self.emulator.status(trace.wa_message_id.wamid, "delivered")
        self.emulator.status(first.wa_message_id.wamid, "read")
        self.process_events()
        self.assertEqual(first.trace_status, "open")
        self.assertEqual(second.trace_status, "sent")
        self.assertEqual(third.trace_status, "pending")
        # a late "delivered" after "read" does not move it back
        self.emulator.status(first.wa_message_id.wamid, "delivered")
        self.process_events()
        self.assertEqual(first.trace_status, "open")
        # the reply lands in the conversation and counts on the broadcast
        reply = self.customer_says("5511900000000", text="I want the red one")
        self.assertEqual(reply.conversation_id, first.wa_conversation_id)
        self.assertEqual(first.trace_status, "reply")
        self.assertEqual(
            (mailing.sent, mailing.delivered, mailing.opened, mailing.replied), (3, 2, 1, 1)
        )
        # cost: Meta's pricing object (billed marketing) and the rate table
        self.assertAlmostEqual(first.wa_cost, 0.0625)
        self.assertAlmostEqual(mailing.wa_cost, 2 * 0.0625, delta=0.006)  # in cents

    def test_an_opt_out_since_scheduling_is_skipped(self):
        partners = self.customers(3)
        mailing = self.broadcast(
            partners, schedule_type="scheduled", schedule_date=datetime(2030, 1, 1, 9)
        )
        mailing.action_put_in_queue()
        with freeze_time("2030-01-01 09:00:01"):
            self.env["mailing.mailing"]._wa_plan_due()
            self.assertEqual(mailing.state, "sending")
            # planned for everyone, then one stops marketing before their batch
            partners[1]._whatsapp_set_marketing_opt_out(True, "STOP")
            self.run_broadcasts()
        trace = mailing.mailing_trace_ids.filtered(lambda t: t.wa_partner_id == partners[1])
        self.assertEqual((trace.trace_status, trace.failure_type), ("cancel", "wa_blacklist"))
        self.assertFalse(trace.wa_message_id)
        self.assertEqual(len(mailing.mailing_trace_ids.wa_message_id), 2)

    def test_a_local_hour_in_each_recipients_time_zone(self):
        tokyo = self.customers(1, tz="Asia/Tokyo")
        lisbon = self.customers(1, start=1, tz="Europe/Lisbon")
        mailing = self.broadcast(
            tokyo | lisbon,
            schedule_type="scheduled",
            schedule_date=datetime(2030, 1, 1, 0, 0),
            wa_local_time=True,
            wa_local_hour=10.0,
        )
        mailing.action_put_in_queue()
        with freeze_time("2030-01-01 00:00:05"):
            self.run_broadcasts()
        due = {t.wa_partner_id: t.wa_due_at for t in mailing.mailing_trace_ids}
        self.assertEqual(due[tokyo], datetime(2030, 1, 1, 1, 0))  # 10:00 in Tokyo (UTC+9)
        self.assertEqual(due[lisbon], datetime(2030, 1, 1, 10, 0))  # 10:00 in Lisbon (UTC)
        self.assertFalse(mailing.mailing_trace_ids.wa_message_id)
        with freeze_time("2030-01-01 01:00:01"):
            self.run_broadcasts()
        self.assertEqual(mailing.mailing_trace_ids.wa_message_id.partner_id, tokyo)

    def test_pause_resume_and_stop(self):
        partners = self.customers(4)
        mailing = self.broadcast(partners)
        mailing.action_launch()
        self.env["mailing.mailing"]._wa_plan_due()
        mailing.action_whatsapp_pause()
        self.run_broadcasts()
        self.assertFalse(mailing.mailing_trace_ids.wa_message_id, "paused: nothing leaves")
        mailing.action_whatsapp_resume()
        self.env["mailing.mailing"]._wa_send_batch(limit=2)
        self.env.invalidate_all()
        self.assertEqual(len(mailing.mailing_trace_ids.wa_message_id), 2)
        mailing.action_whatsapp_stop()
        self.assertEqual(mailing.state, "done")
        statuses = mailing.mailing_trace_ids.mapped("trace_status")
        self.assertEqual(statuses.count("cancel"), 4, "queued recipients and messages cancelled")
        self.assertEqual(set(mailing.mailing_trace_ids.wa_message_id.mapped("state")), {"failed"})
        self.send_queue()
        self.assertFalse(self.emulator.sent)

    def test_the_budget_stops_the_broadcast(self):
        partners = self.customers(5)
        mailing = self.broadcast(partners, wa_budget=0.2)  # three at 0.0625
        self.launch(mailing)
        self.assertEqual(len(mailing.mailing_trace_ids.wa_message_id), 3)
        self.assertEqual(mailing.state, "done")
        self.assertEqual(
            mailing.mailing_trace_ids.filtered(lambda t: t.failure_type == "wa_budget").mapped(
                "trace_status"
            ),
            ["cancel", "cancel"],
        )

    def test_the_daily_tier_rolls_over_to_the_next_day(self):
        self.account.messaging_tier = "250"
        # 248 customers got a template from this number in the last 24 hours
        others = self.customers(248, start=1000)
        conversations = self.env["whatsapp.conversation"].create(
            [{"account_id": self.account.id, "partner_id": p.id} for p in others]
        )
        start = fields.Datetime.now()
        self.env["whatsapp.message"].create(
            [
                {
                    "conversation_id": c.id,
                    "direction": "out",
                    "message_type": "template",
                    "template_id": self.template_a.id,
                    "body": "Earlier",
                    "state": "delivered",
                }
                for c in conversations
            ]
        )
        partners = self.customers(5)
        mailing = self.broadcast(partners)
        self.launch(mailing)
        traces = mailing.mailing_trace_ids.sorted("id")
        self.assertEqual(traces.wa_message_id.partner_id, partners[:2])
        waiting = traces.filtered(lambda t: not t.wa_message_id)
        self.assertEqual(waiting.wa_partner_id, partners[2:])
        self.assertTrue(all(t.wa_due_at > start + timedelta(hours=23) for t in waiting))
        self.assertEqual(mailing.wa_postponed, 3)
        self.assertEqual(mailing.state, "sending")
        self.run_broadcasts()
        self.assertEqual(len(traces.wa_message_id), 2, "nothing more today")
        # the next day the rest goes, in order
        with freeze_time(start + timedelta(hours=24, minutes=2)):
            self.env["mailing.mailing"]._wa_send_batch(limit=1)
            self.env.invalidate_all()
            self.assertEqual(traces.wa_message_id.partner_id, partners[:3])
            self.run_broadcasts()
        self.assertEqual(traces.wa_message_id.partner_id, partners)
        self.assertEqual(mailing.state, "done")

    def test_ab_split_of_two_templates(self):
        partners = self.customers(10)
        first = self.broadcast(partners, ab_testing_enabled=True, ab_testing_pc=50)
        campaign = first.campaign_id
        self.assertTrue(campaign)
        second = self.broadcast(
            partners,
            template=self.template_b,
            ab_testing_enabled=True,
            ab_testing_pc=50,
            campaign_id=campaign.id,
        )
        self.assertEqual(first._get_ab_testing_siblings_mailings(), first | second)
        self.launch(first)
        self.launch(second)
        got_a = first.mailing_trace_ids.wa_partner_id
        got_b = second.mailing_trace_ids.wa_partner_id
        self.assertEqual((len(got_a), len(got_b)), (5, 5))
        self.assertFalse(got_a & got_b)
        self.assertEqual(set(first.mailing_trace_ids.wa_message_id.template_id), {self.template_a})
        self.assertEqual(set(second.mailing_trace_ids.wa_message_id.template_id), {self.template_b})
        # the winner: most replies (Odoo's A/B machinery on WhatsApp's traces)
        self.send_queue()
        winner_trace = second.mailing_trace_ids[:1]
        self.customer_says(winner_trace.wa_number, text="Yes please")
        self.run_broadcasts()
        (first | second).invalidate_recordset()
        self.assertEqual((first.state, second.state), ("done", "done"))
        first.campaign_id.ab_testing_winner_selection = "replied_ratio"
        self.assertGreater(second.replied_ratio, first.replied_ratio)

    def test_meta_marketing_limit_is_not_a_failure(self):
        partners = self.customers(2)
        self.emulator.marketing_limited.add("5511900000001")
        mailing = self.broadcast(partners)
        self.launch(mailing)
        self.send_queue()
        self.assertEqual(len(self.emulator.refused), 1)
        self.wait_for_webhooks()
        self.process_events()
        limited = mailing.mailing_trace_ids.filtered(lambda t: t.wa_partner_id == partners[1])
        self.assertEqual((limited.trace_status, limited.failure_type), ("cancel", "wa_meta_limit"))
        self.assertEqual(limited.wa_error_code, 131049)
        self.assertIn("131049", limited.failure_reason)
        self.assertGreater(
            partners[1].whatsapp_marketing_limited_until,
            fields.Datetime.now() + timedelta(hours=23),
        )
        self.assertEqual(mailing.failed, 0)
        # not retried within 24 hours: the next broadcast skips them
        again = self.broadcast(partners)
        self.launch(again)
        skipped = again.mailing_trace_ids.filtered(lambda t: t.wa_partner_id == partners[1])
        self.assertEqual(skipped.failure_type, "wa_meta_limit")
        self.assertFalse(skipped.wa_message_id)

    def test_meta_marketing_limit_as_an_error_answer(self):
        partners = self.customers(1)
        mailing = self.broadcast(partners)
        self.launch(mailing)
        self.emulator.add_fault(code=131049, status=400)
        self.send_queue()
        trace = mailing.mailing_trace_ids
        self.assertEqual((trace.trace_status, trace.failure_type), ("cancel", "wa_meta_limit"))

    def test_pacing_at_the_numbers_throughput(self):
        self.account.throughput = 5
        self.emulator.throughput = 5
        partners = self.customers(12)
        mailing = self.broadcast(partners)
        self.launch(mailing)
        self.send_queue()
        moments = sorted(item["at"] for item in self.emulator.sent)
        self.assertEqual(len(moments), 12)
        self.assertEqual(self.emulator.throttled, 0)
        # the bucket starts full (5); the other 7 are spaced at 5/s
        self.assertGreaterEqual(moments[-1] - moments[0], (12 - 5) / 5 * 0.9)

    def wait_for_webhooks(self, seconds=5):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.events().filtered(lambda e: e.kind == "status"):
                return
            time.sleep(0.2)
