# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A local stand-in for Meta's WhatsApp Cloud API.

It speaks the Graph endpoints the addons use, with Meta's response shapes and
error modes, and plays the customers: it posts signed webhooks (messages of
every type, statuses, template updates) to Odoo.

    python tools/cloud_api_emulator.py --port 8070 \
        --webhook-url http://localhost:8069/whatsapp/webhook

Open http://localhost:8070/ to write to Odoo as a customer. Tests start it
in-process with ``CloudApiEmulator(...).start()`` on a free loopback port.

Control endpoints (JSON, under ``/_emulator``): ``faults`` (queue an error
answer: ``{"code": 130429}``, ``{"status": 500}``, ``{"delay": 3}``),
``customer_message``, ``status``, ``requests`` (what Odoo sent), ``reset``.
"""

from .core import CloudApiEmulator
from .meta import API_VERSION, DEFAULT_TEMPLATES, META_ERRORS, SAMPLE_MEDIA, sign
