# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.cron_wakeup import trigger_now

_logger = logging.getLogger(__name__)

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
DEFAULT_LOCK_MINUTES = 7
DEFAULT_IDLE_MINUTES = 3
DEFAULT_ALERT_MINUTES = 5
NOTE_MAX_LENGTH = 300
QUALITY_FIELDS = {"quality_rating", "quality_note"}
# Changed only through the actions below, which check the role and log.
INBOX_FIELDS = {
    "team_id",
    "user_id",
    "state",
    "locked_by_id",
    "lock_expires_at",
    "assigned_at",
    "last_agent_activity_at",
    "waiting_since",
    "sla_alert",
    "transfer_count",
    "released_user_id",
}


class WhatsappConversation(models.Model):
    """The WhatsApp thread between one customer and one business number."""

    _name = "whatsapp.conversation"
    _description = "WhatsApp Conversation"
    _inherit = ["mail.thread"]
    _order = "sla_alert desc, priority desc, waiting_since, last_message_at desc, id desc"

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
    quality_rating = fields.Selection(
        [("1", "Poor"), ("2", "Fair"), ("3", "Good"), ("4", "Very good"), ("5", "Excellent")],
        help="An editor's review of how the conversation was handled.",
    )
    quality_note = fields.Text(help="An editor's review, for coaching; agents can read it.")
    is_team_editor = fields.Boolean(compute="_compute_is_team_editor")

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
    def write(self, vals):
        if not self.env.su and set(vals) & INBOX_FIELDS:
            raise AccessError(
                self.env._("Use the conversation's buttons to assign, claim or change its state.")
            )
        if not self.env.su and set(vals) & QUALITY_FIELDS:
            self._check_team_editor()
        if "priority" in vals:
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
        self.check_access("create")
        vals = {"account_id": account.id, "partner_id": partner.id}
        if not self.env.su and self.env.user._is_internal():
            now = fields.Datetime.now()
            vals.update(user_id=self.env.uid, state="open", assigned_at=now)
        return self.sudo().with_context(mail_create_nolog=True).create(vals).with_env(self.env)

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

    def _route_first_message(self, message):
        team, skills, rule = (
            self.env["whatsapp.routing.rule"]
            .sudo()
            ._route(self, message.body or "", fields.Datetime.now())
        )
        if not team:
            return
        self.sudo().write({"team_id": team.id, "skill_ids": [fields.Command.set(skills.ids)]})
        self.env["whatsapp.conversation.log"]._add(
            self, "route", f"{team.name} ({rule.name})" if rule else team.name
        )
        self._trigger_inbox_cron()

    # Roles -----------------------------------------------------------------------------
    def _is_team_editor(self, user=None):
        """Admins, and editors who belong to the conversation's team (or any, if none)."""
        self.ensure_one()
        user = user or self.env.user
        if user.has_group("whatsapp_cs.group_admin"):
            return True
        return user.has_group("whatsapp_cs.group_editor") and (
            not self.team_id or user in self.team_id.user_ids
        )

    def _check_team_editor(self):
        for conversation in self:
            if not conversation._is_team_editor():
                raise AccessError(
                    self.env._(
                        "Only an editor of the team %(team)s may do this.",
                        team=conversation.team_id.name,
                    )
                )

    def _holder(self):
        """The other user holding the lock right now, if any."""
        self.ensure_one()
        if (
            self.locked_by_id
            and self.locked_by_id != self.env.user
            and self.lock_expires_at
            and self.lock_expires_at > fields.Datetime.now()
        ):
            return self.locked_by_id
        return self.env["res.users"]

    def _reply_refusal(self):
        """Why the current user may not reply here (a sentence), or ''."""
        self.ensure_one()
        if self.env.su:
            return ""
        user = self.env.user
        if not user.has_group("whatsapp_cs.group_agent"):
            return self.env._("Only WhatsApp agents can reply.")
        holder = self._holder()
        if holder:
            return self.env._(
                "%(user)s is working on this conversation until %(until)s.",
                user=holder.name,
                until=fields.Datetime.context_timestamp(self, self.lock_expires_at).strftime(
                    "%H:%M"
                ),
            )
        if self.user_id and self.user_id != user and not self._is_team_editor():
            return self.env._("This conversation is assigned to %s.", self.user_id.name)
        if not self.user_id and self.team_id and user not in self.team_id.user_ids:
            if not self._is_team_editor():
                return self.env._(
                    "Only members of %s can take this conversation.", self.team_id.name
                )
        return ""

    def _check_can_reply(self):
        """Server-side: refuse replies of users who may not answer; a reply to an
        unassigned conversation claims it."""
        for conversation in self:
            refusal = conversation._reply_refusal()
            if refusal:
                raise UserError(refusal)
            if not self.env.su and not conversation.user_id:
                conversation._assign(self.env.user, "claim")
            conversation._lock()

    # Assignment and lifecycle --------------------------------------------------------------
    def _assign(self, user, action="assign", detail=""):
        now = fields.Datetime.now()
        for conversation in self:
            vals = {"user_id": user.id, "assigned_at": now, "last_agent_activity_at": now}
            if action == "claim" and conversation.state == "new":
                vals["state"] = "open"
                conversation._log_state("new", "open")
            conversation.sudo().write(vals)
            self.env["whatsapp.conversation.log"]._add(conversation, action, detail or user.name)
            member = conversation.team_id.member_ids.filtered(lambda m, u=user: m.user_id == u)
            member.sudo().last_assigned_at = now

    def _lock(self):
        """Reserve the conversation for the current user for the team's lock time."""
        user = self.env.user
        for conversation in self:
            if conversation._holder() or self.env.su:
                continue
            minutes = conversation.team_id.lock_minutes or DEFAULT_LOCK_MINUTES
            now = fields.Datetime.now()
            fresh = conversation.locked_by_id != user or not (
                conversation.lock_expires_at and conversation.lock_expires_at > now
            )
            conversation.sudo().write(
                {
                    "locked_by_id": user.id,
                    "lock_expires_at": now + timedelta(minutes=minutes),
                    "last_agent_activity_at": now,
                }
            )
            if fresh:
                self.env["whatsapp.conversation.log"]._add(
                    conversation, "lock", self.env._("%s minutes", minutes)
                )

    def _log_state(self, old, new, why=""):
        labels = dict(STATES)
        detail = f"{labels[old]} → {labels[new]}"
        self.env["whatsapp.conversation.log"]._add(
            self, "state", f"{detail} ({why})" if why else detail
        )

    def _set_state(self, new_state):
        for conversation in self.filtered(lambda c: c.state != new_state):
            conversation._log_state(conversation.state, new_state)
            conversation.sudo().write({"state": new_state})
        if new_state in ("solved", "closed"):
            self.sudo().write({"waiting_since": False, "sla_alert": False, "locked_by_id": False})
            self._trigger_inbox_cron()  # capacity freed: the pool may move

    def _check_assignee_or_editor(self):
        for conversation in self:
            if conversation.user_id != self.env.user and not conversation._is_team_editor():
                raise AccessError(
                    self.env._("Only its agent or a team editor can change this conversation.")
                )

    def action_claim(self):
        self.check_access("write")
        for conversation in self:
            if conversation.user_id == self.env.user:
                continue
            if conversation.user_id:
                raise UserError(
                    self.env._("%s already took this conversation.", conversation.user_id.name)
                )
            if not self.env.user.has_group("whatsapp_cs.group_agent"):
                raise AccessError(self.env._("Only WhatsApp agents can claim conversations."))
            team = conversation.team_id
            if team and self.env.user not in team.user_ids and not conversation._is_team_editor():
                raise AccessError(
                    self.env._("Only members of %s can take this conversation.", team.name)
                )
            conversation._assign(self.env.user, "claim")
            conversation._lock()
        return True

    def action_release(self):
        self.check_access("write")
        self._check_assignee_or_editor()
        for conversation in self.filtered("user_id"):
            self.env["whatsapp.conversation.log"]._add(
                conversation, "release", conversation.user_id.name
            )
            conversation.sudo().write(
                {
                    "user_id": False,
                    "locked_by_id": False,
                    "released_user_id": conversation.user_id.id,
                }
            )
        self._trigger_inbox_cron()
        return True

    def action_set_pending(self):
        self.check_access("write")
        self._check_assignee_or_editor()
        self._set_state("pending")
        return True

    def action_solve(self):
        self.check_access("write")
        self._check_assignee_or_editor()
        self._set_state("solved")
        return True

    def action_close(self):
        self.check_access("write")
        self._check_team_editor()
        self._set_state("closed")
        return True

    def action_reopen(self):
        self.check_access("write")
        self._check_team_editor()
        for conversation in self:
            conversation._set_state("open" if conversation.user_id else "new")
        return True

    def action_transfer(self, user=None, team=None, note=""):
        """Editors: hand the conversation to another agent and/or team."""
        self.check_access("write")
        self._check_team_editor()
        user = user or self.env["res.users"]
        for conversation in self:
            target_team = team or conversation.team_id
            if user and target_team and user not in target_team.user_ids:
                raise ValidationError(
                    self.env._(
                        "%(user)s is not in the team %(team)s.",
                        user=user.name,
                        team=target_team.name,
                    )
                )
            if target_team != conversation.team_id:
                self.env["whatsapp.conversation.log"]._add(
                    conversation,
                    "transfer",
                    f"{conversation.team_id.name or '-'} → {target_team.name}"
                    + (f": {note}" if note else ""),
                )
                conversation.sudo().write(
                    {
                        "team_id": target_team.id,
                        "transfer_count": conversation.transfer_count + 1,
                        "user_id": False,
                        "locked_by_id": False,
                    }
                )
            if user and user != conversation.user_id:
                if conversation.user_id:
                    conversation.sudo().transfer_count += 1
                conversation._assign(user, "assign", note and f"{user.name}: {note}")
        self._trigger_inbox_cron()
        return True

    def action_open_composer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("WhatsApp %s", self.partner_id.display_name),
            "res_model": "whatsapp.message.compose",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_conversation_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_account_id": self.account_id.id,
            },
        }

    def action_open_transfer(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Assign or Transfer"),
            "res_model": "whatsapp.conversation.transfer",
            "view_mode": "form",
            "target": "new",
            "context": {"default_conversation_ids": self.ids, "default_team_id": self.team_id.id},
        }

    # Inbox cron --------------------------------------------------------------------------------
    def _trigger_inbox_cron(self):
        trigger_now(self.env.cr, self.env.ref("whatsapp_cs.ir_cron_inbox").id)

    @api.model
    def _cron_inbox(self):
        """Every minute and on demand: expire locks, take conversations back
        from idle agents, raise response alerts, assign the pool.

        One cron job, so one worker at a time assigns: loads are never read
        by two assigners at once.
        """
        now = fields.Datetime.now()
        expired = self.sudo().search(
            [("locked_by_id", "!=", False), ("lock_expires_at", "<=", now)]
        )
        expired.write({"locked_by_id": False, "lock_expires_at": False})
        self._release_idle(now)
        self._raise_alerts(now)
        self._assign_pool()

    @api.model
    def _shortest(self, field_name, default):
        """The smallest timer (minutes) of any team, to bound the scans below."""
        teams = self.env["whatsapp.team"].sudo().search([])
        return min([default, *teams.mapped(field_name)])

    @api.model
    def _release_idle(self, now):
        oldest = now - timedelta(
            minutes=self._shortest("idle_release_minutes", DEFAULT_IDLE_MINUTES)
        )
        waiting = self.sudo().search(
            [
                ("user_id", "!=", False),
                ("state", "in", ("new", "open")),
                ("waiting_since", "<=", oldest),
            ]
        )
        for conversation in waiting:
            minutes = conversation.team_id.idle_release_minutes or DEFAULT_IDLE_MINUTES
            limit = now - timedelta(minutes=minutes)
            last = max(
                filter(None, [conversation.last_agent_activity_at, conversation.assigned_at]),
                default=None,
            )
            if conversation._holder() or conversation.waiting_since > limit:
                continue
            if last and last > limit:
                continue
            self.env["whatsapp.conversation.log"]._add(
                conversation,
                "release",
                self.env._(
                    "%(user)s idle for %(minutes)s min",
                    user=conversation.user_id.name,
                    minutes=minutes,
                ),
            )
            conversation.write(
                {
                    "user_id": False,
                    "locked_by_id": False,
                    "released_user_id": conversation.user_id.id,
                }
            )

    @api.model
    def _raise_alerts(self, now):
        oldest = now - timedelta(minutes=self._shortest("alert_minutes", DEFAULT_ALERT_MINUTES))
        candidates = self.sudo().search(
            [
                ("sla_alert", "=", False),
                ("waiting_since", "<=", oldest),
                ("state", "in", ACTIVE_STATES),
            ]
        )
        editor_group = self.env.ref("whatsapp_cs.group_editor")
        for conversation in candidates:
            minutes = conversation.team_id.alert_minutes or DEFAULT_ALERT_MINUTES
            if conversation.waiting_since > now - timedelta(minutes=minutes):
                continue
            conversation.sla_alert = True
            self.env["whatsapp.conversation.log"]._add(
                conversation, "alert", self.env._("waiting over %s min", minutes)
            )
            editors = (
                conversation.team_id.user_ids if conversation.team_id else editor_group.users
            ).filtered(lambda u, g=editor_group: g in u.groups_id)
            if editors:
                conversation.message_post(
                    body=self.env._(
                        "%(customer)s has waited more than %(minutes)s minutes for an answer.",
                        customer=conversation.partner_id.display_name,
                        minutes=minutes,
                    ),
                    partner_ids=editors.partner_id.ids,
                    subtype_xmlid="mail.mt_note",
                )

    @api.model
    def _assign_pool(self):
        """Give pooled conversations, longest waiting first, to online members."""
        pooled = self.sudo().search(
            [("user_id", "=", False), ("team_id", "!=", False), ("state", "in", ("new", "open"))],
            order="waiting_since, id",
        )
        members = self.env["whatsapp.team.member"].sudo()
        for team in pooled.team_id:
            users = team.member_ids.user_id.filtered("active")
            online = members._online_users(users)
            loads = members._loads(online)
            if not any(
                m.user_id in online and loads.get(m.user_id.id, 0) < m.capacity
                for m in team.member_ids
            ):
                continue  # nobody can take any: the pool waits
            for conversation in pooled.filtered(lambda c, t=team: c.team_id == t):
                member = team._pick_member(
                    conversation.skill_ids, online, loads, conversation.released_user_id
                )
                if member:
                    conversation._assign(
                        member.user_id, "assign", self.env._("auto: %s", member.user_id.name)
                    )
                    loads[member.user_id.id] = loads.get(member.user_id.id, 0) + 1

    # Chat widget ------------------------------------------------------------------------------
    def whatsapp_chat_data(self, refresh=False):
        """Messages for the chat widget; opening it (not the periodic refresh)
        locks the conversation for an agent who may reply."""
        self.ensure_one()
        if not refresh and not self._reply_refusal() and self.user_id == self.env.user:
            self._lock()
        if self.unread_count and self.user_id == self.env.user:
            self.sudo().unread_count = 0
        data = self.env["whatsapp.message"]._chat_data(
            [("conversation_id", "=", self.id)], self.window_open
        )
        holder = self._holder()
        data.update(
            refusal=self._reply_refusal(),
            locked_by=holder.name or "",
            can_note=self.env.user.has_group("whatsapp_cs.group_agent"),
        )
        return data

    def whatsapp_chat_send(self, body, quick_reply_id=None):
        """Send free text from the chat widget (window, role and lock apply)."""
        self.ensure_one()
        vals = {"conversation_id": self.id, "direction": "out", "body": body}
        if quick_reply_id:
            reply = self.env["whatsapp.quick.reply"].browse(quick_reply_id).exists()
            reply._mark_used()
            if reply.attachment_ids:
                vals["attachment_ids"] = [fields.Command.set(reply.attachment_ids.ids)]
        self.env["whatsapp.message"].create(vals)
        return self.whatsapp_chat_data(refresh=True)

    def whatsapp_add_note(self, body):
        """An internal note in the thread (never sent); @Name notifies that user."""
        self.ensure_one()
        self.check_access("read")
        if not self.env.user.has_group("whatsapp_cs.group_agent"):
            raise AccessError(self.env._("Only WhatsApp agents can write notes."))
        body = (body or "").strip()
        if not body:
            raise UserError(self.env._("Write the note first."))
        if len(body) > NOTE_MAX_LENGTH:
            raise UserError(
                self.env._(
                    "A note has at most %(max)s characters (%(count)s here).",
                    max=NOTE_MAX_LENGTH,
                    count=len(body),
                )
            )
        self.env["whatsapp.message"].sudo().create(
            {
                "conversation_id": self.id,
                "direction": "note",
                "body": body,
                "author_id": self.env.uid,
            }
        )
        mentioned = self._mentioned_users(body)
        if mentioned:
            self.message_post(
                body=body, partner_ids=mentioned.partner_id.ids, subtype_xmlid="mail.mt_note"
            )
        return self.whatsapp_chat_data(refresh=True)

    def _mentioned_users(self, body):
        candidates = self.team_id.user_ids or self.env.ref("whatsapp_cs.group_agent").users
        return candidates.filtered(lambda u: f"@{u.name}".casefold() in body.casefold())

    def whatsapp_quick_replies(self):
        """Quick replies for this conversation's team, placeholders filled."""
        self.ensure_one()
        replies = self.env["whatsapp.quick.reply"].search(
            ["|", ("team_ids", "=", False), ("team_ids", "in", self.team_id.ids)]
        )
        return [
            {
                "id": reply.id,
                "shortcut": reply.shortcut,
                "category": reply.category or "",
                "body": reply._render(self),
                "files": len(reply.attachment_ids),
            }
            for reply in replies
        ]

    def action_mark_read(self):
        self.sudo().write({"unread_count": 0})
        return True
