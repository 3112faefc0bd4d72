# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import AccessError

from odoo.addons.whatsapp_cs.tools.access import has_role

from ..tools.formatting import format_duration


class DigestDigest(models.Model):
    """WhatsApp KPIs in Odoo's periodic digest e-mail (for users with a
    WhatsApp reporting role: analysts, editors, administrators)."""

    _inherit = "digest.digest"

    kpi_whatsapp_conversations = fields.Boolean("WhatsApp Conversations")
    kpi_whatsapp_conversations_value = fields.Integer(
        compute="_compute_kpi_whatsapp_conversations_value"
    )
    kpi_whatsapp_frt = fields.Boolean("WhatsApp Average First Response")
    kpi_whatsapp_frt_value = fields.Float(compute="_compute_kpi_whatsapp_frt_value")
    kpi_whatsapp_csat = fields.Boolean("WhatsApp Satisfaction (%)")
    kpi_whatsapp_csat_value = fields.Float(
        digits=(16, 1), compute="_compute_kpi_whatsapp_csat_value"
    )

    def _whatsapp_figures(self):
        """Episodes opened in the digest's period, in the digest's companies,
        with the recipient's record rules."""
        if not has_role(self.env, "analyst", "editor"):
            raise AccessError(self.env._("WhatsApp reports need a WhatsApp reporting role."))
        start, end, companies = self._get_kpi_compute_parameters()
        [(count, frt, satisfaction)] = self.env["whatsapp.report.conversation"]._read_group(
            [
                ("company_id", "in", companies.ids),
                ("opened_at", ">=", start),
                ("opened_at", "<", end),
            ],
            [],
            ["__count", "frt:avg", "satisfaction_pct:avg"],
        )
        return count, frt, satisfaction

    def _compute_kpi_whatsapp_conversations_value(self):
        count, _frt, _satisfaction = self._whatsapp_figures()
        self.kpi_whatsapp_conversations_value = count

    def _compute_kpi_whatsapp_frt_value(self):
        _count, frt, _satisfaction = self._whatsapp_figures()
        self.kpi_whatsapp_frt_value = frt or 0.0

    def _compute_kpi_whatsapp_csat_value(self):
        _count, _frt, satisfaction = self._whatsapp_figures()
        self.kpi_whatsapp_csat_value = satisfaction or 0.0

    def _compute_kpis(self, company, user):
        """The first response reads as a duration ("2 min 30 s"), in the
        recipient's language."""
        kpis = super()._compute_kpis(company, user)
        for kpi in kpis:
            if kpi["kpi_name"] != "kpi_whatsapp_frt":
                continue
            for column in ("kpi_col1", "kpi_col2", "kpi_col3"):
                if kpi[column].get("value") not in (None, ""):
                    seconds = float(kpi[column]["value"])
                    kpi[column]["value"] = format_duration(seconds, user.lang) if seconds else "-"
        return kpis

    def _compute_kpis_actions(self, company, user):
        res = super()._compute_kpis_actions(company, user)
        action = "whatsapp_cs_reports.whatsapp_report_conversation_action"
        res.update(
            kpi_whatsapp_conversations=action,
            kpi_whatsapp_frt=action,
            kpi_whatsapp_csat=action,
        )
        return res
