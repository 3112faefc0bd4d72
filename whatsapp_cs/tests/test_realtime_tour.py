# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The real-time inbox in Chromium, with Odoo's real websocket bus.

Odoo disables the websocket in test mode and never commits, so nothing
would wake the browsers: as in Odoo's own ``WebsocketCase``, the websocket is
allowed (during the tour only: a late reconnection of a closing browser is
refused rather than left open), and a pump thread plays the cron workers (events, send queue, read
receipts) and, after each of its transactions, tells the open websockets that
notifications are waiting (what PostgreSQL's NOTIFY does outside tests). The
customer writes through the Cloud API emulator's signed webhook while the tour
runs, when the agent has the conversation open.
"""

import threading
from unittest.mock import patch

from odoo import SUPERUSER_ID, api

from odoo.addons.bus.models.bus import dispatch
from odoo.addons.bus.websocket import WebsocketConnectionHandler

from .common import WhatsappCase

PUMP_SECONDS = 0.2


class TestRealtimeTour(WhatsappCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the pump holds the test cursor: the send queue must not wait on threads
        cls.env["ir.config_parameter"].sudo().set_param("whatsapp_cs.send_threads", 1)
        cls.ann = cls.make_user("ann_agent")
        cls.ann.password = "ann_agent"
        cls.bea = cls.make_user("bea_agent")
        cls.bea.password = "bea_agent"
        cls.support = cls.make_team("Support", cls.ann, is_fallback=True)
        cls.sales = cls.make_team("Sales", cls.bea)

    def pooled(self, wa_id, name, team, text):
        conversation = self.customer_says(wa_id, text=text).conversation_id
        conversation.write({"team_id": team.id})
        conversation.partner_id.name = name
        return conversation

    def run_tour(self, tour, login, when, customer_writes):
        """Run ``tour`` as ``login``; once ``when(env)`` holds, the customer
        writes (``customer_writes()``, real webhooks) and the pump delivers."""
        stop = threading.Event()
        state = {"fired": False}

        def pump():
            # The test's own thread uses the cursor until the browser is on its
            # way (authenticate, flush); start once the page's websocket is up.
            while not stop.is_set() and not dispatch._channels_to_ws:
                stop.wait(PUMP_SECONDS)
            while not stop.is_set():
                fire = False
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    fire = not state["fired"] and when(env)
                if fire:
                    state["fired"] = True
                    customer_writes()  # the webhook needs the test cursor: not held here
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, SUPERUSER_ID, {})
                    env["whatsapp.event"]._cron_process()
                    env["whatsapp.message"]._cron_send()
                    env["whatsapp.receipt"]._cron_send()
                # committed (the precommit wrote the bus rows): wake the websockets
                for websockets in list(dispatch._channels_to_ws.values()):
                    for websocket in list(websockets):
                        websocket.trigger_notification_dispatching()
                stop.wait(PUMP_SECONDS)

        thread = threading.Thread(target=pump, name="whatsapp_tour_pump", daemon=True)
        thread.start()
        try:
            with patch.object(WebsocketConnectionHandler, "websocket_allowed", return_value=True):
                self.start_tour("/odoo/action-whatsapp_cs.whatsapp_inbox_action", tour, login=login)
        finally:
            stop.set()
            thread.join(10)
        self.assertTrue(state["fired"], "the customer wrote during the tour")
        self.env.invalidate_all()

    def test_agent_receives_live_and_answers_from_the_split_view(self):
        conversation = self.pooled("16505558001", "Live Customer", self.support, "Hi there")

        def opened(env):  # ann claimed it and types her answer: Meta got "typing..."
            return any(
                (request.get("json") or {}).get("typing_indicator")
                for request in self.emulator.requests
            )

        def customer_writes():
            self.emulator.customer_message("16505558001", "text", "Is anybody there?")
            self.emulator.customer_message("16505558002", "text", "New here", name="Walk In")

        self.run_tour("whatsapp_cs_realtime_tour", "ann_agent", opened, customer_writes)
        bodies = conversation.message_ids_wa.sorted("id").mapped("body")
        self.assertEqual(bodies[:2], ["Hi there", "Is anybody there?"])
        self.assertEqual(bodies[-1], "Thanks for waiting, I am on it")
        self.assertEqual(conversation.user_id, self.ann, "answering claimed it")
        typing = [
            r["json"] for r in self.emulator.requests if "typing_indicator" in r.get("json", {})
        ]
        self.assertEqual(typing[0]["message_id"], conversation.message_ids_wa[-1:].wamid)
        newcomer = self.env["whatsapp.conversation"].search(
            [("partner_id.whatsapp_wa_id", "=", "16505558002")]
        )
        self.assertEqual(newcomer.team_id, self.support)

    def test_agent_of_another_team_never_receives_it(self):
        secret = self.pooled("16505558011", "Support Customer", self.support, "Support only")
        own = self.pooled("16505558012", "Sales Customer", self.sales, "Hello")

        def opened(env):
            return env["whatsapp.conversation"].browse(own.id).user_id.id == self.bea.id

        def customer_writes():
            # team A's message first: had it been sent to bea, it would arrive first
            self.emulator.customer_message("16505558011", "text", "Secret for Support")
            self.emulator.customer_message("16505558012", "text", "Hello Sales")

        self.run_tour("whatsapp_cs_realtime_other_team_tour", "bea_agent", opened, customer_writes)
        self.assertEqual(secret.message_ids_wa[:1].body, "Secret for Support", "it was sent")
