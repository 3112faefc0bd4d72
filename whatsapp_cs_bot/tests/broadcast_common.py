# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.whatsapp_cs.tests.common import WhatsappCase

VIP_OFFER = {
    "name": "vip_offer",
    "language": "en_US",
    "category": "MARKETING",
    "status": "APPROVED",
    "parameter_format": "POSITIONAL",
    "components": [{"type": "BODY", "text": "Hi {{1}}, 20% off for our VIP customers this week."}],
}
VIP_OFFER_B = dict(
    VIP_OFFER,
    name="vip_offer_b",
    components=[{"type": "BODY", "text": "{{1}}, your VIP gift is waiting in our shop."}],
)


class BroadcastCase(WhatsappCase):
    """A number with two approved marketing templates filled from contacts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account.messaging_tier = "unlimited"
        cls.editor = cls.make_user("wa_bc_editor", group="editor")
        cls.brazil = cls.env.ref("base.br")
        cls.env["whatsapp.rate"].create(
            [
                {"category": "marketing", "country_id": cls.brazil.id, "price": 0.0625},
                {"category": "marketing", "country_id": False, "price": 0.05},
            ]
        )

    def setUp(self):
        super().setUp()
        self.emulator.templates.extend(
            [dict(VIP_OFFER, id="390000000000101"), dict(VIP_OFFER_B, id="390000000000102")]
        )
        self.account.action_sync_templates()
        self.template_a = self.vip_template("vip_offer")
        self.template_b = self.vip_template("vip_offer_b")

    def vip_template(self, name):
        template = self.account.template_ids.filtered(lambda t: t.name == name)
        template.model_id = self.env["ir.model"]._get("res.partner")
        template.variable_ids.field_path = "name"
        return template

    def customers(self, count, start=0, **vals):
        return self.env["res.partner"].create(
            [
                {
                    "name": f"VIP {index}",
                    "mobile": f"+55 11 9{index:08d}",
                    "whatsapp_opt_in": True,
                    **vals,
                }
                for index in range(start, start + count)
            ]
        )

    def broadcast(self, partners, template=None, user=None, **vals):
        model = self.env["mailing.mailing"].with_user(user or self.editor)
        return model.create(
            {
                "subject": "VIP week",
                "mailing_type": "whatsapp",
                "wa_account_id": self.account.id,
                "wa_template_id": (template or self.template_a).id,
                "mailing_model_id": self.env["ir.model"]._get("res.partner").id,
                "mailing_domain": repr([("id", "in", partners.ids)]),
                **vals,
            }
        )

    def launch(self, mailing):
        mailing.action_launch()
        self.run_broadcasts()
        return mailing.mailing_trace_ids

    def run_broadcasts(self):
        self.env["mailing.mailing"]._cron_whatsapp_broadcast()
        self.env.invalidate_all()

    def sent_to(self):
        return sorted(item["wa_id"] for item in self.emulator.sent)
