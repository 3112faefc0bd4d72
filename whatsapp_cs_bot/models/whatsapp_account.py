# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields, models

from odoo.addons.whatsapp_cs.tools.access import has_role, require_role
from odoo.addons.whatsapp_cs.tools.cloud_api import CloudApiError

# Meta's messaging limits: unique users a business portfolio reaches with
# templates per moving 24 hours.
TIERS = [
    ("250", "250"),
    ("2000", "2,000"),
    ("10000", "10,000"),
    ("100000", "100,000"),
    ("unlimited", "Unlimited"),
]
WINDOW = timedelta(hours=24)


class WhatsappAccount(models.Model):
    _inherit = "whatsapp.account"

    messaging_tier = fields.Selection(
        TIERS,
        string="Messaging Limit",
        default="250",
        required=True,
        help="Meta's daily limit of unique customers this number's business portfolio may "
        "reach with templates (a moving 24 hours). Broadcasts never go beyond it: the "
        "rest goes the next day. Read it from Meta with the button, or set it here.",
    )

    def _whatsapp_allowed_fields(self, by_role):
        allowed = super()._whatsapp_allowed_fields(by_role)
        if by_role is self._whatsapp_write_fields and has_role(self.env, "admin"):
            allowed = allowed | {"messaging_tier"}
        return allowed

    def _wa_tier_left(self):
        """How many more customers may be reached today; None: unlimited."""
        self.ensure_one()
        if self.messaging_tier == "unlimited":
            return None
        return int(self.messaging_tier) - len(self._wa_reached_partners())

    def _wa_reached_partners(self, partners=None):
        """The customers this number sent a template to in the last 24 hours
        (among ``partners``, if given)."""
        self.ensure_one()
        self.env.flush_all()
        query = """SELECT DISTINCT conversation.partner_id
                     FROM whatsapp_message message
                     JOIN whatsapp_conversation conversation
                       ON conversation.id = message.conversation_id
                    WHERE message.account_id = %s AND message.direction = 'out'
                      AND message.message_type = 'template' AND message.create_date > %s
                      AND (message.state != 'failed' OR message.wamid IS NOT NULL)"""
        params = [self.id, fields.Datetime.now() - WINDOW]
        if partners is not None:
            query += " AND conversation.partner_id = ANY(%s)"
            params.append(partners.ids)
        self.env.cr.execute(query, params)
        return {row[0] for row in self.env.cr.fetchall()}

    def _wa_tier_free_at(self):
        """When the oldest customer reached in the window leaves it."""
        self.ensure_one()
        self.env.cr.execute(
            """SELECT min(create_date) FROM whatsapp_message
                WHERE account_id = %s AND direction = 'out' AND message_type = 'template'
                  AND create_date > %s""",
            [self.id, fields.Datetime.now() - WINDOW],
        )
        oldest = self.env.cr.fetchone()[0] or fields.Datetime.now()
        return oldest + WINDOW + timedelta(minutes=1)

    @require_role("admin")
    def action_whatsapp_read_tier(self):
        """Read the messaging limit from Meta."""
        self.ensure_one()
        client = self._client()
        try:
            answer = client._request(
                "GET",
                self.phone_number_id,
                params={"fields": "whatsapp_business_manager_messaging_limit"},
            )
        except CloudApiError as error:
            self._raise_user_error(error)
        level = str(answer.get("whatsapp_business_manager_messaging_limit") or "")
        value = level.replace("TIER_", "").lower().replace("k", "000")
        if value in dict(TIERS):
            self.sudo().messaging_tier = value
        return True
