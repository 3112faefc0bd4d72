#!/usr/bin/env python3
# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Real-time benchmark: prints figures, asserts nothing.

Starts Odoo as in production (2 HTTP workers, 2 cron workers and the gevent
worker that serves the websocket, behind a small reverse proxy that sends
``/websocket`` to it, as nginx would), the Cloud API emulator ("Meta") in a
process of its own, and headless Chromium logged in as an agent with the
split-view inbox open on her conversation. Then:

1. idle: counts the HTTP requests the open inbox sends for ``--idle-seconds``
   (Chrome DevTools' Network domain; the bus websocket's frames are not requests);
2. load: posts ``--messages`` signed customer webhooks at a steady ``--rate``
   and measures, for each, the time from the webhook's answer (200) to the
   message's bubble appearing in the agent's open chat (a MutationObserver
   in the page; both clocks are this machine's);
3. prints p50 / p95 / max, misses, and the machine's load during the run.

Run with ``./run bench realtime [--messages 200 --rate 20]``.
"""

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests
import websocket

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "whatsapp_cs" / "tests"))
from emulator import CloudApiEmulator, sign  # noqa: E402
from odoo_cli import add_odoo_arguments, drop_database, odoo_command, pg_env  # noqa: E402

DB = "wa_rt_bench"
AGENT = "rt_agent"
CUSTOMER = "16505557001"
SECRET = "bench-secret"
TOKEN = "bench-token"

SETUP = """
from odoo import fields
env["ir.config_parameter"].set_param("whatsapp_cs.read_timeout", 5)
account = env["whatsapp.account"].create({{
    "name": "bench", "phone_number_id": "{phone_number_id}", "waba_id": "{waba_id}",
    "access_token": "{token}", "app_secret": "{secret}", "verify_token": "bench",
    "graph_api_url": "{meta_url}",
}})
agent = env["res.users"].create({{
    "name": "Realtime Agent", "login": "{agent}", "password": "{agent}",
    "groups_id": [(6, 0, [env.ref("whatsapp_cs.group_agent").id])],
}})
team = env["whatsapp.team"].create({{
    "name": "Bench", "resource_calendar_id": False,
    "member_ids": [fields.Command.create({{"user_id": agent.id}})],
}})
partner = env["res.partner"].create({{"name": "Bench Customer", "whatsapp_wa_id": "{customer}"}})
now = fields.Datetime.now()
env["whatsapp.conversation"].create({{
    "account_id": account.id, "partner_id": partner.id, "team_id": team.id,
    "user_id": agent.id, "state": "open", "last_inbound_at": now,
}})
env.cr.commit()
"""

OBSERVER = """
window.__seen = {};
const mark = () => {
    for (const el of document.querySelectorAll(".o_whatsapp_bubble_in .o_whatsapp_body")) {
        const match = /^rt (\\d+)$/.exec(el.textContent);
        if (match && !(match[1] in window.__seen)) {
            window.__seen[match[1]] = performance.timeOrigin + performance.now();
        }
    }
};
new MutationObserver(mark).observe(document.body, {childList: true, subtree: true});
true;
"""


def main():
    parser = add_odoo_arguments(argparse.ArgumentParser())
    parser.add_argument("--messages", type=int, default=200)
    parser.add_argument("--rate", type=float, default=20, help="webhooks per second")
    parser.add_argument("--idle-seconds", type=int, default=60)
    parser.add_argument("--port", type=int, default=18770, help="the proxy (what browsers use)")
    args = parser.parse_args()
    ports = {
        "proxy": args.port,
        "meta": args.port + 1,
        "http": args.port + 2,
        "gevent": args.port + 3,
        "chrome": args.port + 4,
    }
    env = pg_env(args)
    drop_database(args, DB)
    odoo = odoo_command(args, DB, "--without-demo=all", "--log-level=warn")
    subprocess.run([*odoo, "-i", "whatsapp_cs", "--stop-after-init"], env=env, check=True)
    builder = CloudApiEmulator(
        webhook_url=f"http://127.0.0.1:{ports['proxy']}/whatsapp/webhook",
        app_secret=SECRET,
        access_token=TOKEN,
    )
    meta_url = f"http://127.0.0.1:{ports['meta']}"
    setup = SETUP.format(
        phone_number_id=builder.phone_number_id,
        waba_id=builder.waba_id,
        token=TOKEN,
        secret=SECRET,
        meta_url=meta_url,
        agent=AGENT,
        customer=CUSTOMER,
    )
    shell = [*odoo[:2], "shell", *odoo[2:], "--no-http"]
    subprocess.run(shell, input=setup, text=True, env=env, check=True)
    processes = []
    profile = tempfile.mkdtemp(prefix="wa_rt_chrome_")
    try:
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    str(ROOT / "tools" / "cloud_api_emulator.py"),
                    f"--port={ports['meta']}",
                    f"--access-token={TOKEN}",
                    f"--app-secret={SECRET}",
                    f"--phone-number-id={builder.phone_number_id}",
                    f"--waba-id={builder.waba_id}",
                    "--no-auto-status",
                ],
                stdout=subprocess.DEVNULL,
            )
        )
        processes.append(
            subprocess.Popen(
                [
                    *odoo,
                    f"--http-port={ports['http']}",
                    f"--gevent-port={ports['gevent']}",
                    "--workers=2",
                    "--max-cron-threads=2",
                    "--proxy-mode",
                ],
                env=env,
            )
        )
        Proxy(ports["proxy"], ports["http"], ports["gevent"]).start()
        base = f"http://127.0.0.1:{ports['proxy']}"
        _wait_http(f"{base}/web/login")
        session = _login(base)
        chrome = _start_chrome(ports["chrome"], profile)
        processes.append(chrome)
        page = Cdp(_page_ws(ports["chrome"]))
        page.call("Network.enable")
        page.call(
            "Network.setCookie",
            {"name": "session_id", "value": session, "url": base},
        )
        page.call("Page.navigate", {"url": f"{base}/odoo/action-whatsapp_cs.whatsapp_inbox_action"})
        page.wait_for("!!document.querySelector('.o_whatsapp_inbox_chat .o_whatsapp_chat_thread')")
        page.wait_for("!!odoo.__WOWL_DEBUG__.root.env.services['whatsapp_cs.realtime']")
        time.sleep(5)  # let the page settle: the bus connects, lists load
        idle = _idle_requests(page, args.idle_seconds)
        page.evaluate(OBSERVER)
        figures = _load(page, builder, base, args)
        print(json.dumps({**idle, **figures}, indent=2))
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(profile, ignore_errors=True)


# Measurements ---------------------------------------------------------------------------------
def _idle_requests(page, seconds):
    """Requests the page sends while nobody does anything (none expected but the bus)."""
    page.requests.clear()
    time.sleep(seconds)
    urls = list(page.requests)
    return {
        "idle_seconds": seconds,
        "idle_requests": len(urls),
        "idle_requests_per_minute": round(len(urls) * 60 / seconds, 1),
        "idle_request_urls": sorted(set(urls))[:10],
    }


def _load(page, builder, base, args):
    payloads = [
        builder.build_customer_message(CUSTOMER, text=f"rt {index}")
        for index in range(args.messages)
    ]
    acks = {}
    http = requests.Session()
    http.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=8))
    url = f"{base}/whatsapp/webhook"

    def post(index):
        body = json.dumps(payloads[index]).encode()
        time.sleep(max(0.0, start + index / args.rate - time.time()))
        response = http.post(
            url,
            data=body,
            timeout=30,
            headers={"Content-Type": "application/json", "X-Hub-Signature-256": sign(body, SECRET)},
        )
        if response.status_code == 200:
            acks[index] = time.time()

    load_before = _loadavg()
    cpu_before = _cpu_times()
    start = time.time() + 0.5
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(post, range(args.messages)))
    sent_for = time.time() - start
    deadline = time.time() + 60
    seen = {}
    while time.time() < deadline:
        seen = page.evaluate("window.__seen") or {}
        if len(seen) >= args.messages:
            break
        time.sleep(0.5)
    cpu_busy = _cpu_busy(cpu_before, _cpu_times())
    latencies = sorted(
        seen[str(index)] / 1000 - acks[index] for index in acks if str(index) in seen
    )
    figures = {
        "messages": args.messages,
        "rate_per_s": args.rate,
        "posted_in_s": round(sent_for, 2),
        "acked": len(acks),
        "visible": len(latencies),
        "missing": args.messages - len(latencies),
        "cpu_busy_percent_during_load": cpu_busy,
        "loadavg_before": load_before,
        "loadavg_after": _loadavg(),
        "cores": os.cpu_count(),
    }
    if latencies:
        figures.update(
            latency_p50_ms=round(statistics.median(latencies) * 1000),
            latency_p95_ms=round(latencies[max(0, int(len(latencies) * 0.95) - 1)] * 1000),
            latency_max_ms=round(latencies[-1] * 1000),
            latency_min_ms=round(latencies[0] * 1000),
        )
    return figures


def _loadavg():
    return Path("/proc/loadavg").read_text().split()[:3]


def _cpu_times():
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return sum(fields), fields[3] + fields[4]  # total, idle + iowait


def _cpu_busy(before, after):
    total = after[0] - before[0]
    idle = after[1] - before[1]
    return round(100 * (total - idle) / total, 1) if total else 0.0


# Plumbing -------------------------------------------------------------------------------------
def _wait_http(url, seconds=90):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if requests.get(url, timeout=2).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise RuntimeError(f"{url} does not answer")


def _login(base):
    response = requests.post(
        f"{base}/web/session/authenticate",
        json={"jsonrpc": "2.0", "params": {"db": DB, "login": AGENT, "password": AGENT}},
        timeout=30,
    )
    response.raise_for_status()
    if "error" in response.json():
        raise RuntimeError(response.text)
    return response.cookies["session_id"]


def _start_chrome(port, profile):
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    return subprocess.Popen(
        [
            binary,
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-timer-throttling",
            "--disable-renderer-backgrounding",
            f"--remote-debugging-port={port}",
            f"--user-data-dir={profile}",
            "--window-size=1400,900",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _page_ws(port, seconds=30):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            targets = requests.get(f"http://127.0.0.1:{port}/json/list", timeout=2).json()
            pages = [t for t in targets if t.get("type") == "page"]
            if pages:
                return pages[0]["webSocketDebuggerUrl"]
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError("Chromium did not start")


class Cdp:
    """A minimal Chrome DevTools Protocol client: calls, and the page's requests."""

    def __init__(self, url):
        self.ws = websocket.create_connection(url, timeout=60, suppress_origin=True)
        self.ws.settimeout(None)  # the reader waits as long as the page is quiet
        self.lock = threading.Lock()
        self.next_id = 0
        self.answers = {}
        self.answered = threading.Condition()
        self.requests = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            try:
                message = json.loads(self.ws.recv())
            except (websocket.WebSocketException, OSError, ValueError):
                return
            if message.get("method") == "Network.requestWillBeSent":
                self.requests.append(message["params"]["request"]["url"])
            elif "id" in message:
                with self.answered:
                    self.answers[message["id"]] = message
                    self.answered.notify_all()

    def call(self, method, params=None):
        with self.lock:
            self.next_id += 1
            call_id = self.next_id
            self.ws.send(json.dumps({"id": call_id, "method": method, "params": params or {}}))
        with self.answered:
            self.answered.wait_for(lambda: call_id in self.answers, timeout=60)
            answer = self.answers.pop(call_id)
        if "error" in answer:
            raise RuntimeError(f"{method}: {answer['error']}")
        return answer.get("result", {})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})[
            "result"
        ]
        return result.get("value")

    def wait_for(self, expression, seconds=60):
        deadline = time.time() + seconds
        while time.time() < deadline:
            try:
                if self.evaluate(expression):
                    return
            except RuntimeError:
                pass
            time.sleep(0.25)
        raise RuntimeError(f"never true: {expression}")


class Proxy(threading.Thread):
    """What nginx does in front of Odoo: ``/websocket`` to the gevent worker,
    everything else to the HTTP workers (one upstream per connection)."""

    def __init__(self, port, http_port, gevent_port):
        super().__init__(daemon=True)
        self.port, self.http_port, self.gevent_port = port, http_port, gevent_port
        self.ready = threading.Event()

    def run(self):
        asyncio.run(self._serve())

    async def _serve(self):
        server = await asyncio.start_server(self._client, "127.0.0.1", self.port)
        self.ready.set()
        async with server:
            await server.serve_forever()

    async def _client(self, reader, writer):
        try:
            first = await reader.readuntil(b"\r\n")
        except (asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            writer.close()
            return
        path = first.split(b" ")[1] if first.count(b" ") >= 2 else b"/"
        upstream = self.gevent_port if path.startswith(b"/websocket") else self.http_port
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", upstream)
        except OSError:
            writer.close()
            return
        up_writer.write(first)
        await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))

    def start(self):
        super().start()
        self.ready.wait(10)


async def _pipe(reader, writer):
    try:
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except RuntimeError:
            pass


if __name__ == "__main__":
    main()
