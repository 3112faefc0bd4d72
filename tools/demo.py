#!/usr/bin/env python3
# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Start the demo: a database with the three modules and demo data, Odoo on
http://localhost:8069 (admin/admin) and the Cloud API emulator on :8070.

Called by ``./run demo``. Ctrl+C stops both.
"""

import argparse
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from odoo_cli import MODULES, add_odoo_arguments, drop_database, odoo_command, pg_env, psql

ROOT = Path(__file__).resolve().parents[1]
# Installed beside ours, as at our users': WhatsApp templates and automations
# for quotations, orders, invoices and leads, with the apps' demo data.
APPS = ("contacts", "crm", "sale_management", "account")
# run in ``odoo shell`` while the server runs (the emulator's approvals reach
# it); the shell tells the server that automation rules changed, as requests do
SETUP = """
env["ir.config_parameter"].set_param("web.base.url", {base!r})
env["whatsapp.automation.preset"]._demo_setup({url!r})
env.cr.commit()
# a broadcast sent to the demo customers (with its statistics), and one scheduled
env["mailing.mailing"]._wa_demo_setup({url!r})
env.registry.signal_changes()
"""


def wait_for(url, seconds=120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 - localhost
                return True
        except OSError:
            time.sleep(1)
    return False


def main():
    parser = add_odoo_arguments(argparse.ArgumentParser())
    parser.add_argument("--db", default="whatsapp_demo")
    parser.add_argument("--port", type=int, default=8069)
    parser.add_argument("--emulator-port", type=int, default=8070)
    parser.add_argument("--reset", action="store_true", help="recreate the demo database")
    args = parser.parse_args()
    env = pg_env(args)
    odoo = odoo_command(args, args.db)
    exists = psql(args, "postgres", f"select 1 from pg_database where datname='{args.db}'") == "1"
    if args.reset and exists:
        drop_database(args, args.db)
        exists = False
    if not exists:
        print(f"==> Creating the demo database {args.db} (about a minute)", flush=True)
        # the apps first: the reports' demo history then has orders to attribute
        for modules in (APPS, MODULES):
            subprocess.run(
                [*odoo, "-i", ",".join(modules), "--stop-after-init"], env=env, check=True
            )
    else:
        subprocess.run([*odoo, "-u", ",".join(MODULES), "--stop-after-init"], env=env, check=True)
    emulator = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tools" / "cloud_api_emulator.py"),
            "--port",
            str(args.emulator_port),
            "--webhook-url",
            f"http://127.0.0.1:{args.port}/whatsapp/webhook",
            "--app-secret",
            "demo-app-secret",
            "--access-token",
            "demo-access-token",
            "--template-review-delay",
            "3",
        ]
    )
    server = subprocess.Popen(
        [
            *odoo,
            f"--http-port={args.port}",
            "--max-cron-threads=1",
            # the crons run every minute; their progress lines would bury the banner
            "--log-handler=odoo.addons.base.models.ir_cron:WARNING",
        ],
        env=env,
    )
    if wait_for(f"http://127.0.0.1:{args.port}/web/login"):
        # templates of the automation presets, submitted to the emulator (it approves them)
        subprocess.run(
            odoo_command(args, args.db, "--no-http", "--log-level=warn", command="shell"),
            input=SETUP.format(
                base=f"http://localhost:{args.port}", url=f"http://127.0.0.1:{args.emulator_port}"
            ),
            text=True,
            env=env,
            check=False,
        )
    print(
        f"""
==> WhatsApp CS demo
    Odoo:      http://localhost:{args.port}  (login admin / password admin)
    Customers: http://localhost:{args.emulator_port}  (the Cloud API emulator: write as a
               customer, e.g. number 5511987654321 is Ana Souza; replies appear there too)
    Try:       confirm a quotation (Sales): its confirmation and PDF arrive in the emulator;
               WhatsApp > Sends > Broadcasts: one sent (its figures), one for tomorrow 10:00
    Ctrl+C stops both.
""",
        flush=True,
    )

    def stop(*_args):
        for process in (server, emulator):
            process.terminate()

    signal.signal(signal.SIGTERM, stop)
    try:
        server.wait()
    except KeyboardInterrupt:
        stop()
    finally:
        emulator.terminate()


if __name__ == "__main__":
    main()
