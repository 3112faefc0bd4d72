# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import zlib

from odoo import api, models
from odoo.tools import SQL

REFRESH_LOCK = 781_204


class WhatsappReportMaterialized(models.AbstractModel):
    """A report whose rows are a PostgreSQL materialized view of
    ``_view_query()``, for figures too costly to compute on every query
    (medians, a million messages). A cron refreshes them every 10 minutes
    ``CONCURRENTLY`` (readers never wait) under an advisory lock, so that
    any number of servers may run it: one refreshes, the others skip."""

    _name = "whatsapp.report.materialized"
    _description = "WhatsApp Materialized Report"
    _auto = False
    # columns indexed besides the unique id (for the default filters)
    _materialized_indexes = ()

    @api.model
    def _view_query(self):
        raise NotImplementedError

    def init(self):
        if self._abstract:
            return
        table = SQL.identifier(self._table)
        self.env.cr.execute("SELECT relkind FROM pg_class WHERE relname = %s", [self._table])
        kind = (self.env.cr.fetchone() or [None])[0]
        if kind == "m":
            self.env.cr.execute(SQL("DROP MATERIALIZED VIEW %s", table))
        elif kind == "v":
            self.env.cr.execute(SQL("DROP VIEW %s", table))
        self.env.cr.execute(SQL("CREATE MATERIALIZED VIEW %s AS (%s)", table, self._view_query()))
        self.env.cr.execute(
            SQL("CREATE UNIQUE INDEX %s ON %s (id)", SQL.identifier(f"{self._table}_id_idx"), table)
        )
        for index, columns in enumerate(self._materialized_indexes):
            self.env.cr.execute(
                SQL(
                    "CREATE INDEX %s ON %s (%s)",
                    SQL.identifier(f"{self._table}_{index}_idx"),
                    table,
                    SQL(", ").join(SQL.identifier(column) for column in columns),
                )
            )

    @api.model
    def _refresh_lock(self):
        """The advisory lock (with ``REFRESH_LOCK``) that one refresh holds."""
        return zlib.crc32(self._table.encode()) & 0x7FFFFFFF  # an int4

    @api.model
    def _refresh(self):
        """Refresh the rows; False when another server is refreshing them."""
        self.env.flush_all()
        self.env.cr.execute(
            "SELECT pg_try_advisory_xact_lock(%s, %s)", [REFRESH_LOCK, self._refresh_lock()]
        )
        if not self.env.cr.fetchone()[0]:
            return False
        self.env.cr.execute(
            SQL("REFRESH MATERIALIZED VIEW CONCURRENTLY %s", SQL.identifier(self._table))
        )
        self.invalidate_model()
        return True

    @api.model
    def _cron_refresh(self):
        for name in ("whatsapp.report.agent", "whatsapp.report.message"):
            self.env[name]._refresh()
