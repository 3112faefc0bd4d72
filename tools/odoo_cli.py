# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Odoo command line shared by the demo, the test runner and the benchmarks.

``./run`` passes where Odoo and PostgreSQL are; these helpers turn that into
argparse options, an environment for psql/dropdb and an ``odoo-bin`` command.
"""

import os
import subprocess
import sys

MODULES = ("whatsapp_cs", "whatsapp_cs_bot", "whatsapp_cs_reports")


def add_odoo_arguments(parser):
    parser.add_argument("--odoo-src", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--db-host", default="127.0.0.1")
    parser.add_argument("--db-user", default="postgres")
    return parser


def pg_env(args):
    """Environment for PostgreSQL's command-line tools."""
    return dict(os.environ, PGHOST=args.db_host, PGUSER=args.db_user)


def odoo_command(args, db, *options, command=None):
    """``odoo-bin [command]`` on database ``db``, with our addons path."""
    return [
        sys.executable,
        f"{args.odoo_src}/odoo-bin",
        *([command] if command else []),
        f"--addons-path={args.addons_path}",
        f"--db_host={args.db_host}",
        f"--db_user={args.db_user}",
        "-d",
        db,
        *options,
    ]


def psql(args, db, sql):
    """One SQL statement through psql; its output, stripped."""
    return subprocess.run(
        ["psql", "-d", db, "-tAc", sql],
        env=pg_env(args),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def drop_database(args, db):
    subprocess.run(["dropdb", "--if-exists", db], env=pg_env(args), check=True)
