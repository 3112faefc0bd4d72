# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import namedtuple

import re2

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from odoo.addons.whatsapp_cs.tools.access import require_role
from odoo.addons.whatsapp_cs.tools.business_hours import in_slot, is_working_time, local_hour
from odoo.addons.whatsapp_cs.tools.text_match import compile_any, normalize, split_phrases

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
Matcher = namedtuple(
    "Matcher",
    "id trigger mode prefix any_phrase all_words regexes calendar_id tz hour_from hour_to "
    "weekdays_only account_ids team_ids date_from date_to",
)
# Editors' expressions run on customers' text, in the webhook request too:
# RE2 matches in linear time, so no expression can hang a worker.
RE2_OPTIONS = re2.Options()
RE2_OPTIONS.log_errors = False
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
    _inherit = ["whatsapp.bot.cache.mixin", "whatsapp.guard.mixin"]
    _description = "WhatsApp Bot Rule"
    _order = "sequence, id"

    # Usage counters are the engine's.
    _whatsapp_create_fields = _whatsapp_write_fields = {
        "editor": {
            "name",
            "sequence",
            "active",
            "company_id",
            "account_ids",
            "team_ids",
            "date_from",
            "date_to",
            "trigger",
            "match_mode",
            "keywords",
            "prefix",
            "resource_calendar_id",
            "hour_from",
            "hour_to",
            "weekdays_only",
            "reply_ids",
            "button_ids",
            "attachment_ids",
            "team_id",
            "tag_ids",
            "priority",
            "handoff",
            "mask_numbers",
            "allow_flagged_words",
        }
    }
    _whatsapp_owned_files = ("attachment_ids",)

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
    mask_numbers = fields.Boolean(
        default=True, help="Show only the last four digits of card and phone numbers it sends."
    )
    allow_flagged_words = fields.Boolean(
        help="Save replies even with words from the sensitive list (you checked them)."
    )
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
                        re2.compile(pattern.strip(), options=RE2_OPTIONS)
                    except re2.error as error:
                        message = error.args[0] if error.args else error
                        if isinstance(message, bytes):
                            message = message.decode(errors="replace")
                        raise ValidationError(
                            self.env._(
                                "Invalid expression %(pattern)s: %(error)s. Look-arounds and "
                                "back-references are not supported: expressions must match "
                                "in linear time.",
                                pattern=pattern,
                                error=message,
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
    # Rules are compiled once per process and company (Odoo's ormcache, cleared
    # on every server when a rule changes, see the mixin): matching a message
    # against 500 rules is then a few regular-expression searches in memory.
    @api.model
    @tools.ormcache("company_id")
    def _matchers(self, company_id):
        rules = self.sudo().search([("company_id", "=", company_id)])
        return tuple(rule._matcher() for rule in rules)

    @api.model
    @tools.ormcache("account_id")
    def _keyword_matchers(self, account_id):
        account = self.env["whatsapp.account"].sudo().browse(account_id)
        return tuple(
            matcher
            for matcher in self._matchers(account.company_id.id)
            if matcher.trigger == "keyword"
            and (not matcher.account_ids or account_id in matcher.account_ids)
        )

    @api.model
    def _answers_keyword(self, account_id, text):
        """Whether a keyword rule of the account would answer ``text``: a cheap
        hint taken in the webhook request (dates, teams and the daily cap are
        left to the real match)."""
        cache = {}
        return any(
            self._hits(matcher, text, None, False, cache)
            for matcher in self._keyword_matchers(account_id)
        )

    def _matcher(self):
        self.ensure_one()
        phrases = split_phrases(self.keywords) if self.trigger == "keyword" else []
        regexes = ()
        if self.trigger == "keyword" and self.match_mode == "regex":
            regexes = tuple(
                re2.compile(line.strip(), options=RE2_OPTIONS)
                for line in (self.keywords or "").splitlines()
                if line.strip()
            )
        return Matcher(
            id=self.id,
            trigger=self.trigger,
            mode=self.match_mode,
            prefix=self.prefix or "",
            any_phrase=compile_any(phrases) if self.match_mode in ("word", "phrase") else None,
            all_words=tuple(compile_any([word]) for phrase in phrases for word in phrase.split())
            if self.match_mode == "all"
            else (),
            regexes=regexes,
            calendar_id=self.resource_calendar_id.id,
            tz=self.resource_calendar_id.tz or "UTC",
            hour_from=self.hour_from,
            hour_to=self.hour_to,
            weekdays_only=self.weekdays_only,
            account_ids=frozenset(self.account_ids.ids),
            team_ids=frozenset(self.team_ids.ids),
            date_from=self.date_from,
            date_to=self.date_to,
        )

    @api.model
    def _match(self, conversation, text, moment, first_contact):
        """The rule answering ``text``, or an empty recordset."""
        day = moment.date()
        account, team = conversation.account_id.id, conversation.team_id.id
        fallback = None
        cache = {}  # per message: calendars open at ``moment``, normalised text
        for matcher in self._matchers(conversation.company_id.id):
            if (
                (matcher.account_ids and account not in matcher.account_ids)
                or (matcher.team_ids and team not in matcher.team_ids)
                or (matcher.date_from and matcher.date_from > day)
                or (matcher.date_to and matcher.date_to < day)
            ):
                continue
            if matcher.trigger == "no_match":
                fallback = fallback or matcher.id
            elif self._hits(matcher, text, moment, first_contact, cache):
                return self.browse(matcher.id)
        return self.browse(fallback)

    def _matches(self, text, moment, first_contact):
        """Whether this rule's trigger fires for ``text`` at ``moment``."""
        self.ensure_one()
        return self._hits(self._matcher(), text, moment, first_contact, {})

    @api.model
    def _hits(self, matcher, text, moment, first_contact, cache):
        if matcher.trigger == "first_contact":
            return first_contact
        if matcher.trigger == "away":
            key = ("calendar", matcher.calendar_id)
            if key not in cache:
                calendar = self.env["resource.calendar"].browse(matcher.calendar_id)
                cache[key] = is_working_time(calendar, moment)
            return not cache[key]
        if matcher.trigger == "time_slot":
            weekday, hour = local_hour(moment, matcher.tz)
            if matcher.weekdays_only and weekday > 4:
                return False
            return in_slot(hour, matcher.hour_from, matcher.hour_to)
        text = (text or "").strip()
        if matcher.prefix and not text.startswith(matcher.prefix):
            return False
        key = ("text", matcher.prefix)
        if key not in cache:
            cache[key] = normalize(text[len(matcher.prefix) :])
        normalized = cache[key]
        if matcher.mode == "regex":
            return any(pattern.search(normalized) for pattern in matcher.regexes)
        if matcher.mode == "all":
            return bool(matcher.all_words) and all(
                pattern.search(normalized) for pattern in matcher.all_words
            )
        return bool(matcher.any_phrase and matcher.any_phrase.search(normalized))

    # Actions -----------------------------------------------------------------------------------
    @require_role("editor")
    def action_open_console(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Try the Bot"),
            "res_model": "whatsapp.bot.console",
            "view_mode": "form",
            "target": "new",
        }
