# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools

from odoo.addons.whatsapp_cs.tools.compliance import flagged, suggest


class WhatsappSensitiveWord(models.Model):
    """A word automatic messages must not use, with a safer wording."""

    _name = "whatsapp.sensitive.word"
    _inherit = ["whatsapp.bot.cache.mixin", "whatsapp.guard.mixin"]
    _description = "WhatsApp Sensitive Word"
    _order = "category, word"
    _rec_name = "word"

    _whatsapp_create_fields = _whatsapp_write_fields = {
        "editor": {"word", "lang", "category", "suggestion", "active"}
    }

    word = fields.Char(required=True)
    lang = fields.Selection([("en", "English"), ("zh", "Chinese")], required=True, default="en")
    category = fields.Selection(
        [
            ("absolute", "Absolute claim"),
            ("guarantee", "Guarantee"),
            ("medical", "Health claim"),
            ("financial", "Financial claim"),
            ("pressure", "Pressure or spam"),
            ("privacy", "Asks for private data"),
            ("offensive", "Offensive"),
            ("gambling", "Gambling"),
        ],
        required=True,
        default="absolute",
    )
    suggestion = fields.Char(help="Said instead; empty: leave the word out.")
    active = fields.Boolean(default=True)

    _sql_constraints = [("word_uniq", "unique(word)", "This word is already in the list.")]

    @api.model
    @tools.ormcache()
    def _word_list(self):
        return tuple(
            (word.word, word.suggestion or "", word.category) for word in self.sudo().search([])
        )

    @api.model
    def _review(self, text):
        """``(problems, rewording)`` for ``text``: each problem is
        ``(word, category label, suggestion)``; rewording replaces them all."""
        entries = {word: (suggestion, category) for word, suggestion, category in self._word_list()}
        labels = dict(self._fields["category"]._description_selection(self.env))
        found = flagged(text, list(entries))
        problems = [(word, labels[entries[word][1]], entries[word][0]) for word in found]
        rewording = suggest(text, {word: entries[word][0] for word in found}) if found else text
        return problems, rewording
