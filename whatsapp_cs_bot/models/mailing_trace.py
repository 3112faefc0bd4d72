# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from odoo.addons.whatsapp_cs.models.whatsapp_message_inbound import META_MARKETING_LIMIT

# Forward only: a trace never goes back (a late "sent" after "read" is ignored).
TRACE_RANK = {"outgoing": 0, "process": 1, "pending": 2, "sent": 3, "open": 4, "reply": 5}
# The message's state -> the trace's (Odoo's names: pending is "Sent",
# sent is "Delivered", open is "Opened", here "Read").
FROM_MESSAGE = {
    "outgoing": "process",
    "sending": "process",
    "sent": "pending",
    "delivered": "sent",
    "read": "open",
}


class MailingTrace(models.Model):
    """One recipient of a broadcast: queued, sent, delivered, read, replied,
    failed (Meta's code and advice) or skipped (why)."""

    _inherit = "mailing.trace"

    trace_type = fields.Selection(
        selection_add=[("whatsapp", "WhatsApp")], ondelete={"whatsapp": "set default"}
    )
    failure_type = fields.Selection(
        selection_add=[
            ("wa_no_number", "No WhatsApp number"),
            ("wa_optout", "Opted out of the list"),
            ("wa_blacklist", "Stopped marketing (phone blacklist)"),
            ("wa_no_opt_in", "No opt-in recorded"),
            ("wa_us_marketing", "Marketing to a +1 number"),
            ("wa_duplicate", "Duplicate number"),
            ("wa_meta_limit", "Limited by Meta (131049)"),
            ("wa_incomplete", "Template cannot be filled"),
            ("wa_budget", "Budget reached"),
            ("wa_stopped", "Broadcast stopped"),
            ("wa_failed", "WhatsApp error"),
        ]
    )
    wa_partner_id = fields.Many2one(
        "res.partner", string="WhatsApp Contact", index="btree_not_null", readonly=True
    )
    wa_number = fields.Char(string="WhatsApp Number", readonly=True)
    wa_duplicate_of = fields.Char(readonly=True, help="The number another recipient has.")
    wa_due_at = fields.Datetime(
        string="Goes At",
        readonly=True,
        help="When the message may leave: the schedule, the recipient's local hour, or the "
        "next day when today's messaging limit is used up.",
    )
    wa_message_id = fields.Many2one(
        "whatsapp.message", string="WhatsApp Message", readonly=True, index="btree_not_null"
    )
    wa_conversation_id = fields.Many2one(related="wa_message_id.conversation_id")
    wa_error_code = fields.Integer(string="Meta Error", readonly=True)
    wa_estimated_cost = fields.Float(digits=(16, 5), readonly=True)
    wa_cost = fields.Float(string="Cost", digits=(16, 5), readonly=True)

    def init(self):
        res = super().init()
        cr = self.env.cr
        # one trace per recipient record, and one live trace per number
        cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS mailing_trace_whatsapp_record_uniq
               ON mailing_trace (mass_mailing_id, model, res_id)
               WHERE trace_type = 'whatsapp'"""
        )
        cr.execute(
            """CREATE UNIQUE INDEX IF NOT EXISTS mailing_trace_whatsapp_number_uniq
               ON mailing_trace (mass_mailing_id, wa_number)
               WHERE trace_type = 'whatsapp' AND wa_number IS NOT NULL
                 AND trace_status != 'cancel'"""
        )
        cr.execute(
            """CREATE INDEX IF NOT EXISTS mailing_trace_whatsapp_due_idx
               ON mailing_trace (wa_due_at, id)
               WHERE trace_type = 'whatsapp' AND trace_status = 'outgoing'"""
        )
        return res

    def _wa_skip(self, failure_type, text):
        self.write(
            {
                "trace_status": "cancel",
                "failure_type": failure_type,
                "failure_reason": text,
                "wa_number": False,
            }
        )

    def _wa_follow(self, message):
        """Move the trace with its message's state and cost (forward only)."""
        self.ensure_one()
        vals = {}
        if message.cost != self.wa_cost:
            vals["wa_cost"] = message.cost
        status = FROM_MESSAGE.get(message.state)
        current = self.trace_status
        if status and TRACE_RANK.get(status, -1) > TRACE_RANK.get(current, 99):
            vals["trace_status"] = status
            if status in ("pending", "sent", "open") and not self.sent_datetime:
                vals["sent_datetime"] = message.sent_at or fields.Datetime.now()
            if status == "open" and not self.open_datetime:
                vals["open_datetime"] = message.read_at or fields.Datetime.now()
        elif message.state == "failed" and current in ("outgoing", "process", "pending"):
            code = message.error_code
            text = " ".join(
                filter(
                    None,
                    [
                        f"{code}:" if code else "",
                        message.error_title or "",
                        "-",
                        message.error_advice or "",
                    ],
                )
            )
            if code == META_MARKETING_LIMIT:
                # not a failure: Meta keeps the customer's inbox healthy; no
                # marketing to them for 24 hours (the partner remembers)
                vals.update(trace_status="cancel", failure_type="wa_meta_limit")
            elif code == 131050:
                vals.update(trace_status="cancel", failure_type="wa_blacklist")
            else:
                vals.update(trace_status="error", failure_type="wa_failed")
            vals.update(failure_reason=text, wa_error_code=code)
        if vals:
            self.write(vals)

    def _wa_replied(self, moment):
        self.filtered(lambda t: t.trace_status not in ("reply", "cancel")).write(
            {"trace_status": "reply", "reply_datetime": moment}
        )
