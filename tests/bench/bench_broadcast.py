#!/usr/bin/env python3
# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Broadcast benchmark: prints figures, asserts nothing.

A WhatsApp broadcast (a marketing template filled with each customer's name)
goes to 10,000 opted-in customers. Odoo runs with 2 HTTP and 2 cron workers;
the emulator, in a process of its own, keeps Meta's throughput of 80
messages/s for the number (error 130429 beyond) and posts a "sent" status for
every message. Midway, Odoo is killed (SIGKILL, every process) and restarted.
Figures: the time to plan the recipients, the sending time against the
minimum (10,000 / 80 = 125 s), the rate against the cap, throttling errors,
duplicates, losses and the peak memory of Odoo's workers.
``./run bench broadcast [--recipients 10000]``.
"""

import argparse
import collections
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from harness import emulator_log, rate, wait_for  # noqa: E402
from odoo_cli import add_odoo_arguments, drop_database, odoo_command, pg_env, psql  # noqa: E402

DB = "wa_bc_bench_broadcast"
TOKEN, SECRET = "bench-token", "bench-secret"
PHONE_NUMBER_ID, WABA_ID = "100000000000088", "200000000000088"


def main():
    parser = add_odoo_arguments(argparse.ArgumentParser())
    parser.add_argument("--recipients", type=int, default=10000)
    parser.add_argument("--throughput", type=int, default=80, help="Meta's cap, messages/s")
    parser.add_argument("--port", type=int, default=19180)
    parser.add_argument(
        "--kill-at", type=float, default=0.5, help="kill Odoo when this share is sent"
    )
    args = parser.parse_args()
    env = pg_env(args)
    drop_database(args, DB)
    odoo = odoo_command(args, DB, "--without-demo=all", "--log-level=warn")
    subprocess.run([*odoo, "-i", "whatsapp_cs_bot", "--stop-after-init"], env=env, check=True)
    meta_url = f"http://127.0.0.1:{args.port + 1}"
    meta = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tools" / "cloud_api_emulator.py"),
            f"--port={args.port + 1}",
            f"--webhook-url=http://127.0.0.1:{args.port}/whatsapp/webhook",
            f"--access-token={TOKEN}",
            f"--app-secret={SECRET}",
            f"--phone-number-id={PHONE_NUMBER_ID}",
            f"--waba-id={WABA_ID}",
            f"--throughput={args.throughput}",
            "--statuses=sent",
            "--status-delay=0.5",
        ],
        stdout=subprocess.DEVNULL,
    )
    server = None
    try:
        wait_for(f"{meta_url}/_emulator/requests")
        sys.path.insert(0, args.odoo_src)
        import odoo as odoo_lib
        from odoo.tools import config

        config.parse_config([*odoo_command(args, DB)[2:], "--log-level=warn"])
        registry = odoo_lib.modules.registry.Registry(DB)
        with registry.cursor() as cr:
            mailing_id = prepare(
                odoo_lib.api.Environment(cr, odoo_lib.SUPERUSER_ID, {}), args, meta_url
            )
        server = start_odoo(odoo, args, env)
        wait_for(f"http://127.0.0.1:{args.port}/web/login")
        memory = MemoryWatch()
        memory.watch(server)
        with registry.cursor() as cr:
            environment = odoo_lib.api.Environment(cr, odoo_lib.SUPERUSER_ID, {})
            environment["mailing.mailing"].browse(mailing_id).action_launch()
        launched = time.time()
        planned_at = killed_at = restarted_at = None
        while True:
            time.sleep(1)
            memory.watch(server)
            if planned_at is None and traces(args, mailing_id) >= args.recipients:
                planned_at = time.time()
            # what Meta accepted, read in Odoo (the emulator's full log is
            # fetched once at the end: polling it would load the two cores)
            sent = count(args, "select count(*) from whatsapp_message where wamid is not null")
            if killed_at is None and sent >= args.recipients * args.kill_at:
                os.killpg(server.pid, signal.SIGKILL)  # a crash: nothing is let finish
                server.wait()
                killed_at = time.time()
                time.sleep(2)
                server = start_odoo(odoo, args, env)
                restarted_at = time.time()
            left = count(
                args,
                f"select count(*) from mailing_trace where mass_mailing_id = {mailing_id}"
                " and trace_status in ('outgoing', 'process')",
            )
            if planned_at and not left and killed_at:
                break
            if time.time() - launched > 3600:
                break
        time.sleep(3)  # the last statuses
        figures = {
            "recipients": args.recipients,
            "cap_per_s": args.throughput,
            "minimum_s": round(args.recipients / args.throughput, 1),
            "seconds_to_plan_all_recipients": round(planned_at - launched, 1)
            if planned_at
            else None,
        }
        figures.update(sending_figures(args, meta_url, launched, killed_at, restarted_at))
        figures.update(trace_figures(args, mailing_id))
        figures["odoo_cpu_s"] = memory.cpu_seconds()
        figures["odoo_cpu_ms_per_message"] = round(
            1000 * memory.cpu_seconds() / max(figures["messages_at_emulator"], 1), 2
        )
        figures["peak_worker_rss_mb"] = memory.peak_worker_mb()
        figures["peak_rss_per_process_mb"] = memory.per_process()
        figures["load_average_1_5_15"] = [round(x, 2) for x in os.getloadavg()]
        print(json.dumps(figures, indent=2))
    finally:
        if server:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        meta.terminate()
        meta.wait(timeout=30)


def prepare(env, args, meta_url):
    """The number (unlimited tier), its approved marketing template filled
    with the customer's name, ``args.recipients`` opted-in customers and the
    broadcast to them (committed, not launched)."""
    started = time.time()
    account = env["whatsapp.account"].create(
        {
            "name": "Bench",
            "phone_number_id": PHONE_NUMBER_ID,
            "waba_id": WABA_ID,
            "access_token": TOKEN,
            "app_secret": SECRET,
            "graph_api_url": meta_url,
            "throughput": args.throughput,
            "messaging_tier": "unlimited",
        }
    )
    account.action_sync_templates()
    # the emulator's "welcome_back": a marketing template, one body value
    template = account.template_ids.filtered(lambda t: t.name == "welcome_back")
    template.model_id = env["ir.model"]._get("res.partner")
    template.variable_ids.field_path = "name"
    tag = env["res.partner.category"].create({"name": "VIP"})
    for chunk in range(0, args.recipients, 2000):
        env["res.partner"].create(
            [
                {
                    "name": f"Customer {index}",
                    "mobile": f"+55 11 9{index:08d}",
                    "whatsapp_opt_in": True,
                    "category_id": [(4, tag.id)],
                }
                for index in range(chunk, min(chunk + 2000, args.recipients))
            ]
        )
    mailing = env["mailing.mailing"].create(
        {
            "subject": "VIP week",
            "mailing_type": "whatsapp",
            "wa_account_id": account.id,
            "wa_template_id": template.id,
            "mailing_model_id": env["ir.model"]._get("res.partner").id,
            "mailing_domain": repr([("category_id", "in", tag.ids)]),
        }
    )
    env.cr.commit()
    print(f"prepared {args.recipients} customers in {time.time() - started:.0f} s", file=sys.stderr)
    return mailing.id


def sending_figures(args, meta_url, launched, killed_at, restarted_at):
    log = emulator_log(meta_url)
    sent = log["sent"]
    per_customer = collections.Counter(item["wa_id"] for item in sent)
    expected = {f"55119{index:08d}" for index in range(args.recipients)}
    moments = sorted(item["at"] for item in sent)
    before = [at for at in moments if at < killed_at]
    after = [at for at in moments if at > restarted_at]
    elapsed = moments[-1] - moments[0] if moments else 0
    downtime = restarted_at - killed_at
    return {
        "messages_at_emulator": len(sent),
        "first_to_last_message_s": round(elapsed, 1),
        "launch_to_last_message_s": round(moments[-1] - launched, 1) if moments else None,
        "share_of_cap_overall": round(args.recipients / args.throughput / elapsed, 3)
        if elapsed
        else None,
        "rate_before_kill_per_s": rate(before),
        "rate_after_restart_per_s": rate(after),
        "share_of_cap_before_kill": round(rate(before) / args.throughput, 3),
        "share_of_cap_after_restart": round(rate(after) / args.throughput, 3),
        "seconds_odoo_down": round(downtime, 1),
        "gap_around_the_kill_s": round(after[0] - before[-1], 1) if before and after else None,
        "throttling_errors_130429": log["throttled"],
        "duplicates": sum(n - 1 for n in per_customer.values() if n > 1),
        "lost": len(expected - set(per_customer)),
    }


def trace_figures(args, mailing_id):
    rows = psql(
        args,
        DB,
        "select trace_status, count(*) from mailing_trace"
        f" where mass_mailing_id = {mailing_id} group by trace_status",
    ).splitlines()
    messages = psql(
        args,
        DB,
        "select state, count(*) from whatsapp_message where direction = 'out' group by state",
    ).splitlines()
    return {
        "trace_statuses": {k: int(v) for k, v in (line.split("|") for line in rows if "|" in line)},
        "odoo_message_states": {
            k: int(v) for k, v in (line.split("|") for line in messages if "|" in line)
        },
    }


class MemoryWatch:
    """Peak resident memory of every Odoo process (workers and the main one)."""

    def __init__(self):
        self.peaks = {}
        self.cpu = {}  # pid -> user + system seconds, last seen
        self.main_pids = set()

    def watch(self, server):
        try:
            main = psutil.Process(server.pid)
            self.main_pids.add(server.pid)
            processes = [main, *main.children(recursive=True)]
        except psutil.NoSuchProcess:
            return
        for process in processes:
            try:
                rss = process.memory_info().rss
                times = process.cpu_times()
            except psutil.NoSuchProcess:
                continue
            self.peaks[process.pid] = max(self.peaks.get(process.pid, 0), rss)
            self.cpu[process.pid] = times.user + times.system

    def peak_worker_mb(self):
        workers = [rss for pid, rss in self.peaks.items() if pid not in self.main_pids]
        return round(max(workers or [0]) / 2**20, 1)

    def cpu_seconds(self):
        """Odoo's CPU time (every process, both runs), as last seen."""
        return round(sum(self.cpu.values()), 1)

    def per_process(self):
        return sorted((round(rss / 2**20, 1) for rss in self.peaks.values()), reverse=True)


def traces(args, mailing_id):
    return count(args, f"select count(*) from mailing_trace where mass_mailing_id = {mailing_id}")


def start_odoo(odoo, args, env):
    return subprocess.Popen(
        [
            *odoo,
            f"--http-port={args.port}",
            f"--gevent-port={args.port + 2}",
            "--workers=2",
            "--max-cron-threads=2",
        ],
        env=env,
        start_new_session=True,  # its own process group: killed whole
    )


def count(args, query):
    return int(psql(args, DB, query) or 0)


if __name__ == "__main__":
    main()
