# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class MailingContact(models.Model):
    """A mailing-list contact's mobile, for WhatsApp broadcasts to lists (the
    same field SMS marketing adds, so both modules share it)."""

    _inherit = "mailing.contact"

    mobile = fields.Char()
