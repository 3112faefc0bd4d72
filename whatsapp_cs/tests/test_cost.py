# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every message's cost: Meta's pricing object and the dated rate table."""

from datetime import date

from freezegun import freeze_time

from odoo import fields

from .common import WhatsappCase


class TestCost(WhatsappCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["whatsapp.rate"].search([]).unlink()  # demo rates
        rates = cls.env["whatsapp.rate"]
        cls.default = rates.create(
            {"category": "marketing", "price": 0.03, "date_from": date(2026, 1, 1)}
        )
        cls.brazil = rates.create(
            {
                "category": "marketing",
                "country_id": cls.env.ref("base.br").id,
                "price": 0.0625,
                "date_from": date(2026, 1, 1),
            }
        )
        cls.brazil_q4 = rates.create(
            {
                "category": "marketing",
                "country_id": cls.env.ref("base.br").id,
                "price": 0.07,
                "date_from": date(2026, 10, 1),
            }
        )

    def delivered(self, wa_id, pricing):
        conversation = self.customer_says(wa_id, text="hi").conversation_id
        message = self.out_message(conversation, "hello")
        self.send_queue()
        self.emulator.status(message.wamid, "delivered", pricing=pricing)
        self.process_events()
        return message

    def test_a_billed_message_costs_its_countrys_rate_of_the_day(self):
        regular = {
            "billable": True,
            "pricing_model": "PMP",
            "type": "regular",
            "category": "marketing",
        }
        with freeze_time("2026-11-23 10:00:00"):
            brazil = self.delivered("5511987654321", regular)
            usa = self.delivered("16505551234", regular)
        self.assertRecordValues(
            brazil,
            [{"pricing_type": "regular", "billable": True, "cost": 0.07, "pricing_model": "PMP"}],
        )
        self.assertEqual(brazil.recipient_country_id, self.env.ref("base.br"))
        self.assertEqual(usa.cost, 0.03, "no rate of its own: the default one")
        with freeze_time("2026-09-15 10:00:00"):
            summer = self.delivered("5511987650000", regular)
        self.assertEqual(summer.cost, 0.0625, "the rate in force that day")

    def test_a_free_message_costs_nothing(self):
        message = self.delivered("5511987654321", True)  # a reply inside the window
        self.assertRecordValues(
            message, [{"pricing_type": "free_customer_service", "billable": False, "cost": 0.0}]
        )

    def test_estimate_for_many_recipients(self):
        partners = self.env["res.partner"].create(
            [
                {"name": "Ana", "whatsapp_wa_id": "5511987654321"},
                {"name": "Bo", "whatsapp_wa_id": "16505551234"},
                {"name": "Cy", "mobile": "+16505551235"},
            ]
        )
        estimate = self.env["whatsapp.rate"]._estimate(
            "marketing", partners, self.env.company, date(2026, 11, 23)
        )
        self.assertAlmostEqual(estimate, 0.07 + 0.03 + 0.03)
        self.assertEqual(
            self.env["whatsapp.rate"]._price(
                "utility", partners[0]._whatsapp_country(), fields.Date.today(), self.env.company
            ),
            0.0,
            "no rate: unknown, not guessed",
        )
