# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def _whatsapp_adopt(self, attachments, record, upload_model=None):
        """Make ``attachments`` ``record``'s own files, whoever may read it.

        Files the user just uploaded for it (attached to nothing yet, or to
        ``upload_model``, the wizard they were uploaded in) move to it; files
        that belong to another record stay there and ``record`` gets a copy,
        so nothing is taken from its owner (Odoo's mail composer rule). The
        caller checked that the user may read them all.
        """
        owned = self.browse()
        for attachment in attachments.sudo():
            if (attachment.res_model, attachment.res_id) == (record._name, record.id):
                owned |= attachment
            elif attachment.create_uid == self.env.user and (
                not attachment.res_id or attachment.res_model == upload_model
            ):
                attachment.write({"res_model": record._name, "res_id": record.id})
                owned |= attachment
            else:
                owned |= attachment.copy({"res_model": record._name, "res_id": record.id})
        return owned.with_env(self.env)
