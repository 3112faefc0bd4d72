# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Templates sent about documents: from their WhatsApp action, one or many,
logged on the document, and the customer's answer back on the document."""

import json

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form

from .common import WhatsappCase

ORDER_READY = {
    "name": "order_ready",
    "language": "en_US",
    "category": "UTILITY",
    "status": "APPROVED",
    "parameter_format": "POSITIONAL",
    "components": [
        {"type": "HEADER", "format": "DOCUMENT"},
        {"type": "BODY", "text": "Hi {{1}}, your order {{2}} is ready."},
    ],
}


class DocumentCase(WhatsappCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = cls.make_user(
            "sam_sales", groups="base.group_partner_manager,sales_team.group_sale_salesman"
        )
        cls.product = cls.env["product.product"].create({"name": "Sofa", "list_price": 500})

    def setUp(self):
        super().setUp()
        self.emulator.templates.append(dict(ORDER_READY, id="390000000000011"))
        self.account.action_sync_templates()

    def order_template(self):
        template = self.account.template_ids.filtered(lambda t: t.name == "order_ready")
        template.write(
            {
                "model_id": self.env["ir.model"]._get("sale.order").id,
                "phone_field": "partner_id",
                "report_id": self.env.ref("sale.action_report_saleorder").id,
            }
        )
        paths = {"1": "partner_id.name", "2": "name"}
        for variable in template.variable_ids:
            variable.field_path = paths[variable.key]
        return template

    def customer(self, wa_id, name="Ana Souza", **vals):
        return self.env["res.partner"].create(
            {"name": name, "whatsapp_wa_id": wa_id, "whatsapp_opt_in": True, **vals}
        )

    def order(self, partner, user=None):
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "user_id": (user or self.salesman).id,
                "order_line": [fields.Command.create({"product_id": self.product.id})],
            }
        )

    def compose(self, records, user=None):
        return Form(
            self.env["whatsapp.document.compose"]
            .with_user(user or self.salesman)
            .with_context(active_model=records._name, active_ids=records.ids)
        )


class TestDocumentSends(DocumentCase):
    def test_forms_and_lists_get_a_whatsapp_action(self):
        sale_model = self.env["ir.model"]._get("sale.order")
        bindings = self.env["ir.actions.act_window"].search(
            [
                ("binding_model_id", "=", sale_model.id),
                ("res_model", "=", "whatsapp.document.compose"),
            ]
        )
        self.assertFalse(bindings)
        template = self.order_template()
        binding = self.env["ir.actions.act_window"].search(
            [
                ("binding_model_id", "=", sale_model.id),
                ("res_model", "=", "whatsapp.document.compose"),
            ]
        )
        self.assertEqual(binding.binding_view_types, "form,list")
        template.model_id = False
        self.assertFalse(binding.exists(), "no template applies any more: no action")

    def test_one_document_goes_with_its_pdf_and_is_logged_on_it(self):
        self.salesman.groups_id |= self.env.ref("whatsapp_cs.group_agent")
        self.order_template()
        order = self.order(self.customer("5511987650001"))
        wizard = self.compose(order)
        self.assertEqual(wizard.template_id.name, "order_ready")
        self.assertEqual(wizard.preview, f"Hi Ana Souza, your order {order.name} is ready.")
        self.assertEqual(wizard.sendable_count, 1)
        wizard.save().action_send()
        send = self.env["whatsapp.send"].search([("res_id", "=", order.id)])
        self.assertRecordValues(send, [{"state": "sent", "res_model": "sale.order"}])
        message = send.message_id
        self.assertEqual((message.res_model, message.res_id), ("sale.order", order.id))
        pdf = message.attachment_ids
        self.assertEqual((pdf.name, pdf.res_model), (f"{order.name}.pdf", "whatsapp.message"))
        self.send_queue()
        header = self.emulator.sent[-1]["body"]["template"]["components"][0]["parameters"][0]
        self.assertEqual(header["document"]["filename"], f"{order.name}.pdf")
        self.assertIn("WhatsApp order_ready sent to Ana Souza", order.message_ids[0].body)
        self.assertIn('data-oe-model="whatsapp.conversation"', order.message_ids[0].body)
        self.assertEqual(message.conversation_id.document_ids.res_id, order.id)

    def test_a_document_that_cannot_be_sent_says_why_at_once(self):
        self.salesman.groups_id |= self.env.ref("whatsapp_cs.group_agent")
        self.order_template()
        order = self.order(self.env["res.partner"].create({"name": "No Phone"}))
        with self.assertRaisesRegex(UserError, "no mobile or WhatsApp number"):
            self.compose(order).save().action_send()

    def test_many_documents_are_counted_estimated_and_queued(self):
        self.salesman.groups_id |= self.env.ref("whatsapp_cs.group_agent")
        self.env["whatsapp.rate"].search([]).unlink()
        self.env["whatsapp.rate"].create({"category": "utility", "price": 0.01})
        self.order_template()
        stopped = self.customer("5511987650003", name="Bo", whatsapp_utility_opt_out=True)
        orders = (
            self.order(self.customer("5511987650002"))
            | self.order(stopped)
            | self.order(self.env["res.partner"].create({"name": "No Phone"}))
        )
        wizard = self.compose(orders)
        self.assertEqual(wizard.record_count, 3)
        self.assertEqual(wizard.sendable_count, 1)
        self.assertEqual(
            wizard.blocked_summary.splitlines(), ["1 × Opted out", "1 × No WhatsApp number"]
        )
        self.assertAlmostEqual(wizard.cost_estimate, 0.01)
        action = wizard.save().action_send()
        self.assertEqual(action["tag"], "display_notification")
        sends = self.env["whatsapp.send"].search([("res_id", "in", orders.ids)])
        self.assertEqual(set(sends.mapped("state")), {"queued"}, "the request only queues")
        self.env["whatsapp.send"]._cron_process()
        self.assertEqual(
            sorted(sends.mapped(lambda s: (s.state, s.reason or ""))),
            [("not_sent", "no_number"), ("not_sent", "opted_out"), ("sent", "")],
        )
        blocked = sends.filtered(lambda s: s.reason == "opted_out")
        self.assertIn("asked for no service notifications", blocked.reason_text)
        document = self.env["sale.order"].browse(blocked.res_id)
        self.assertIn("not sent", document.message_ids[0].body)

    def test_the_customers_answer_comes_back_to_the_document_and_its_owner(self):
        self.salesman.groups_id |= self.env.ref("whatsapp_cs.group_agent")
        self.order_template()
        customer = self.customer("5511987650004")
        order = self.order(customer)
        self.compose(order).save().action_send()
        self.send_queue()
        conversation = customer.whatsapp_conversation_ids
        self.assertFalse(conversation.user_id, "the template alone assigns nobody")
        self.customer_says("5511987650004", text="Can it come on Friday?")
        chatter = order.message_ids.filtered(lambda m: m.author_id == customer)
        self.assertIn("Can it come on Friday?", chatter[:1].body)
        self.assertEqual(conversation.user_id, self.salesman, "the order's salesperson gets it")
        self.assertEqual(
            conversation.document_ids.filtered(lambda d: d.res_id == order.id).origin, "replied"
        )

    def test_an_agent_turns_a_chat_into_a_lead_or_a_quotation(self):
        self.agent.groups_id |= self.env.ref("sales_team.group_sale_salesman")
        message = self.customer_says("5511987650005", text="I need 40 chairs for an event")
        conversation = message.conversation_id.with_user(self.agent)
        self.assertTrue(conversation.can_create_lead and conversation.can_create_quotation)
        lead = self.env["crm.lead"].browse(conversation.action_create_lead()["res_id"])
        self.assertEqual(lead.partner_id, message.partner_id)
        self.assertEqual(lead.medium_id, self.env.ref("whatsapp_cs.utm_medium_whatsapp"))
        self.assertIn("40 chairs", lead.description)
        quotation = self.env["sale.order"].browse(conversation.action_create_quotation()["res_id"])
        self.assertEqual(quotation.medium_id, self.env.ref("whatsapp_cs.utm_medium_whatsapp"))
        self.assertEqual(
            set(conversation.document_ids.mapped("res_model")), {"crm.lead", "sale.order"}
        )

    def test_queued_rows_record_who_asked_and_what_they_typed(self):
        self.order_template()
        order = self.order(self.customer("5511987650006"))
        rows = self.env["whatsapp.send"]._enqueue(
            self.order_template(), order, overrides={"body:2": "your sofa"}
        )
        self.assertEqual(json.loads(rows.values_override), {"body:2": "your sofa"})
        rows._process()
        self.assertEqual(rows.message_id.body, "Hi Ana Souza, your order your sofa is ready.")
