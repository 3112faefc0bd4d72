# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.tools import SQL


class WhatsappBotCacheMixin(models.AbstractModel):
    """Models compiled into an ormcache: any change clears it on every server.

    Usage counters are not part of what is compiled: they are bumped with
    :meth:`_bump_counter`, which clears nothing. Clearing Odoo's caches on
    every automatic answer would make every worker of every server reload
    them while webhooks pour in.
    """

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

    def _bump_counter(self, field_name):
        """Add one to an integer counter in place (no read-modify-write race)."""
        if not self:
            return
        self.env.cr.execute(
            SQL(
                "UPDATE %(table)s SET %(field)s = COALESCE(%(field)s, 0) + 1 WHERE id IN %(ids)s",
                table=SQL.identifier(self._table),
                field=SQL.identifier(field_name),
                ids=tuple(self.ids),
            )
        )
        self.invalidate_recordset([field_name])
