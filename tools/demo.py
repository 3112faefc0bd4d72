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
from pathlib import Path

from odoo_cli import MODULES, add_odoo_arguments, drop_database, odoo_command, pg_env, psql

ROOT = Path(__file__).resolve().parents[1]
# Installed beside ours in the demo: orders and invoices for the reports' outcomes.
ERP_MODULES = ("sale_management",)


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
        # Sales first: the reports' demo history then has orders to attribute.
        for modules in (ERP_MODULES, MODULES):
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
        ]
    )
    server = subprocess.Popen([*odoo, f"--http-port={args.port}", "--max-cron-threads=1"], env=env)
    time.sleep(2)
    print(
        f"""
==> WhatsApp CS demo
    Odoo:      http://localhost:{args.port}  (login admin / password admin)
    Customers: http://localhost:{args.emulator_port}  (the Cloud API emulator: write as a
               customer, e.g. number 5511987654321 is Ana Souza; replies appear there too)
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
