# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_webhook
from . import test_inbound
from . import test_status
from . import test_send
from . import test_security
from . import test_inbox
from . import test_inbox_access
from . import test_inbox_tour
from . import test_rpc_agent
from . import test_rpc_editor
from . import test_rpc_analyst
from . import test_public_api
from . import test_rpc_admin
from . import test_rpc_no_role
from . import test_real_payloads
from . import test_outbound
from . import test_cost
from . import test_rpc_review
from . import test_template_editor
from . import test_document_sends
from . import test_automations
from . import test_rpc_sends
from . import test_document_tour
from . import test_realtime
from . import test_realtime_tour
from . import test_rpc_compose
