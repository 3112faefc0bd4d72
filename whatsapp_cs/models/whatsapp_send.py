# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging
import time
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..tools.access import require_role
from ..tools.cron_wakeup import done_for_now, trigger_now

_logger = logging.getLogger(__name__)

REASONS = [
    ("no_number", "No WhatsApp number"),
    ("opted_out", "Opted out"),
    ("no_opt_in", "No opt-in recorded"),
    ("us_marketing", "Marketing to a US number"),
    ("meta_limit", "Limited by Meta"),
    ("template", "Template not approved"),
    ("incomplete", "Template cannot be filled"),
    ("no_access", "No access to the document"),
    ("gone", "Document deleted"),
]
# statuses whose sends wait for Meta's decision instead of failing
IN_REVIEW = ("PENDING", "IN_APPEAL")
BATCH = 100
RUN_SECONDS = 20


class WhatsappSend(models.Model):
    """A template sent (or not) to a customer about a document: from the
    WhatsApp action of a form or list, or from an automation rule.

    Rows are queued in the request that asks (so a send to 10,000 records
    returns at once) and processed by a cron, several workers at a time: the
    template is filled as the user who asked, consent and Meta's rules are
    checked then, and a row that is not sent says why.
    """

    _name = "whatsapp.send"
    _description = "WhatsApp Document Send"
    _order = "id desc"
    _rec_name = "res_name"

    template_id = fields.Many2one("whatsapp.template", required=True, index=True, readonly=True)
    account_id = fields.Many2one(related="template_id.account_id", store=True, index=True)
    company_id = fields.Many2one(related="template_id.company_id", store=True, index=True)
    res_model = fields.Char(string="Document Model", required=True, index=True, readonly=True)
    res_id = fields.Many2oneReference(
        string="Document ID", model_field="res_model", required=True, index=True, readonly=True
    )
    res_name = fields.Char(string="Document", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", index=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Sent By", readonly=True, help="Whose rights fill the template."
    )
    action_id = fields.Many2one(
        "ir.actions.server", string="Automation", readonly=True, ondelete="set null"
    )
    state = fields.Selection(
        [("queued", "Queued"), ("sent", "Sent"), ("not_sent", "Not Sent")],
        default="queued",
        required=True,
        index=True,
        readonly=True,
    )
    reason = fields.Selection(REASONS, readonly=True)
    reason_text = fields.Text(string="Why", readonly=True)
    message_id = fields.Many2one("whatsapp.message", readonly=True, index="btree_not_null")
    conversation_id = fields.Many2one(
        related="message_id.conversation_id",
        store=True,
        index="btree_not_null",
        related_sudo=False,
    )
    message_state = fields.Selection(
        related="message_id.state", string="Delivery", related_sudo=False
    )
    values_override = fields.Text(readonly=True, help="Values the sender typed, as JSON.")
    dedup_key = fields.Char(readonly=True, index="btree_not_null")
    dedup_until = fields.Datetime(
        readonly=True, help="Until then the automation does not send this again for the document."
    )

    def init(self):
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS whatsapp_send_queued_idx
               ON whatsapp_send (id) WHERE state = 'queued'"""
        )

    # Queueing ----------------------------------------------------------------------
    @api.model
    def _enqueue(self, template, records, action=None, dedup_hours=0, overrides=None):
        """Queue ``template`` for every recipient of ``records``; returns the rows.

        With an automation (``action``) and ``dedup_hours``, a document gets
        the template once in that window however often the rule fires, even
        when two workers fire it at the same moment (advisory lock per key).
        """
        vals_list = []
        for record in records:
            partners = template._recipients(record)
            for partner in partners or [self.env["res.partner"]]:
                vals = {
                    "template_id": template.id,
                    "res_model": record._name,
                    "res_id": record.id,
                    "res_name": record.display_name,
                    "partner_id": partner.id,
                    "user_id": self.env.uid,
                    "action_id": action.id if action else False,
                    "values_override": json.dumps(overrides) if overrides else False,
                }
                if action and dedup_hours:
                    key = f"{action.id}:{template.id}:{record._name}:{record.id}:{partner.id}"
                    if self._already_sent(key):
                        continue
                    vals.update(
                        dedup_key=key,
                        dedup_until=fields.Datetime.now() + timedelta(hours=dedup_hours),
                    )
                vals_list.append(vals)
        rows = self.sudo().create(vals_list)
        if rows:
            trigger_now(self.env.cr, self.env.ref("whatsapp_cs.ir_cron_process_sends").id)
        return rows

    @api.model
    def _already_sent(self, key):
        self.env.cr.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (key,))
        return bool(
            self.sudo().search_count(
                [("dedup_key", "=", key), ("dedup_until", ">", fields.Datetime.now())], limit=1
            )
        )

    # Processing (cron) ----------------------------------------------------------------
    @api.model
    def _cron_process(self, limit=BATCH):
        """Fill and queue the template of each queued row, batch after batch
        (each committed when run as the cron job), for up to ``RUN_SECONDS``."""
        started = time.monotonic()
        as_cron_job = self.env.context.get("cron_id")
        done = 0
        while True:
            rows = self._claim(limit)
            for row in rows:
                row._process_safely()
            done += len(rows)
            if not (rows and as_cron_job) or time.monotonic() - started > RUN_SECONDS:
                break
            # only as the cron job (never in a request or a test), like the events cron
            self.env.cr.commit()  # pylint: disable=invalid-commit
        remaining = self.search_count(
            [("state", "=", "queued"), ("template_id.status", "not in", IN_REVIEW)]
        )
        done_for_now(self.env, "whatsapp_cs.ir_cron_process_sends", done, remaining)

    @api.model
    def _claim(self, limit):
        self.env.flush_all()
        self.env.cr.execute(
            # a template in Meta's review holds its sends (they go once approved)
            """SELECT send.id FROM whatsapp_send send
                 JOIN whatsapp_template template ON template.id = send.template_id
                WHERE send.state = 'queued' AND template.status NOT IN %s
                ORDER BY send.id LIMIT %s FOR UPDATE OF send SKIP LOCKED""",
            (IN_REVIEW, limit),
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _process_safely(self):
        try:
            with self.env.cr.savepoint():
                self._process()
        except (UserError, AccessError) as error:
            reason = "no_access" if isinstance(error, AccessError) else "incomplete"
            self._not_sent(reason, str(error))

    def _process(self):
        """Check, fill and queue one send (as the user who asked)."""
        self.ensure_one()
        template = self.template_id
        sender = self.user_id or self.env.user
        record = self.env[self.res_model].with_user(sender).browse(self.res_id).exists()
        if not record:
            return self._not_sent("gone", self.env._("The document was deleted."))
        if template.status != "APPROVED":
            return self._not_sent(
                "template",
                self.env._("The template %s is not approved by Meta.", template.display_name),
            )
        refusal = (
            self.partner_id._whatsapp_send_refusal(template.category)
            if self.partner_id
            else (
                "no_number",
                self.env._("%s has nobody to send it to.", record.display_name),
            )
        )
        if refusal:
            return self._not_sent(*refusal)
        overrides = json.loads(self.values_override or "{}")
        preview, values, _header = template.with_user(sender)._render(
            record, sender=sender, overrides=overrides
        )
        header = template._document_header(record)
        conversation = (
            self.env["whatsapp.conversation"]
            .sudo()
            ._get_or_create(template.account_id, self.partner_id)
        )
        message = (
            self.env["whatsapp.message"]
            .with_user(sender)
            ._queue_template(conversation, template, values, preview, header, document=record)
        )
        self.write({"state": "sent", "message_id": message.id, "reason": False})
        self.env["whatsapp.conversation.document"]._link(conversation, record, "sent")
        self._log_on_document(
            record,
            self.env._("WhatsApp %(template)s sent to %(customer)s: %(conversation)s"),
            template=template.name,
            customer=self.partner_id.display_name,
            conversation=conversation._get_html_link(title=self.env._("open the chat")),
        )
        return True

    def _not_sent(self, reason, text):
        self.write({"state": "not_sent", "reason": reason, "reason_text": text})
        record = self.env[self.res_model].sudo().browse(self.res_id).exists()
        if record:
            self._log_on_document(
                record,
                self.env._("WhatsApp %(template)s not sent: %(why)s"),
                template=self.template_id.name,
                why=text,
            )
        return False

    def _log_on_document(self, record, text, **params):
        """A note on the document; ``params`` are escaped unless they are markup."""
        if hasattr(record, "_message_log"):
            # a logged note (as Odoo's SMS logs its sends): nobody is notified
            record.sudo()._message_log(
                body=Markup("<p>%s</p>") % (Markup(text) % params),  # noqa: S704 - translated template
                author_id=(self.user_id or self.env.user).partner_id.id,
            )

    # Actions ---------------------------------------------------------------------------
    @require_role("agent", "analyst")
    def action_open_document(self):
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id).exists()
        record.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": self.res_model,
            "res_id": record.id,
            "view_mode": "form",
        }
