# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Run the emulator as a server: ``python tools/cloud_api_emulator.py --port 8070``."""

import argparse
import threading

from .core import CloudApiEmulator


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8070)
    parser.add_argument("--webhook-url", default="http://127.0.0.1:8069/whatsapp/webhook")
    parser.add_argument("--app-secret", default="demo-app-secret")
    parser.add_argument("--access-token", default="demo-access-token")
    parser.add_argument("--phone-number-id", default="100000000000001")
    parser.add_argument("--waba-id", default="200000000000001")
    parser.add_argument("--display-phone-number", default="15550001111")
    parser.add_argument("--status-delay", type=float, default=1.5)
    parser.add_argument("--no-auto-status", action="store_true")
    parser.add_argument(
        "--statuses",
        default="sent,delivered,read",
        help="the statuses posted for each message sent (comma-separated)",
    )
    parser.add_argument(
        "--template-review-delay",
        type=float,
        default=None,
        help="approve templates Odoo submits after this many seconds (default: never)",
    )
    parser.add_argument(
        "--throughput",
        type=float,
        default=None,
        help="messages per second the number may send (Meta: 80); beyond: error 130429",
    )
    parser.add_argument(
        "--messaging-tier",
        type=int,
        default=None,
        help="unique users templates may reach per moving 24 h (Meta: 250, 2000, 10000, "
        "100000); beyond: a failed status 131049",
    )
    parser.add_argument(
        "--enforce-window",
        action="store_true",
        help="refuse free text (131047) to customers who did not write through the emulator",
    )
    args = parser.parse_args()
    emulator = CloudApiEmulator(
        webhook_url=args.webhook_url,
        app_secret=args.app_secret,
        access_token=args.access_token,
        phone_number_id=args.phone_number_id,
        waba_id=args.waba_id,
        display_phone_number=args.display_phone_number,
        host=args.host,
        port=args.port,
        auto_status=not args.no_auto_status,
        status_delay=args.status_delay,
    )
    emulator.enforce_window = args.enforce_window
    emulator.template_review_delay = args.template_review_delay
    emulator.throughput = args.throughput
    emulator.messaging_tier = args.messaging_tier
    emulator.auto_status_steps = tuple(filter(None, args.statuses.split(",")))
    emulator.start()
    # a command-line tool's one line of output
    print(f"Cloud API emulator on {emulator.base_url} -> {args.webhook_url}", flush=True)  # pylint: disable=print-used
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        emulator.stop()
