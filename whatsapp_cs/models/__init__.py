# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import whatsapp_guard_mixin
from . import whatsapp_account
from . import whatsapp_event
from . import whatsapp_conversation
from . import whatsapp_conversation_inbox
from . import whatsapp_conversation_cron
from . import whatsapp_conversation_rpc
from . import whatsapp_message
from . import whatsapp_message_inbound
from . import whatsapp_message_send
from . import whatsapp_template
from . import whatsapp_template_variable
from . import res_partner
from . import ir_attachment
from . import whatsapp_skill
from . import whatsapp_team
from . import whatsapp_team_member
from . import whatsapp_routing_rule
from . import whatsapp_conversation_log
from . import whatsapp_quick_reply
from . import whatsapp_rate
from . import whatsapp_conversation_bus
from . import whatsapp_message_bus
from . import whatsapp_receipt
from . import whatsapp_conversation_ui
