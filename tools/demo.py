#!/usr/bin/env python3
# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Start the demo: a database with the three modules and demo data, Odoo on
http://localhost:8069 (admin/admin) and the Cloud API emulator on :8070.

Called by ``./run demo``. Ctrl+C stops both.
"""

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODULES = "whatsapp_cs,whatsapp_cs_bot,whatsapp_cs_reports"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--odoo-src", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--db-host", default="127.0.0.1")
    parser.add_argument("--db-user", default="postgres")
    parser.add_argument("--db", default="whatsapp_demo")
    parser.add_argument("--port", type=int, default=8069)
    parser.add_argument("--emulator-port", type=int, default=8070)
    parser.add_argument("--reset", action="store_true", help="recreate the demo database")
    args = parser.parse_args()
    env = dict(os.environ, PGHOST=args.db_host, PGUSER=args.db_user)
    odoo = [
        sys.executable,
        f"{args.odoo_src}/odoo-bin",
        f"--addons-path={args.addons_path}",
        f"--db_host={args.db_host}",
        f"--db_user={args.db_user}",
        "-d",
        args.db,
        f"--db-filter=^{args.db}$",
    ]
    exists = (
        subprocess.run(
            [
                "psql",
                "-d",
                "postgres",
                "-tAc",
                f"select 1 from pg_database where datname='{args.db}'",
            ],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
        == "1"
    )
    if args.reset and exists:
        subprocess.run(["dropdb", args.db], env=env, check=True)
        exists = False
    if not exists:
        print(f"==> Creating the demo database {args.db} (about a minute)", flush=True)
        subprocess.run([*odoo, "-i", MODULES, "--stop-after-init"], env=env, check=True)
    else:
        subprocess.run([*odoo, "-u", MODULES, "--stop-after-init"], env=env, check=True)
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
