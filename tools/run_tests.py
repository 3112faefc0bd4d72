#!/usr/bin/env python3
# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Run every test: Odoo tests of our modules on a fresh database, pytest of
``tests/``, ruff and pylint-odoo. Ends with ``N passed, N failed``.

Called by ``./run test`` (which prepares Odoo and the virtualenv).
"""

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from odoo_cli import MODULES, add_odoo_arguments, odoo_command, pg_env

ROOT = Path(__file__).resolve().parents[1]
# Odoo's summary line: "0 failed, 0 error(s) of 42 tests when loading database"
ODOO_SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
# A skipped Odoo test (e.g. a browser tour without its tools) hides a failure.
ODOO_SKIPPED = re.compile(r" INFO \S+ odoo\.addons\.[\w.]+: skipped (\S+)")
# Installed beside ours, as at our users': the Sales and Inventory features
# (routing on orders, {{last_order}}, {{availability:REF}}, auto-tags, the WhatsApp
# automation presets of orders, invoices, deliveries, appointments and leads) are tested.
ERP_MODULES = ("sale_management", "stock", "crm", "calendar")
PYTEST_COUNTS = re.compile(r"(\d+) (passed|failed|error|errors)\b")


def run_odoo_tests(args):
    db = f"wa_test_{os.getpid()}"
    env = pg_env(args)
    subprocess.run(["dropdb", "--if-exists", db], env=env, check=False)
    command = odoo_command(
        args,
        db,
        "-i",
        ",".join(MODULES + ERP_MODULES),
        "--test-enable",
        "--stop-after-init",
        "--workers=0",
        "--max-cron-threads=0",
        f"--http-port={args.http_port}",
        "--log-level=test",
    )
    if args.test_tags:
        command.append(f"--test-tags={args.test_tags}")
    print("==> Odoo tests:", " ".join(command), flush=True)
    started = time.time()
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env
    )
    failed = errors = total = 0
    problems = []
    skipped = []
    for line in process.stdout:
        sys.stdout.write(line)
        match = ODOO_SUMMARY.search(line)
        if match:
            failed, errors, total = map(int, match.groups())
        if " ERROR " in line or " CRITICAL " in line:
            problems.append(line.strip())
        if ODOO_SKIPPED.search(line):
            skipped.append(line.strip())
    code = process.wait()
    if not args.keep_db:
        subprocess.run(["dropdb", "--if-exists", db], env=env, check=False)
    bad = failed + errors + len(skipped)
    if (code != 0 or problems) and bad == 0:
        # Odoo failed outside a test (install error, traceback in the log).
        bad = 1
    print(
        f"==> Odoo: {total - failed - errors} passed, {bad} failed "
        f"({time.time() - started:.0f}s, exit {code})",
        flush=True,
    )
    if problems:
        print("==> Odoo logged errors:\n  " + "\n  ".join(problems[:20]))
    if skipped:
        print("==> Skipped tests count as failed:\n  " + "\n  ".join(skipped))
    return max(total - failed - errors - len(skipped), 0), bad


def run_pytest():
    print("==> pytest tests/", flush=True)
    process = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / "tests")],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    sys.stdout.write(process.stdout)
    last = process.stdout.strip().splitlines()[-1:] or [""]
    counts = {kind: int(n) for n, kind in PYTEST_COUNTS.findall(last[0])}
    passed = counts.get("passed", 0)
    failed = counts.get("failed", 0) + counts.get("error", 0) + counts.get("errors", 0)
    if process.returncode not in (0, 5) and not failed:
        failed = 1
    return passed, failed


def run_linters():
    """ruff and pylint-odoo count as one test each."""
    passed = failed = 0
    checks = [
        ["ruff", "check", "--no-fix", "."],
        ["ruff", "format", "--check", "."],
        [sys.executable, "-m", "pylint", "--rcfile=.pylintrc-mandatory", *MODULES],
    ]
    for command in checks:
        print("==>", " ".join(command), flush=True)
        result = subprocess.run(command, cwd=ROOT, check=False)
        if result.returncode == 0:
            passed += 1
        else:
            failed += 1
    return passed, failed


def main():
    parser = add_odoo_arguments(argparse.ArgumentParser())
    parser.add_argument("--http-port", type=int, default=18069)
    parser.add_argument("--test-tags", default=",".join(f"/{m}" for m in MODULES))
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--only", choices=["odoo", "pytest", "lint"])
    args = parser.parse_args()
    os.environ["ODOO_SRC"] = args.odoo_src
    totals = [0, 0]
    steps = {"odoo": lambda: run_odoo_tests(args), "pytest": run_pytest, "lint": run_linters}
    for name, step in steps.items():
        if args.only and args.only != name:
            continue
        passed, failed = step()
        totals[0] += passed
        totals[1] += failed
    print(f"{totals[0]} passed, {totals[1]} failed")
    sys.exit(1 if totals[1] or not totals[0] else 0)


if __name__ == "__main__":
    main()
