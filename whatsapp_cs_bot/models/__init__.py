# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import whatsapp_bot_cache_mixin
from . import whatsapp_bot_rule
from . import whatsapp_bot_reply
from . import whatsapp_bot_button
from . import whatsapp_bot_engine
from . import whatsapp_conversation
from . import whatsapp_message
from . import whatsapp_conversation_log
from . import whatsapp_sensitive_word
from . import whatsapp_tag_rule
from . import whatsapp_event
from . import whatsapp_account
from . import mailing_mailing
from . import mailing_mailing_broadcast
from . import mailing_trace
from . import mailing_contact
from . import utm_campaign
from . import mailing_mailing_demo
