# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

OPENED_BY = [
    ("customer", "Customer"),
    ("agent", "Agent"),
    ("template", "Template (agent)"),
    ("automation", "Automation"),
    ("broadcast", "Broadcast"),
]
HANDLED_BY = [("none", "Nobody yet"), ("bot", "Bot only"), ("human", "Human")]
WAIT_BUCKETS = [
    ("lt5", "< 5 min"),
    ("5to15", "5-15 min"),
    ("gt15", "> 15 min"),
    ("none", "Not answered"),
]
WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class WhatsappEpisode(models.Model):
    """One service episode of a conversation (precomputed, read-only).

    Built from the conversation's messages and history by
    ``whatsapp_episode_build`` (the definitions are in
    ``tools/episodes.py``), so that business hours, which need Odoo's
    calendars with their leaves and public holidays, are computed once, when
    the conversation changes, and not on every report query. Users read it
    through ``whatsapp.report.conversation``.
    """

    _name = "whatsapp.episode"
    _description = "WhatsApp Service Episode"
    _order = "opened_at desc, id desc"
    _rec_name = "partner_id"

    conversation_id = fields.Many2one(
        "whatsapp.conversation", readonly=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    account_id = fields.Many2one("whatsapp.account", string="Number", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True, index=True)
    commercial_partner_id = fields.Many2one(
        "res.partner", string="Customer Company", readonly=True, index=True
    )
    country_id = fields.Many2one("res.country", string="Customer Country", readonly=True)
    lang = fields.Char(string="Customer Language", readonly=True)
    category_ids = fields.Many2many(
        "res.partner.category",
        "whatsapp_episode_category_rel",
        "episode_id",
        "category_id",
        string="Customer Tags",
        readonly=True,
    )
    team_id = fields.Many2one("whatsapp.team", readonly=True, index=True)
    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        readonly=True,
        index=True,
        help="The agent who answered first; if nobody did, the one it was assigned to.",
    )
    sequence = fields.Integer(
        string="Episode",
        readonly=True,
        aggregator=False,
        help="1 for the conversation's first episode, 2 for the first reopening...",
    )
    is_reopening = fields.Boolean(
        string="Reopened",
        readonly=True,
        help="The customer (or an editor) reopened a solved or closed conversation.",
    )
    opened_by = fields.Selection(
        OPENED_BY,
        readonly=True,
        help="Who wrote the episode's first message: the customer, an agent (free text "
        "or a template) or an automation (bot, automatic message); broadcasts once they "
        "exist.",
    )
    opened_at = fields.Datetime(string="Opened On", readonly=True, index=True)
    opened_date = fields.Date(
        string="Day",
        readonly=True,
        index=True,
        help="The day it opened, in the company's time zone.",
    )
    hour = fields.Integer(
        readonly=True,
        aggregator=False,
        help="Hour it opened (0-23) in the company's time zone, for the busiest-hours heatmap.",
    )
    weekday = fields.Selection(
        WEEKDAYS, readonly=True, help="Weekday it opened, in the company's time zone."
    )
    clock_start = fields.Datetime(
        string="Waiting Since",
        readonly=True,
        help="When the first-response clock started: the customer's first message of the "
        "episode, or the bot's hand-off to a human when a bot answered first.",
    )
    first_response_at = fields.Datetime(string="First Response On", readonly=True)
    first_responder_id = fields.Many2one("res.users", readonly=True)
    frt = fields.Float(
        string="First Response Time",
        readonly=True,
        aggregator="avg",
        help="Seconds from the clock's start to the first message of a human (not a bot's, "
        "not an automatic one), in calendar time. Empty when nobody answered yet.",
    )
    frt_business = fields.Float(
        string="First Response (Business Hours)",
        readonly=True,
        aggregator="avg",
        help="The same, counting only the team's business hours (its working-time calendar, "
        "leaves and public holidays excluded).",
    )
    wait_bucket = fields.Selection(
        WAIT_BUCKETS,
        string="Waiting Time",
        readonly=True,
        help="Band of the first response time (calendar time).",
    )
    replied_pct = fields.Float(
        string="First Reply Rate (%)",
        readonly=True,
        aggregator="avg",
        help="100 when a human answered, 0 otherwise: its average is the first reply rate.",
    )
    handoff_at = fields.Datetime(string="Handed Off On", readonly=True)
    handled_by = fields.Selection(
        HANDLED_BY,
        readonly=True,
        help="Human: a person wrote; bot only: only automatic messages went out.",
    )
    solved_at = fields.Datetime(string="Solved On", readonly=True)
    solved_by_id = fields.Many2one("res.users", readonly=True)
    is_solved = fields.Boolean(string="Solved", readonly=True)
    solved_pct = fields.Float(
        string="Resolution Rate (%)",
        readonly=True,
        aggregator="avg",
        help="100 when solved or closed, 0 otherwise: its average is the resolution rate.",
    )
    resolution = fields.Float(
        string="Resolution Time",
        readonly=True,
        aggregator="avg",
        help="Seconds from the episode's opening to solved (or closed), in calendar time. "
        "Empty while open.",
    )
    resolution_business = fields.Float(
        string="Resolution (Business Hours)",
        readonly=True,
        aggregator="avg",
        help="The same, counting only the team's business hours.",
    )
    transfer_count = fields.Integer(
        string="Transfers",
        readonly=True,
        help="Moves to another team, and re-assignments by a user while an agent had it.",
    )
    transferred_pct = fields.Float(
        string="Transfer Rate (%)",
        readonly=True,
        aggregator="avg",
        help="100 when transferred at least once, 0 otherwise.",
    )
    messages_in = fields.Integer(string="Messages Received", readonly=True)
    messages_out = fields.Integer(
        string="Messages Sent", readonly=True, help="Messages people wrote (bots not counted)."
    )
    messages_auto = fields.Integer(string="Automatic Messages", readonly=True)
    outside_window_count = fields.Integer(
        string="Sent Outside Window",
        readonly=True,
        help="Messages sent while the 24-hour window was closed (templates).",
    )
    is_repeat = fields.Boolean(
        string="Repeat Contact",
        readonly=True,
        help="The same customer opened another episode less than 7 days before this one.",
    )
    repeat_pct = fields.Float(string="Repeat Contact Rate (%)", readonly=True, aggregator="avg")
    rating_id = fields.Many2one("rating.rating", readonly=True)
    csat = fields.Float(
        string="CSAT",
        readonly=True,
        aggregator="avg",
        help="The customer's rating (1-5) of this episode; empty when not rated.",
    )
    csat_requested = fields.Integer(
        string="CSAT Requests", readonly=True, help="1 when a rating request was sent."
    )
    csat_answered = fields.Integer(
        string="CSAT Answers", readonly=True, help="1 when the customer answered it."
    )
    csat_positive = fields.Integer(
        string="Positive Answers", readonly=True, help="1 for an answer of 4 or 5 stars."
    )
    satisfaction_pct = fields.Float(
        string="Satisfaction (%)",
        readonly=True,
        aggregator="avg",
        help="Positive answers ÷ answers: 100 for 4-5 stars, 0 for 1-3, empty when not "
        "answered.",
    )
    csat_response_pct = fields.Float(
        string="CSAT Response Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Answers ÷ requests: 100 when answered, 0 when asked and not answered, empty "
        "when not asked.",
    )
    cost = fields.Float(
        digits=(16, 4),
        readonly=True,
        help="What Meta charges for the episode's messages (company currency).",
    )
    attribution_end = fields.Datetime(
        readonly=True,
        help="Orders and invoices of the customer until then count as this episode's "
        "outcome: the customer's next episode, or the attribution window's end.",
    )

    def init(self):
        # The rebuild queue: customers whose episodes must be computed again.
        # Append-only (no conflicts, so the webhook never waits on the cron).
        self.env.cr.execute(
            """CREATE TABLE IF NOT EXISTS whatsapp_episode_queue (
                   id bigserial PRIMARY KEY,
                   partner_id integer NOT NULL)"""
        )
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS whatsapp_episode_team_day_idx
               ON whatsapp_episode (opened_date, team_id, user_id)"""
        )
