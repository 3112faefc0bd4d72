# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class WhatsappBotCacheMixin(models.AbstractModel):
    """Models compiled into an ormcache: any change clears it on every server."""

    _name = "whatsapp.bot.cache.mixin"
    _description = "WhatsApp Bot Cached Records"

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
