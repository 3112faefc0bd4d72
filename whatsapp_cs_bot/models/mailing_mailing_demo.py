# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The mailing is split by concern on purpose (see mailing_mailing.py).
# pylint: disable=consider-merging-classes-inherited
import logging
import time
from datetime import datetime, timedelta
from datetime import time as day_time

import requests

from odoo import api, fields, models

_logger = logging.getLogger(__name__)


class MailingMailing(models.Model):
    _inherit = "mailing.mailing"

    @api.model
    def _wa_demo_setup(self, emulator_url):
        """The demo (``./run demo``, with the server and the emulator running):
        a broadcast really sent to the demo customers, two of them answering
        and one ordering, and a broadcast scheduled for tomorrow at 10:00 in
        each customer's time zone. Commits (it waits for Meta's statuses)."""
        account = self.env.ref("whatsapp_cs.demo_account", raise_if_not_found=False)
        if not account or self.search_count([("mailing_type", "=", "whatsapp")]):
            return
        account.messaging_tier = "2000"
        account.action_sync_templates()
        template = self.env["whatsapp.template"].search(
            [("account_id", "=", account.id), ("name", "=", "welcome_back")], limit=1
        )
        if template.status != "APPROVED":
            _logger.warning("Demo broadcasts: no approved marketing template")
            return
        template.model_id = self.env["ir.model"]._get("res.partner")
        template.variable_ids.field_path = "name"
        partner_model = self.env["ir.model"]._get("res.partner")
        audience = repr([("is_company", "=", False), ("user_ids", "=", False)])
        done = self.create(
            {
                "subject": "Welcome back week",
                "mailing_type": "whatsapp",
                "wa_account_id": account.id,
                "wa_template_id": template.id,
                "mailing_model_id": partner_model.id,
                "mailing_domain": audience,
                "wa_budget": 50,
            }
        )
        done.action_whatsapp_check_audience()
        done.action_launch()
        self._cron_whatsapp_broadcast()
        self.env.cr.commit()  # pylint: disable=invalid-commit
        # the server sends them and Meta's statuses come back
        for _attempt in range(30):
            time.sleep(1)
            self.env.invalidate_all()
            if done.mailing_trace_ids and not done.mailing_trace_ids.filtered(
                lambda t: t.trace_status in ("outgoing", "process")
            ):
                break
        repliers = done.mailing_trace_ids.filtered(lambda t: t.trace_status != "cancel")[:2]
        for trace, text in zip(
            repliers, ("我想要那个红色的", "Do you deliver on Saturday?"), strict=False
        ):
            try:
                requests.post(
                    f"{emulator_url}/_emulator/customer_message",
                    json={"wa_id": trace.wa_number, "text": text},
                    timeout=10,
                )
            except requests.RequestException as error:
                _logger.warning("Demo broadcasts: no reply posted: %s", error)
        time.sleep(3)
        if "sale.order" in self.env and repliers:
            product = self.env["product.product"].search([("sale_ok", "=", True)], limit=1)
            if product:
                order = self.env["sale.order"].create(
                    {
                        "partner_id": repliers[0].wa_partner_id.id,
                        "source_id": done.source_id.id,
                        "campaign_id": done.campaign_id.id,
                        "medium_id": done.medium_id.id,
                        "order_line": [fields.Command.create({"product_id": product.id})],
                    }
                )
                order.action_confirm()
        tomorrow = fields.Date.context_today(self) + timedelta(days=1)
        scheduled = self.create(
            {
                "subject": "Spring collection preview",
                "mailing_type": "whatsapp",
                "wa_account_id": account.id,
                "wa_template_id": template.id,
                "mailing_model_id": partner_model.id,
                "mailing_domain": audience,
                "schedule_type": "scheduled",
                "schedule_date": datetime.combine(tomorrow, day_time(0, 0)),
                "wa_local_time": True,
                "wa_local_hour": 10.0,
            }
        )
        scheduled.action_whatsapp_check_audience()
        scheduled.action_put_in_queue()
        self.env.cr.commit()  # pylint: disable=invalid-commit
