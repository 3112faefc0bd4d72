# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Odoo's automation rules send WhatsApp: every preset end to end through the
emulator, once per document, within consent and Meta's limits."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields

from .test_document_sends import DocumentCase


class AutomationCase(DocumentCase):
    def submitted_preset(self, key):
        """The preset's rule, its template submitted to Meta (in review)."""
        self.account.app_id = "300000000000009"
        wizard = (
            self.env["whatsapp.automation.preset"]
            .with_user(self.wa_admin)
            .create({"preset": key, "account_id": self.account.id})
        )
        template = self.env["whatsapp.template"].browse(wizard.action_create()["res_id"])
        template.action_submit()
        return template

    def preset(self, key):
        """The preset's rule, its template submitted to and approved by Meta."""
        template = self.submitted_preset(key)
        self.emulator.review_template(template.name, "APPROVED", language=template.language)
        self.process_events()
        self.assertEqual(template.status, "APPROVED")
        return template

    def deliver(self):
        """What the automation queued, filled, sent to Meta: the requests."""
        self.env["whatsapp.send"]._cron_process()
        self.send_queue()
        return [sent["body"] for sent in self.emulator.sent]

    def sends(self, template):
        return self.env["whatsapp.send"].search([("template_id", "=", template.id)])


class TestAutomationPresets(AutomationCase):
    def test_presets_are_offered_for_installed_apps_only(self):
        offered = dict(
            self.env["whatsapp.automation.preset"]
            ._fields["preset"]
            ._description_selection(self.env)
        )
        for key, model in (
            ("order_confirmed", "sale.order"),
            ("invoice_posted", "account.move"),
            ("delivery_done", "stock.picking"),
            ("appointment_reminder", "calendar.event"),
            ("lead_follow_up", "crm.lead"),
        ):
            self.assertEqual(key in offered, model in self.env, key)

    def test_order_confirmation_with_its_pdf(self):
        template = self.preset("order_confirmed")
        order = self.order(self.customer("5511987651001"))
        order.action_confirm()
        self.assertEqual(self.sends(template).state, "queued", "the confirmation only queues")
        (body,) = self.deliver()
        self.assertEqual(body["template"]["name"], "order_confirmed")
        header, main = body["template"]["components"]
        self.assertEqual(header["parameters"][0]["document"]["filename"], f"{order.name}.pdf")
        self.assertEqual(main["parameters"][1]["text"], order.name)

    def test_invoice_with_its_pdf_and_the_link_to_pay(self):
        template = self.preset("invoice_posted")
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer("5511987651002").id,
                "invoice_line_ids": [
                    fields.Command.create({"name": "Sofa", "quantity": 1, "price_unit": 500})
                ],
            }
        )
        invoice.action_post()
        (body,) = self.deliver()
        button = body["template"]["components"][-1]
        self.assertEqual((button["type"], button["sub_type"]), ("button", "url"))
        link = button["parameters"][0]["text"]
        self.assertTrue(link.startswith(f"my/invoices/{invoice.id}?access_token="), link)
        self.assertEqual(self.sends(template).state, "sent")

    def test_overdue_reminder_three_days_after_the_due_date(self):
        template = self.preset("invoice_overdue")
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer("5511987651003").id,
                "invoice_date": fields.Date.today() - timedelta(days=34),
                "invoice_date_due": fields.Date.today() - timedelta(days=4),
                "invoice_line_ids": [
                    fields.Command.create({"name": "Sofa", "quantity": 1, "price_unit": 500})
                ],
            }
        )
        invoice.action_post()
        invoice.invoice_date_due = fields.Date.today() - timedelta(days=4)
        self.env["base.automation"]._check()
        ours = self.sends(template).filtered(lambda s: s.res_id == invoice.id)
        self.assertEqual(len(ours), 1)
        bodies = [b for b in self.deliver() if b["to"] == "+5511987651003"]
        parameters = bodies[0]["template"]["components"][0]["parameters"]
        self.assertIn(invoice.name, [p.get("text") for p in parameters])
        self.env["base.automation"]._check()
        ours = self.sends(template).filtered(lambda s: s.res_id == invoice.id)
        self.assertEqual(len(ours), 1, "one reminder per invoice")

    def test_delivery_shipped(self):
        template = self.preset("delivery_done")
        order = self.order(self.customer("5511987651004"))
        order.action_confirm()
        picking = order.picking_ids
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        (body,) = self.deliver()
        self.assertEqual(body["template"]["name"], "delivery_shipped")
        self.assertEqual(self.sends(template).res_id, picking.id)

    def test_appointment_reminder_the_day_before_to_the_customer_only(self):
        template = self.preset("appointment_reminder")
        customer = self.customer("5511987651005")
        start = fields.Datetime.now() + timedelta(hours=23)
        event = self.env["calendar.event"].create(
            {
                "name": "Fitting",
                "start": start,
                "stop": start + timedelta(hours=1),
                "partner_ids": [fields.Command.set((customer | self.env.user.partner_id).ids)],
            }
        )
        self.env["base.automation"]._check()
        ours = self.sends(template).filtered(lambda s: s.res_id == event.id)
        self.assertEqual(ours.partner_id, customer, "colleagues get no reminder")
        self.assertIn("+5511987651005", [body["to"] for body in self.deliver()])
        self.assertEqual(ours.state, "sent")

    def test_opportunity_follow_up_is_marketing_and_needs_consent(self):
        template = self.preset("lead_follow_up")
        self.assertEqual(template.category, "MARKETING")
        consenting = self.customer("5511987651006")
        unknown = self.customer("5511987651007", name="Cy", whatsapp_opt_in=False)
        leads = self.env["crm.lead"].create(
            [
                {"name": "Sofa", "type": "opportunity", "partner_id": consenting.id},
                {"name": "Chairs", "type": "opportunity", "partner_id": unknown.id},
            ]
        )
        leads.date_last_stage_update = fields.Datetime.now() - timedelta(days=4)
        self.env["base.automation"]._check()
        self.deliver()
        sends = self.sends(template)
        self.assertEqual(
            sorted(sends.mapped(lambda s: (s.partner_id.name, s.state, s.reason or ""))),
            [("Ana Souza", "sent", ""), ("Cy", "not_sent", "no_opt_in")],
        )


class TestSendingRules(AutomationCase):
    def test_a_rule_firing_twice_sends_once(self):
        template = self.preset("order_confirmed")
        order = self.order(self.customer("5511987652001"))
        order.action_confirm()
        order._action_cancel()
        order.action_draft()
        order.action_confirm()
        self.assertEqual(len(self.sends(template)), 1, "once per order within 24 hours")
        with freeze_time(fields.Datetime.now() + timedelta(hours=25)):
            order._action_cancel()
            order.action_draft()
            order.action_confirm()
        self.assertEqual(len(self.sends(template)), 2)

    def test_meta_rules_hold_before_any_call(self):
        template = self.preset("lead_follow_up")
        american = self.customer("16505552001", name="Dee")
        limited = self.customer("5511987652002", name="Eli")
        limited._whatsapp_meta_limited()
        stopped = self.customer("5511987652003", name="Flo")
        self.customer_says("5511987652003", text="STOP")
        self.assertTrue(stopped.whatsapp_marketing_opt_out, "STOP put the number on the blacklist")
        leads = self.env["crm.lead"].create(
            [
                {"name": name, "type": "opportunity", "partner_id": partner.id}
                for name, partner in (("A", american), ("B", limited), ("C", stopped))
            ]
        )
        leads.date_last_stage_update = fields.Datetime.now() - timedelta(days=4)
        self.emulator.reset()
        self.env["base.automation"]._check()
        self.assertFalse(self.deliver(), "nothing reached Meta")
        self.assertEqual(
            sorted(self.sends(template).mapped(lambda s: (s.partner_id.name, s.reason))),
            [("Dee", "us_marketing"), ("Eli", "meta_limit"), ("Flo", "opted_out")],
        )

    def test_metas_per_user_marketing_limit_pauses_marketing_for_a_day(self):
        template = self.preset("lead_follow_up")
        customer = self.customer("5511987652004")
        lead = self.env["crm.lead"].create(
            {"name": "Sofa", "type": "opportunity", "partner_id": customer.id}
        )
        lead.date_last_stage_update = fields.Datetime.now() - timedelta(days=4)
        self.env["base.automation"]._check()
        self.env["whatsapp.send"]._cron_process()
        self.send_queue()
        message = self.sends(template).message_id
        self.emulator.status(message.wamid, "failed", error_code=131049)
        self.process_events()
        self.assertEqual(message.state, "failed")
        self.assertIn("24", message.error_advice)
        self.assertGreater(customer.whatsapp_marketing_limited_until, fields.Datetime.now())
        self.assertEqual(customer._whatsapp_send_refusal("MARKETING")[0], "meta_limit")
        self.assertIsNone(customer._whatsapp_send_refusal("UTILITY"), "service messages go on")

    def test_a_paused_template_is_not_sent(self):
        template = self.preset("order_confirmed")
        self.emulator.review_template("order_confirmed", "PAUSED")
        self.process_events()
        self.order(self.customer("5511987652005")).action_confirm()
        self.assertFalse(self.deliver())
        self.assertEqual(self.sends(template).reason, "template")

    def test_sends_wait_while_meta_reviews_the_template(self):
        template = self.submitted_preset("order_confirmed")
        self.assertEqual(template.status, "PENDING")
        self.order(self.customer("5511987652007")).action_confirm()
        self.assertFalse(self.deliver(), "held while Meta reviews it")
        self.assertEqual(self.sends(template).state, "queued")
        self.emulator.review_template(template.name, "APPROVED", language=template.language)
        self.process_events()
        self.assertEqual(len(self.deliver()), 1)
        self.assertEqual(self.sends(template).state, "sent")

    def test_a_rejected_template_releases_its_held_sends_as_not_sent(self):
        template = self.submitted_preset("order_confirmed")
        self.order(self.customer("5511987652008")).action_confirm()
        self.emulator.review_template(template.name, "REJECTED", language=template.language)
        self.process_events()
        self.assertFalse(self.deliver())
        self.assertEqual(self.sends(template).reason, "template")

    def test_templates_to_one_customer_keep_metas_pair_rate(self):
        template = self.preset("order_confirmed")
        customer = self.customer("5511987652006")
        orders = self.order(customer) | self.order(customer)
        orders.action_confirm()
        self.env["whatsapp.send"]._cron_process()
        self.send_queue()
        messages = self.sends(template).message_id
        self.assertEqual(sorted(messages.mapped("state")), ["outgoing", "sent"])
        with freeze_time(fields.Datetime.now() + timedelta(seconds=7)):
            self.send_queue()
        self.assertEqual(messages.mapped("state"), ["sent", "sent"])
