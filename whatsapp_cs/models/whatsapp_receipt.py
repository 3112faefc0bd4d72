# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.cloud_api import CloudApiError
from ..tools.cron_wakeup import trigger_now

_logger = logging.getLogger(__name__)

RECEIPT_BATCH = 20


class WhatsappReceipt(models.Model):
    """Read receipts and typing indicators waiting to reach Meta.

    An agent opening a conversation (blue ticks for the customer) or typing in
    it ("typing..." on the customer's phone) must never wait for Meta, nor
    fail because Meta is slow: the request only inserts a row here and wakes
    the receipts cron, which sends them from its own transaction. Rows are
    append-only (no unique key, so a user's insert never waits for a row a
    worker holds); any number of workers claim them with ``FOR UPDATE SKIP
    LOCKED`` and send one request per conversation, for its newest row.
    A receipt Meta refuses is dropped (logged): it is a courtesy, not a message.
    """

    _name = "whatsapp.receipt"
    _description = "WhatsApp Read Receipt"
    _order = "id"
    _log_access = False

    conversation_id = fields.Many2one(
        "whatsapp.conversation", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="conversation_id.company_id", store=True)
    wamid = fields.Char(required=True, help="The customer's message to mark read.")
    typing = fields.Boolean(help="Also show the typing indicator.")
    queued_at = fields.Datetime(default=fields.Datetime.now, required=True)

    @api.model
    def _queue(self, conversation, typing=False):
        """Mark the customer's messages read at Meta (and show "typing..."),
        after this transaction commits; returns whether anything was queued."""
        messages = self.env["whatsapp.message"].sudo()
        unread = messages.search(
            [
                ("conversation_id", "=", conversation.id),
                ("direction", "=", "in"),
                ("wamid", "!=", False),
                ("read_at", "=", False),
            ],
            order="timestamp desc, id desc",
        )
        if unread:
            unread.write({"read_at": fields.Datetime.now()})
        target = unread[:1]
        if not target and typing:
            target = messages.search(
                [
                    ("conversation_id", "=", conversation.id),
                    ("direction", "=", "in"),
                    ("wamid", "!=", False),
                ],
                order="timestamp desc, id desc",
                limit=1,
            )
        if not target:
            return False
        self.sudo().create(
            {"conversation_id": conversation.id, "wamid": target.wamid, "typing": typing}
        )
        trigger_now(self.env.cr, self.env.ref("whatsapp_cs.ir_cron_receipts").id)
        return True

    @api.model
    def _cron_send(self):
        """Send queued receipts, batch after batch, each batch in its own transaction."""
        self.env.flush_all()
        while self._send_batch():
            pass

    @api.model
    def _send_batch(self):
        with self.env.registry.cursor() as cr:
            receipts = self.with_env(self.env(cr=cr))._claim()
            if not receipts:
                return False
            for conversation, group in receipts.grouped("conversation_id").items():
                newest = group.sorted("id")[-1]
                try:
                    client = conversation.account_id._client()
                    client.mark_read(newest.wamid, typing=any(group.mapped("typing")))
                except (CloudApiError, UserError) as error:
                    _logger.info("WhatsApp receipt for %s not sent: %s", newest.wamid, error)
            receipts.unlink()
        return True

    @api.model
    def _claim(self):
        self.env.cr.execute(
            "SELECT id FROM whatsapp_receipt ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
            (RECEIPT_BATCH,),
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])
