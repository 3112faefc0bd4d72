# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the benchmarks and the chaos scenarios share: real Odoo servers in
processes of their own (prefork HTTP and cron workers), the Cloud API
emulator as "Meta" in its own process, signed webhooks, PostgreSQL queries.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "whatsapp_cs" / "tests"))
from emulator import sign  # noqa: E402
from odoo_cli import odoo_command, pg_env  # noqa: E402

LOG_DIR = Path(os.environ.get("TMPDIR", "/tmp")) / "wa_bench_logs"


def wait_for(url, seconds=120, ok=None):
    """Until ``url`` answers (with a status in ``ok``, if given)."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            response = requests.get(url, timeout=2)
            if ok is None or response.status_code in ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"{url} did not answer")


def start_odoo(odoo, port, env, workers=2, cron_workers=2, log_name=None):
    """``odoo`` (an odoo-bin command) serving HTTP on ``port`` (its
    long-polling process on ``port + 100``: never Odoo's default 8072, which
    another server may hold) in its own process group, so that it can be
    killed whole."""
    LOG_DIR.mkdir(exist_ok=True)
    log = open(LOG_DIR / f"{log_name or port}.log", "ab")  # noqa: SIM115 - the server's
    return subprocess.Popen(
        [
            *odoo,
            f"--http-port={port}",
            f"--gevent-port={port + 100}",
            f"--workers={workers}",
            f"--max-cron-threads={cron_workers}",
        ],
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )


def wait_for_webhook(port, seconds=120):
    """Until Odoo's webhook route answers (a refused handshake: 403)."""
    wait_for(f"http://127.0.0.1:{port}/whatsapp/webhook", seconds, ok={403})


def stop_process_group(process, sig=signal.SIGTERM, timeout=30):
    if process is None or process.poll() is not None:
        return
    try:
        os.killpg(process.pid, sig)
        process.wait(timeout=timeout)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def start_meta(port, webhook_url, token, secret, phone_number_id, waba_id, *options):
    """The emulator as Meta, in a process of its own (its clock is not the
    load generator's); returns (process, base url)."""
    meta = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tools" / "cloud_api_emulator.py"),
            f"--port={port}",
            f"--webhook-url={webhook_url}",
            f"--access-token={token}",
            f"--app-secret={secret}",
            f"--phone-number-id={phone_number_id}",
            f"--waba-id={waba_id}",
            *options,
        ],
        stdout=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/_emulator/requests")
    return meta, url


def rate(moments):
    """Messages per second over a phase (the first and last 2 % left out:
    the phase's start and its tail are not the steady rate)."""
    if len(moments) < 50:
        return 0.0
    trim = len(moments) // 50
    steady = moments[trim : len(moments) - trim]
    return round((len(steady) - 1) / (steady[-1] - steady[0]), 1)


def emulator_log(meta_url):
    return requests.get(f"{meta_url}/_emulator/requests", timeout=60).json()


def post_signed(session, url, payload, secret, raw=None, timeout=30):
    """POST a webhook as Meta does (signed raw bytes); returns the status
    code, or None when no answer came."""
    body = raw if raw is not None else json.dumps(payload).encode()
    try:
        response = session.post(
            url,
            data=body,
            timeout=timeout,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(body, secret)},
        )
    except requests.RequestException:
        return None
    return response.status_code


class Database:
    """One database on a PostgreSQL server (host, port), read through psql."""

    def __init__(self, args, name, port=None):
        self.args, self.name, self.port = args, name, port
        self.env = dict(pg_env(args), PGOPTIONS="-c client_min_messages=warning")
        if port:
            self.env["PGPORT"] = str(port)

    def sql(self, query):
        return subprocess.run(
            ["psql", "-X", "-d", self.name, "-tAc", query],
            env=self.env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

    def value(self, query):
        output = self.sql(query)
        return int(float(output.splitlines()[0] or 0)) if output else 0

    def rows(self, query):
        return [line.split("|") for line in self.sql(query).splitlines() if line]

    def odoo(self, *options):
        command = odoo_command(self.args, self.name, *options)
        if self.port:
            command.append(f"--db_port={self.port}")
        return command

    def drop(self):
        subprocess.run(["dropdb", "--if-exists", "--force", self.name], env=self.env, check=True)
        shutil.rmtree(filestore(self.name), ignore_errors=True)

    def copy_of(self, template):
        """This database as a copy of ``template`` (same server), filestore included."""
        self.drop()
        subprocess.run(["createdb", "-T", template, self.name], env=self.env, check=True)
        if filestore(template).exists():
            shutil.copytree(filestore(template), filestore(self.name))


def filestore(db):
    return Path.home() / ".local" / "share" / "Odoo" / "filestore" / db
