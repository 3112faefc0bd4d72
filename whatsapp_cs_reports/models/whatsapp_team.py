# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.whatsapp_cs.tools.access import has_role

CSAT_FIELDS = {
    "csat_mode",
    "csat_delay_minutes",
    "csat_text",
    "csat_comment_text",
    "csat_thanks_text",
    "csat_template_id",
    "csat_threshold",
}


def csat_defaults(env):
    """The survey's texts as shipped, in ``env``'s language."""
    return {
        "csat_text": env._(
            "How did we do? Tap a button, or reply with a number from 1 (bad) to 5 (great)."
        ),
        "csat_comment_text": env._("Sorry to hear that. What could we have done better?"),
        "csat_thanks_text": env._("Thank you for your feedback!"),
    }


class WhatsappTeam(models.Model):
    _inherit = "whatsapp.team"

    csat_mode = fields.Selection(
        [
            ("none", "Never"),
            ("window", "Inside the 24-hour window"),
            ("template", "Inside the window, else with a template"),
        ],
        string="Satisfaction Survey",
        default="window",
        required=True,
        help="When a conversation is solved, ask the customer to rate it: with buttons while "
        "the 24-hour window is open; once it is closed, with the approved template below, "
        "or not at all.",
    )
    csat_delay_minutes = fields.Integer(
        string="Survey Delay (min)",
        default=5,
        help="Minutes after 'solved' before the survey goes out (a customer who writes "
        "again meanwhile gets none).",
    )
    csat_text = fields.Text(
        string="Survey Question",
        translate=True,
        default=lambda self: csat_defaults(self.env)["csat_text"],
    )
    csat_comment_text = fields.Text(
        string="Follow-up for Low Scores",
        translate=True,
        default=lambda self: csat_defaults(self.env)["csat_comment_text"],
        help="Sent after a score below the threshold; the customer's next message is "
        "stored as their comment. Leave empty to ask nothing.",
    )
    csat_thanks_text = fields.Text(
        string="Thanks",
        translate=True,
        default=lambda self: csat_defaults(self.env)["csat_thanks_text"],
    )
    csat_template_id = fields.Many2one(
        "whatsapp.template",
        string="Survey Template",
        domain=[("status", "=", "APPROVED")],
        help="An approved template (ideally with quick-reply buttons such as 5, 3, 1) sent "
        "when the window is closed.",
    )
    csat_threshold = fields.Float(
        string="Low Score Below",
        default=4,
        help="A score below this asks for a comment and notifies the team's editors.",
    )

    @api.model
    def _whatsapp_allowed_fields(self, by_role):
        """Administrators also configure the survey (added to the core's allow-list)."""
        allowed = super()._whatsapp_allowed_fields(by_role)
        if has_role(self.env, "admin"):
            allowed |= CSAT_FIELDS
        return allowed

    def _csat_message(self, field_name, lang):
        """A survey text in the customer's language: the team's own translation,
        or the shipped one while the team kept the shipped English text."""
        self.ensure_one()
        english = self.with_context(lang="en_US")[field_name]
        if not english:
            return ""
        if english == csat_defaults(self.with_context(lang="en_US").env)[field_name]:
            return csat_defaults(self.with_context(lang=lang).env)[field_name]
        return self.with_context(lang=lang)[field_name]

    @api.constrains("csat_delay_minutes", "csat_threshold")
    def _check_csat(self):
        for team in self:
            if team.csat_delay_minutes < 0:
                raise ValidationError(self.env._("The survey delay cannot be negative."))
            if not 1 <= team.csat_threshold <= 5:
                raise ValidationError(self.env._("The low-score threshold is between 1 and 5."))
