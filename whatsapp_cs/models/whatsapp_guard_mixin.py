# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command

from ..tools.access import has_role


class WhatsappGuardMixin(models.AbstractModel):
    """Allow-lists: the fields each WhatsApp role may set on create and on write.

    A model lists, per role, what a user with that role may give ``create``
    and ``write``; a user may set the union of their roles' lists (ACLs and
    record rules still decide which records). Everything else (windows,
    counters, locks, states, Meta's ids) is set only by the code that owns
    it, as superuser. Context defaults (``default_<field>``) count as values
    the caller chose: those outside the list are dropped. A file linked by a
    user must be one that user may read.
    """

    _name = "whatsapp.guard.mixin"
    _description = "WhatsApp Role Allow-Lists"

    # role ("analyst", "agent", "editor", "admin") -> field names
    _whatsapp_create_fields = {}
    _whatsapp_write_fields = {}
    # Files that become the record's own (see ``ir.attachment._whatsapp_adopt``),
    # so that whoever may read the record may send them.
    _whatsapp_owned_files = ()

    @api.model_create_multi
    def create(self, vals_list):
        if self.env.su:
            records = super().create(vals_list)
        else:
            allowed = self._whatsapp_allowed_fields(self._whatsapp_create_fields)
            for vals in vals_list:
                self._whatsapp_check_values(vals, allowed)
            # a replaced context: the refused defaults must go, not merge
            guarded = self.with_context(self._whatsapp_guarded_context(allowed))  # pylint: disable=context-overridden
            records = super(WhatsappGuardMixin, guarded).create(vals_list).with_env(self.env)
        records._whatsapp_adopt_files(self._whatsapp_owned_files)
        return records

    def write(self, vals):
        if not self.env.su:
            self._whatsapp_check_values(
                vals, self._whatsapp_allowed_fields(self._whatsapp_write_fields)
            )
        res = super().write(vals)
        self._whatsapp_adopt_files(set(self._whatsapp_owned_files) & set(vals))
        return res

    def _whatsapp_adopt_files(self, field_names):
        for name in field_names:
            for record in self:
                owned = self.env["ir.attachment"]._whatsapp_adopt(record[name], record)
                if owned != record[name]:
                    record.sudo()[name] = owned

    @api.model
    def _whatsapp_guarded_context(self, allowed):
        """The context without the ``default_<field>`` values the caller may not set."""
        return {
            key: value
            for key, value in self.env.context.items()
            if not key.startswith("default_") or key[8:] in allowed
        }

    @api.model
    def _whatsapp_allowed_fields(self, by_role):
        allowed = set()
        for role, names in by_role.items():
            if has_role(self.env, role):
                allowed.update(names)
        return allowed

    @api.model
    def _whatsapp_check_values(self, vals, allowed):
        refused = sorted(set(vals) - allowed)
        if refused:
            raise AccessError(
                self.env._(
                    "You may not set %(fields)s on %(model)s: Odoo sets it itself, or it "
                    "needs another WhatsApp role.",
                    fields=", ".join(
                        f"“{self._fields[name].string}” ({name})" if name in self._fields else name
                        for name in refused
                    ),
                    model=self._description,
                )
            )
        if vals.get("company_id") and vals["company_id"] not in self.env.user.company_ids.ids:
            raise AccessError(self.env._("You cannot put this in a company you do not belong to."))
        self._whatsapp_check_attachments(vals)

    @api.model
    def _whatsapp_check_attachments(self, vals):
        """Files a user links must be files that user may read; a user only
        links files (no command creates, changes or deletes one here, since
        the record may be written as superuser)."""
        for name, value in vals.items():
            field = self._fields.get(name)
            if not field or field.comodel_name != "ir.attachment" or not value:
                continue
            if field.type == "many2many":
                ids = linked_ids(value, strict=True)
                if ids is None:
                    raise AccessError(
                        self.env._("Files are linked here, not created, changed or deleted.")
                    )
                vals[name] = [Command.set(sorted(ids))]
            else:
                ids = {value}
            attachments = self.env["ir.attachment"].browse(ids)
            missing = attachments - attachments.exists()
            if missing:
                raise UserError(self.env._("The file %s does not exist.", missing[:1].id))
            try:
                attachments.check("read")
            except AccessError as error:
                raise AccessError(
                    self.env._("You may not use files you cannot open yourself.")
                ) from error


def linked_ids(commands, strict=False):
    """Ids an x2many value links to existing records (ids, link and set
    commands). With ``strict``, None when it holds any other command."""
    ids = set()
    for command in commands or []:
        if isinstance(command, int):
            ids.add(command)
        elif isinstance(command, list | tuple) and command and command[0] == Command.LINK:
            ids.add(command[1])
        elif isinstance(command, list | tuple) and command and command[0] == Command.SET:
            ids.update(command[2])
        elif strict:
            return None
    return ids
