#!/usr/bin/env python3
# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Inbox benchmark: prints figures, asserts nothing.

Seeds 100,000 conversations and 1,000,000 messages (20 teams, 100 agents, 5
editors) in a fresh database, then measures the server-side time of what the
browser asks for when a user opens each inbox view: the list's
``web_search_read`` (record rules, default filter and order, count included)
and, for one conversation, its form and the chat's messages. Times are taken
inside Odoo, caches cleared before each run. ``./run bench inbox``.
"""

import argparse
import io
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from odoo_cli import add_odoo_arguments  # noqa: E402

DB = "wa_bench_inbox"
TEAMS = 20
AGENTS_PER_TEAM = 5
EDITORS = 5
LIST_SPEC = {
    "priority": {},
    "partner_id": {"fields": {"display_name": {}}},
    "last_message_preview": {},
    "waiting_minutes": {},
    "waiting_since": {},
    "sla_alert": {},
    "state": {},
    "user_id": {"fields": {"display_name": {}}},
    "team_id": {"fields": {"display_name": {}}},
    "last_message_at": {},
    "unread_count": {},
    "category_ids": {"fields": {"display_name": {}, "color": {}}},
}
FORM_SPEC = {
    **LIST_SPEC,
    "account_id": {"fields": {"display_name": {}}},
    "locked_by_id": {"fields": {"display_name": {}}},
    "lock_expires_at": {},
    "skill_ids": {"fields": {"display_name": {}, "color": {}}},
    "last_inbound_at": {},
    "window_expires_at": {},
    "window_open": {},
    "transfer_count": {},
    "log_ids": {"fields": {"date": {}, "user_id": {"fields": {"display_name": {}}}, "action": {}}},
}
ACTIVE = [("state", "in", ("new", "open", "pending"))]


def seed(env, conversations, messages_per):
    cr = env.cr
    account = env["whatsapp.account"].create(
        {"name": "Bench", "phone_number_id": "bench-1", "waba_id": "bench-waba"}
    )
    agent_group = env.ref("whatsapp_cs.group_agent")
    editor_group = env.ref("whatsapp_cs.group_editor")
    users = env["res.users"].with_context(no_reset_password=True)
    agents = users.create(
        [
            {"name": f"Agent {i}", "login": f"agent{i}", "groups_id": [(6, 0, agent_group.ids)]}
            for i in range(TEAMS * AGENTS_PER_TEAM)
        ]
    )
    editors = users.create(
        [
            {"name": f"Editor {i}", "login": f"editor{i}", "groups_id": [(6, 0, editor_group.ids)]}
            for i in range(EDITORS)
        ]
    )
    teams = env["whatsapp.team"].create(
        [
            {
                "name": f"Team {t}",
                "member_ids": [
                    (0, 0, {"user_id": agent.id})
                    for agent in agents[t * AGENTS_PER_TEAM : (t + 1) * AGENTS_PER_TEAM]
                ]
                # each editor runs four teams
                + [(0, 0, {"user_id": editors[t % EDITORS].id})],
            }
            for t in range(TEAMS)
        ]
    )
    env.flush_all()
    team_ids = teams.ids
    team_agents = [
        agents[t * AGENTS_PER_TEAM : (t + 1) * AGENTS_PER_TEAM].ids for t in range(TEAMS)
    ]
    cr.execute(
        """INSERT INTO res_partner (name, complete_name, active, type, lang, whatsapp_wa_id,
                                    create_date, write_date)
           SELECT 'Customer ' || g, 'Customer ' || g, true, 'contact', 'en_US',
                  (16500000000 + g)::text, now(), now()
             FROM generate_series(1, %s) g
        RETURNING id""",
        [conversations],
    )
    partner_ids = [row[0] for row in cr.fetchall()]
    rng = random.Random(42)
    rows = []
    states = ["new"] * 10 + ["open"] * 30 + ["pending"] * 10 + ["solved"] * 30 + ["closed"] * 20
    for index, partner_id in enumerate(partner_ids):
        team = index % TEAMS
        state = rng.choice(states)
        assigned = state != "new" and rng.random() < 0.9
        user_id = rng.choice(team_agents[team]) if assigned else None
        # Steady state: waiting customers sit in the pool (an idle agent would have
        # lost them) and were alerted long ago.
        waiting = state in ("new", "open") and not assigned
        minutes_ago = rng.randint(1, 30 * 24 * 60)
        rows.append(
            (
                f"Customer {index + 1}",
                account.id,
                1,
                partner_id,
                team_ids[team],
                user_id,
                state,
                str(rng.choice([0, 1, 1, 1, 2, 3])),
                minutes_ago,
                waiting,
                waiting and minutes_ago > 5,
            )
        )
    cr.execute(
        "CREATE TEMP TABLE bench_conv (name text, account_id int, company_id int, "
        "partner_id int, team_id int, user_id int, state text, priority text, "
        "minutes_ago int, waiting bool, alert bool)"
    )
    _copy_rows(cr._obj, "bench_conv", rows)
    cr.execute(
        """INSERT INTO whatsapp_conversation
               (name, account_id, company_id, partner_id, team_id, user_id, state, priority,
                last_message_at, last_inbound_at, last_message_preview, waiting_since,
                sla_alert, unread_count, transfer_count, create_date, write_date)
           SELECT name, account_id, company_id, partner_id, team_id, user_id, state, priority,
                  now() at time zone 'utc' - make_interval(mins => minutes_ago),
                  now() at time zone 'utc' - make_interval(mins => minutes_ago),
                  'Message 10 of ' || name,
                  CASE WHEN waiting THEN now() at time zone 'utc'
                       - make_interval(mins => minutes_ago) END,
                  alert, CASE WHEN waiting THEN 1 ELSE 0 END, 0, now(), now()
             FROM bench_conv"""
    )
    started = time.perf_counter()
    cr.execute(
        """INSERT INTO whatsapp_message
               (conversation_id, account_id, partner_id, company_id, direction, message_type,
                body, state, timestamp, wamid, create_date, write_date)
           SELECT c.id, c.account_id, c.partner_id, c.company_id,
                  CASE WHEN g %% 2 = 1 THEN 'in' ELSE 'out' END, 'text',
                  'Message ' || g || ' of ' || c.name,
                  CASE WHEN g %% 2 = 1 THEN 'received' ELSE 'read' END,
                  c.last_message_at - make_interval(mins => (%s - g) * 7),
                  'wamid.bench.' || c.id || '.' || g, now(), now()
             FROM whatsapp_conversation c, generate_series(1, %s) g""",
        [messages_per, messages_per],
    )
    cr.execute("ANALYZE")
    return {
        "agent": agents[0],
        "editor": editors[0],
        "seconds_to_insert_messages": round(time.perf_counter() - started, 1),
    }


def _copy_rows(cursor, table, rows):
    """COPY rows into a table: the fast way to bulk-load 100,000 of them."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join(r"\N" if value is None else str(value) for value in row))
        buffer.write("\n")
    buffer.seek(0)
    cursor.copy_from(buffer, table)


def measure(env, runs, call):
    timings = []
    for index in range(runs + 3):
        env.invalidate_all()
        env.registry.clear_cache()
        started = time.perf_counter()
        call()
        elapsed = (time.perf_counter() - started) * 1000
        if index >= 3:  # warm-up
            timings.append(elapsed)
    timings.sort()
    return {
        "p50_ms": round(statistics.median(timings), 1),
        "p95_ms": round(timings[max(int(len(timings) * 0.95) - 1, 0)], 1),
        "max_ms": round(timings[-1], 1),
    }


def main():
    parser = add_odoo_arguments(argparse.ArgumentParser())
    parser.add_argument("--conversations", type=int, default=100_000)
    parser.add_argument("--messages-per-conversation", type=int, default=10)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    sys.path.insert(0, args.odoo_src)
    import odoo
    from odoo import fields
    from odoo.tools import config

    subprocess.run(["dropdb", "--if-exists", DB], check=True)
    base = [
        f"--addons-path={args.addons_path}",
        f"--db_host={args.db_host}",
        f"--db_user={args.db_user}",
        "-d",
        DB,
    ]
    subprocess.run(
        [
            sys.executable,
            f"{args.odoo_src}/odoo-bin",
            *base,
            "-i",
            "whatsapp_cs",
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ],
        check=True,
    )
    config.parse_config([*base, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(DB)
    figures = {
        "conversations": args.conversations,
        "messages": args.conversations * args.messages_per_conversation,
    }
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        started = time.perf_counter()
        seeded = seed(env, args.conversations, args.messages_per_conversation)
        cr.commit()
        figures["seconds_to_seed"] = round(time.perf_counter() - started, 1)
        figures["seconds_to_insert_messages"] = seeded["seconds_to_insert_messages"]
        order = env["whatsapp.conversation"]._order
        views = {
            "my_conversations": [("user_id", "=", "{uid}"), *ACTIVE],
            "team_pool": [("user_id", "=", False), *ACTIVE],
            "all_conversations": ACTIVE,
        }
        for role in ("agent", "editor"):
            user = seeded[role]
            user_env = env(user=user.id)
            Conversation = user_env["whatsapp.conversation"]
            for view, domain in views.items():
                if view == "all_conversations" and role == "agent":
                    continue
                domain = [(f, o, user.id if v == "{uid}" else v) for f, o, v in domain]
                figures[f"{role}_{view}"] = measure(
                    user_env,
                    args.runs,
                    lambda C=Conversation, d=domain: C.web_search_read(
                        d, LIST_SPEC, limit=80, order=order, count_limit=10001
                    ),
                )
                figures[f"{role}_{view}"]["rows"] = Conversation.search_count(domain)
            opened = Conversation.search(
                [("user_id", "=", user.id)], limit=1
            ) or Conversation.search([], limit=1)
            figures[f"{role}_open_conversation"] = measure(
                user_env,
                args.runs,
                lambda c=opened: (c.web_read(FORM_SPEC), c.whatsapp_chat_data(refresh=True)),
            )
        figures["inbox_cron_nobody_online"] = _time_cron(env)
        now = fields.Datetime.now()
        agents = env["res.users"].search([("login", "=like", "agent%")])
        env["bus.presence"].create(
            [{"user_id": u.id, "last_poll": now, "last_presence": now} for u in agents]
        )
        # the seeded agents are full: give each room for three more
        members = env["whatsapp.team.member"].search([])
        loads = members._loads(members.user_id)
        for member in members:
            member.capacity = loads.get(member.user_id.id, 0) + 3
        figures["inbox_cron_100_agents_come_online"] = _time_cron(env)
        figures["inbox_cron_next_minute"] = _time_cron(env)
        cr.rollback()
    print(json.dumps(figures, indent=2))


def _time_cron(env):
    """One run of the team inbox cron over the whole database."""
    env.invalidate_all()
    started = time.perf_counter()
    assigned_before = env["whatsapp.conversation"].search_count([("user_id", "!=", False)])
    env["whatsapp.conversation"]._cron_inbox()
    env.flush_all()
    seconds = time.perf_counter() - started
    assigned = env["whatsapp.conversation"].search_count([("user_id", "!=", False)])
    return {"seconds": round(seconds, 2), "assigned": assigned - assigned_before}


if __name__ == "__main__":
    main()
