# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.access import require_role
from ..tools.business_hours import is_working_time


class WhatsappTeam(models.Model):
    """A group of agents sharing a pool of conversations."""

    _name = "whatsapp.team"
    _inherit = ["whatsapp.guard.mixin"]
    _description = "WhatsApp Team"
    _order = "sequence, id"

    _whatsapp_create_fields = _whatsapp_write_fields = {
        "admin": {
            "name",
            "sequence",
            "active",
            "company_id",
            "member_ids",
            "account_ids",
            "resource_calendar_id",
            "lock_minutes",
            "idle_release_minutes",
            "alert_minutes",
            "is_fallback",
            "is_on_duty",
        }
    }

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    member_ids = fields.One2many("whatsapp.team.member", "team_id", string="Members")
    user_ids = fields.Many2many(
        "res.users", compute="_compute_user_ids", search="_search_user_ids", string="Agents"
    )
    account_ids = fields.Many2many(
        "whatsapp.account", string="Numbers", help="Leave empty for every number."
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Business Hours",
        default=lambda self: self.env.company.resource_calendar_id,
        help="Working times, leaves and public holidays of the team.",
    )
    lock_minutes = fields.Integer(
        string="Lock Duration (min)",
        default=7,
        help="Opening a conversation reserves it for that agent this long (5-15 minutes).",
    )
    idle_release_minutes = fields.Integer(
        string="Idle Release (min)",
        default=3,
        help="A waiting customer's conversation goes back to the pool when its agent "
        "does nothing for this long.",
    )
    alert_minutes = fields.Integer(
        string="First Response Alert (min)",
        default=5,
        help="Editors are alerted when a customer has waited longer than this.",
    )
    is_fallback = fields.Boolean(
        string="Fallback Team", help="Takes every conversation no routing rule matched."
    )
    is_on_duty = fields.Boolean(
        string="On Duty Out of Hours",
        help="Takes conversations that arrive outside the business hours of their team.",
    )
    conversation_ids = fields.One2many("whatsapp.conversation", "team_id")
    pool_count = fields.Integer(compute="_compute_counts", string="In Pool")
    open_count = fields.Integer(compute="_compute_counts", string="Open")
    alert_count = fields.Integer(compute="_compute_counts", string="Alerts")

    @api.constrains("lock_minutes", "idle_release_minutes", "alert_minutes")
    def _check_durations(self):
        for team in self:
            if not 5 <= team.lock_minutes <= 15:
                raise ValidationError(self.env._("The lock lasts between 5 and 15 minutes."))
            if team.idle_release_minutes < 1 or team.alert_minutes < 1:
                raise ValidationError(
                    self.env._("Idle release and alert times are at least one minute.")
                )

    @api.depends("member_ids.user_id")
    def _compute_user_ids(self):
        for team in self:
            team.user_ids = team.member_ids.user_id

    def _search_user_ids(self, operator, value):
        return [("member_ids.user_id", operator, value)]

    def _compute_counts(self):
        conversations = self.env["whatsapp.conversation"]
        active = [("team_id", "in", self.ids), ("state", "in", ("new", "open", "pending"))]
        pools = dict(
            conversations._read_group([*active, ("user_id", "=", False)], ["team_id"], ["__count"])
        )
        opened = dict(conversations._read_group(active, ["team_id"], ["__count"]))
        alerts = dict(
            conversations._read_group([*active, ("sla_alert", "=", True)], ["team_id"], ["__count"])
        )
        for team in self:
            team.pool_count = pools.get(team, 0)
            team.open_count = opened.get(team, 0)
            team.alert_count = alerts.get(team, 0)

    # Business hours ------------------------------------------------------------------
    def _is_working_time(self, moment):
        """Whether ``moment`` (naive UTC) is inside the team's business hours."""
        self.ensure_one()
        return is_working_time(
            self.resource_calendar_id or self.company_id.resource_calendar_id, moment
        )

    # Assignment ------------------------------------------------------------------------
    def _pick_member(self, skills, online, loads, exclude_users=None):
        """The online, skilled, not-full member with the lightest load.

        ``online`` (users) and ``loads`` (user id -> open conversations) are
        computed once per run by the caller, which updates ``loads`` as it
        assigns. Ties go to whoever was assigned least recently (round robin).
        """
        self.ensure_one()
        excluded = exclude_users or self.env["res.users"]
        candidates = self.member_ids.filtered(
            lambda m: m.user_id in online
            and m.user_id not in excluded
            and loads.get(m.user_id.id, 0) < m.capacity
            and skills <= m.skill_ids
        )
        if not candidates:
            return candidates
        return min(
            candidates,
            key=lambda m: (
                loads.get(m.user_id.id, 0),
                m.last_assigned_at or fields.Datetime.from_string("1970-01-01"),
                m.id,
            ),
        )

    # Actions -----------------------------------------------------------------------------
    @require_role("agent", "analyst")
    def action_view_pool(self):
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "whatsapp_cs.whatsapp_conversation_action_pool"
        )
        action["domain"] = [("team_id", "=", self.id)]
        return action
