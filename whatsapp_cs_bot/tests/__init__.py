# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_bot
from . import test_rpc_bot
from . import test_rpc_bot_review
from . import test_broadcast
from . import test_broadcast_workers
from . import test_rpc_broadcast
from . import test_broadcast_tour
