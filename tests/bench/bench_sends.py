#!/usr/bin/env python3
# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Document sends benchmark: prints figures, asserts nothing.

An automation rule ("order confirmed" -> an approved WhatsApp template) fires
for 10,000 orders confirmed in one transaction. Odoo runs with 2 HTTP and 2
cron workers; the emulator, in a process of its own, keeps Meta's throughput
of 80 messages/s for the number (error 130429 beyond) and posts a "sent"
status for every message. Midway, Odoo is killed (SIGKILL, every process) and
restarted. Figures: the triggering transaction, the time until every order's
message is queued, the sending rate against the cap, throttling errors,
duplicates and losses, and the CPU that Odoo and PostgreSQL spent per message
(what the rate would be on two idle cores; the machine may be shared).
``./run bench sends [--orders 10000] [--separate] [--kill-at 1]``.
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

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from harness import emulator_log, rate, start_meta, wait_for  # noqa: E402
from odoo_cli import add_odoo_arguments, drop_database, odoo_command, pg_env, psql  # noqa: E402

DB = "wa_bench_sends"
TOKEN, SECRET = "bench-token", "bench-secret"
PHONE_NUMBER_ID, WABA_ID = "100000000000077", "200000000000077"


def main():
    parser = add_odoo_arguments(argparse.ArgumentParser())
    parser.add_argument("--orders", type=int, default=10000)
    parser.add_argument("--throughput", type=int, default=80, help="Meta's cap, messages/s")
    parser.add_argument("--port", type=int, default=18269)
    parser.add_argument(
        "--kill-at", type=float, default=0.5, help="kill Odoo when this share is sent (1: never)"
    )
    parser.add_argument(
        "--separate",
        action="store_true",
        help="queue every message before the server starts: the sending rate alone",
    )
    args = parser.parse_args()
    env = pg_env(args)
    drop_database(args, DB)
    odoo = odoo_command(args, DB, "--without-demo=all", "--log-level=warn")
    subprocess.run(
        [*odoo, "-i", "whatsapp_cs,sale_management", "--stop-after-init"], env=env, check=True
    )
    meta, meta_url = start_meta(
        args.port + 1,
        f"http://127.0.0.1:{args.port}/whatsapp/webhook",
        TOKEN,
        SECRET,
        PHONE_NUMBER_ID,
        WABA_ID,
        f"--throughput={args.throughput}",
        "--statuses=sent",
        "--status-delay=0.5",
    )
    server = None
    try:
        sys.path.insert(0, args.odoo_src)
        import odoo as odoo_lib
        from odoo.tools import config

        config.parse_config([*odoo_command(args, DB)[2:], "--log-level=warn"])
        registry = odoo_lib.modules.registry.Registry(DB)
        with registry.cursor() as cr:
            orders = prepare(
                odoo_lib.api.Environment(cr, odoo_lib.SUPERUSER_ID, {}), args, meta_url
            )
        figures = {"orders": args.orders, "cap_per_s": args.throughput}
        if args.separate:
            # each stage alone: confirm and queue here, then let the server send
            with registry.cursor() as cr:
                cr_env = odoo_lib.api.Environment(cr, odoo_lib.SUPERUSER_ID, {})
                figures.update(confirm(cr_env, orders))
                figures["queueing_alone_s"] = queue_all(cr_env)
        server = start_odoo(odoo, args, env)
        wait_for(f"http://127.0.0.1:{args.port}/web/login")
        if not args.separate:
            with registry.cursor() as cr:
                cr_env = odoo_lib.api.Environment(cr, odoo_lib.SUPERUSER_ID, {})
                figures.update(confirm(cr_env, orders))
        triggered = time.time()
        cpu_start = cpu_of(args, server.pid)
        cpu_used = {}
        killed_at = restarted_at = None
        queued_at = None
        while True:
            time.sleep(0.5)
            queued = count(args, "select count(*) from whatsapp_message where direction = 'out'")
            if queued_at is None and queued >= args.orders:
                queued_at = time.time()
            sent = len(emulator_log(meta_url)["sent"])
            if not cpu_used and sent >= args.orders * min(args.kill_at, 1):
                cpu_used = cpu_delta(cpu_start, cpu_of(args, server.pid), sent)
            if killed_at is None and args.kill_at < 1 and sent >= args.orders * args.kill_at:
                os.killpg(server.pid, signal.SIGKILL)  # a crash: nothing is let finish
                server.wait()
                killed_at = time.time()
                time.sleep(2)
                server = start_odoo(odoo, args, env)
                restarted_at = time.time()
            left = count(
                args,
                "select count(*) from whatsapp_message where direction = 'out'"
                " and state in ('outgoing', 'sending')",
            )
            if queued_at and not left and (killed_at or args.kill_at >= 1):
                break
            if time.time() - triggered > 3600:
                break
        if not cpu_used:  # all were sent between two looks
            cpu_used = cpu_delta(cpu_start, cpu_of(args, server.pid), args.orders)
        time.sleep(3)  # the last statuses
        figures["seconds_until_all_queued"] = round(queued_at - triggered, 1) if queued_at else None
        figures.update(sending_figures(args, meta_url, killed_at, restarted_at))
        figures.update(cpu_used)
        print(json.dumps(figures, indent=2))
    finally:
        if server:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
        meta.terminate()
        meta.wait(timeout=30)


def prepare(env, args, meta_url):
    """The number, its approved template bound to orders, the rule, and
    ``args.orders`` draft orders of as many customers (committed)."""
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
        }
    )
    account.action_sync_templates()
    # the emulator's "order_confirmation": a text header, three body values, a button
    template = account.template_ids.filtered(lambda t: t.name == "order_confirmation")
    template.write({"model_id": env["ir.model"]._get("sale.order").id, "phone_field": "partner_id"})
    paths = {
        ("header", "1"): "name",
        ("body", "1"): "partner_id.name",
        ("body", "2"): "name",
        ("body", "3"): "amount_total",
    }
    for variable in template.variable_ids:
        variable.field_path = paths[(variable.component, variable.key)]
    env["base.automation"].create(
        {
            "name": "Order confirmation on WhatsApp",
            "model_id": env["ir.model"]._get("sale.order").id,
            "trigger": "on_state_set",
            "trg_selection_field_id": env["ir.model.fields.selection"]
            .search([("field_id.model", "=", "sale.order"), ("field_id.name", "=", "state")])
            .filtered(lambda option: option.value == "sale")
            .id,
            "action_server_ids": [
                (
                    0,
                    0,
                    {
                        "name": "Send the order confirmation",
                        "model_id": env["ir.model"]._get("sale.order").id,
                        "state": "whatsapp",
                        "whatsapp_template_id": template.id,
                    },
                )
            ],
        }
    )
    product = env["product.product"].create({"name": "Oak table", "list_price": 420})
    partners = env["res.partner"].create(
        [
            {
                "name": f"Customer {index}",
                "mobile": f"+55 11 9{index:08d}",
                "whatsapp_opt_in": True,
            }
            for index in range(args.orders)
        ]
    )
    orders = env["sale.order"]
    for chunk in range(0, args.orders, 1000):
        orders |= env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
                }
                for partner in partners[chunk : chunk + 1000]
            ]
        )
    env.cr.commit()
    print(f"prepared {len(orders)} orders in {time.time() - started:.0f} s", file=sys.stderr)
    return orders.ids


def confirm(env, order_ids):
    """Confirm every order in one transaction: the rule queues a send per
    order. Returns the transaction's time and the rule's share of it."""
    sends = type(env["whatsapp.send"])
    enqueue = sends._enqueue
    spent = [0.0]

    def timed_enqueue(self, *args, **kwargs):
        started = time.perf_counter()
        try:
            return enqueue(self, *args, **kwargs)
        finally:
            spent[0] += time.perf_counter() - started

    sends._enqueue = timed_enqueue  # measured, not changed
    try:
        started = time.perf_counter()
        env["sale.order"].browse(order_ids).action_confirm()
        env.cr.commit()
        elapsed = time.perf_counter() - started
    finally:
        sends._enqueue = enqueue
    return {
        "trigger_transaction_s": round(elapsed, 1),
        "of_which_queueing_sends_s": round(spent[0], 2),
        "sends_queued_in_it": count_env(env, "select count(*) from whatsapp_send"),
    }


def queue_all(env):
    """Fill and queue every send here, in one process (seconds)."""
    started = time.perf_counter()
    sends = env["whatsapp.send"].with_context(cron_id=True)  # commits batch after batch
    while sends.search_count([("state", "=", "queued")]):
        sends._cron_process()
    env.cr.commit()
    return round(time.perf_counter() - started, 1)


def sending_figures(args, meta_url, killed_at, restarted_at):
    log = emulator_log(meta_url)
    sent = log["sent"]
    per_customer = collections.Counter(item["wa_id"] for item in sent)
    expected = {f"55119{index:08d}" for index in range(args.orders)}
    killed_at = killed_at or float("inf")
    before = sorted(item["at"] for item in sent if item["at"] < killed_at)
    after = sorted(item["at"] for item in sent if item["at"] > (restarted_at or float("inf")))
    states = dict(
        line.split("|")
        for line in psql(
            args,
            DB,
            "select state, count(*) from whatsapp_message where direction = 'out' group by state",
        ).splitlines()
        if "|" in line
    )
    return {
        "messages_at_emulator": len(sent),
        "rate_before_kill_per_s": rate(before),
        "rate_after_restart_per_s": rate(after),
        "share_of_cap_before_kill": round(rate(before) / args.throughput, 3),
        "share_of_cap_after_restart": round(rate(after) / args.throughput, 3) if after else None,
        "throttling_errors_130429": log["throttled"],
        "seconds_down": round(restarted_at - killed_at, 1) if restarted_at else 0,
        "duplicates": sum(n - 1 for n in per_customer.values() if n > 1),
        "lost": len(expected - set(per_customer)),
        "odoo_message_states": {state: int(n) for state, n in states.items()},
    }


def cpu_of(args, pgid):
    """CPU seconds so far of Odoo (its process group, ended workers included)
    and of the PostgreSQL backends serving the bench database, per pid."""
    tick = os.sysconf("SC_CLK_TCK")
    odoo = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # pgrp
            odoo += sum(int(value) for value in fields[11:15]) / tick
    backends = {}
    for pid in psql(args, DB, f"select pid from pg_stat_activity where datname = '{DB}'").split():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        backends[pid] = sum(int(value) for value in fields[11:13]) / tick
    return odoo, backends


def cpu_delta(start, end, messages):
    """CPU milliseconds per message sent, Odoo's and PostgreSQL's (backends
    that ended meanwhile are not counted: a lower bound for PostgreSQL)."""
    odoo = end[0] - start[0]
    postgres = sum(cpu - start[1].get(pid, 0.0) for pid, cpu in end[1].items())
    per_message = 1000.0 / max(messages, 1)
    return {
        "odoo_cpu_ms_per_message": round(odoo * per_message, 1),
        "postgres_cpu_ms_per_message": round(postgres * per_message, 1),
        "rate_two_cores_allow_per_s": round(2000.0 / ((odoo + postgres) * per_message or 1), 1),
    }


def start_odoo(odoo, args, env):
    return subprocess.Popen(
        [
            *odoo,
            f"--http-port={args.port}",
            f"--gevent-port={args.port + 2}",  # port + 1 is the emulator
            "--workers=2",
            "--max-cron-threads=2",
        ],
        env=env,
        start_new_session=True,  # its own process group: killed whole
    )


def count(args, query):
    return int(psql(args, DB, query) or 0)


def count_env(env, query):
    env.cr.execute(query)
    return env.cr.fetchone()[0]


if __name__ == "__main__":
    main()
