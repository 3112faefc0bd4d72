# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class UtmCampaign(models.Model):
    _inherit = "utm.campaign"

    mailing_whatsapp_ids = fields.One2many(
        "mailing.mailing",
        "campaign_id",
        domain=[("mailing_type", "=", "whatsapp")],
        string="WhatsApp Broadcasts",
    )
