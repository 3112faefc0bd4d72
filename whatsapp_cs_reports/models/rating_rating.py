# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import re
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.whatsapp_cs.tools import message_payload
from odoo.addons.whatsapp_cs.tools.access import has_role

CSAT_PAYLOAD = "whatsapp_cs_reports.csat."
CSAT_STATES = [
    ("scheduled", "Scheduled"),
    ("sent", "Asked"),
    ("comment", "Comment asked"),
    ("done", "Answered"),
    ("skipped", "Not sent"),
]
# How long a survey waits for its answer, and a low score for its comment.
ANSWER_WAIT = timedelta(hours=72)
COMMENT_WAIT = timedelta(hours=1)
# "5", "4/5", "3 stars", "5 estrelas", "4分", "⭐⭐⭐⭐"
_DIGIT = re.compile(
    r"^\s*([1-5])\s*(?:/\s*5|stars?|estrelas?|estrellas?|星|分|⭐+|★+)?\s*[.!]?\s*$", re.I
)
_STARS = re.compile(r"^\s*([⭐★]{1,5})\s*$")
# Fields of Odoo's rating that a WhatsApp survey owns: only the flow sets them.
OWNED_FIELDS = {"rating", "feedback", "consumed", "partner_id", "rated_partner_id", "res_id"}


def parse_score(text):
    """A score 1-5 from what a customer typed or the button they tapped."""
    text = (text or "").strip()
    if text.startswith(CSAT_PAYLOAD):
        text = text[len(CSAT_PAYLOAD) :]
    match = _DIGIT.match(text)
    if match:
        return int(match.group(1))
    match = _STARS.match(text)
    return len(match.group(1)) if match else None


class RatingRating(models.Model):
    """Satisfaction over WhatsApp: Odoo's rating, asked and answered in the chat."""

    _inherit = "rating.rating"

    whatsapp_state = fields.Selection(
        CSAT_STATES,
        string="WhatsApp Survey",
        readonly=True,
        index="btree_not_null",
        help="Where the WhatsApp satisfaction survey of this rating is.",
    )
    whatsapp_send_at = fields.Datetime(string="Survey Due", readonly=True)
    whatsapp_sent_at = fields.Datetime(
        string="Survey Sent", readonly=True, help="When the last survey question went out."
    )
    whatsapp_solved_at = fields.Datetime(
        string="Solved On", readonly=True, help="When the conversation was solved."
    )
    whatsapp_team_id = fields.Many2one("whatsapp.team", string="WhatsApp Team", readonly=True)
    whatsapp_channel = fields.Selection(
        [("interactive", "Buttons"), ("template", "Template")], string="Sent As", readonly=True
    )
    whatsapp_skip_reason = fields.Char(string="Why Not Sent", readonly=True)
    whatsapp_readable = fields.Boolean(
        string="Visible to the User",
        compute="_compute_whatsapp_readable",
        search="_search_whatsapp_readable",
        help="Technical: WhatsApp ratings follow the WhatsApp roles.",
    )

    def _compute_whatsapp_readable(self):
        for rating in self:
            rating.whatsapp_readable = True

    def _search_whatsapp_readable(self, operator, value):
        """Ratings of WhatsApp conversations: analysts and administrators see
        all, editors their teams', agents those about them; others none."""
        if operator not in ("=", "!=") or not value:
            raise UserError(self.env._("Unsupported search on WhatsApp ratings."))
        # Evaluated by record rules, which run as superuser for the real user.
        other = [("res_model", "!=", "whatsapp.conversation")]
        user = self.env.user

        def role(name):
            return user.has_group(f"whatsapp_cs.group_{name}")

        if role("analyst") or role("admin"):
            return []
        if role("editor"):
            scope = [
                "|",
                ("rated_partner_id", "=", user.partner_id.id),
                ("whatsapp_team_id.member_ids.user_id", "in", [user.id]),
            ]
        elif role("agent"):
            scope = [("rated_partner_id", "=", user.partner_id.id)]
        else:
            return other
        return ["|", *other, "&", ("res_model", "=", "whatsapp.conversation"), *scope]

    # Guard: the survey's values are the customer's ---------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if any(name.startswith("whatsapp_") for name in vals):
                    raise AccessError(self.env._("WhatsApp surveys are created by Odoo."))
                model_id = vals.get("res_model_id")
                model = vals.get("res_model") or (
                    model_id and self.env["ir.model"].sudo().browse(model_id).model
                )
                if model == "whatsapp.conversation":
                    raise AccessError(self.env._("WhatsApp surveys are created by Odoo."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            ours = self.sudo().filtered("whatsapp_state")
            if any(name.startswith("whatsapp_") for name in vals) or (
                ours and set(vals) & OWNED_FIELDS
            ):
                raise AccessError(
                    self.env._("A customer's WhatsApp rating cannot be changed by hand.")
                )
        return super().write(vals)

    def unlink(self):
        if not self.env.su and self.sudo().filtered("whatsapp_state"):
            if not has_role(self.env, "admin"):
                raise AccessError(self.env._("Only WhatsApp administrators delete ratings."))
        return super().unlink()

    # Asking -----------------------------------------------------------------------------
    @api.model
    def _whatsapp_schedule(self, conversations):
        """A survey for each conversation just solved, if its team asks for one."""
        now = fields.Datetime.now()
        model_id = self.env["ir.model"]._get_id("whatsapp.conversation")
        created = self.browse()
        for conversation in conversations:
            team = conversation.team_id
            if not team or team.csat_mode == "none":
                continue
            created |= self.sudo().create(
                {
                    "res_model_id": model_id,
                    "res_id": conversation.id,
                    "partner_id": conversation.partner_id.id,
                    "rated_partner_id": conversation.user_id.partner_id.id,
                    "is_internal": False,
                    "whatsapp_state": "scheduled",
                    "whatsapp_solved_at": now,
                    "whatsapp_send_at": now + timedelta(minutes=team.csat_delay_minutes),
                    "whatsapp_team_id": team.id,
                }
            )
        cron = self.env.ref("whatsapp_cs_reports.ir_cron_csat_send").sudo()
        for moment in set(created.mapped("whatsapp_send_at")):
            cron._trigger(moment)
        return created

    @api.model
    def _cron_whatsapp_send(self, limit=100):
        """Send the surveys that are due; each claimed by one worker."""
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT id FROM rating_rating
                WHERE whatsapp_state = 'scheduled' AND whatsapp_send_at <= %s
                ORDER BY whatsapp_send_at, id LIMIT %s FOR UPDATE SKIP LOCKED""",
            [fields.Datetime.now(), limit],
        )
        ratings = self.sudo().browse([row[0] for row in self.env.cr.fetchall()])
        for rating in ratings:
            rating._whatsapp_send()
        self.env["ir.cron"]._notify_progress(done=len(ratings), remaining=0)

    def _whatsapp_send(self):
        self.ensure_one()
        conversation = self.env["whatsapp.conversation"].sudo().browse(self.res_id).exists()
        team = self.whatsapp_team_id
        if not conversation or conversation.state not in ("solved", "closed"):
            return self._whatsapp_skip(self.env._("The customer wrote again first."))
        lang = conversation.partner_id.lang or "en_US"
        if conversation.window_open:
            self._whatsapp_send_buttons(conversation, team, lang)
        elif team.csat_mode == "template" and team.csat_template_id:
            try:
                preview, values, _header = team.csat_template_id._render(conversation.partner_id)
            except UserError as error:
                return self._whatsapp_skip(str(error))
            message = (
                self.env["whatsapp.message"]
                .sudo()
                ._queue_template(conversation, team.csat_template_id, values, preview)
            )
            message.write({"is_automatic": True, "is_csat": True})
            self.write({"whatsapp_channel": "template"})
        else:
            return self._whatsapp_skip(self.env._("The 24-hour window was closed."))
        self.write({"whatsapp_state": "sent", "whatsapp_sent_at": fields.Datetime.now()})
        self.env["whatsapp.episode"]._queue_partners(conversation.partner_id.ids)
        return True

    def _whatsapp_send_buttons(self, conversation, team, lang):
        env = self.with_context(lang=lang).env
        buttons = [
            (f"{CSAT_PAYLOAD}5", env._("😀 Great")),
            (f"{CSAT_PAYLOAD}3", env._("😐 OK")),
            (f"{CSAT_PAYLOAD}1", env._("😞 Bad")),
        ]
        text = team._csat_message("csat_text", lang) or env._("How did we do?")
        self.env["whatsapp.message"].sudo().create(
            {
                "conversation_id": conversation.id,
                "direction": "out",
                "message_type": "interactive",
                "body": text,
                "payload": json.dumps(message_payload.reply_buttons(text, buttons)),
                "is_automatic": True,
                "is_csat": True,
            }
        )
        self.write({"whatsapp_channel": "interactive"})

    def _whatsapp_skip(self, reason):
        self.write({"whatsapp_state": "skipped", "whatsapp_skip_reason": reason})
        return False

    # Answers ----------------------------------------------------------------------------
    @api.model
    def _whatsapp_pending(self, conversation):
        """The survey of ``conversation`` waiting for the customer, if any."""
        if not conversation:
            return self.browse()
        now = fields.Datetime.now()
        rating = self.sudo().search(
            [
                ("res_model", "=", "whatsapp.conversation"),
                ("res_id", "=", conversation.id),
                ("whatsapp_state", "in", ("sent", "comment")),
            ],
            order="id desc",
            limit=1,
        )
        if not rating:
            return rating
        wait = COMMENT_WAIT if rating.whatsapp_state == "comment" else ANSWER_WAIT
        since = rating.whatsapp_sent_at
        return rating if since and since + wait >= now else self.browse()

    def _whatsapp_is_answer(self, message):
        self.ensure_one()
        if message.direction != "in" or message.message_type in ("reaction", "system"):
            return False
        if self.whatsapp_state == "comment":
            return message.message_type == "text" and bool((message.body or "").strip())
        return parse_score(message.button_payload or message.body) is not None

    def _whatsapp_take_answer(self, message):
        """Store ``message`` as this survey's score or comment; False if it is neither."""
        self.ensure_one()
        if not self._whatsapp_is_answer(message):
            return False
        conversation = self.env["whatsapp.conversation"].sudo().browse(self.res_id)
        team = self.whatsapp_team_id
        lang = conversation.partner_id.lang or "en_US"
        message.sudo().is_csat = True
        if self.whatsapp_state == "comment":
            self.write({"feedback": message.body.strip(), "whatsapp_state": "done"})
            conversation.message_post(
                body=self.env._("Customer's comment on their rating: %s", message.body.strip()),
                subtype_xmlid="mail.mt_note",
            )
        else:
            score = parse_score(message.button_payload or message.body)
            conversation.rating_apply(score, rating=self, subtype_xmlid="mail.mt_note")
            low = score < team.csat_threshold
            if low and team.csat_comment_text:
                self.write({"whatsapp_state": "comment", "whatsapp_sent_at": fields.Datetime.now()})
            else:
                self.write({"whatsapp_state": "done"})
            reply = team._csat_message("csat_comment_text" if low else "csat_thanks_text", lang)
            if reply:
                self.env["whatsapp.message"].sudo().create(
                    {
                        "conversation_id": conversation.id,
                        "direction": "out",
                        "body": reply,
                        "is_automatic": True,
                        "is_csat": True,
                    }
                )
            if low:
                self._whatsapp_notify_low(conversation, score)
        self.env["whatsapp.episode"]._queue_partners(conversation.partner_id.ids)
        return True

    def _whatsapp_notify_low(self, conversation, score):
        team = self.whatsapp_team_id
        editor_group = self.env.ref("whatsapp_cs.group_editor")
        editors = team.user_ids.filtered(lambda user: editor_group in user.groups_id)
        if not editors:
            return
        conversation.message_post(
            body=self.env._(
                "%(customer)s rated this conversation %(score)s/5 (below the team's "
                "threshold of %(threshold)s).",
                customer=conversation.partner_id.display_name,
                score=score,
                threshold=team.csat_threshold,
            ),
            partner_ids=editors.partner_id.ids,
            subtype_xmlid="mail.mt_note",
        )
