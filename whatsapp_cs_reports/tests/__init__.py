# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import test_report_conversation
from . import test_csat
from . import test_reports_other
from . import test_report_access
from . import test_reports_more
from . import test_reports_tour
