# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The model is split by concern on purpose, one file each (see its main file).
# pylint: disable=consider-merging-classes-inherited
from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.access import has_role
from .whatsapp_conversation import STATES

DEFAULT_LOCK_MINUTES = 7


class WhatsappConversation(models.Model):
    """The team inbox: who may do what to a conversation, locks, assignment
    and the lifecycle new → open → pending → solved → closed."""

    _inherit = "whatsapp.conversation"

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
                        team=conversation.team_id.name or "-",
                    )
                )

    def _check_assignee_or_editor(self, pool_member=False):
        """The conversation's agent or a team editor (with ``pool_member``, also
        any member of its team while nobody has it)."""
        for conversation in self:
            if conversation.user_id == self.env.user or conversation._is_team_editor():
                continue
            if (
                pool_member
                and not conversation.user_id
                and has_role(self.env, "agent")
                and (not conversation.team_id or self.env.user in conversation.team_id.user_ids)
            ):
                continue
            raise AccessError(
                self.env._("Only its agent or a team editor can change this conversation.")
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
        if not has_role(self.env, "agent"):
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
        self.check_access("read")
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

    def _claim(self):
        for conversation in self:
            if conversation.user_id == self.env.user:
                continue
            if conversation.user_id:
                raise UserError(
                    self.env._("%s already took this conversation.", conversation.user_id.name)
                )
            team = conversation.team_id
            if team and self.env.user not in team.user_ids and not conversation._is_team_editor():
                raise AccessError(
                    self.env._("Only members of %s can take this conversation.", team.name)
                )
            conversation._assign(self.env.user, "claim")
            conversation._lock()

    def _release(self):
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

    def _transfer(self, user=None, team=None, note=""):
        """Hand the conversations to another agent and/or team (editors)."""
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
