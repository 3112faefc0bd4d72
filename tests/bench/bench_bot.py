#!/usr/bin/env python3
# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bot matching benchmark: prints figures, asserts nothing.

Creates 500 bot rules (keywords in English and Chinese, phrases, all-of words,
regular expressions, a prefix, time slots, a fallback) in a fresh database and
times ``whatsapp.bot.rule._match`` for one message, inside Odoo: the search of
the rules that apply plus the matching itself. ``./run bench bot``.
"""

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from odoo_cli import add_odoo_arguments, drop_database, odoo_command  # noqa: E402

DB = "wa_bench_bot"
WORDS = [
    "price", "delivery", "refund", "invoice", "warranty", "sofa", "table", "chair", "lamp",
    "discount", "stock", "order", "return", "color", "size", "payment", "address", "hours",
    "价格", "退货", "发票", "库存", "颜色", "尺寸", "地址", "付款", "保修", "优惠",
]  # fmt: skip
MESSAGES = [
    "Hi, what's the price of the blue sofa?",
    "我想退货，请问怎么办理？",
    "Where is order #123456?",
    "Do you have the oak table in stock, size L?",
    "hello there, just browsing",
    "请问这个沙发有优惠吗",
]


def make_rules(env, count):
    rng = random.Random(7)
    rules = []
    for index in range(count):
        mode = rng.choice(["word", "word", "phrase", "all", "regex"])
        if mode == "regex":
            keywords = rf"order\s*#?{rng.randint(10, 99)}\d+"
        elif mode == "phrase":
            keywords = f"{rng.choice(WORDS)} {rng.choice(WORDS)}"
        else:
            keywords = ", ".join(rng.sample(WORDS, 3)) + f", word{index}"
        rules.append(
            {
                "name": f"Rule {index}",
                "sequence": index,
                "trigger": "keyword",
                "match_mode": mode,
                "keywords": keywords,
                "prefix": "#" if index % 50 == 0 else False,
                "reply_ids": [(0, 0, {"body": f"Answer {index}"})],
            }
        )
    rules[-1].update(trigger="no_match", keywords=False)
    rules[-2].update(trigger="time_slot", hour_from=11.5, hour_to=13, keywords=False)
    return env["whatsapp.bot.rule"].create(rules)


def main():
    parser = add_odoo_arguments(argparse.ArgumentParser())
    parser.add_argument("--rules", type=int, default=500)
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
    sys.path.insert(0, args.odoo_src)
    import odoo
    from odoo.tools import config

    drop_database(args, DB)
    install = ["-i", "whatsapp_cs_bot", "--without-demo=all", "--stop-after-init"]
    subprocess.run([*odoo_command(args, DB, *install), "--log-level=warn"], check=True)
    config.parse_config([*odoo_command(args, DB)[2:], "--log-level=warn"])
    registry = odoo.modules.registry.Registry(DB)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        account = env["whatsapp.account"].create(
            {"name": "Bench", "phone_number_id": "bench-bot", "waba_id": "bench-bot"}
        )
        partner = env["res.partner"].create({"name": "Bench Customer"})
        conversation = env["whatsapp.conversation"].create(
            {"account_id": account.id, "partner_id": partner.id}
        )
        make_rules(env, args.rules)
        env.flush_all()
        Rule = env["whatsapp.bot.rule"]
        moment = datetime(2026, 11, 23, 10, 0)
        timings = []
        matched = {}
        for index in range(args.runs):
            text = MESSAGES[index % len(MESSAGES)]
            env.invalidate_all()
            started = time.perf_counter()
            rule = Rule._match(conversation, text, moment, False)
            timings.append((time.perf_counter() - started) * 1000)
            matched[text] = rule.name
        timings.sort()
        print(
            json.dumps(
                {
                    "rules": args.rules,
                    "runs": args.runs,
                    "match_p50_ms": round(statistics.median(timings), 2),
                    "match_p95_ms": round(timings[int(len(timings) * 0.95) - 1], 2),
                    "match_max_ms": round(timings[-1], 2),
                    "matched": matched,
                },
                indent=2,
                ensure_ascii=False,
            )
        )
        cr.rollback()


if __name__ == "__main__":
    main()
