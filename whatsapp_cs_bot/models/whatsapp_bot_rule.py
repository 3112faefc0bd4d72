# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.whatsapp_cs.tools.business_hours import in_slot, is_working_time, local_hour
from odoo.addons.whatsapp_cs.tools.text_match import contains_phrase, normalize, split_phrases

MAX_VARIANTS = 5
MAX_BUTTONS = 3
# Single words that match far more than their author means.
BROAD_WORDS = {
    "a", "an", "and", "hi", "hello", "ok", "yes", "no", "the", "is", "it", "i", "you", "me",
    "please", "thanks", "what", "how", "的", "是", "我", "你", "好", "吗", "了",
}  # fmt: skip
TRIGGERS = [
    ("first_contact", "First contact (welcome)"),
    ("keyword", "Keyword"),
    ("away", "Outside business hours (away)"),
    ("time_slot", "Time slot"),
    ("no_match", "No other rule matched (fallback)"),
]
MATCH_MODES = [
    ("word", "Exact word"),
    ("phrase", "Phrase"),
    ("all", "All of the words"),
    ("regex", "Regular expression"),
]


class WhatsappBotRule(models.Model):
    """An automatic answer: when (trigger and conditions), what (reply variants,
    buttons, files) and what else (route, tag, prioritise, hand off)."""

    _name = "whatsapp.bot.rule"
    _description = "WhatsApp Bot Rule"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    account_ids = fields.Many2many(
        "whatsapp.account", string="Numbers", help="Leave empty for every number."
    )
    team_ids = fields.Many2many(
        "whatsapp.team", string="Teams", help="Only conversations of these teams (empty: all)."
    )
    date_from = fields.Date(string="Active From")
    date_to = fields.Date(string="Active Until")
    trigger = fields.Selection(TRIGGERS, required=True, default="keyword")
    match_mode = fields.Selection(MATCH_MODES, default="word", required=True)
    keywords = fields.Text(
        help="One per line or comma-separated, any language; case and accents do not matter.",
    )
    prefix = fields.Char(help="Only messages starting with this, e.g. # for #price.")
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Business Hours",
        default=lambda self: self.env.company.resource_calendar_id,
        help="For away replies: outside these hours, leaves and public holidays.",
    )
    hour_from = fields.Float(help="Start of the time slot (e.g. 11:30).")
    hour_to = fields.Float(help="End of the time slot; may pass midnight.")
    weekdays_only = fields.Boolean(help="Time slot on Monday to Friday only.")
    reply_ids = fields.One2many("whatsapp.bot.reply", "rule_id", string="Replies")
    button_ids = fields.One2many("whatsapp.bot.button", "rule_id", string="Buttons")
    attachment_ids = fields.Many2many("ir.attachment", string="Files")
    team_id = fields.Many2one("whatsapp.team", string="Route to Team")
    tag_ids = fields.Many2many("res.partner.category", string="Add Tags")
    priority = fields.Selection(
        [("0", "Low"), ("1", "Normal"), ("2", "High"), ("3", "Urgent")], string="Set Priority"
    )
    handoff = fields.Boolean(
        string="Hand Off to a Human", help="The bot stops for this conversation after answering."
    )
    keyword_warning = fields.Char(compute="_compute_keyword_warning")
    triggered_count = fields.Integer(readonly=True, copy=False)
    handoff_count = fields.Integer(readonly=True, copy=False)

    # Validation -------------------------------------------------------------------------------
    @api.constrains("reply_ids", "button_ids")
    def _check_sizes(self):
        for rule in self:
            if len(rule.reply_ids) > MAX_VARIANTS:
                raise ValidationError(
                    self.env._("A rule has at most %s reply variants.", MAX_VARIANTS)
                )
            if len(rule.button_ids) > MAX_BUTTONS:
                raise ValidationError(self.env._("WhatsApp shows at most %s buttons.", MAX_BUTTONS))

    @api.constrains("trigger", "keywords", "match_mode")
    def _check_keywords(self):
        for rule in self.filtered(lambda r: r.trigger == "keyword"):
            if not split_phrases(rule.keywords):
                raise ValidationError(self.env._("A keyword rule needs keywords."))
            if rule.match_mode == "regex":
                for pattern in (rule.keywords or "").splitlines():
                    try:
                        re.compile(pattern)
                    except re.error as error:
                        raise ValidationError(
                            self.env._(
                                "Invalid expression %(pattern)s: %(error)s",
                                pattern=pattern,
                                error=error,
                            )
                        ) from error

    @api.depends("keywords", "match_mode", "trigger")
    def _compute_keyword_warning(self):
        for rule in self:
            broad = [
                phrase
                for phrase in split_phrases(rule.keywords)
                if rule.trigger == "keyword"
                and rule.match_mode != "regex"
                and (phrase in BROAD_WORDS or (len(phrase) < 3 and phrase.isascii()))
            ]
            rule.keyword_warning = (
                self.env._(
                    "Very common words will answer many unrelated messages: %s",
                    ", ".join(broad),
                )
                if broad
                else False
            )

    # Matching ----------------------------------------------------------------------------------
    @api.model
    def _candidates(self, conversation, moment):
        """Active rules for this conversation, in order."""
        day = moment.date()
        return self.search(
            [
                ("company_id", "=", conversation.company_id.id),
                "|",
                ("account_ids", "=", False),
                ("account_ids", "in", conversation.account_id.ids),
                "|",
                ("team_ids", "=", False),
                ("team_ids", "in", conversation.team_id.ids),
                "|",
                ("date_from", "=", False),
                ("date_from", "<=", day),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", day),
            ]
        )

    @api.model
    def _match(self, conversation, text, moment, first_contact):
        """The rule answering ``text``, or an empty recordset."""
        rules = self._candidates(conversation, moment)
        for rule in rules.filtered(lambda r: r.trigger != "no_match"):
            if rule._matches(text, moment, first_contact):
                return rule
        return rules.filtered(lambda r: r.trigger == "no_match")[:1]

    def _matches(self, text, moment, first_contact):
        self.ensure_one()
        if self.trigger == "first_contact":
            return first_contact
        if self.trigger == "away":
            return not is_working_time(self.resource_calendar_id, moment)
        if self.trigger == "time_slot":
            weekday, hour = local_hour(moment, self.resource_calendar_id.tz or self.env.user.tz)
            if self.weekdays_only and weekday > 4:
                return False
            return in_slot(hour, self.hour_from, self.hour_to)
        return self._keyword_matches(text)

    def _keyword_matches(self, text):
        text = (text or "").strip()
        if self.prefix:
            if not text.startswith(self.prefix):
                return False
            text = text[len(self.prefix) :]
        phrases = split_phrases(self.keywords)
        if self.match_mode == "regex":
            return any(
                re.search(pattern, normalize(text))
                for pattern in (self.keywords or "").splitlines()
                if pattern.strip()
            )
        if self.match_mode == "all":
            words = [word for phrase in phrases for word in phrase.split()]
            return all(contains_phrase(text, word) for word in words)
        # word and phrase: whole words in spaced scripts, anywhere in Chinese
        return any(contains_phrase(text, phrase) for phrase in phrases)

    # Actions -----------------------------------------------------------------------------------
    def action_open_console(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Try the Bot"),
            "res_model": "whatsapp.bot.console",
            "view_mode": "form",
            "target": "new",
        }
