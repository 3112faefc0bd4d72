# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Wake Odoo's cron workers from a hot path, cheaply.

``ir.cron._trigger()`` is too slow for hot paths (the webhook, and queueing
messages while webhooks are processed): it creates the trigger through the ORM
and, after commit, opens a *new* connection to the ``postgres`` database for
the NOTIFY (Odoo never pools those), which is most of a webhook request's time.
Here the trigger row is one INSERT in the caller's transaction (so it commits
or rolls back with the records it announces) and the NOTIFY goes through one
connection kept per process. The protocol is Odoo's
own: a row in ``ir_cron_trigger`` and ``pg_notify('cron_trigger', dbname)``,
so every cron worker of every server sees it.
"""

import logging
import os
import threading

import psycopg2
import psycopg2.sql

from odoo import fields, sql_db

from odoo.addons.base.models.ir_cron import ODOO_NOTIFY_FUNCTION

_logger = logging.getLogger(__name__)

_local = threading.local()
_NOTIFY = psycopg2.sql.SQL("SELECT {}('cron_trigger', %s)").format(
    psycopg2.sql.Identifier(ODOO_NOTIFY_FUNCTION)
)


def trigger_now(cr, cron_id):
    """Make ``cron_id`` due now and wake the cron workers after ``cr`` commits."""
    cr.execute(
        """INSERT INTO ir_cron_trigger (cron_id, call_at, create_uid, write_uid,
                                        create_date, write_date)
           VALUES (%(cron)s, %(now)s, 1, 1, %(now)s, %(now)s)""",
        {"cron": cron_id, "now": fields.Datetime.now()},
    )
    dbname = cr.dbname
    cr.postcommit.add(lambda: notify_cron_workers(dbname))


def done_for_now(env, cron_xmlid, done, remaining):
    """End this run of a cron job that worked for its own time budget, and
    have it run again at once when work is left.

    Reporting ``remaining`` to Odoo instead would make the worker call the job
    again up to 10 times in one go (``MAX_BATCH_PER_CRON_JOB``): 10 runs of
    20 s outlast the worker's time limit (120 s by default), and the worker
    is killed. A trigger starts a fresh run, and a fresh time limit, on any
    cron worker of any server.
    """
    env["ir.cron"]._notify_progress(done=done, remaining=0)
    if remaining:
        trigger_now(env.cr, env.ref(cron_xmlid).id)


def notify_cron_workers(dbname):
    """NOTIFY the cron workers; reconnect once if the kept connection died."""
    for attempt in (1, 2):
        try:
            with _connection().cursor() as cursor:
                cursor.execute(_NOTIFY, (dbname,))
            return
        except psycopg2.Error:
            _close()
            if attempt == 2:
                # The trigger row is committed: the cron's next wake-up (at
                # most its interval) still processes the events.
                _logger.warning("Could not wake the cron workers", exc_info=True)


def _connection():
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed or _local.pid != os.getpid():
        _, params = sql_db.connection_info_for("postgres")
        conn = psycopg2.connect(**params)
        conn.autocommit = True
        _local.conn, _local.pid = conn, os.getpid()
    return conn


def _close():
    conn = getattr(_local, "conn", None)
    _local.conn = None
    if conn is not None and not conn.closed:
        conn.close()
