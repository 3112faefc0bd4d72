# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import random
import re
from datetime import timedelta

from odoo import api, fields, models

from odoo.addons.whatsapp_cs.tools import message_payload
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


class WhatsappBotEngine(models.AbstractModel):
    """The bot: given a customer's message in a conversation, pick the rule
    that answers, plan its answer (text, buttons, files, actions) and carry it
    out. A service model with no records; it runs in webhook processing, as
    superuser, and never for a user's request."""

    _name = "whatsapp.bot.engine"
    _description = "WhatsApp Bot Engine"

    # Entry point (webhook processing) ------------------------------------------------------------
    @api.model
    def _on_customer_message(self, conversation, message, first_contact):
        """Answer ``message`` automatically if a rule matches; returns the plan."""
        if conversation.bot_stopped or message.direction != "in":
            return {}
        if message.button_payload == HANDOFF_PAYLOAD:
            self._handoff(conversation, self.env["whatsapp.bot.rule"], self.env._("customer asked"))
            return {"handoff": True}
        rule = (
            self.env["whatsapp.bot.rule"]
            .sudo()
            ._match(conversation, message.body, fields.Datetime.now(), first_contact)
        )
        if not rule:
            return {}
        plan = self._plan(conversation, rule)
        self._execute(conversation, rule, plan)
        return plan

    # Planning (also used by the test console, which sends nothing) --------------------------------
    @api.model
    def _plan(self, conversation, rule):
        """What ``rule`` would do in ``conversation``: text, buttons, files and actions."""
        sent_today = self._automatic_count(conversation)
        cap = int(
            self.env["ir.config_parameter"].sudo().get_param("whatsapp_cs_bot.daily_cap")
            or DEFAULT_DAILY_CAP
        )
        plan = {"rule": rule.name, "rule_id": rule.id, "text": "", "buttons": [], "files": []}
        if sent_today >= cap:
            plan.update(handoff=True, capped=True)
            return plan
        text = self._pick_variant(conversation, rule)
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

    @api.model
    def _automatic_count(self, conversation):
        since = fields.Datetime.now() - timedelta(hours=24)
        return (
            self.env["whatsapp.message"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "=", conversation.partner_id.id),
                    ("direction", "=", "out"),
                    ("is_automatic", "=", True),
                    ("message_type", "in", ("text", "interactive")),  # files go with an answer
                    ("timestamp", ">=", since),
                ]
            )
        )

    @api.model
    def _pick_variant(self, conversation, rule):
        values = {}  # (name, argument) -> text, looked up once per answer
        usable = []
        for reply in rule.reply_ids:
            body = reply.body or ""
            keys = [_placeholder_key(match) for match in PLACEHOLDER.finditer(body)]
            for key in keys:
                if key not in values:
                    values[key] = self._placeholder_value(conversation, *key)
            if all(values[key] for key in keys):
                usable.append(PLACEHOLDER.sub(lambda m: values[_placeholder_key(m)], body))
        return random.choice(usable) if usable else None  # noqa: S311 - not security

    @api.model
    def _placeholder_value(self, conversation, name, argument):
        """Text for ``{{name}}`` or ``{{name:argument}}``, read now from the
        partner and the ERP; "" when it has no value (the variant is skipped)."""
        partner = conversation.partner_id
        if name == "customer":
            return partner.name or ""
        if name == "first_name":
            words = (partner.name or "").split()
            return words[0] if words else ""
        if name == "company":
            return conversation.company_id.name or ""
        if name in ("last_order", "last_order_state"):
            return self._last_order_value(conversation, name)
        if name in ("product", "stock", "availability") and argument:
            return self._product_value(conversation, name, argument)
        return ""

    @api.model
    def _erp(self, model):
        """The ERP model placeholders read: as superuser when the bot answers
        a customer; with the editor's own rights in the test console, which
        must not show them orders or stock they may not read."""
        records = self.env[model]
        return records if self.env.context.get("whatsapp_bot_console") else records.sudo()

    @api.model
    def _last_order_value(self, conversation, name):
        if "sale.order" not in self.env or not self._erp("sale.order").has_access("read"):
            return ""
        order = self._erp("sale.order").search(
            [("partner_id", "child_of", conversation.partner_id.commercial_partner_id.id)],
            order="date_order desc, id desc",
            limit=1,
        )
        if not order:
            return ""
        if name == "last_order":
            return order.name
        return dict(order._fields["state"]._description_selection(self.env)).get(order.state, "")

    @api.model
    def _product_value(self, conversation, name, reference):
        """``{{product:REF}}``, ``{{stock:REF}}`` and ``{{availability:REF}}``
        for the product whose internal reference or barcode is REF."""
        if "product.product" not in self.env or not self._erp("product.product").has_access("read"):
            return ""
        product = (
            self._erp("product.product")
            .with_company(conversation.company_id)
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
    @api.model
    def _execute(self, conversation, rule, plan):
        rule._bump_counter("triggered_count")
        if plan.get("text"):
            self._send(conversation, plan, rule)
        if rule.team_id and rule.team_id != conversation.team_id:
            conversation.sudo().write({"team_id": rule.team_id.id, "user_id": False})
            self.env["whatsapp.conversation.log"]._add(
                conversation, "route", f"{rule.team_id.name} ({rule.name})"
            )
            conversation._trigger_inbox_cron()
        if rule.tag_ids:
            conversation.partner_id.sudo().category_id = [
                fields.Command.link(tag.id) for tag in rule.tag_ids
            ]
        if rule.priority:
            conversation.sudo().priority = rule.priority
        if plan.get("handoff"):
            why = (
                self.env._("daily limit of automatic messages") if plan.get("capped") else rule.name
            )
            self._handoff(conversation, rule, why)

    @api.model
    def _send(self, conversation, plan, rule):
        text = mask_numbers(plan["text"]) if rule.mask_numbers else plan["text"]
        messages = self.env["whatsapp.message"].sudo()
        base = {"conversation_id": conversation.id, "direction": "out", "is_automatic": True}
        if plan["buttons"]:
            interactive = message_payload.reply_buttons(
                text, list(zip(plan["button_payloads"], plan["buttons"], strict=True))
            )
            messages.create(
                {
                    **base,
                    "message_type": "interactive",
                    "body": text,
                    "payload": json.dumps(interactive),
                }
            )
        else:
            messages.create({**base, "body": text})
        for vals in messages._outgoing_vals(conversation, "", rule.attachment_ids):
            messages.create({**vals, "is_automatic": True})

    @api.model
    def _handoff(self, conversation, rule, why):
        if conversation.bot_stopped:
            return
        conversation.sudo().bot_stopped = True
        if rule:
            rule._bump_counter("handoff_count")
        self.env["whatsapp.conversation.log"]._add(conversation, "handoff", why)
        conversation._trigger_inbox_cron()
