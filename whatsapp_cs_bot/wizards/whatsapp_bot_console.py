# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from odoo.addons.whatsapp_cs.tools.access import require_role


class WhatsappBotConsole(models.TransientModel):
    """Try the bot: which rule answers a message, what it would send and do.
    Nothing is sent and nothing is changed."""

    _name = "whatsapp.bot.console"
    _description = "WhatsApp Bot Test Console"

    message = fields.Char(required=True, help="What the customer writes.")
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    account_id = fields.Many2one(
        "whatsapp.account",
        string="Number",
        required=True,
        default=lambda self: self.env["whatsapp.account"].search([], limit=1),
    )
    moment = fields.Datetime(string="At", required=True, default=fields.Datetime.now)
    first_contact = fields.Boolean(help="Pretend this is the customer's very first message.")
    rule_id = fields.Many2one("whatsapp.bot.rule", string="Matching Rule", readonly=True)
    result = fields.Text(readonly=True)

    @require_role("editor")
    def action_try(self):
        self.ensure_one()
        self.partner_id.check_access("read")
        self.account_id.check_access("read")
        conversation = self._conversation()
        rule = self.env["whatsapp.bot.rule"]._match(
            conversation, self.message, self.moment, self.first_contact
        )
        self.write({"rule_id": rule.id, "result": self._describe(conversation, rule)})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _conversation(self):
        existing = self.env["whatsapp.conversation"].search(
            [("partner_id", "=", self.partner_id.id), ("account_id", "=", self.account_id.id)],
            limit=1,
        )
        return existing or self.env["whatsapp.conversation"].new(
            {"partner_id": self.partner_id.id, "account_id": self.account_id.id}
        )

    @api.model
    def _describe(self, conversation, rule):
        if not rule:
            return self.env._("No rule answers this message: it waits for an agent.")
        engine = self.env["whatsapp.bot.engine"].with_context(whatsapp_bot_console=True)
        plan = engine._plan(conversation, rule)
        lines = [self.env._("Rule: %s", rule.name)]
        if plan.get("capped"):
            lines.append(
                self.env._(
                    "Nothing is sent: this customer had the daily number of automatic messages."
                )
            )
        elif plan.get("unfillable"):
            lines.append(
                self.env._("Nothing is sent: a placeholder has no value for this customer.")
            )
        else:
            lines.append(self.env._("Sends: %s", plan["text"]))
            if plan["buttons"]:
                lines.append(self.env._("Buttons: %s", " | ".join(plan["buttons"])))
            if plan["files"]:
                lines.append(self.env._("Files: %s", ", ".join(plan["files"])))
        if plan.get("team"):
            lines.append(self.env._("Routes to: %s", plan["team"]))
        if plan.get("tags"):
            lines.append(self.env._("Adds tags: %s", ", ".join(plan["tags"])))
        if plan.get("priority"):
            lines.append(self.env._("Sets priority: %s", plan["priority"]))
        if plan.get("handoff"):
            lines.append(self.env._("Then hands the conversation to a human."))
        return "\n".join(lines)
