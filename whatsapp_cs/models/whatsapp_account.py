# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import secrets

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from ..tools.access import require_role
from ..tools.cloud_api import API_VERSION, DEFAULT_GRAPH_URL, CloudApiClient, CloudApiError
from ..tools.meta_errors import advice_for

SECRET_GROUP = "whatsapp_cs.group_admin"


class WhatsappAccount(models.Model):
    """One WhatsApp business phone number on Meta's Cloud API."""

    _name = "whatsapp.account"
    _inherit = ["whatsapp.guard.mixin"]
    _description = "WhatsApp Account"
    _order = "sequence, name, id"

    # What Meta tells us about the number (name, quality) is Meta's.
    _whatsapp_create_fields = _whatsapp_write_fields = {
        "admin": {
            "name",
            "sequence",
            "active",
            "company_id",
            "phone_number_id",
            "waba_id",
            "display_phone_number",
            "access_token",
            "app_secret",
            "verify_token",
            "graph_api_url",
            "app_id",
            "throughput",
        }
    }

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    phone_number_id = fields.Char(
        string="Phone Number ID",
        required=True,
        index=True,
        help="Meta's id of the business phone number (WhatsApp Manager > API Setup).",
    )
    waba_id = fields.Char(
        string="WhatsApp Business Account ID",
        required=True,
        index=True,
        help="The WABA id that owns the number and its message templates.",
    )
    display_phone_number = fields.Char(help="The number customers see, e.g. +1 555 000 1111.")
    access_token = fields.Char(
        groups=SECRET_GROUP,
        copy=False,
        help="Permanent system-user token with the whatsapp_business_messaging and "
        "whatsapp_business_management permissions.",
    )
    app_secret = fields.Char(
        groups=SECRET_GROUP,
        copy=False,
        help="App Dashboard > App settings > Basic > App secret. Signs every webhook.",
    )
    verify_token = fields.Char(
        groups=SECRET_GROUP,
        copy=False,
        default=lambda self: secrets.token_urlsafe(24),
        help="Any string you choose; paste the same value in Meta's webhook settings.",
    )
    app_id = fields.Char(
        string="App ID",
        help="App Dashboard > App settings > Basic: needed to submit templates with a file "
        "header (Meta's upload of the sample).",
    )
    throughput = fields.Integer(
        string="Messages per Second",
        default=80,
        help="What Meta lets this number send (80 by default, up to 1,000 once upgraded): "
        "Odoo paces its sends to stay under it.",
    )
    graph_api_url = fields.Char(
        string="Graph API URL",
        required=True,
        default=DEFAULT_GRAPH_URL,
        help="Meta's Graph API. Point it at the local emulator for demos and tests.",
    )
    api_version = fields.Char(compute="_compute_api_version")
    webhook_url = fields.Char(compute="_compute_webhook_url")
    verified_name = fields.Char(readonly=True)
    quality_rating = fields.Char(readonly=True)
    last_connection_check = fields.Datetime(readonly=True)
    template_ids = fields.One2many("whatsapp.template", "account_id")
    template_count = fields.Integer(compute="_compute_template_count")
    conversation_count = fields.Integer(compute="_compute_conversation_count")
    failed_event_count = fields.Integer(compute="_compute_failed_event_count")

    _sql_constraints = [
        (
            "phone_number_id_uniq",
            "unique(phone_number_id)",
            "Another account already uses this phone number id.",
        ),
    ]

    @api.constrains("throughput")
    def _check_throughput(self):
        for account in self:
            if not 1 <= account.throughput <= 1000:
                raise ValidationError(
                    self.env._("Meta allows 1 to 1,000 messages per second per number.")
                )

    def _compute_api_version(self):
        self.api_version = API_VERSION

    def _compute_webhook_url(self):
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        self.webhook_url = f"{base_url}/whatsapp/webhook"

    def _compute_template_count(self):
        counts = dict(
            self.env["whatsapp.template"]._read_group(
                [("account_id", "in", self.ids)], ["account_id"], ["__count"]
            )
        )
        for account in self:
            account.template_count = counts.get(account, 0)

    def _compute_conversation_count(self):
        counts = dict(
            self.env["whatsapp.conversation"]._read_group(
                [("account_id", "in", self.ids)], ["account_id"], ["__count"]
            )
        )
        for account in self:
            account.conversation_count = counts.get(account, 0)

    def _compute_failed_event_count(self):
        counts = dict(
            self.env["whatsapp.event"]
            .sudo()
            ._read_group(
                [("account_id", "in", self.ids), ("state", "=", "failed")],
                ["account_id"],
                ["__count"],
            )
        )
        for account in self:
            account.failed_event_count = counts.get(account, 0)

    # CRUD -------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        accounts = super().create(vals_list)
        self.env.registry.clear_cache()
        return accounts

    def write(self, vals):
        res = super().write(vals)
        # read from ormcaches in the webhook request (directory, bot hints)
        cached_fields = {
            "phone_number_id",
            "waba_id",
            "app_secret",
            "verify_token",
            "active",
            "company_id",
        }
        if cached_fields & set(vals):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res

    # Webhook lookups ------------------------------------------------------------
    @api.model
    @tools.ormcache()
    def _webhook_directory(self):
        """Accounts by phone number id and WABA id, cached per worker.

        The webhook is public: caching avoids a query per anonymous request, and
        the cache is cleared on every change of the fields it holds.
        """
        by_phone, by_waba, verify_tokens = {}, {}, []
        accounts = self.sudo().with_context(active_test=True).search([])
        for account in accounts:
            entry = (account.id, account.app_secret or "")
            by_phone[account.phone_number_id] = entry
            by_waba.setdefault(account.waba_id, []).append(entry)
            if account.verify_token:
                verify_tokens.append(account.verify_token)
        return by_phone, by_waba, tuple(verify_tokens)

    # Cloud API --------------------------------------------------------------------
    def _client(self, session=None):
        """The Cloud API client of this number (``session``: an HTTP session
        to reuse, e.g. across a batch of sends)."""
        self.ensure_one()
        account = self.sudo()
        if not account.access_token:
            raise UserError(
                self.env._("Set the access token of the WhatsApp account %s first.", self.name)
            )
        read_timeout = float(
            self.env["ir.config_parameter"].sudo().get_param("whatsapp_cs.read_timeout", 20)
        )
        return CloudApiClient(
            account.access_token,
            phone_number_id=account.phone_number_id,
            waba_id=account.waba_id,
            graph_url=account.graph_api_url,
            timeout=(5, read_timeout),
            session=session,
        )

    def _raise_user_error(self, error):
        title = error.title if not error.details else f"{error.title}: {error.details}"
        raise UserError(
            self.env._(
                "Meta answered: %(title)s (code %(code)s).\n%(advice)s",
                title=title,
                code=error.code or "-",
                advice=advice_for(error.code, self.env.lang or "en_US"),
            )
        ) from error

    @require_role("admin")
    def action_test_connection(self):
        self.ensure_one()
        self.check_access("write")
        try:
            info = self._client().get_phone_number()
        except CloudApiError as error:
            self._raise_user_error(error)
        self.sudo().write(
            {
                "verified_name": info.get("verified_name"),
                "quality_rating": info.get("quality_rating"),
                "display_phone_number": self.display_phone_number
                or info.get("display_phone_number"),
                "last_connection_check": fields.Datetime.now(),
            }
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Connection works"),
                "message": self.env._(
                    "Meta knows this number as %(name)s (quality %(quality)s).",
                    name=info.get("verified_name") or info.get("display_phone_number"),
                    quality=info.get("quality_rating") or "-",
                ),
                "sticky": False,
            },
        }

    @require_role("admin")
    def action_sync_templates(self):
        self.check_access("write")
        for account in self:
            try:
                remote = list(account._client().iter_templates())
            except CloudApiError as error:
                account._raise_user_error(error)
            self.env["whatsapp.template"].sudo()._sync_from_meta(account, remote)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success",
                "title": self.env._("Templates synchronised"),
                "message": self.env._("%s templates are up to date.", len(self.template_ids)),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @require_role("admin")
    def action_view_templates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "whatsapp_cs.whatsapp_template_action"
        )
        action["domain"] = [("account_id", "=", self.id)]
        action["context"] = {"default_account_id": self.id}
        return action

    @require_role("admin")
    def action_view_failed_events(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("whatsapp_cs.whatsapp_event_action")
        action["domain"] = [("account_id", "=", self.id), ("state", "=", "failed")]
        return action
