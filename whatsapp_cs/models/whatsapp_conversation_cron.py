# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The model is split by concern on purpose, one file each (see its main file).
# pylint: disable=consider-merging-classes-inherited
from datetime import timedelta

from odoo import api, fields, models

from ..tools.cron_wakeup import trigger_now
from .whatsapp_conversation import ACTIVE_STATES

DEFAULT_IDLE_MINUTES = 3
DEFAULT_ALERT_MINUTES = 5


class WhatsappConversation(models.Model):
    """The team inbox cron: expire locks, take conversations back from idle
    agents, raise response alerts, assign the pool."""

    _inherit = "whatsapp.conversation"

    def _trigger_inbox_cron(self):
        trigger_now(self.env.cr, self.env.ref("whatsapp_cs.ir_cron_inbox").id)

    @api.model
    def _cron_inbox(self):
        """Every minute and on demand. One cron job, so one worker at a time
        assigns: loads are never read by two assigners at once."""
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
