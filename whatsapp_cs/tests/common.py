# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import config

from .emulator import CloudApiEmulator

# A Monday and a Saturday at 10:00 UTC, for business-hours tests.
MONDAY_10 = datetime(2026, 11, 23, 10, 0)
SATURDAY_10 = datetime(2026, 11, 28, 10, 0)


@tagged("post_install", "-at_install")
class WhatsappCase(HttpCase):
    """Real Odoo HTTP server + the Cloud API emulator on a loopback port."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        webhook_url = f"http://127.0.0.1:{config['http_port']}/whatsapp/webhook"
        cls.emulator = CloudApiEmulator(
            webhook_url=webhook_url,
            app_secret="test-app-secret",
            access_token="test-token",
            phone_number_id="900000000000001",
            waba_id="910000000000001",
        ).start()
        cls.addClassCleanup(cls.emulator.stop)
        cls.account = cls.env["whatsapp.account"].create(
            {
                "name": "Test number",
                "phone_number_id": cls.emulator.phone_number_id,
                "waba_id": cls.emulator.waba_id,
                "access_token": "test-token",
                "app_secret": "test-app-secret",
                "verify_token": "test-verify",
                "graph_api_url": cls.emulator.base_url,
            }
        )
        cls.env["ir.config_parameter"].sudo().set_param("whatsapp_cs.read_timeout", 2)
        # Demo data may be installed: tests set up their own routing.
        cls.env["whatsapp.routing.rule"].search([]).active = False
        cls.env["whatsapp.team"].search([]).write({"is_fallback": False, "is_on_duty": False})
        cls.env["whatsapp.quick.reply"].search([]).unlink()
        if "whatsapp.bot.rule" in cls.env:  # whatsapp_cs_bot's demo bots would answer
            cls.env["whatsapp.bot.rule"].search([]).active = False
        cls.agent = new_test_user(cls.env, login="wa_agent", groups="whatsapp_cs.group_agent")
        cls.analyst = new_test_user(cls.env, login="wa_analyst", groups="whatsapp_cs.group_analyst")
        cls.wa_admin = new_test_user(cls.env, login="wa_admin", groups="whatsapp_cs.group_admin")

    def setUp(self):
        super().setUp()
        self.emulator.reset()

    # Inbox helpers ---------------------------------------------------------------
    @classmethod
    def make_user(cls, login, group="agent", groups=""):
        """A user with a WhatsApp role (and ``groups``, comma-separated xml ids)."""
        return new_test_user(
            cls.env,
            login=login,
            name=login.replace("_", " ").title(),
            groups=",".join(filter(None, [f"whatsapp_cs.group_{group}", groups])),
        )

    @classmethod
    def make_weekday_calendar(cls):
        """Monday to Friday, 9:00-17:00 UTC."""
        return cls.env["resource.calendar"].create(
            {
                "name": "Weekdays 9-17 UTC",
                "tz": "UTC",
                "attendance_ids": [
                    fields.Command.create(
                        {"name": f"Day {day}", "dayofweek": str(day), "hour_from": 9, "hour_to": 17}
                    )
                    for day in range(5)
                ],
            }
        )

    @classmethod
    def make_team(cls, name, members, **vals):
        return cls.env["whatsapp.team"].create(
            {
                "name": name,
                "resource_calendar_id": False,
                "member_ids": [fields.Command.create({"user_id": user.id}) for user in members],
                **vals,
            }
        )

    def set_online(self, *users, minutes_ago=0):
        moment = fields.Datetime.now() - timedelta(minutes=minutes_ago)
        presence = self.env["bus.presence"].sudo()
        for user in users:
            presence.search([("user_id", "=", user.id)]).unlink()
            presence.create(
                {
                    "user_id": user.id,
                    "last_poll": moment,
                    "last_presence": moment,
                    "status": "online",
                }
            )

    def make_conversation(self, wa_id, team=None, user=None, waiting=True, **vals):
        partner = self.env["res.partner"].create(
            {"name": f"Customer {wa_id}", "whatsapp_wa_id": wa_id}
        )
        now = fields.Datetime.now()
        return self.env["whatsapp.conversation"].create(
            {
                "account_id": self.account.id,
                "partner_id": partner.id,
                "team_id": team and team.id,
                "user_id": user and user.id,
                "state": "open" if user else "new",
                "last_inbound_at": now,
                "waiting_since": now if waiting else False,
                **vals,
            }
        )

    # Helpers ---------------------------------------------------------------
    def customer_says(self, wa_id, msg_type="text", text="Hello", process=True, **kwargs):
        """A customer writes; returns the stored inbound message."""
        wamid, response = self.emulator.customer_message(wa_id, msg_type, text, **kwargs)
        self.assertEqual(response.status_code, 200, response.text)
        if process:
            self.process_events()
        return self.env["whatsapp.message"].search([("wamid", "=", wamid)])

    def process_events(self):
        self.env["whatsapp.event"]._cron_process()
        self.env.invalidate_all()

    def send_queue(self):
        self.env["whatsapp.message"]._cron_send()
        self.env.invalidate_all()

    def events(self):
        return self.env["whatsapp.event"].search([("account_id", "=", self.account.id)])

    def out_message(self, conversation, body="Hi from Odoo", user=None):
        model = self.env["whatsapp.message"].with_user(user or self.agent)
        return model.create(
            {"conversation_id": conversation.id, "direction": "out", "body": body}
        ).sudo()
