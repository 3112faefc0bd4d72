# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from . import models


def post_init_hook(env):
    """Reports over the history already stored: mark the messages sent
    outside the window and build every customer's episodes."""
    env["whatsapp.message"]._backfill_outside_window()
    env["whatsapp.episode"]._queue_all()
    env["whatsapp.episode"]._cron_rebuild(limit=10**9)
    env["whatsapp.report.materialized"]._cron_refresh()
