#!/usr/bin/env python3
# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Chaos: break things on purpose and count what survived. Prints figures,
asserts nothing (the exit status is 1 when a promise is broken).

Real Odoo servers (prefork: 2 HTTP and 2 cron workers each), the Cloud API
emulator as Meta in a process of its own, PostgreSQL. Scenarios:

1. kill    a 2,000-webhook burst with bots answering; ``kill -9`` the process
           running the events cron, later the one running the send cron
2. servers two Odoo servers on one database against one, webhooks spread
3. pgrestart  PostgreSQL (a cluster of our own, never the shared one)
           restarted during load; Meta re-sends what was not acknowledged
4. meta    Meta answering 500s, timeouts, 130429, cut-off JSON, refusals
5. media   media downloads timing out, 404, above Meta's size limits
6. fuzz    10,000 payloads mutated from Meta's shapes, signed or not
7. clock   statuses before their message's id, read before delivered,
           duplicates after the ledger forgot them, timestamps in the future

``./run chaos [scenario...]``: one line of figures per scenario.
"""

import argparse
import collections
import concurrent.futures
import copy
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import requests
from harness import (
    Database,
    emulator_log,
    post_signed,
    start_meta,
    start_odoo,
    stop_process_group,
    wait_for_webhook,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
from emulator import CloudApiEmulator  # noqa: E402
from odoo_cli import add_odoo_arguments  # noqa: E402

TOKEN, SECRET = "chaos-token", "chaos-secret"
PHONE, WABA = "100000000000013", "200000000000013"
TEMPLATE = "wa_chaos_tpl"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
# The template database: the number, a price bot without a daily cap, Meta's
# answers awaited 2 s, a message in doubt looked at after 20 s (instead of
# 2 minutes: the scenarios' traffic gives the evidence sooner).
SETUP = f"""
env["whatsapp.account"].create({{
    "name": "Chaos", "phone_number_id": "{PHONE}", "waba_id": "{WABA}",
    "access_token": "{TOKEN}", "app_secret": "{SECRET}", "verify_token": "chaos",
    "graph_api_url": "http://127.0.0.1:9",
}})
env["whatsapp.bot.rule"].create({{
    "name": "Prices", "trigger": "keyword", "match_mode": "word", "keywords": "price",
    "reply_ids": [(0, 0, {{"body": "Our price list: example.com/prices"}})],
}})
params = env["ir.config_parameter"]
params.set_param("whatsapp_cs_bot.daily_cap", "1000000")
params.set_param("whatsapp_cs.read_timeout", "2")
params.set_param("whatsapp_cs.in_doubt_seconds", "20")
env.cr.commit()
"""
SCENARIOS = ("kill", "servers", "pgrestart", "meta", "media", "fuzz", "clock")


class Chaos:
    def __init__(self, args):
        self.args = args
        self.port = args.port
        # builds and signs Meta's webhooks (no server: Meta's side runs apart)
        self.meta = CloudApiEmulator(
            app_secret=SECRET, access_token=TOKEN, phone_number_id=PHONE, waba_id=WABA
        )
        self.processes = []
        self.broken = []

    # Set-up -----------------------------------------------------------------
    def build_template(self):
        started = time.time()
        template = Database(self.args, TEMPLATE)
        template.drop()
        odoo = template.odoo("--without-demo=all", "--log-level=warn")
        subprocess.run(
            [*odoo, "-i", "whatsapp_cs,whatsapp_cs_bot", "--stop-after-init"],
            env=template.env,
            check=True,
            capture_output=True,
        )
        shell = [odoo[0], odoo[1], "shell", *odoo[2:], "--no-http"]
        subprocess.run(
            shell, input=SETUP, text=True, env=template.env, check=True, capture_output=True
        )
        log(f"template database ready in {time.time() - started:.0f} s")

    def database(self, name, port=None):
        db = Database(self.args, f"wa_chaos_{name}", port)
        db.copy_of(TEMPLATE)
        return db

    def start_meta(self, db, meta_port, webhook_port, *options):
        meta, url = start_meta(
            meta_port,
            f"http://127.0.0.1:{webhook_port}/whatsapp/webhook",
            TOKEN,
            SECRET,
            PHONE,
            WABA,
            *options,
        )
        self.processes.append(meta)
        db.sql(f"UPDATE whatsapp_account SET graph_api_url = '{url}'")
        return url

    def start_odoo(self, db, port, name=None):
        server = start_odoo(db.odoo("--log-level=warn"), port, db.env, log_name=name)
        self.processes.append(server)
        wait_for_webhook(port)
        return server

    def stop_all(self):
        for process in reversed(self.processes):
            if isinstance(process, subprocess.Popen) and process.args[1].endswith("odoo-bin"):
                stop_process_group(process)
            else:
                process.terminate()
                process.wait(timeout=30)
        self.processes = []

    # Load -------------------------------------------------------------------
    def customer_load(self, count, customers, prefix, ask_every=10, seed=13):
        """``count`` texts from ``customers`` customers, in each customer's order;
        every ``ask_every``-th one asks a price (the bot answers it; 0: none)."""
        rng = random.Random(seed)
        numbers = [f"{prefix}{i:04d}" for i in range(customers)]
        payloads = []
        for index in range(count):
            wa_id = rng.choice(numbers)
            asks = ask_every and index % ask_every == 0
            text = f"price of item {index}?" if asks else f"message {index}"
            payloads.append(self.meta.build_customer_message(wa_id, text=text))
        return payloads

    def deliver(self, port, payloads, concurrency=8, until_accepted=True, rate=None):
        """Post the webhooks as Meta does: signed, several at once, each again
        and again (backing off) until acknowledged. Returns the attempts as
        (wamid, status, seconds, moment)."""
        url = f"http://127.0.0.1:{port}/whatsapp/webhook" if isinstance(port, int) else None
        session = requests.Session()
        session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=concurrency * 2))
        attempts = []
        lock = threading.Lock()
        started = time.perf_counter()

        def post(item):
            index, payload = item
            if rate:
                time.sleep(max(0.0, started + index / rate - time.perf_counter()))
            target = url or f"http://127.0.0.1:{port[index % len(port)]}/whatsapp/webhook"
            delay = 0.2
            deadline = time.time() + 120
            while True:
                moment = time.perf_counter()
                status = post_signed(session, target, payload, SECRET, timeout=10)
                with lock:
                    attempts.append(
                        (key_of(payload), status, time.perf_counter() - moment, time.time())
                    )
                if status == 200 or not until_accepted or time.time() > deadline:
                    return status
                time.sleep(delay)
                delay = min(delay * 2, 4)

        with concurrent.futures.ThreadPoolExecutor(concurrency) as pool:
            list(pool.map(post, enumerate(payloads)))
        return attempts

    # Figures ------------------------------------------------------------------
    def inbound_figures(self, db, payloads):
        """Stored, processed, duplicates, lost, out of order for ``payloads``."""
        wamids = {key_of(p) for p in payloads}
        stored_rows = db.rows(
            "SELECT wamid, count(*) FROM whatsapp_message WHERE direction = 'in' GROUP BY wamid"
        )
        stored = {wamid: int(n) for wamid, n in stored_rows}
        events = db.rows(
            "SELECT e.sender_key, e.id, e.message_id, e.state FROM whatsapp_event e"
            " WHERE e.kind = 'message' ORDER BY e.id"
        )
        order = collections.defaultdict(list)
        for sender, _event_id, message_id, state in events:
            if state == "done" and message_id:
                order[sender].append(int(message_id))
        out_of_order = sum(
            sum(1 for a, b in zip(ids, ids[1:], strict=False) if b < a) for ids in order.values()
        )
        return {
            "stored": sum(1 for w in wamids if w in stored),
            "processed": sum(1 for e in events if e[3] == "done"),
            "duplicates": sum(n - 1 for w, n in stored.items() if w in wamids),
            "lost": len(wamids - set(stored)),
            "out_of_order": out_of_order,
        }

    def answer_figures(self, meta_url, payloads):
        """Bot answers at Meta against the questions asked: twice, missing,
        and the same Odoo message (callback data) accepted twice by Meta."""
        questions = collections.Counter(sender_of(p) for p in payloads if "price" in text_of(p))
        sent = emulator_log(meta_url)["sent"]
        answers = collections.Counter(item["wa_id"] for item in sent)
        callbacks = collections.Counter(item["callback_data"] for item in sent)
        return {
            "answers": sum(answers[w] for w in questions),
            "answered_twice": sum(max(0, answers[w] - n) for w, n in questions.items()),
            "unanswered": sum(max(0, n - answers[w]) for w, n in questions.items()),
            "sent_twice": sum(n - 1 for n in callbacks.values() if n > 1),
        }

    def wait_drained(self, db, expected, seconds, trickle=None):
        """Until ``expected`` inbound messages are stored, no event is due and
        no message is queued or in doubt; ``trickle`` keeps traffic going (the
        evidence that settles a message in doubt). Returns the seconds it took."""
        started = time.time()
        last_trickle = 0
        while time.time() - started < seconds:
            state = db.rows(
                "SELECT (SELECT count(DISTINCT wamid) FROM whatsapp_message"
                "   WHERE direction = 'in'),"
                " (SELECT count(*) FROM whatsapp_event WHERE state = 'pending'"
                "   AND next_attempt_at <= now() at time zone 'UTC' + interval '2 seconds'),"
                " (SELECT count(*) FROM whatsapp_message WHERE state IN ('outgoing', 'sending'))"
            )[0]
            if int(state[0]) >= expected and state[1] == "0" and state[2] == "0":
                return round(time.time() - started, 1)
            if trickle and time.time() - last_trickle > 3:
                trickle()
                last_trickle = time.time()
            time.sleep(0.5)
        return None

    def report(self, name, figures, broken):
        line = " ".join(f"{key}={value}" for key, value in figures.items())
        print(f"{name:10} {line}", flush=True)
        if broken:
            self.broken.append(f"{name}: {broken}")
            print(f"{'':10} BROKEN: {broken}", flush=True)


# Payload helpers ----------------------------------------------------------------
def key_of(payload):
    value = payload["entry"][0]["changes"][0]["value"]
    if value.get("messages"):
        return value["messages"][0]["id"]
    if value.get("statuses"):
        status = value["statuses"][0]
        return f"{status['id']}:{status['status']}"
    return json.dumps(value, sort_keys=True)[:80]


def sender_of(payload):
    return payload["entry"][0]["changes"][0]["value"]["messages"][0]["from"]


def text_of(payload):
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    return (message.get("text") or {}).get("body") or ""


def cron_process(db, xmlid):
    """The OS process (pid) of the Odoo worker running a cron job now: its
    connection holds the job's row (the acquiring query, idle in transaction)
    and is named ``odoo-<pid>``."""
    cron_id = db.value(
        f"SELECT res_id FROM ir_model_data WHERE module = 'whatsapp_cs' AND name = '{xmlid}'"
    )
    rows = db.rows(
        "SELECT application_name FROM pg_stat_activity WHERE datname = current_database()"
        " AND query LIKE '%FOR NO KEY UPDATE SKIP LOCKED%'"
        f" AND query LIKE '%cron_id = {cron_id}%' AND state = 'idle in transaction'"
    )
    for (name,) in rows:
        match = re.fullmatch(r"odoo-(\d+)", name)
        if match:
            return int(match.group(1))
    return None


def summary(values):
    values = sorted(values)
    if not values:
        return "-"
    return (
        f"{statistics.median(values) * 1000:.0f}/{values[int(len(values) * 0.99) - 1] * 1000:.0f}ms"
    )


def log(text):
    print(f"   {text}", file=sys.stderr, flush=True)


# Scenario 1 ---------------------------------------------------------------------
def scenario_kill(chaos):
    """A burst with bots answering; kill -9 the events cron's process, then the
    send cron's; Odoo's prefork master starts new workers."""
    port = chaos.port
    db = chaos.database("kill")
    meta_url = chaos.start_meta(
        db, port + 1, port, "--statuses=sent,delivered", "--status-delay=0.5", "--throughput=80"
    )
    chaos.start_odoo(db, port, "kill")
    payloads = chaos.customer_load(2000, 200, "5511900")
    burst = threading.Thread(target=lambda: attempts.extend(chaos.deliver(port, payloads)))
    attempts = []
    started = time.time()
    burst.start()
    kills = []
    kills.append(
        kill_cron(
            db,
            "ir_cron_process_events",
            "events",
            lambda: db.value("SELECT count(*) FROM whatsapp_event WHERE state = 'done'") >= 300,
        )
    )
    # then Meta answers sends slowly for a while (1.5 s, inside our 2 s
    # timeout): the send cron's process is killed while messages are "sending"
    requests.post(f"{meta_url}/_emulator/faults", json={"delay": 1.5, "times": 40}, timeout=10)
    sending_at_kill = []

    def sending():  # a few answers are at Meta, not yet answered
        sending_at_kill[:] = db.rows("SELECT id FROM whatsapp_message WHERE state = 'sending'")
        return len(sending_at_kill) >= 2

    kills.append(kill_cron(db, "ir_cron_send_messages", "sends", sending))
    burst.join()
    probes = []

    def trickle():  # customers keep writing: Meta's statuses keep coming
        probe = chaos.meta.build_customer_message(f"55119990{len(probes):03d}", text="price?")
        probes.append(probe)
        chaos.deliver(port, [probe])

    drained = chaos.wait_drained(db, len(payloads), 240, trickle)
    time.sleep(2)
    figures = delivery_figures(attempts, payloads)
    figures.update(chaos.inbound_figures(db, payloads))
    figures.update(chaos.answer_figures(meta_url, payloads + probes))
    in_doubt = [row[0] for row in sending_at_kill]
    states = (
        db.rows(
            "SELECT state, count(*) FROM whatsapp_message WHERE id IN (%s) GROUP BY state"
            % ",".join(in_doubt)
        )
        if in_doubt
        else []
    )
    figures.update(
        kills=",".join(f"{name}@{at - started:.0f}s" for name, at, _pid in kills if at),
        sending_at_kill=len(in_doubt),
        their_states="/".join(f"{s}:{n}" for s, n in states) or "-",
        drained_s=drained,
        recover_s="/".join(str(resumed_after(db, meta_url, kill)) for kill in kills),
    )
    chaos.stop_all()
    broken = promises(figures, answers=True)
    if any(s in ("outgoing", "sending") for s, _n in states):
        broken.append("a message in doubt was not settled")
    return figures, broken


def resumed_after(db, meta_url, kill):
    """Seconds from a kill until its cron's work went on: the next event
    processed, or the next message Meta accepted."""
    name, at, _pid = kill
    if not at:
        return None
    if name == "events":
        # processed_at is stored to the second
        moment = db.sql(
            "SELECT extract(epoch FROM min(processed_at)) FROM whatsapp_event"
            f" WHERE processed_at >= to_timestamp({int(at) + 1}) at time zone 'UTC'"
        )
        return round(float(moment) - at, 1) if moment else None
    later = [item["at"] for item in emulator_log(meta_url)["sent"] if item["at"] > at]
    return round(min(later) - at, 1) if later else None


def kill_cron(db, xmlid, name, ready, seconds=120):
    """SIGKILL the process running cron ``xmlid`` once ``ready()``."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        if ready():
            pid = cron_process(db, xmlid)
            if pid:
                os.kill(pid, signal.SIGKILL)
                log(f"killed the {name} cron's process {pid}")
                return (name, time.time(), pid)
        time.sleep(0.05)
    log(f"never caught the {name} cron running")
    return (name, None, None)


def delivery_figures(attempts, payloads):
    acked = {key for key, status, _s, _t in attempts if status == 200}
    return {
        "sent": len(payloads),
        "posts": len(attempts),
        "acked": len(acked & {key_of(p) for p in payloads}),
        "http_500": sum(1 for a in attempts if a[1] == 500),
    }


def promises(figures, answers=False):
    """The promises every scenario keeps, as a list of what broke."""
    broken = [
        f"{key}={figures[key]}"
        for key in ("duplicates", "lost", "out_of_order", "answered_twice", "sent_twice")
        if figures.get(key)
    ]
    if answers and figures.get("unanswered"):
        broken.append(f"unanswered={figures['unanswered']}")
    if figures.get("drained_s", 0) is None:
        broken.append("never drained")
    return broken


# Scenario 2 -----------------------------------------------------------------------
def scenario_servers(chaos):
    """One server, then two servers on one database, the same burst."""
    figures, broken = {}, []
    for servers in (1, 2):
        port = chaos.port + 10 * servers
        db = chaos.database(f"servers{servers}")
        meta_url = chaos.start_meta(
            db, port + 1, port, "--statuses=sent,delivered", "--status-delay=0.5"
        )
        ports = [port + 2 * i for i in range(servers)]
        for index, server_port in enumerate(ports):
            chaos.start_odoo(db, server_port, f"servers{servers}-{index}")
        payloads = chaos.customer_load(1000, 100, f"55119{servers}0")
        started = time.time()
        attempts = chaos.deliver(ports, payloads)
        drained = chaos.wait_drained(db, len(payloads), 180)
        elapsed = time.time() - started
        run = delivery_figures(attempts, payloads)
        run.update(chaos.inbound_figures(db, payloads))
        run.update(chaos.answer_figures(meta_url, payloads))
        chaos.stop_all()
        broken += [
            f"{servers} server(s): {b}" for b in promises(dict(run, drained_s=drained), True)
        ]
        if servers == 2:
            figures.update({k: v for k, v in run.items()})
        figures[f"msgs_per_s_{servers}_server{'s' if servers > 1 else ''}"] = (
            round(len(payloads) / elapsed, 1) if drained is not None else None
        )
    return figures, broken


# Scenario 3 --------------------------------------------------------------------------
class OwnPostgres:
    """A PostgreSQL cluster of our own (the shared one is never restarted)."""

    def __init__(self, port):
        self.port = port
        self.dir = Path("/tmp/wa_chaos_pg")
        self.data = self.dir / "data"

    def _as_postgres(self, *command):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        return subprocess.run([*prefix, *command], check=True, capture_output=True, text=True)

    def ctl(self, action, *extra):
        self._as_postgres(
            str(PG_BIN / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.dir / "postgresql.log"),
            "-w",
            "-o",
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off",
            action,
            *extra,
        )

    def create(self):
        self.destroy()
        self.dir.mkdir(parents=True)
        if os.geteuid() == 0:
            subprocess.run(["chown", "postgres", str(self.dir)], check=True)
        user = os.environ.get("PGUSER") or "root"
        self._as_postgres(
            str(PG_BIN / "initdb"), "-D", str(self.data), "-U", user, "--auth=trust", "-E", "UTF8"
        )
        self.ctl("start")

    def destroy(self):
        if (self.data / "postmaster.pid").exists():
            self.ctl("stop", "-m", "immediate")
        subprocess.run(["rm", "-rf", str(self.dir)], check=True)


def scenario_pgrestart(chaos):
    """Load at a steady rate; PostgreSQL restarted under it (fast shutdown:
    connections dropped); Meta re-sends whatever was not acknowledged."""
    port = chaos.port + 40
    cluster = OwnPostgres(chaos.port + 132)
    cluster.create()
    try:
        db = Database(chaos.args, "wa_chaos_pgrestart", cluster.port)
        subprocess.run(["createdb", db.name], env=db.env, check=True)
        dump = subprocess.Popen(
            ["pg_dump", "-d", TEMPLATE],
            env=Database(chaos.args, TEMPLATE).env,
            stdout=subprocess.PIPE,
        )
        subprocess.run(
            ["psql", "-X", "-q", "-d", db.name],
            stdin=dump.stdout,
            env=db.env,
            check=True,
            capture_output=True,
        )
        dump.wait()
        meta_url = chaos.start_meta(db, port + 1, port, "--statuses=sent", "--status-delay=0.5")
        chaos.start_odoo(db, port, "pgrestart")
        payloads = chaos.customer_load(1200, 100, "5511930")
        attempts = []
        burst = threading.Thread(
            target=lambda: attempts.extend(chaos.deliver(port, payloads, rate=100))
        )
        burst.start()
        time.sleep(4)
        down_at = time.time()
        cluster.ctl("stop", "-m", "fast")
        time.sleep(3)
        cluster.ctl("start")
        up_at = time.time()
        log(f"PostgreSQL down {up_at - down_at:.1f} s")
        burst.join()
        drained = chaos.wait_drained(db, len(payloads), 180)
        figures = delivery_figures(attempts, payloads)
        acked = {key for key, status, _s, _t in attempts if status == 200}
        stored_events = {
            row[0].rsplit(":", 1)[-1]
            for row in db.rows("SELECT event_key FROM whatsapp_event WHERE kind = 'message'")
        }
        first_ok_after = min(
            (t for _k, s, _d, t in attempts if s == 200 and t > up_at), default=None
        )
        figures.update(
            refused_while_down=sum(1 for a in attempts if a[1] != 200),
            acked_not_stored=len(acked - stored_events),
        )
        figures.update(chaos.inbound_figures(db, payloads))
        figures.update(chaos.answer_figures(meta_url, payloads))
        figures.update(
            down_s=round(up_at - down_at, 1),
            recover_s=round(first_ok_after - up_at, 1) if first_ok_after else None,
            drained_s=drained,
        )
        chaos.stop_all()
    finally:
        cluster.destroy()
    broken = promises(figures, answers=True)
    if figures["acked_not_stored"]:
        broken.append("acknowledged events not stored")
    return figures, broken


# Scenario 4 ----------------------------------------------------------------------------
def scenario_meta(chaos):
    """Meta fails many ways while customers ask and the bot answers."""
    port = chaos.port + 50
    db = chaos.database("meta")
    # Meta's statuses come 6 s after its answer: later than the first retry
    meta_url = chaos.start_meta(db, port + 1, port, "--statuses=sent,delivered", "--status-delay=6")
    chaos.start_odoo(db, port, "meta")
    calm = chaos.customer_load(200, 200, "5511940", ask_every=0, seed=1)
    baseline = chaos.deliver(port, calm)
    faults = (
        [{"status": 500}] * 10
        + [{"delay": 3}] * 10  # Meta takes it, answers after our 2 s timeout
        + [{"code": 130429}] * 10
        + [{"malformed": True}] * 10  # Meta takes it, the answer is cut off
        + [{"code": 131026}] * 5  # permanent: undeliverable
    )
    random.Random(4).shuffle(faults)
    for fault in faults:
        requests.post(f"{meta_url}/_emulator/faults", json=fault, timeout=10)
    questions = chaos.customer_load(150, 150, "5511941", ask_every=1, seed=2)
    chatter = chaos.customer_load(600, 200, "5511942", ask_every=0, seed=3)
    mixed = list(chatter)
    for index, question in enumerate(questions):  # one question among four other messages
        mixed.insert(index * 5, question)
    during = chaos.deliver(port, mixed)
    drained = chaos.wait_drained(db, len(calm) + len(mixed), 180)
    time.sleep(2)
    figures = delivery_figures(during, mixed)
    figures.update(chaos.inbound_figures(db, calm + mixed))
    answers = chaos.answer_figures(meta_url, questions)
    outcome = dict(
        db.rows(
            "SELECT state, count(*) FROM whatsapp_message WHERE direction = 'out' GROUP BY state"
        )
    )
    retried = db.value(
        "SELECT count(*) FROM whatsapp_message WHERE direction = 'out' AND attempt_count > 1"
    )
    failed_without_advice = db.value(
        "SELECT count(*) FROM whatsapp_message WHERE state = 'failed'"
        " AND coalesce(error_advice, '') = ''"
    )
    figures.update(answers)
    figures.update(
        faults=len(faults),
        retried=retried,
        failed=int(outcome.get("failed", 0)),
        failed_without_advice=failed_without_advice,
        ack_before=summary([a[2] for a in baseline]),
        ack_during=summary([a[2] for a in during]),
        drained_s=drained,
    )
    chaos.stop_all()
    broken = promises(figures)
    # the 5 refusals are permanent (failed with advice); everything else arrives once
    if answers["unanswered"] != figures["failed"]:
        broken.append(f"unanswered={answers['unanswered']} but failed={figures['failed']}")
    if failed_without_advice:
        broken.append("failed without advice")
    return figures, broken


# Scenario 5 -----------------------------------------------------------------------------
def scenario_media(chaos):
    """Customers send pictures while Meta's media store fails."""
    port = chaos.port + 60
    db = chaos.database("media")
    meta_url = chaos.start_meta(db, port + 1, port, "--no-auto-status")
    chaos.start_odoo(db, port, "media")
    kinds = ["missing"] * 10 + ["timeout"] * 10 + ["oversized"] * 10 + [None] * 10
    for kind in kinds:
        if kind:
            requests.post(
                f"{meta_url}/_emulator/media_faults",
                json={"kind": kind, "delay": 3},
                timeout=10,
            )
    # the faults apply in download order: one customer, in order
    sent = []
    for index in range(len(kinds)):
        answer = requests.post(
            f"{meta_url}/_emulator/customer_message",
            json={"wa_id": "5511950000", "type": "image", "text": f"photo {index}"},
            timeout=60,
        ).json()
        sent.append(answer)
    followers = [chaos.meta.build_customer_message("5511950000", text="did you get them?")]
    chaos.deliver(port, followers)
    started = time.time()
    stored = 0
    while time.time() - started < 120:
        stored = db.value("SELECT count(*) FROM whatsapp_message WHERE direction = 'in'")
        if stored >= len(kinds) + 1 and not db.value(
            "SELECT count(*) FROM whatsapp_event WHERE state = 'pending'"
        ):
            break
        time.sleep(0.5)
    first = media_states(db)
    # the first retry comes 30 s later
    retried_at = time.time()
    while time.time() - retried_at < 90:
        if not db.value(
            "SELECT count(*) FROM whatsapp_message WHERE media_state = 'unavailable'"
            " AND media_retry_at IS NOT NULL"
        ):
            break
        time.sleep(1)
    after = media_states(db)
    figures = {
        "sent": len(kinds) + 1,
        "acked": sum(1 for a in sent if a.get("odoo_status") == 200) + 1,
        "stored": stored,
        "failed_events": db.value("SELECT count(*) FROM whatsapp_event WHERE state = 'failed'"),
        "with_file_first": first["with_file"],
        "unavailable_first": first["unavailable"],
        "too_large": first["too_large"],
        "with_file_after_retry": after["with_file"],
        "unavailable_after_retry": after["unavailable"],
        "retry_s": round(time.time() - retried_at, 1),
    }
    chaos.stop_all()
    broken = []
    if stored < len(kinds) + 1 or figures["failed_events"]:
        broken.append("a message was lost or its event failed")
    if figures["too_large"] != 10 or after["with_file"] != 30:
        broken.append("media states not as expected")
    return figures, broken


def media_states(db):
    row = db.rows(
        "SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM ir_attachment_whatsapp_message_rel r"
        "   WHERE r.whatsapp_message_id = m.id)),"
        " count(*) FILTER (WHERE media_state = 'unavailable' AND error_code != 131052),"
        " count(*) FILTER (WHERE error_code = 131052)"
        " FROM whatsapp_message m WHERE direction = 'in' AND message_type = 'image'"
    )[0]
    return {"with_file": int(row[0]), "unavailable": int(row[1]), "too_large": int(row[2])}


# Scenario 6 ------------------------------------------------------------------------------
ODD_VALUES = (
    None,
    "",
    0,
    -1,
    2**63,
    1e308,
    True,
    [],
    {},
    "x" * 5000,
    "💥\u0000\ud7ff",
    "wamid.",
    "9" * 40,
    [[[[[[[[[[[]]]]]]]]]]],
    {"id": {"id": {"id": None}}},
)


def mutate(value, rng, depth=0):
    """A copy of ``value`` with one random change somewhere inside: a key
    dropped or added, a value of another type, a list item repeated."""
    if isinstance(value, dict) and value and depth < 8 and rng.random() < 0.75:
        key = rng.choice(list(value))
        copied = dict(value)
        roll = rng.random()
        if roll < 0.15:
            del copied[key]
        elif roll < 0.25:
            copied[rng.choice(["unknown", "id", "type", "from", "status"])] = rng.choice(ODD_VALUES)
        else:
            copied[key] = mutate(value[key], rng, depth + 1)
        return copied
    if isinstance(value, list) and value and depth < 8 and rng.random() < 0.75:
        copied = list(value)
        index = rng.randrange(len(copied))
        if rng.random() < 0.2:
            copied.append(copy.deepcopy(copied[index]))
        else:
            copied[index] = mutate(copied[index], rng, depth + 1)
        return copied
    return rng.choice(ODD_VALUES + (str(value), [value], {"value": value}))


def fuzz_seeds(meta, now):
    """Payloads shaped as Meta sends them, each kind of event."""
    seeds = []
    for msg_type in ("text", "image", "document", "location", "contacts", "sticker"):
        seeds.append(meta.build_customer_message("5511960000", msg_type, text="hello"))
    seeds.append(
        meta.build_customer_message("5511960001", "reaction", text="👍", context_id="wamid.X")
    )
    seeds.append(
        meta.build_customer_message("5511960002", "button", text="Yes", context_id="wamid.Y")
    )
    seeds.append(
        meta.build_customer_message(
            "5511960003", "interactive", "Pick", interactive_type="list_reply", context_id="wamid.Z"
        )
    )
    seeds.append(meta.build_customer_message("5511960004", "unsupported", text=""))
    for status in ("sent", "delivered", "read", "failed"):
        seeds.append(
            meta.build_status("wamid.fuzz", status, "5511960005", callback_data="odoo:fuzz")
        )
    seeds.append(meta.build_template_status("order_confirmation", "APPROVED"))
    seeds.append(meta.build_user_preference("5511960006", "stop"))
    errors = meta._envelope({"errors": [{"code": 131000, "title": "Something went wrong"}]})
    seeds.append(errors)
    for seed in seeds:  # timestamps of now, whatever the builder put
        seed["entry"][0]["time"] = now
    return seeds


def scenario_fuzz(chaos):
    """10,000 mutated payloads: 10 % unsigned or wrongly signed, 5 % cut-off
    JSON, the rest signed; then clean messages must still flow."""
    port = chaos.port + 70
    db = chaos.database("fuzz")
    chaos.start_meta(db, port + 1, port, "--no-auto-status")
    chaos.start_odoo(db, port, "fuzz")
    rng = random.Random(6)
    seeds = fuzz_seeds(chaos.meta, int(time.time()))
    url = f"http://127.0.0.1:{port}/whatsapp/webhook"
    session = requests.Session()
    session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=16))
    plan = []
    for index in range(chaos.args.fuzz):
        payload = copy.deepcopy(rng.choice(seeds))
        for message in payload["entry"][0]["changes"][0]["value"].get("messages") or []:
            message["id"] = f"wamid.fuzz{index:05d}"  # each a new event
        for _i in range(rng.randint(1, 3)):
            payload = mutate(payload, rng)
        raw = json.dumps(payload, default=str).encode("utf-8", "surrogatepass")
        roll = rng.random()
        if roll < 0.05:
            raw = raw[: rng.randrange(max(len(raw), 1))]
        kind = "unsigned" if roll > 0.9 else "signed"
        plan.append((kind, raw, rng.random() < 0.5))
    statuses = collections.Counter()
    events_before = db.value("SELECT count(*) FROM whatsapp_event")

    def post(item):
        kind, raw, no_header = item
        if kind == "signed":
            status = post_signed(session, url, None, SECRET, raw=raw)
        else:
            headers = {"Content-Type": "application/json"}
            if not no_header:
                headers["X-Hub-Signature-256"] = "sha256=" + "0" * 64
            try:
                status = session.post(url, data=raw, headers=headers, timeout=30).status_code
            except requests.RequestException:
                status = None
        return kind, status

    # unsigned first (nothing may be stored), then the signed ones
    started = time.time()
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for kind, status in pool.map(post, [p for p in plan if p[0] == "unsigned"]):
            statuses[(kind, status)] += 1
    stored_by_unsigned = db.value("SELECT count(*) FROM whatsapp_event") - events_before
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        for kind, status in pool.map(post, [p for p in plan if p[0] == "signed"]):
            statuses[(kind, status)] += 1
    posted_s = time.time() - started
    # the events cron works off what was stored; then clean messages must flow
    chaos.wait_drained(db, 0, 240)
    clean = [chaos.meta.build_customer_message(f"55119610{i:02d}", text="hello") for i in range(20)]
    clean_started = time.time()
    chaos.deliver(port, clean)
    flowed = None
    while time.time() - clean_started < 60:
        if db.value(
            "SELECT count(*) FROM whatsapp_message WHERE direction = 'in' AND wamid IN (%s)"
            % ",".join(f"'{key_of(p)}'" for p in clean)
        ) == len(clean):
            flowed = round(time.time() - clean_started, 1)
            break
        time.sleep(0.3)
    states = dict(db.rows("SELECT state, count(*) FROM whatsapp_event GROUP BY state"))
    unreadable = db.value(
        "SELECT count(*) FROM whatsapp_event"
        " WHERE state = 'failed' AND coalesce(last_error, '') = ''"
    )
    retrying = db.value(
        "SELECT count(*) FROM whatsapp_event WHERE state = 'pending' AND attempts > 0"
    )
    reasons = collections.Counter(
        row[0][:40]
        for row in db.rows(
            "SELECT replace(last_error, E'\\n', ' ') FROM whatsapp_event"
            " WHERE state IN ('failed', 'pending') AND last_error IS NOT NULL"
        )
    )
    figures = {
        "sent": len(plan),
        "signed": sum(1 for p in plan if p[0] == "signed"),
        "http_200": sum(n for (_k, s), n in statuses.items() if s == 200),
        "http_400": sum(n for (_k, s), n in statuses.items() if s == 400),
        "http_403": sum(n for (_k, s), n in statuses.items() if s == 403),
        "http_500": sum(n for (_k, s), n in statuses.items() if s is None or s >= 500),
        "unsigned_200": statuses[("unsigned", 200)],
        "stored_by_unsigned": stored_by_unsigned,
        "events": sum(int(n) for n in states.values()),
        "done": int(states.get("done", 0)),
        "ignored": int(states.get("ignored", 0)),
        "failed": int(states.get("failed", 0)),
        "pending_retry": retrying,
        "failed_unreadable": unreadable,
        "clean_after_s": flowed,
        "posted_per_s": round(len(plan) / posted_s, 1),
    }
    log(f"fuzz reasons: {dict(reasons.most_common(8))}")
    chaos.stop_all()
    broken = []
    if figures["http_500"]:
        broken.append("HTTP 500 or no answer")
    if stored_by_unsigned:
        broken.append("unsigned payloads stored")
    if unreadable or flowed is None:
        broken.append("unreadable failures or the next events did not flow")
    return figures, broken


# Scenario 7 --------------------------------------------------------------------------------
def scenario_clock(chaos):
    """Statuses in every order, before Odoo knows the message's id, again
    after the ledger forgot them; timestamps in the future."""
    port = chaos.port + 80
    db = chaos.database("clock")
    meta_url = chaos.start_meta(db, port + 1, port, "--no-auto-status")
    chaos.start_odoo(db, port, "clock")
    # 10 answers whose request reaches Meta but whose answer is cut off: Odoo
    # knows them by their callback data only, until a status comes
    for _i in range(10):
        requests.post(f"{meta_url}/_emulator/faults", json={"malformed": True}, timeout=10)
    questions = [
        chaos.meta.build_customer_message(f"55119700{i:02d}", text="price?") for i in range(40)
    ]
    future = int(time.time()) + 2 * 86400
    ahead = [
        chaos.meta.build_customer_message(f"55119710{i:02d}", text="hi", timestamp=future)
        for i in range(10)
    ]
    chaos.deliver(port, questions + ahead)
    deadline = time.time() + 60
    while time.time() < deadline and len(emulator_log(meta_url)["sent"]) < len(questions):
        time.sleep(0.3)
    sent = emulator_log(meta_url)["sent"]
    time.sleep(1)  # the answers are recorded
    in_doubt = db.value("SELECT count(*) FROM whatsapp_message WHERE state = 'sending'")
    rng = random.Random(7)
    orders = [
        ("read", "delivered", "sent"),
        ("delivered", "sent"),
        ("sent", "read"),
        ("delivered", "failed"),
        ("read",),
    ]
    expected, statuses = {}, []
    for index, item in enumerate(sent):
        steps = orders[index % len(orders)]
        rank = {"sent": 2, "failed": 3, "delivered": 4, "read": 5}
        expected[item["callback_data"].removeprefix("odoo:")] = max(steps, key=rank.get)
        for step in steps:
            stamp = future if rng.random() < 0.2 else int(time.time())
            payload = chaos.meta.build_status(
                item["wamid"], step, item["wa_id"], callback_data=item["callback_data"]
            )
            payload["entry"][0]["changes"][0]["value"]["statuses"][0]["timestamp"] = str(stamp)
            statuses.append(payload)
    chaos.deliver(port, statuses, concurrency=1)  # in the order chosen above
    drained = chaos.wait_drained(db, len(questions) + len(ahead), 120)
    first = final_states(db)
    # days later: the ledger forgot them (its cleanup after 30 days), Meta
    # sends everything again
    db.sql("DELETE FROM whatsapp_event WHERE state = 'done'")
    again = chaos.deliver(port, questions + ahead + statuses)
    chaos.wait_drained(db, len(questions) + len(ahead), 60)
    time.sleep(1)
    second = final_states(db)
    wrong = sum(1 for cb, state in expected.items() if second.get(cb) != state)
    regressed = sum(1 for cb in first if first[cb] != second.get(cb))
    payloads = questions + ahead
    figures = delivery_figures(again, payloads)
    figures.update(chaos.inbound_figures(db, payloads))
    figures.update(chaos.answer_figures(meta_url, questions))
    figures.update(
        statuses=len(statuses) * 2,
        in_doubt_before_statuses=in_doubt,
        in_doubt_after=db.value("SELECT count(*) FROM whatsapp_message WHERE state = 'sending'"),
        wrong_final_state=wrong,
        regressed=regressed,
        in_the_future=db.value(
            "SELECT count(*) FROM whatsapp_message WHERE timestamp > now() at time zone 'UTC'"
            " OR read_at > now() at time zone 'UTC' OR delivered_at > now() at time zone 'UTC'"
        )
        + db.value(
            "SELECT count(*) FROM whatsapp_conversation"
            " WHERE last_inbound_at > now() at time zone 'UTC'"
        ),
        drained_s=drained,
    )
    chaos.stop_all()
    broken = promises(figures, answers=True)
    if wrong or regressed or figures["in_the_future"] or figures["in_doubt_after"]:
        broken.append("wrong final states, regressions or future times")
    return figures, broken


def final_states(db):
    return dict(db.rows("SELECT callback_uid, state FROM whatsapp_message WHERE direction = 'out'"))


def main():
    parser = add_odoo_arguments(argparse.ArgumentParser())
    parser.add_argument("scenarios", nargs="*", help=f"any of {', '.join(SCENARIOS)} (all)")
    parser.add_argument("--port", type=int, default=19300, help="first of 200 ports")
    parser.add_argument("--fuzz", type=int, default=10000, help="fuzzed payloads")
    parser.add_argument(
        "--reuse-template", action="store_true", help="keep the last run's template database"
    )
    args = parser.parse_args()
    unknown = set(args.scenarios) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenario(s) {', '.join(sorted(unknown))}")
    chaos = Chaos(args)
    started = time.time()
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores", flush=True)
    if not args.reuse_template:
        chaos.build_template()
    functions = {name: globals()[f"scenario_{name}"] for name in SCENARIOS}
    for name in args.scenarios or SCENARIOS:
        scenario_started = time.time()
        try:
            figures, broken = functions[name](chaos)
        except Exception as error:  # noqa: BLE001 - reported, the next scenario runs
            figures, broken = {}, [f"{type(error).__name__}: {error}"]
        finally:
            chaos.stop_all()
        figures["scenario_s"] = round(time.time() - scenario_started)
        chaos.report(name, figures, "; ".join(broken))
    print(
        f"all in {time.time() - started:.0f} s; load average after: {os.getloadavg()[0]:.2f};"
        f" {len(chaos.broken)} scenario(s) broke a promise",
        flush=True,
    )
    sys.exit(1 if chaos.broken else 0)


if __name__ == "__main__":
    main()
