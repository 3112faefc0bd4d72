#!/usr/bin/env python3
# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Webhook benchmark: prints figures, asserts nothing.

Starts Odoo with 2 HTTP workers (+2 cron workers) on a fresh database, then posts
signed text webhooks from 50 customers at concurrency 8, 20 % of them redelivered,
and measures acks/s, ack latency, how long until every message is stored, duplicates
and losses.  Run with ``./run bench [--messages 2000]``.
"""

import argparse
import collections
import concurrent.futures
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "whatsapp_cs" / "tests"))
from emulator import CloudApiEmulator, sign  # noqa: E402
from odoo_cli import add_odoo_arguments, drop_database, odoo_command, pg_env, psql  # noqa: E402


def main():
    parser = add_odoo_arguments(argparse.ArgumentParser())
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--customers", type=int, default=50)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--redeliver", type=float, default=0.2)
    parser.add_argument("--port", type=int, default=18169)
    parser.add_argument("--cron-workers", type=int, default=2)
    parser.add_argument(
        "--rate", type=float, default=0, help="webhooks per second (default: as fast as possible)"
    )
    parser.add_argument(
        "--bot",
        action="store_true",
        help="also install the bots: 10 %% of messages are price questions from other "
        "customers, answered automatically; prints the latency from webhook ack to the "
        "answer reaching the emulator",
    )
    args = parser.parse_args()
    env = pg_env(args)
    db = "wa_bench"
    drop_database(args, db)
    odoo = odoo_command(args, db, "--without-demo=all", "--log-level=warn")
    modules = "whatsapp_cs,whatsapp_cs_bot" if args.bot else "whatsapp_cs"
    subprocess.run([*odoo, "-i", modules, "--stop-after-init"], env=env, check=True)
    # Builds and signs the customers' webhooks; "Meta" itself (receiving the
    # answers) runs in a process of its own, as it would, so that the load
    # generator's threads do not delay its clock.
    emulator = CloudApiEmulator(
        webhook_url=f"http://127.0.0.1:{args.port}/whatsapp/webhook",
        app_secret="bench-secret",
        access_token="bench-token",
    )
    meta_url = f"http://127.0.0.1:{args.port + 1}"
    meta = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tools" / "cloud_api_emulator.py"),
            f"--port={args.port + 1}",
            "--access-token=bench-token",
            "--app-secret=bench-secret",
            f"--phone-number-id={emulator.phone_number_id}",
            f"--waba-id={emulator.waba_id}",
            "--no-auto-status",
        ],
        stdout=subprocess.DEVNULL,
    )
    psql(
        args,
        db,
        f"""INSERT INTO whatsapp_account (name, phone_number_id, waba_id,
        app_secret, access_token, graph_api_url, company_id, active, sequence,
        create_date, write_date) VALUES ('bench', '{emulator.phone_number_id}',
        '{emulator.waba_id}', 'bench-secret', 'bench-token', '{meta_url}', 1, true,
        1, now(), now())""",
    )
    if args.bot:
        _add_price_bot(args, db)
    server = subprocess.Popen(
        [
            *odoo,
            f"--http-port={args.port}",
            f"--gevent-port={args.port + 1}",  # not 8072: another Odoo may hold it
            "--workers=2",
            f"--max-cron-threads={args.cron_workers}",
        ],
        env=env,
    )
    try:
        for _i in range(60):
            try:
                requests.get(f"http://127.0.0.1:{args.port}/web/login", timeout=2)
                break
            except requests.RequestException:
                time.sleep(1)
        customers = [f"1650555{i:04d}" for i in range(args.customers)]
        payloads = []
        asks_price = set()
        for _i in range(args.messages):
            wa_id = random.choice(customers)
            text = f"bench {_i}"
            if args.bot and _i % 10 == 0:
                # one question each from other customers: a chatty load customer's
                # question rightly waits for their own earlier messages
                wa_id = f"1650666{_i:04d}"
                text = f"what's the price of item {_i}?"
            payload = emulator.build_customer_message(wa_id, text=text)
            if text.startswith("what"):
                asks_price.add(_wamid(payload))
            payloads.append(payload)
        first_ack = {}
        redelivered = random.sample(payloads, int(len(payloads) * args.redeliver))
        schedule = payloads + redelivered
        random.shuffle(schedule)
        session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_maxsize=args.concurrency)
        session.mount("http://", adapter)

        pace = {"start": 0.0}

        def post(payload, index=None):
            if args.rate and index is not None:
                # a steady arrival rate instead of as fast as possible
                time.sleep(max(0.0, pace["start"] + index / args.rate - time.perf_counter()))
            body = json.dumps(payload).encode()
            started = time.perf_counter()
            response = session.post(
                emulator.webhook_url,
                data=body,
                timeout=30,
                headers={
                    "Content-Type": "application/json",
                    "X-Hub-Signature-256": sign(body, "bench-secret"),
                },
            )
            elapsed = time.perf_counter() - started
            if response.status_code == 200:
                first_ack.setdefault(_wamid(payload), time.time())
            if response.status_code != 200:
                print(f"HTTP {response.status_code}: {response.text[:200]}", file=sys.stderr)
            return response.status_code, elapsed

        warm_questions = _warm_up(post, emulator, payloads, meta_url, args.bot)
        started = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(args.concurrency) as pool:
            pace["start"] = time.perf_counter()
            results = list(pool.map(post, schedule, range(len(schedule))))
        acked = time.perf_counter()
        latencies = sorted(r[1] for r in results)
        errors = collections.Counter(r[0] for r in results if r[0] != 200)
        expected = len(payloads) + warm_questions
        stored = 0
        while time.perf_counter() - acked < 120:
            stored = int(
                psql(args, db, "select count(*) from whatsapp_message where direction = 'in'")
            )
            if stored >= expected:
                break
            time.sleep(0.2)
        done = time.perf_counter()
        duplicates = int(
            psql(
                args,
                db,
                "select count(*) - count(distinct wamid) from whatsapp_message"
                " where direction = 'in'",
            )
        )
        events = int(psql(args, db, "select count(*) from whatsapp_event"))
        figures = {}
        if args.bot:
            figures = _bot_latency(meta_url, payloads, asks_price, first_ack, warm_questions)
        print(
            json.dumps(
                {
                    "requests": len(schedule),
                    "unique_messages": expected,
                    "non_200": sum(errors.values()),
                    "non_200_by_status": dict(errors),
                    "acks_per_s": round(len(schedule) / (acked - started), 1),
                    "ack_p50_ms": round(statistics.median(latencies) * 1000, 1),
                    "ack_p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 1),
                    "seconds_to_store_all_after_last_ack": round(done - acked, 2),
                    "stored": stored,
                    "ledger_events": events,
                    "duplicates": duplicates,
                    "lost": expected - stored,
                    **figures,
                },
                indent=2,
            )
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
        meta.terminate()
        meta.wait(timeout=30)


def _warm_up(post, emulator, payloads, meta_url, bot):
    """Warm up both HTTP workers and, with the bots, the cron workers'
    answering path (rules, send threads): the figures are for a running
    server. Returns how many warm-up questions were answered."""
    for payload in payloads[:10]:
        post(payload)
    if not bot:
        return 0
    questions = 5
    for i in range(questions):
        post(emulator.build_customer_message(f"1650777{i:04d}", text="price?"))
    deadline = time.perf_counter() + 60
    while time.perf_counter() < deadline:
        answered = requests.get(f"{meta_url}/_emulator/requests", timeout=10).json()["sent"]
        if len(answered) >= questions:
            break
        time.sleep(0.2)
    return questions


def _wamid(payload):
    return payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"]


def _sender(payload):
    return payload["entry"][0]["changes"][0]["value"]["messages"][0]["from"]


def _add_price_bot(args, db):
    """A keyword rule answering "price", with no daily cap for the benchmark."""
    rule_id = psql(
        args,
        db,
        """INSERT INTO whatsapp_bot_rule (name, sequence, active, company_id, trigger,
               match_mode, keywords, mask_numbers, create_date, write_date)
           VALUES ('{"en_US": "Prices"}', 1, true, 1, 'keyword', 'word', 'price', true,
                   now(), now()) RETURNING id""",
    ).splitlines()[0]
    psql(
        args,
        db,
        f"""INSERT INTO whatsapp_bot_reply (rule_id, sequence, body, create_date, write_date)
            VALUES ({rule_id}, 1, '{{"en_US": "Our price list: example.com/prices"}}',
                    now(), now())""",
    )
    psql(
        args,
        db,
        """INSERT INTO ir_config_parameter (key, value, create_date, write_date)
           VALUES ('whatsapp_cs_bot.daily_cap', '1000000', now(), now())""",
    )


def _bot_latency(meta_url, payloads, asks_price, first_ack, warm_answers, wait=60):
    """Seconds from a price question's ack to the bot's answer at the emulator,
    pairing questions and answers in order per customer."""
    deadline = time.time() + wait
    while True:
        sent = requests.get(f"{meta_url}/_emulator/requests", timeout=10).json()["sent"]
        if len(sent) >= len(asks_price) + warm_answers or time.time() > deadline:
            break
        time.sleep(0.5)
    questions = collections.defaultdict(list)
    for payload in payloads:
        if _wamid(payload) in asks_price:
            questions[_sender(payload)].append(first_ack[_wamid(payload)])
    answers = collections.defaultdict(list)
    for answer in sent:
        answers[answer["wa_id"]].append(answer["at"])
    delays = sorted(
        answer - asked
        for wa_id, asked_list in questions.items()
        for asked, answer in zip(sorted(asked_list), sorted(answers.get(wa_id, [])), strict=False)
    )
    if not delays:
        return {"bot_answers": 0}
    return {
        "bot_questions": len(asks_price),
        "bot_answers": len(sent) - warm_answers,
        "bot_reply_p50_s": round(statistics.median(delays), 2),
        "bot_reply_p95_s": round(delays[int(len(delays) * 0.95) - 1], 2),
        "bot_reply_max_s": round(delays[-1], 2),
    }


if __name__ == "__main__":
    main()
