# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .res_partner_consent import DEFAULT_OPT_IN_KEYWORDS, DEFAULT_OPT_OUT_KEYWORDS


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    whatsapp_opt_out_keywords = fields.Char(
        string="Stop Keywords",
        config_parameter="whatsapp_cs.opt_out_keywords",
        default=DEFAULT_OPT_OUT_KEYWORDS,
        help="A customer who writes one of these (alone) stops marketing messages.",
    )
    whatsapp_opt_in_keywords = fields.Char(
        string="Resume Keywords",
        config_parameter="whatsapp_cs.opt_in_keywords",
        default=DEFAULT_OPT_IN_KEYWORDS,
        help="A customer who writes one of these (alone) resumes marketing messages.",
    )
    whatsapp_marketing_without_opt_in = fields.Boolean(
        string="Marketing Without Recorded Opt-in",
        config_parameter="whatsapp_cs.marketing_without_opt_in",
        help="Send marketing templates to customers with no opt-in recorded in Odoo (Meta "
        "still requires that they agreed somewhere).",
    )
    whatsapp_utility_needs_opt_in = fields.Boolean(
        string="Service Notifications Need Opt-in",
        config_parameter="whatsapp_cs.utility_needs_opt_in",
        help="Send order, invoice and delivery messages only to customers with an opt-in "
        "recorded in Odoo.",
    )
