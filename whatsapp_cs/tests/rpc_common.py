# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Attacks over real JSON-RPC, as each role: the fixtures and the client."""

import json
from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user
from odoo.tools import mute_logger

from .common import WhatsappCase

DATETIME = "2030-01-01 00:00:00"
OUR_ADDONS = ("whatsapp_cs", "whatsapp_cs_bot", "whatsapp_cs_reports")
# The ORM's own entry points: guarded by ACLs, record rules and the allow-lists.
ORM_METHODS = {"create", "write", "unlink", "copy", "init", "default_get", "name_create"}


def our_public_methods(model, addons=OUR_ADDONS):
    """``{name: function}``: what JSON-RPC may call on ``model`` that ``addons`` define."""
    prefixes = tuple(f"odoo.addons.{addon}." for addon in addons)
    methods = {}
    for cls in reversed(type(model).__mro__):
        if not cls.__module__.startswith(prefixes):
            continue
        for name, member in vars(cls).items():
            if name.startswith("_") or name in ORM_METHODS or not callable(member):
                continue
            methods[name] = member
    return methods


class RpcError(Exception):
    def __init__(self, name, message):
        super().__init__(f"{name}: {message}")
        self.name, self.message = name, message


def sample_value(field, record):
    """A value of the right shape for ``field`` (the guard refuses it before
    any other check, so only its shape matters)."""
    kind = field.type
    if kind in ("char", "text", "html"):
        return "forged"
    if kind == "boolean":
        return not record[field.name]
    if kind in ("integer", "many2one_reference"):
        return 7
    if kind in ("float", "monetary"):
        return 7.5
    if kind == "datetime":
        return DATETIME
    if kind == "date":
        return "2030-01-01"
    if kind == "selection":
        values = [value for value, _label in field._description_selection(record.env)]
        return next((v for v in values if v != record[field.name]), values[0])
    if kind == "many2one":
        comodel = record.env[field.comodel_name].sudo()
        other = comodel.search([("id", "!=", record[field.name].id)], limit=1)
        return other.id or 1
    if kind in ("many2many", "one2many"):
        return [(5, 0, 0)]
    if kind == "binary":
        return "Zm9yZ2Vk"
    if kind == "reference":
        return f"res.partner,{record.env.user.partner_id.id}"
    return "forged"


class RpcCase(WhatsappCase):
    """Two teams, every role, conversations in each situation, files that
    belong to others; ``rpc`` calls a model method over ``/jsonrpc``."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # everyone may edit contacts, as at most companies
        contacts = "base.group_partner_manager"
        cls.ann = cls.make_user("ann_agent", groups=contacts)  # team A
        cls.amy = cls.make_user("amy_agent", groups=contacts)  # team A
        cls.bea = cls.make_user("bea_agent", groups=contacts)  # team B
        cls.eve = cls.make_user("eve_editor", "editor", groups=contacts)  # team A
        cls.ana = cls.make_user("ana_analyst", "analyst", groups=contacts)
        cls.rob = cls.make_user("rob_admin", "admin", groups=contacts)
        cls.nora = new_test_user(  # a salesperson without any WhatsApp role
            cls.env, login="nora_sales", groups=f"base.group_user,{contacts}"
        )
        cls.team_a = cls.make_team("Team A", cls.ann | cls.amy | cls.eve)
        cls.team_b = cls.make_team("Team B", cls.bea)
        cls.admin_file = (
            cls.env["ir.attachment"]
            .with_user(cls.rob)
            .create(
                {"name": "salaries.pdf", "raw": b"%PDF-1.4 secret", "mimetype": "application/pdf"}
            )
        )
        cls.ann_file = (
            cls.env["ir.attachment"]
            .with_user(cls.ann)
            .create({"name": "offer.pdf", "raw": b"%PDF-1.4 offer", "mimetype": "application/pdf"})
        )

    def setUp(self):
        super().setUp()
        self.mine = self.make_conversation("16505554001", team=self.team_a, user=self.ann)
        self.pool_a = self.make_conversation("16505554002", team=self.team_a)
        self.amys = self.make_conversation("16505554003", team=self.team_a, user=self.amy)
        self.pool_b = self.make_conversation("16505554004", team=self.team_b)
        self.closed = self.make_conversation(
            "16505554005",
            team=self.team_a,
            user=self.ann,
            last_inbound_at=fields.Datetime.now() - timedelta(days=3),
        )
        self.emulator.last_inbound.update(
            {wa: 2_000_000_000 for wa in ("16505554001", "16505554002", "16505554003")}
        )
        messages = self.env["whatsapp.message"]
        self.inbound = {
            conversation: messages.create(
                {
                    "conversation_id": conversation.id,
                    "direction": "in",
                    "body": f"secret of {conversation.partner_id.name}",
                    "wamid": f"wamid.in{conversation.id}",
                }
            )
            for conversation in (self.mine, self.pool_a, self.amys, self.pool_b)
        }
        self.team_b_file = self.env["ir.attachment"].create(
            {
                "name": "passport.jpg",
                "raw": b"\xff\xd8team-b",
                "mimetype": "image/jpeg",
                "res_model": "whatsapp.message",
                "res_id": self.inbound[self.pool_b].id,
            }
        )

    # The client ----------------------------------------------------------------------
    def rpc(self, user, model, method, *args, **kwargs):
        """``execute_kw`` over ``/jsonrpc`` as ``user`` (password = login);
        raises :class:`RpcError` with the server's exception name."""
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "service": "object",
                "method": "execute_kw",
                "args": [
                    self.env.cr.dbname,
                    user.id,
                    user.login,
                    model,
                    method,
                    list(args),
                    kwargs,
                ],
            },
        }
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/jsonrpc",
                data=json.dumps(payload),
                headers={"Content-Type": "application/json"},
            )
        answer = response.json()
        if "error" in answer:
            data = answer["error"].get("data") or {}
            raise RpcError(data.get("name", "?").rsplit(".", 1)[-1], data.get("message", ""))
        self.env.invalidate_all()
        return answer["result"]

    def attempt(self, user, model, method, *args, **kwargs):
        """A call that may well be refused: the error, or None if it went through
        (the test then checks that it had no effect)."""
        try:
            self.rpc(user, model, method, *args, **kwargs)
        except RpcError as error:
            return error
        return None

    def assert_refused(self, user, model, method, *args, names=("AccessError",), **kwargs):
        with self.assertRaises(RpcError, msg=f"{user.login}: {model}.{method}") as caught:
            self.rpc(user, model, method, *args, **kwargs)
        self.assertIn(caught.exception.name, names, caught.exception.message)
        return caught.exception

    def assert_fields_refused(self, user, record, allowed=(), by_allow_list=True):
        """Every field of ``record`` outside ``allowed``: ``write`` is refused
        (by the allow-list, which names the field, unless the user may not
        write the model at all) and the value stays what it was."""
        for name, field in record._fields.items():
            if name in allowed or name in ("id",) or field.type == "properties":
                continue
            before = record.sudo()[name]
            with self.subTest(user=user.login, model=record._name, field=name):
                refusal = self.assert_refused(
                    user, record._name, "write", record.ids, {name: sample_value(field, record)}
                )
                if by_allow_list:
                    self.assertIn(f"({name})", refusal.message)
                self.assertEqual(record.sudo()[name], before)
