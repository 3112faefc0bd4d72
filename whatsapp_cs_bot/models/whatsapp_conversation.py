# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import random
import re
from datetime import timedelta

from odoo import fields, models

from odoo.addons.whatsapp_cs.tools.compliance import mask_numbers

HANDOFF_PAYLOAD = "whatsapp_cs_bot.handoff"
# {{name}} or {{name:argument}}, e.g. {{first_name}} or {{availability:SOFA-3}}
PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*(?::\s*([^{}]*?)\s*)?\}\}")
DEFAULT_DAILY_CAP = 3
# Below this many units, {{availability:REF}} says "limited pre-order"
# (system parameter whatsapp_cs_bot.low_stock).
LOW_STOCK = 10


def _placeholder_key(match):
    return match.group(1), match.group(2) or ""


class WhatsappConversation(models.Model):
    _inherit = "whatsapp.conversation"

    bot_stopped = fields.Boolean(readonly=True, help="Handed off to a human: the bot stays quiet.")

    # Entry point (webhook processing) ------------------------------------------------------------
    def _bot_on_customer_message(self, message, first_contact):
        """Answer ``message`` automatically if a rule matches; returns the plan."""
        self.ensure_one()
        if self.bot_stopped or message.direction != "in":
            return {}
        if message.button_payload == HANDOFF_PAYLOAD:
            self._bot_handoff(self.env["whatsapp.bot.rule"], self.env._("customer asked"))
            return {"handoff": True}
        moment = fields.Datetime.now()
        rule = (
            self.env["whatsapp.bot.rule"].sudo()._match(self, message.body, moment, first_contact)
        )
        if not rule:
            return {}
        plan = self._bot_plan(rule)
        self._bot_execute(rule, plan, message)
        return plan

    # Planning (also used by the test console, which sends nothing) --------------------------------
    def _bot_plan(self, rule):
        """What ``rule`` would do here: text, buttons, files and actions."""
        sent_today = self._bot_automatic_count()
        cap = int(
            self.env["ir.config_parameter"].sudo().get_param("whatsapp_cs_bot.daily_cap")
            or DEFAULT_DAILY_CAP
        )
        plan = {"rule": rule.name, "rule_id": rule.id, "text": "", "buttons": [], "files": []}
        if sent_today >= cap:
            plan.update(handoff=True, capped=True)
            return plan
        text = self._bot_pick_variant(rule)
        if text is None:
            # every variant needs a value we do not have: never send it broken
            plan.update(handoff=True, unfillable=True)
            return plan
        buttons = [
            (b.title, HANDOFF_PAYLOAD if b.is_handoff else f"bot.{b.id}") for b in rule.button_ids
        ]
        if sent_today == 1 and not any(payload == HANDOFF_PAYLOAD for _t, payload in buttons):
            # the second automatic answer offers a way out
            buttons = buttons[:2] + [(self.env._("Talk to a human"), HANDOFF_PAYLOAD)]
        plan.update(
            text=text,
            buttons=[title for title, _payload in buttons],
            button_payloads=[payload for _title, payload in buttons],
            files=rule.attachment_ids.mapped("name"),
            team=rule.team_id.name or "",
            tags=rule.tag_ids.mapped("name"),
            priority=rule.priority or "",
            handoff=rule.handoff or sent_today + 1 >= cap,
        )
        return plan

    def _bot_automatic_count(self):
        since = fields.Datetime.now() - timedelta(hours=24)
        return (
            self.env["whatsapp.message"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", self.partner_id.id),
                    ("direction", "=", "out"),
                    ("is_automatic", "=", True),
                    ("message_type", "in", ("text", "interactive")),  # files go with an answer
                    ("timestamp", ">=", since),
                ]
            )
        )

    def _bot_pick_variant(self, rule):
        values = {}  # (name, argument) -> text, looked up once per answer
        usable = []
        for reply in rule.reply_ids:
            body = reply.body or ""
            keys = [_placeholder_key(match) for match in PLACEHOLDER.finditer(body)]
            for key in keys:
                if key not in values:
                    values[key] = self._bot_placeholder_value(*key)
            if all(values[key] for key in keys):
                usable.append(PLACEHOLDER.sub(lambda m: values[_placeholder_key(m)], body))
        return random.choice(usable) if usable else None  # noqa: S311 - not security

    def _bot_placeholder_value(self, name, argument):
        """Text for ``{{name}}`` or ``{{name:argument}}``, read now from the
        partner and the ERP; "" when it has no value (the variant is skipped)."""
        partner = self.partner_id
        if name == "customer":
            return partner.name or ""
        if name == "first_name":
            words = (partner.name or "").split()
            return words[0] if words else ""
        if name == "company":
            return self.company_id.name or ""
        if name in ("last_order", "last_order_state"):
            return self._bot_last_order_value(name)
        if name in ("product", "stock", "availability") and argument:
            return self._bot_product_value(name, argument)
        return ""

    def _bot_last_order_value(self, name):
        if "sale.order" not in self.env:
            return ""
        order = (
            self.env["sale.order"]
            .sudo()
            .search(
                [("partner_id", "child_of", self.partner_id.commercial_partner_id.id)],
                order="date_order desc, id desc",
                limit=1,
            )
        )
        if not order:
            return ""
        if name == "last_order":
            return order.name
        return dict(order._fields["state"]._description_selection(self.env)).get(order.state, "")

    def _bot_product_value(self, name, reference):
        """``{{product:REF}}``, ``{{stock:REF}}`` and ``{{availability:REF}}``
        for the product whose internal reference or barcode is REF."""
        if "product.product" not in self.env:
            return ""
        product = (
            self.env["product.product"]
            .sudo()
            .with_company(self.company_id)
            .search(["|", ("default_code", "=", reference), ("barcode", "=", reference)], limit=1)
        )
        if not product:
            return ""
        if name == "product":
            return product.display_name
        if "qty_available" not in product._fields:  # the Inventory app is not installed
            return ""
        quantity = product.qty_available
        if name == "stock":
            return f"{max(quantity, 0):g}"
        low = float(
            self.env["ir.config_parameter"].sudo().get_param("whatsapp_cs_bot.low_stock", LOW_STOCK)
        )
        return self.env._("in stock") if quantity >= low else self.env._("limited pre-order")

    # Execution -----------------------------------------------------------------------------------
    def _bot_execute(self, rule, plan, message):
        rule._bump_counter("triggered_count")
        if plan.get("text"):
            self._bot_send(plan, rule)
        if rule.team_id and rule.team_id != self.team_id:
            self.sudo().write({"team_id": rule.team_id.id, "user_id": False})
            self.env["whatsapp.conversation.log"]._add(
                self, "route", f"{rule.team_id.name} ({rule.name})"
            )
            self._trigger_inbox_cron()
        if rule.tag_ids:
            self.partner_id.sudo().category_id = [fields.Command.link(t.id) for t in rule.tag_ids]
        if rule.priority:
            self.sudo().priority = rule.priority
        if plan.get("handoff"):
            why = (
                self.env._("daily limit of automatic messages") if plan.get("capped") else rule.name
            )
            self._bot_handoff(rule, why)

    def _bot_send(self, plan, rule):
        if rule.mask_numbers:
            plan = dict(plan, text=mask_numbers(plan["text"]))
        Message = self.env["whatsapp.message"].sudo()
        base = {"conversation_id": self.id, "direction": "out", "is_automatic": True}
        if plan["buttons"]:
            interactive = {
                "type": "button",
                "body": {"text": plan["text"]},
                "action": {
                    "buttons": [
                        {"type": "reply", "reply": {"id": payload, "title": title}}
                        for title, payload in zip(
                            plan["buttons"], plan["button_payloads"], strict=True
                        )
                    ]
                },
            }
            Message.create(
                {
                    **base,
                    "message_type": "interactive",
                    "body": plan["text"],
                    "payload": json.dumps({"type": "interactive", "interactive": interactive}),
                }
            )
        else:
            Message.create({**base, "body": plan["text"]})
        for attachment in rule.attachment_ids:
            kind = (attachment.mimetype or "").split("/")[0]
            Message.create(
                {
                    **base,
                    "message_type": kind if kind in ("image", "video", "audio") else "document",
                    "attachment_ids": [fields.Command.set(attachment.ids)],
                }
            )

    def _bot_handoff(self, rule, why):
        self.ensure_one()
        if self.bot_stopped:
            return
        self.sudo().bot_stopped = True
        if rule:
            rule._bump_counter("handoff_count")
        self.env["whatsapp.conversation.log"]._add(self, "handoff", why)
        self._trigger_inbox_cron()

    def action_bot_resume(self):
        """Let the bot answer this customer again."""
        self.check_access("write")
        self._check_assignee_or_editor()
        self.sudo().bot_stopped = False
        return True
