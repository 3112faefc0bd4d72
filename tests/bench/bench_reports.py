#!/usr/bin/env python3
# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reports benchmark: prints figures, asserts nothing.

Seeds the inbox benchmark's data set (100,000 conversations, 1,000,000
messages, 20 teams, 100 agents, 5 editors running 4 teams each), adds what
reports read (agents' authorship, bot messages, templates with their cost,
failures with Meta's codes, the history of solved conversations, ratings,
presence), builds the episodes, then times, inside Odoo with caches cleared,
the ``read_group`` / ``web_search_read`` calls that each report's default
view and the shipped dashboard issue, as an analyst (every row) and as an
editor (record rules: 4 teams of 20). ``./run bench reports``.
"""

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_inbox import seed  # noqa: E402
from odoo_cli import add_odoo_arguments  # noqa: E402

CONV = "whatsapp.report.conversation"
# the Conversations pivot's default measures
CONV_MEASURES = [
    "__count",
    "frt:avg",
    "frt_business:avg",
    "resolution:avg",
    "solved_pct:avg",
    "csat:avg",
]


# the dashboard's scorecards
DASHBOARD_KPIS = [
    "__count",
    "frt:avg",
    "resolution:avg",
    "csat:avg",
    "solved_pct:avg",
    "cost:sum",
    "paid_amount:sum",
]


def pivot(model, domain, rows, cols, measures):
    """What a pivot view asks: totals, each header and the body."""
    groupbys = [[], rows, cols, rows + cols] if cols else [[], rows] if rows else [[]]
    return [(model, domain, measures, groupby) for groupby in groupbys]


def views(today):
    since = (today - timedelta(days=30)).strftime("%Y-%m-%d")
    eight_weeks = (today - timedelta(weeks=8)).strftime("%Y-%m-%d")
    last_30 = [("opened_at", ">=", since)]
    dashboard_fields = [("opened_at", ">=", since)]
    before = (today - timedelta(days=60)).strftime("%Y-%m-%d")
    previous_fields = [("opened_at", ">=", before), ("opened_at", "<", since)]
    return {
        "Conversations pivot": pivot(CONV, last_30, ["team_id"], ["opened_at:week"], CONV_MEASURES),
        "Busiest hours pivot": pivot(CONV, last_30, ["hour"], ["weekday"], ["__count"]),
        "Conversations graph": [(CONV, last_30, ["__count"], ["opened_at:day", "opened_by"])],
        "Conversations list": [("list", CONV, last_30)],
        "Agents list": [
            (
                "list",
                "whatsapp.report.agent",
                [("period", "=", "week"), ("period_start", ">=", eight_weeks)],
            )
        ],
        "Messages pivot": pivot(
            "whatsapp.report.message",
            [("date", ">=", since)],
            ["category"],
            ["date:week"],
            [
                "message_count:sum",
                "received:sum",
                "sent:sum",
                "delivered:sum",
                "read_count:sum",
                "failed:sum",
                "cost:sum",
            ],
        ),
        "Failed messages pivot": pivot(
            "whatsapp.report.message",
            [("date", ">=", since), ("state", "=", "failed")],
            ["error_code", "error_advice"],
            [],
            ["message_count:sum"],
        ),
        "Funnel pivot": pivot(
            "whatsapp.report.funnel",
            [("opened_at", ">=", eight_weeks)],
            ["stage"],
            ["opened_at:week"],
            ["__count"],
        ),
        "Keywords graph": [
            (
                "whatsapp.report.keyword",
                [("day", ">=", since)],
                ["count:sum"],
                ["term"],
            )
        ],
        # what the spreadsheet's pivots ask, each as a pivot view would
        "Dashboard (7 pivots, 1 chart)": [
            *pivot(CONV, dashboard_fields, [], [], DASHBOARD_KPIS),
            *pivot(CONV, previous_fields, [], [], DASHBOARD_KPIS),
            *pivot(CONV, dashboard_fields, ["hour"], ["weekday"], ["__count"]),
            *pivot("whatsapp.report.funnel", dashboard_fields, ["stage"], [], ["__count"]),
            *pivot(
                CONV,
                [*dashboard_fields, ("user_id", "!=", False)],
                ["user_id"],
                [],
                ["__count", "frt:avg", "csat:avg", "solved_pct:avg"],
            ),
            *pivot(
                "whatsapp.report.agent",
                [("period", "=", "week"), ("period_start", ">=", since)],
                ["user_id"],
                [],
                ["messages_sent:sum", "hours_online:sum"],
            ),
            *pivot("whatsapp.report.keyword", [("day", ">=", since)], ["term"], [], ["count:sum"]),
            (CONV, dashboard_fields, ["__count"], ["opened_at:day"]),
        ],
    }


def enrich(env, rng):
    """What the inbox benchmark's data lacks for reports."""
    cr = env.cr
    started = time.perf_counter()
    # agents wrote the outbound messages of assigned conversations; 15 % are bots'
    cr.execute(
        """UPDATE whatsapp_message m
              SET author_id = CASE WHEN mod(m.id, 7) = 0 THEN 1 ELSE c.user_id END,
                  is_automatic = (mod(m.id, 7) = 0),
                  delivered_at = m.timestamp, read_at = m.timestamp
             FROM whatsapp_conversation c
            WHERE c.id = m.conversation_id AND m.direction = 'out'"""
    )
    # one conversation in 20 got a utility template, some failed with Meta's codes
    cr.execute(
        """UPDATE whatsapp_message SET message_type = 'template', pricing_category = 'utility',
                  pricing_type = 'regular', billable = true, cost = 0.0068,
                  sent_outside_window = true
            WHERE direction = 'out' AND mod(conversation_id, 20) = 0
              AND right(wamid, 2) = '.2'"""
    )
    cr.execute(
        """UPDATE whatsapp_message SET state = 'failed', error_code = 131026,
                  error_title = 'Message undeliverable',
                  error_advice = 'The number may not be on WhatsApp: reach the customer '
                                 'another way.'
            WHERE direction = 'out' AND mod(id, 97) = 0"""
    )
    cr.execute(
        """UPDATE whatsapp_message SET state = 'delivered', read_at = NULL
            WHERE direction = 'out' AND state = 'read' AND mod(id, 3) = 0"""
    )
    # the history of solved and closed conversations: claimed, then solved
    cr.execute(
        """INSERT INTO whatsapp_conversation_log
               (conversation_id, partner_id, company_id, date, user_id, action, detail,
                whatsapp_state_to, whatsapp_team_id, create_date, write_date)
           SELECT c.id, c.partner_id, c.company_id,
                  c.last_message_at + make_interval(mins => 5 + (mod(c.id, 50))),
                  COALESCE(c.user_id, 1), 'state', 'Open → Solved', 'solved', c.team_id,
                  now(), now()
             FROM whatsapp_conversation c WHERE c.state IN ('solved', 'closed')"""
    )
    cr.execute(
        """INSERT INTO whatsapp_conversation_log
               (conversation_id, partner_id, company_id, date, user_id, action, detail,
                whatsapp_team_id, create_date, write_date)
           SELECT c.id, c.partner_id, c.company_id,
                  c.last_message_at - interval '62 minutes', c.user_id, 'claim', 'claimed',
                  c.team_id, now(), now()
             FROM whatsapp_conversation c WHERE c.user_id IS NOT NULL"""
    )
    # a rating for 40 % of the solved conversations, mostly happy
    cr.execute("SELECT id FROM ir_model WHERE model = 'whatsapp.conversation'")
    model_id = cr.fetchone()[0]
    cr.execute(
        """INSERT INTO rating_rating
               (res_model_id, res_model, res_id, partner_id, rated_partner_id, rating,
                consumed, access_token, whatsapp_state, whatsapp_solved_at,
                whatsapp_sent_at, whatsapp_team_id, create_date, write_date)
           SELECT %s, 'whatsapp.conversation', c.id, c.partner_id, u.partner_id,
                  CASE WHEN mod(c.id, 10) = 0 THEN 2 WHEN mod(c.id, 3) = 0 THEN 4 ELSE 5 END,
                  mod(c.id, 5) != 1, md5(c.id::text), 'done',
                  c.last_message_at + make_interval(mins => 5 + (mod(c.id, 50))),
                  c.last_message_at + make_interval(mins => 10 + (mod(c.id, 50))),
                  c.team_id, now(), now()
             FROM whatsapp_conversation c LEFT JOIN res_users u ON u.id = c.user_id
            WHERE c.state IN ('solved', 'closed') AND mod(c.id, 5) < 2""",
        [model_id],
    )
    # presence: each agent online 6-8 hours a day for 30 days
    cr.execute("SELECT id FROM res_users WHERE login LIKE 'agent%'")
    agents = [row[0] for row in cr.fetchall()]
    rows = []
    for agent in agents:
        for day in range(30):
            rows.append((agent, day, rng.randint(72, 96) * 5))
    cr.execute(
        """INSERT INTO whatsapp_agent_presence
               (user_id, company_id, day, minutes, last_slot, create_date, write_date)
           SELECT a, 1, (now() at time zone 'utc')::date - d, m, now(), now(), now()
             FROM unnest(%s::int[], %s::int[], %s::int[]) AS t(a, d, m)""",
        [[r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]],
    )
    cr.execute("ANALYZE")
    return round(time.perf_counter() - started, 1)


def run_call(env, call):
    if call[0] == "list":
        _kind, model, domain = call
        env[model].web_search_read(domain, {"display_name": {}}, limit=80, count_limit=10001)
        return
    model, domain, measures, groupby = call
    env[model].read_group(domain, measures, groupby, lazy=False)


def measure(env, runs, calls):
    timings = []
    for index in range(runs + 2):
        env.invalidate_all()
        env.registry.clear_cache()
        started = time.perf_counter()
        for call in calls:
            run_call(env, call)
        elapsed = (time.perf_counter() - started) * 1000
        if index >= 2:  # warm-up
            timings.append(elapsed)
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(int(len(timings) * 0.95) - 1, 0)], 1),
        "max_ms": round(timings[-1], 1),
    }


def main():
    parser = add_odoo_arguments(argparse.ArgumentParser())
    parser.add_argument("--db", default="wa_bench_reports")
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--messages-per-conversation", type=int, default=10)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    sys.path.insert(0, args.odoo_src)
    import odoo
    from odoo import fields
    from odoo.tools import config

    subprocess.run(["dropdb", "--if-exists", args.db], check=True)
    base = [
        f"--addons-path={args.addons_path}",
        f"--db_host={args.db_host}",
        f"--db_user={args.db_user}",
        "-d",
        args.db,
    ]
    subprocess.run(
        [
            sys.executable,
            f"{args.odoo_src}/odoo-bin",
            *base,
            "-i",
            "whatsapp_cs,whatsapp_cs_reports",
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )
    config.parse_config([*base, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.db)
    figures = {
        "conversations": args.conversations,
        "messages": args.conversations * args.messages_per_conversation,
    }
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        started = time.perf_counter()
        seeded = seed(env, args.conversations, args.messages_per_conversation)
        figures["seconds_to_seed"] = round(time.perf_counter() - started, 1)
        figures["seconds_to_add_report_data"] = enrich(env, random.Random(7))
        cr.commit()
        episodes = env["whatsapp.episode"]
        cr.execute("SELECT DISTINCT partner_id FROM whatsapp_conversation ORDER BY 1")
        partners = [row[0] for row in cr.fetchall()]
        started = time.perf_counter()
        batch_seconds = []
        for index in range(0, len(partners), 2000):
            batch = time.perf_counter()
            episodes._rebuild(partners[index : index + 2000])
            batch_seconds.append(time.perf_counter() - batch)
            cr.commit()
        figures["seconds_to_build_all_episodes"] = round(time.perf_counter() - started, 1)
        figures["episodes"] = episodes.search_count([])
        started = time.perf_counter()
        episodes._rebuild(partners[:500])
        figures["seconds_to_rebuild_one_cron_batch_of_500_customers"] = round(
            time.perf_counter() - started, 2
        )
        cr.commit()
        for name, key in (
            ("whatsapp.report.agent", "agents"),
            ("whatsapp.report.message", "messages"),
        ):
            started = time.perf_counter()
            env[name]._refresh()
            figures[f"seconds_to_refresh_{key}_report"] = round(time.perf_counter() - started, 2)
            figures[f"rows_in_{key}_report"] = env[name].search_count([])
            cr.commit()
        keywords = env["whatsapp.report.keyword"]
        started = time.perf_counter()
        counted = sum(keywords._cron_count(limit=5000) for _batch in range(10))
        elapsed = time.perf_counter() - started
        figures["keywords_messages_per_second"] = round(counted / elapsed) if elapsed else 0
        cr.commit()
        cr.execute("ANALYZE")
        today = fields.Date.today()
        for role in ("analyst", "editor"):
            if role == "analyst":
                user = env["res.users"].create(
                    {
                        "name": "Analyst",
                        "login": "analyst",
                        "groups_id": [(6, 0, env.ref("whatsapp_cs.group_analyst").ids)],
                    }
                )
            else:
                user = seeded["editor"]
            user_env = env(user=user.id)
            for view, calls in views(today).items():
                result = measure(user_env, args.runs, calls)
                figures[f"{role}: {view}"] = result
        cr.rollback()
    print(json.dumps(figures, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
