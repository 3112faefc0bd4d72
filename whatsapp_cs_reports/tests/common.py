# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager
from datetime import datetime

from freezegun import freeze_time

from odoo import fields

from odoo.addons.whatsapp_cs.tests.rpc_common import RpcCase

# A Friday before a weekend and a public holiday (Monday 30 November).
FRIDAY = datetime(2026, 11, 27)
HOLIDAY = datetime(2026, 11, 30)


class ReportsCase(RpcCase):
    """Teams A and B (the RPC fixtures' users) working Monday to Friday,
    9:00-17:00 UTC, Monday 30 November off; helpers that write a
    conversation's history at known moments."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.partner_id.tz = "UTC"
        cls.env["res.lang"]._activate_lang("pt_BR")
        cls.calendar = cls.make_weekday_calendar()
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": cls.calendar.id,
                "date_from": HOLIDAY,
                "date_to": HOLIDAY.replace(hour=23, minute=59, second=59),
                "resource_id": False,
            }
        )
        (cls.team_a | cls.team_b).write(
            {"resource_calendar_id": cls.calendar.id, "csat_mode": "none"}
        )
        cls.env["whatsapp.episode"].search([]).unlink()
        cls.env.cr.execute("DELETE FROM whatsapp_episode_queue")

    def setUp(self):
        super().setUp()
        # the RPC fixtures' conversations stay out of the reports' figures
        self.env.cr.execute("DELETE FROM whatsapp_episode_queue")

    @contextmanager
    def at(self, when):
        with freeze_time(when):
            yield

    def new_conversation(self, wa_id, name, team=None, **vals):
        partner = self.env["res.partner"].create({"name": name, "whatsapp_wa_id": wa_id, **vals})
        return self.env["whatsapp.conversation"].create(
            {"account_id": self.account.id, "partner_id": partner.id, "team_id": team and team.id}
        )

    def customer(self, conversation, when, body="Hello", **vals):
        with self.at(when):
            return self.env["whatsapp.message"].create(
                {
                    "conversation_id": conversation.id,
                    "direction": "in",
                    "body": body,
                    "timestamp": when,
                    "wamid": f"wamid.rep.{conversation.id}.{when.isoformat()}",
                    **vals,
                }
            )

    def agent_reply(self, conversation, when, user, body="On it"):
        with self.at(when):
            return (
                self.env["whatsapp.message"]
                .with_user(user)
                .create({"conversation_id": conversation.id, "direction": "out", "body": body})
            )

    def bot_reply(self, conversation, when, body="Our hours are 9-17."):
        with self.at(when):
            return (
                self.env["whatsapp.message"]
                .sudo()
                .create(
                    {
                        "conversation_id": conversation.id,
                        "direction": "out",
                        "body": body,
                        "is_automatic": True,
                    }
                )
            )

    def solve(self, conversation, when, user):
        with self.at(when):
            conversation.with_user(user).action_solve()

    def close(self, conversation, when, user):
        with self.at(when):
            conversation.with_user(user).action_close()

    def rebuild(self):
        self.env["whatsapp.episode"]._cron_rebuild()
        self.env.invalidate_all()

    def clear_sent(self):
        with self.emulator.lock:
            self.emulator.sent.clear()

    def rows(self, conversation):
        self.env.flush_all()
        self.env.invalidate_all()
        return self.env["whatsapp.report.conversation"].search(
            [("conversation_id", "=", conversation.id)], order="opened_at"
        )

    def template(self, name="order_update", category="UTILITY"):
        return self.env["whatsapp.template"].create(
            {
                "name": name,
                "language": "en_US",
                "account_id": self.account.id,
                "category": category,
                "status": "APPROVED",
                "components": '[{"type": "BODY", "text": "Your order is on its way."}]',
            }
        )

    @staticmethod
    def seconds(*parts):
        days, hours, minutes = (list(parts) + [0, 0, 0])[:3]
        return float(days * 86400 + hours * 3600 + minutes * 60)

    def now(self):
        return fields.Datetime.now()
