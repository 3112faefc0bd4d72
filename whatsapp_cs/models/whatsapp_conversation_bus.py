# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The model is split by concern on purpose, one file each (see its main file).
# pylint: disable=consider-merging-classes-inherited
from odoo import fields, models

from ..tools.access import role_group

BUS_TYPE = "whatsapp_cs/update"
PRECOMMIT_KEY = "whatsapp_cs.bus"
# What the inbox lists, the systray and the chat show of a conversation.
WATCHED_FIELDS = {
    "user_id",
    "team_id",
    "state",
    "priority",
    "locked_by_id",  # not its expiry: an agent re-opening their chat extends it silently
    "sla_alert",
    "unread_count",
    "waiting_since",
    "last_message_at",
    "last_message_preview",
}
# Changing these may change who can read the conversation.
AUDIENCE_FIELDS = {"user_id", "team_id"}


class WhatsappConversation(models.Model):
    """Real time: every change a user may see reaches their browser through
    Odoo's bus (``bus.bus`` rows on each recipient's own partner channel,
    which every logged-in browser listens to).

    Changes are collected during the transaction and sent once, just before
    it commits (a precommit hook, so the bus rows commit or roll back with the
    change, whichever worker, cron or server made it). Recipients are computed
    on the server from the record rules: the conversation's agent, the members
    of its team (who see it while it waits in the pool; editors always), and
    nobody else; a user who just lost a conversation (transfer, assignment to
    someone else) receives its id only, to drop it from their lists.
    """

    _inherit = "whatsapp.conversation"

    def write(self, vals):
        watched = WATCHED_FIELDS & set(vals)
        before = {}
        if watched & AUDIENCE_FIELDS:
            before = self._bus_audiences()
        result = super().write(vals)
        if watched:
            for conversation in self:
                conversation._bus_queue(
                    previous=before.get(conversation.id),
                    alert=bool(vals.get("sla_alert")),
                )
        return result

    # Who -----------------------------------------------------------------------------------
    def _bus_audience(self):
        """The users who may read this conversation and work the inbox: its
        agent, its team's members (record rules decide: agents see the pool,
        editors everything of their team); without a team, the agents and editors."""
        self.ensure_one()
        return self._bus_audiences()[self.id]

    def _bus_audiences(self):
        """``{conversation id: audience}`` for these conversations, with one
        record-rule check per candidate user for all of them (a batch of
        sends or webhooks announces many conversations at once)."""
        candidates = {}
        agents_and_editors = None
        for conversation in self:
            users = conversation.user_id | conversation.team_id.member_ids.user_id
            if not conversation.team_id:
                if agents_and_editors is None:
                    agents_and_editors = self.env["res.users"]
                    for role in ("agent", "editor"):
                        agents_and_editors |= self.env.ref(role_group(role)).sudo().users
                users |= agents_and_editors
            candidates[conversation.id] = users.filtered(lambda u: u.active and not u.share)
        everyone = self.env["res.users"].union(*candidates.values())
        # pending recomputations happen now, as the superuser, not inside the
        # checks below (each runs the record rules as that user)
        self.env.flush_all()
        readable = {
            user: set(
                self.env(user=user.id, su=False)[self._name]
                .browse(self.ids)
                ._filtered_access("read")
                .ids
            )
            for user in everyone
        }
        return {
            conversation_id: users.filtered(lambda user, cid=conversation_id: cid in readable[user])
            for conversation_id, users in candidates.items()
        }

    # Collecting and sending ------------------------------------------------------------------
    def _bus_queue(self, messages=None, previous=None, alert=False, new_inbound=False):
        """Announce this conversation (and ``messages`` of it) when the
        transaction commits; ``previous`` is the audience before a change of
        agent or team."""
        cr = self.env.cr
        pending = cr.precommit.data.get(PRECOMMIT_KEY)
        if pending is None:
            pending = cr.precommit.data[PRECOMMIT_KEY] = {}
            env = self.env
            cr.precommit.add(lambda: env["whatsapp.conversation"]._bus_flush())
        for conversation in self:
            entry = pending.setdefault(
                conversation.id,
                {"messages": set(), "previous": set(), "alert": False, "new_inbound": False},
            )
            if messages:
                entry["messages"].update(messages.ids)
            if previous:
                entry["previous"].update(previous.ids)
            entry["alert"] = entry["alert"] or alert
            entry["new_inbound"] = entry["new_inbound"] or new_inbound

    def _bus_flush(self):
        pending = self.env.cr.precommit.data.pop(PRECOMMIT_KEY, None) or {}
        if not pending:
            return
        conversations = self.sudo().browse(list(pending)).exists()
        messages = self.env["whatsapp.message"].sudo()
        bus = self.env["bus.bus"].sudo()
        audiences = conversations._bus_audiences()
        for conversation in conversations:
            entry = pending[conversation.id]
            audience = audiences[conversation.id]
            payload = conversation._bus_payload(
                messages.browse(sorted(entry["messages"])).exists(),
                alert=entry["alert"],
                new_inbound=entry["new_inbound"],
            )
            for user in audience:
                bus._sendone(user.partner_id, BUS_TYPE, payload)
            gone = self.env["res.users"].browse(entry["previous"]) - audience
            for user in gone:
                bus._sendone(user.partner_id, BUS_TYPE, {"removed": conversation.id})

    def _bus_payload(self, messages, alert=False, new_inbound=False):
        """What every reader of the conversation gets: its summary for the
        lists and the systray, and the new or changed bubbles for an open chat."""
        self.ensure_one()
        return {
            "conversation": self._inbox_values(),
            "messages": [message._chat_values() for message in messages],
            "alert": alert,
            "new_inbound": new_inbound,
        }

    def _inbox_values(self):
        """One row of the split-view list (plain strings, rendered as text)."""
        self.ensure_one()
        now = fields.Datetime.now()
        locked = self.locked_by_id if self.lock_expires_at and self.lock_expires_at > now else None
        return {
            "id": self.id,
            "name": self.partner_id.display_name or "",
            "partner_id": self.partner_id.id,
            "phone": self.partner_id.whatsapp_wa_id or "",
            "state": self.state,
            "priority": self.priority,
            "user_id": self.user_id.id or False,
            "user_name": self.user_id.name or "",
            "team_id": self.team_id.id or False,
            "team_name": self.team_id.name or "",
            "locked_by_id": locked.id if locked else False,
            "locked_by": locked.name if locked else "",
            "sla_alert": self.sla_alert,
            "unread_count": self.unread_count,
            "waiting_since": fields.Datetime.to_string(self.waiting_since) or False,
            "last_message_at": fields.Datetime.to_string(self.last_message_at) or False,
            "last_message_preview": self.last_message_preview or "",
            "window_open": self.window_open,
        }
