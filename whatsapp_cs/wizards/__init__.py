# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import whatsapp_message_compose
from . import whatsapp_conversation_transfer
from . import whatsapp_document_compose
from . import whatsapp_template_preview
from . import whatsapp_automation_preset
