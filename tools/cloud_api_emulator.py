#!/usr/bin/env python3
# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Start the Cloud API emulator (``whatsapp_cs/tests/emulator``) as a server.

    python tools/cloud_api_emulator.py --port 8070 \
        --webhook-url http://localhost:8069/whatsapp/webhook
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "whatsapp_cs" / "tests"))

from emulator.cli import main  # noqa: E402

if __name__ == "__main__":
    main()
