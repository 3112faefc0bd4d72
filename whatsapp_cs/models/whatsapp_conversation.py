# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

WINDOW = timedelta(hours=24)
STATES = [
    ("new", "New"),
    ("open", "Open"),
    ("pending", "Pending"),
    ("solved", "Solved"),
    ("closed", "Closed"),
]
ACTIVE_STATES = ("new", "open", "pending")
PRIORITIES = [("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Urgent")]
QUALITY_FIELDS = {"quality_rating", "quality_note"}
EDITOR_FIELDS = {"priority", "skill_ids", *QUALITY_FIELDS}


class WhatsappConversation(models.Model):
    """The WhatsApp thread between one customer and one business number.

    The model is split by concern: this file holds the thread itself; the
    team inbox (roles, locks, lifecycle) is in ``whatsapp_conversation_inbox``,
    its cron in ``whatsapp_conversation_cron``, and what a browser calls in
    ``whatsapp_conversation_actions`` (buttons) and ``whatsapp_conversation_rpc``
    (the chat widget).
    """

    _name = "whatsapp.conversation"
    _description = "WhatsApp Conversation"
    _inherit = ["mail.thread", "whatsapp.guard.mixin"]
    _order = "sla_alert desc, priority desc, waiting_since, last_message_at desc, id desc"

    # A user starts a thread with a customer (it becomes theirs); the team
    # inbox fields change through the buttons, which check the role and log.
    _whatsapp_create_fields = {"agent": {"account_id", "partner_id"}}
    _whatsapp_write_fields = {"agent": {"priority"}, "editor": EDITOR_FIELDS}

    name = fields.Char(compute="_compute_name", store=True)
    account_id = fields.Many2one("whatsapp.account", required=True, index=True, readonly=True)
    company_id = fields.Many2one(related="account_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, readonly=True
    )
    category_ids = fields.Many2many(related="partner_id.category_id", string="Tags")
    message_ids_wa = fields.One2many(
        "whatsapp.message", "conversation_id", string="WhatsApp Messages"
    )
    last_inbound_at = fields.Datetime(
        readonly=True, help="Meta's time of the customer's last message."
    )
    window_expires_at = fields.Datetime(
        string="Window Open Until",
        compute="_compute_window_expires_at",
        store=True,
        help="Until then free text and media may be sent; afterwards only templates.",
    )
    window_open = fields.Boolean(compute="_compute_window_open", search="_search_window_open")
    last_message_at = fields.Datetime(readonly=True, index=True)
    last_message_preview = fields.Char(readonly=True)
    unread_count = fields.Integer(readonly=True, help="Customer messages nobody has opened yet.")
    wa_message_count = fields.Integer(compute="_compute_wa_message_count")

    # Team inbox
    team_id = fields.Many2one("whatsapp.team", index=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Assigned To", index=True, readonly=True)
    state = fields.Selection(STATES, default="new", required=True, index=True, readonly=True)
    priority = fields.Selection(PRIORITIES, default="1", required=True, index=True)
    skill_ids = fields.Many2many("whatsapp.skill", string="Required Skills")
    locked_by_id = fields.Many2one("res.users", readonly=True)
    lock_expires_at = fields.Datetime(string="Locked Until", readonly=True)
    assigned_at = fields.Datetime(readonly=True)
    last_agent_activity_at = fields.Datetime(readonly=True)
    waiting_since = fields.Datetime(
        readonly=True, index=True, help="Since when the customer waits for an answer."
    )
    waiting_minutes = fields.Integer(compute="_compute_waiting_minutes", string="Waiting (min)")
    sla_alert = fields.Boolean(
        string="Response Alert",
        readonly=True,
        index=True,
        help="Waited longer than the team allows.",
    )
    transfer_count = fields.Integer(readonly=True)
    released_user_id = fields.Many2one(
        "res.users", readonly=True, help="Last agent the conversation was taken back from."
    )
    log_ids = fields.One2many("whatsapp.conversation.log", "conversation_id", string="History")
    document_ids = fields.One2many(
        "whatsapp.conversation.document", "conversation_id", string="Documents", readonly=True
    )
    quality_rating = fields.Selection(
        [("1", "Poor"), ("2", "Fair"), ("3", "Good"), ("4", "Very good"), ("5", "Excellent")],
        help="An editor's review of how the conversation was handled.",
    )
    quality_note = fields.Text(help="An editor's review, for coaching; agents can read it.")
    is_team_editor = fields.Boolean(compute="_compute_is_team_editor")
    can_create_lead = fields.Boolean(compute="_compute_can_create")
    can_create_quotation = fields.Boolean(compute="_compute_can_create")

    _sql_constraints = [
        (
            "partner_account_uniq",
            "unique(partner_id, account_id)",
            "This customer already has a conversation on this number.",
        ),
    ]

    @api.depends("partner_id.name", "account_id.name")
    def _compute_name(self):
        for conversation in self:
            conversation.name = conversation.partner_id.name or conversation.partner_id.display_name

    @api.depends("last_inbound_at")
    def _compute_window_expires_at(self):
        for conversation in self:
            last = conversation.last_inbound_at
            conversation.window_expires_at = last + WINDOW if last else False

    @api.depends("window_expires_at")
    def _compute_window_open(self):
        now = fields.Datetime.now()
        for conversation in self:
            expires = conversation.window_expires_at
            conversation.window_open = bool(expires and expires > now)

    def _search_window_open(self, operator, value):
        is_open = (operator == "=") == bool(value)
        if is_open:
            return [("window_expires_at", ">", fields.Datetime.now())]
        return [
            "|",
            ("window_expires_at", "=", False),
            ("window_expires_at", "<=", fields.Datetime.now()),
        ]

    @api.depends_context("uid")
    def _compute_is_team_editor(self):
        for conversation in self:
            conversation.is_team_editor = conversation._is_team_editor()

    @api.depends_context("uid")
    def _compute_can_create(self):
        """The CRM and Sales buttons, when those apps are installed and the
        user may create leads or quotations."""
        can = {
            model: model in self.env and self.env[model].has_access("create")
            for model in ("crm.lead", "sale.order")
        }
        for conversation in self:
            conversation.can_create_lead = can["crm.lead"]
            conversation.can_create_quotation = can["sale.order"]

    @api.depends("waiting_since")
    def _compute_waiting_minutes(self):
        now = fields.Datetime.now()
        for conversation in self:
            since = conversation.waiting_since
            conversation.waiting_minutes = int((now - since).total_seconds() // 60) if since else 0

    def _compute_wa_message_count(self):
        counts = dict(
            self.env["whatsapp.message"]._read_group(
                [("conversation_id", "in", self.ids)], ["conversation_id"], ["__count"]
            )
        )
        for conversation in self:
            conversation.wa_message_count = counts.get(conversation, 0)

    # CRUD ----------------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if self.env.su:
            return super().create(vals_list)
        # A user starts the thread (the allow-list keeps it to a number and a
        # customer they may read): it is theirs, open, like one started from
        # the composer.
        self.check_access("create")
        allowed = self._whatsapp_allowed_fields(self._whatsapp_create_fields)
        now = fields.Datetime.now()
        for vals in vals_list:
            self._whatsapp_check_values(vals, allowed)
            self.env["whatsapp.account"].browse(vals.get("account_id")).check_access("read")
            self.env["res.partner"].browse(vals.get("partner_id")).check_access("read")
            vals.update(user_id=self.env.uid, state="open", assigned_at=now)
        as_owner = self.sudo().with_context(
            self._whatsapp_guarded_context(allowed), mail_create_nolog=True
        )
        return super(WhatsappConversation, as_owner).create(vals_list).with_env(self.env)

    def write(self, vals):
        if not self.env.su:
            self._whatsapp_check_values(
                vals, self._whatsapp_allowed_fields(self._whatsapp_write_fields)
            )
        if not self.env.su and set(vals) & (EDITOR_FIELDS - {"priority"}):
            self._check_team_editor()
        if "priority" in vals:
            if not self.env.su:
                self._check_assignee_or_editor(pool_member=True)
            labels = dict(PRIORITIES)
            for conversation in self.filtered(lambda c: c.priority != vals["priority"]):
                self.env["whatsapp.conversation.log"]._add(
                    conversation,
                    "priority",
                    f"{labels[conversation.priority]} → {labels[vals['priority']]}",
                )
        return super().write(vals)

    def unlink(self):
        for conversation in self:
            self.env["whatsapp.conversation.log"]._add(
                conversation, "delete", self.env._("Conversation and its messages deleted")
            )
            conversation.partner_id.sudo().message_post(
                body=self.env._(
                    "WhatsApp conversation on %(number)s deleted by %(user)s.",
                    number=conversation.account_id.name,
                    user=self.env.user.name,
                ),
            )
        return super().unlink()

    # Threads ---------------------------------------------------------------------------
    @api.model
    def _get_or_create(self, account, partner):
        """The customer's thread on ``account``; a user starting one owns it."""
        existing = self.sudo().search(
            [("account_id", "=", account.id), ("partner_id", "=", partner.id)], limit=1
        )
        if existing:
            conversation = existing.with_env(self.env)
            if not self.env.su and not conversation._filtered_access("read"):
                raise UserError(
                    self.env._(
                        "%(customer)s's WhatsApp conversation is handled by %(owner)s.",
                        customer=partner.display_name,
                        owner=existing.user_id.name or existing.team_id.name or "-",
                    )
                )
            return conversation
        return self.with_context(mail_create_nolog=True).create(
            {"account_id": account.id, "partner_id": partner.id}
        )

    def _on_new_message(self, message):
        """Keep the thread's summary and inbox fields in step with a new message."""
        self.ensure_one()
        if message.direction == "note":
            return
        vals = {}
        first_contact = message.direction == "in" and not self.last_inbound_at
        # Meta does not guarantee order: only a newer message moves these.
        if not self.last_message_at or message.timestamp >= self.last_message_at:
            vals["last_message_at"] = message.timestamp
            vals["last_message_preview"] = (message.body or message.message_type or "")[:120]
        if message.direction == "in":
            vals["unread_count"] = self.unread_count + 1
            if not self.last_inbound_at or message.timestamp > self.last_inbound_at:
                vals["last_inbound_at"] = message.timestamp
            vals.update(self._customer_wrote_vals(message))
        else:
            vals["unread_count"] = 0
            if (
                not message.is_automatic
                and message.author_id
                and not message.author_id._is_superuser()
            ):
                vals.update(self._agent_replied_vals(message.author_id))
        # No tracked field here: skip mail's tracking work on this hot path.
        self.sudo().with_context(tracking_disable=True).write(vals)
        if first_contact and not self.team_id:
            self._route_first_message(message)

    def _customer_wrote_vals(self, message):
        vals = {}
        if not self.waiting_since:
            vals["waiting_since"] = min(message.timestamp, fields.Datetime.now())
        if self.state in ("pending", "solved", "closed"):
            new_state = "open" if self.user_id else "new"
            vals["state"] = new_state
            self._log_state(self.state, new_state, self.env._("customer wrote"))
        return vals

    def _agent_replied_vals(self, user):
        vals = {
            "waiting_since": False,
            "sla_alert": False,
            "last_agent_activity_at": fields.Datetime.now(),
        }
        if self.state == "new":
            vals["state"] = "open"
            self._log_state("new", "open")
        return vals
