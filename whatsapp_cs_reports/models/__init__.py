# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# Order matters: the agents report's view reads the tables created before it.
from . import whatsapp_episode
from . import whatsapp_episode_build
from . import whatsapp_episode_figures
from . import whatsapp_agent_presence
from . import whatsapp_message
from . import whatsapp_conversation
from . import whatsapp_conversation_log
from . import whatsapp_team
from . import rating_rating
from . import res_users
from . import whatsapp_report_materialized
from . import whatsapp_report_conversation
from . import whatsapp_report_agent
from . import whatsapp_report_message
from . import whatsapp_report_funnel
from . import whatsapp_report_keyword
from . import digest_digest
from . import whatsapp_report_demo
