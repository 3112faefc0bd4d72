# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# The model is split by concern on purpose, one file each (see its main file).
# pylint: disable=consider-merging-classes-inherited
import random
from datetime import datetime, time, timedelta

from odoo import api, fields, models

DEMO_DAYS = 90
QUESTIONS = [
    ("en_US", "Hi, what is the price of the blue sofa?"),
    ("en_US", "Do you ship to Chicago? How much is shipping?"),
    ("en_US", "I want a refund, the chair arrived broken"),
    ("en_US", "Is the oak table in stock?"),
    ("en_US", "What size is the corner sofa?"),
    ("en_US", "Any discount for two armchairs?"),
    ("pt_BR", "Olá, qual o preço do sofá azul?"),
    ("pt_BR", "Vocês entregam em São Paulo? Qual o frete?"),
    ("pt_BR", "Quero devolver a cadeira, chegou quebrada"),
    ("pt_BR", "Tem desconto para duas poltronas?"),
    ("zh_CN", "你好，这个沙发多少钱？"),
    ("zh_CN", "我想退货，请问怎么办理？"),
    ("zh_CN", "桌子有现货吗？运费多少？"),
    ("zh_CN", "两把椅子有折扣吗？"),
]
COUNTRIES = {"en_US": "base.us", "pt_BR": "base.br", "zh_CN": "base.cn"}
COUNTRY_LANG = {"US": "en_US", "BR": "pt_BR", "CN": "zh_CN"}
FIRST_NAMES = {
    "en_US": ["Emma", "Liam", "Olivia", "Noah", "Ava", "James", "Mia", "Lucas"],
    "pt_BR": ["João", "Mariana", "Pedro", "Beatriz", "Rafael", "Camila", "Thiago", "Larissa"],
    "zh_CN": ["芳", "伟", "敏", "洋", "静", "磊", "婷", "军"],
}
LAST_NAMES = {
    "en_US": ["Stone", "Carter", "Reed"],
    "pt_BR": ["Silva", "Costa", "Rocha"],
    "zh_CN": ["王", "李", "张"],
}
# Busiest hours of the seeds' statistics: 10-12 and 20-22.
HOURS = [8, 9, 10, 10, 10, 11, 11, 11, 12, 13, 14, 15, 16, 17, 19, 20, 20, 20, 21, 21, 22]


class WhatsappEpisode(models.Model):
    """Demo history: three months of conversations across teams, agents and
    hours, with bots, transfers, ratings and (with Sales) orders, written
    the way the webhook and the inbox write them, then built into episodes."""

    _inherit = "whatsapp.episode"

    @api.model
    def _demo_history(self, seed=12):
        rng = random.Random(seed)
        account = self.env.ref("whatsapp_cs.demo_account")
        teams = self.env.ref("whatsapp_cs.demo_team_sales") | self.env.ref(
            "whatsapp_cs.demo_team_support"
        )
        agents = self._demo_agents(teams)
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        partners = self.env["res.partner"]
        active = {code for code, _name in self.env["res.lang"].get_installed()}
        for lang, first_names in FIRST_NAMES.items():
            for first, last in ((f, la) for la in LAST_NAMES[lang] for f in first_names):
                name = f"{last}{first}" if lang == "zh_CN" else f"{first} {last}"
                partners |= self.env["res.partner"].create(
                    {
                        "name": name,
                        "lang": lang if lang in active else "en_US",
                        "country_id": self.env.ref(COUNTRIES[lang]).id,
                        "whatsapp_wa_id": f"{8800000000 + len(partners)}",
                    }
                )
        for partner in partners:
            lang = COUNTRY_LANG[partner.country_id.code]
            conversation = (
                self.env["whatsapp.conversation"]
                .sudo()
                .create({"account_id": account.id, "partner_id": partner.id})
            )
            team = teams[rng.randrange(len(teams))]
            moments = sorted(
                datetime.combine(
                    (now - timedelta(days=rng.randrange(DEMO_DAYS))).date(),
                    time(rng.choice(HOURS), rng.randrange(60)),
                )
                for _episode in range(rng.randint(2, 6))
            )
            for opened in moments:
                if opened < now - timedelta(hours=2):
                    self._demo_episode(rng, conversation, team, agents[team], opened, lang)
            conversation.sudo().write({"team_id": team.id, "state": "solved"})
        self._demo_presence(rng, [user for users in agents.values() for user in users], now)
        self._queue_partners(partners.ids)
        self._cron_rebuild(limit=10**6)
        self.env["whatsapp.report.keyword"]._cron_count(limit=10**6)
        self.env["whatsapp.report.materialized"]._cron_refresh()
        return True

    @api.model
    def _demo_agents(self, teams):
        agent_group = self.env.ref("whatsapp_cs.group_agent")
        users = self.env["res.users"].with_context(no_reset_password=True)
        extra = users.search([("login", "in", ["wa_demo_lucia", "wa_demo_wei"])])
        for login, name in (("wa_demo_lucia", "Lucía Gómez"), ("wa_demo_wei", "Wei Zhang")):
            if login not in extra.mapped("login"):
                extra |= users.create(
                    {"name": name, "login": login, "groups_id": [(6, 0, agent_group.ids)]}
                )
        result = {}
        for team, user in zip(teams, extra, strict=True):
            if user not in team.member_ids.user_id:
                team.sudo().member_ids = [(0, 0, {"user_id": user.id})]
            result[team] = team.member_ids.user_id
        return result

    @api.model
    def _demo_episode(self, rng, conversation, team, agents, opened, lang):  # noqa: C901
        question = rng.choice([text for code, text in QUESTIONS if code == lang])
        rows = [(opened, "in", None, False, question, "received")]
        moment = opened
        if rng.random() < 0.15:  # an order update went out first, as a billed template
            update = opened - timedelta(minutes=rng.randint(20, 180))
            rows.insert(0, (update, "template", 1, True, "Your order is on its way.", "read"))
        if rng.random() < 0.35:  # a bot answered first, then handed over
            moment += timedelta(seconds=rng.randint(2, 8))
            rows.append((moment, "out", 1, True, "Thanks! An agent will answer shortly.", "read"))
            moment += timedelta(seconds=rng.randint(20, 90))
            actions = self.env["whatsapp.conversation.log"]._fields["action"]
            if "handoff" in dict(actions._description_selection(self.env)):  # with the bots
                self._demo_log(conversation, moment, "handoff", None, team)
            if rng.random() < 0.15:  # the customer left: bot only
                self._demo_log(
                    conversation, moment + timedelta(hours=6), "state", None, team, "closed"
                )
                return self._demo_insert(conversation, rows)
        agent = agents[rng.randrange(len(agents))]
        wait = rng.choice([40, 70, 110, 150, 200, 260, 420, 600, 840, 1300, 2400])
        moment += timedelta(seconds=wait * rng.uniform(0.6, 1.4))
        self._demo_log(conversation, moment - timedelta(seconds=5), "claim", agent, team)
        rows.append((moment, "out", agent.id, False, "Hello! Let me check that for you.", "read"))
        if rng.random() < 0.12:  # transferred to another agent by an editor
            other = agents[(agents.ids.index(agent.id) + 1) % len(agents)]
            moment += timedelta(minutes=rng.randint(1, 5))
            self._demo_log(conversation, moment, "assign", self.env.ref("base.user_admin"), team)
            agent = other
        for _turn in range(rng.randint(1, 3)):
            moment += timedelta(minutes=rng.randint(1, 6))
            rows.append(
                (
                    moment,
                    "in",
                    None,
                    False,
                    rng.choice(["ok", "thanks", "and the price?"]),
                    "received",
                )
            )
            moment += timedelta(seconds=rng.randint(30, 400))
            rows.append((moment, "out", agent.id, False, "Sure, here are the details.", "read"))
        moment += timedelta(minutes=rng.randint(2, 30))
        self._demo_log(conversation, moment, "state", agent, team, "solved")
        if rng.random() < 0.7:  # asked for a rating; 85 % answer
            answered = rng.random() < 0.85
            score = rng.choice([5, 5, 5, 4, 4, 4, 3, 2]) if answered else 0
            self.env["rating.rating"].sudo().create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("whatsapp.conversation"),
                    "res_id": conversation.id,
                    "partner_id": conversation.partner_id.id,
                    "rated_partner_id": agent.partner_id.id,
                    "rating": score,
                    "consumed": answered,
                    "feedback": "Took a while to answer." if answered and score < 4 else False,
                    "whatsapp_state": "done" if answered else "sent",
                    "whatsapp_solved_at": moment,
                    "whatsapp_sent_at": moment + timedelta(minutes=5),
                    "whatsapp_channel": "interactive",
                    "whatsapp_team_id": team.id,
                }
            )
        self._demo_insert(conversation, rows)
        if "sale.order" in self.env and rng.random() < 0.3:
            self._demo_order(
                rng, conversation.partner_id, moment + timedelta(hours=rng.randint(1, 48))
            )
        return True

    @api.model
    def _demo_presence(self, rng, users, now):
        """Hours online on working days, as the presence cron samples them."""
        for user in set(users):
            for days_ago in range(DEMO_DAYS):
                day = (now - timedelta(days=days_ago)).date()
                if day.weekday() < 5:
                    self.env.cr.execute(
                        """INSERT INTO whatsapp_agent_presence
                               (user_id, company_id, day, minutes, last_slot, create_date,
                                write_date)
                           VALUES (%s, %s, %s, %s, %s, now() at time zone 'utc',
                                   now() at time zone 'utc')
                           ON CONFLICT DO NOTHING""",
                        [user.id, user.company_id.id, day, rng.randint(66, 96) * 5, now],
                    )

    @api.model
    def _demo_log(self, conversation, moment, action, user, team, state_to=False):
        self.env["whatsapp.conversation.log"].sudo().create(
            {
                "conversation_id": conversation.id,
                "partner_id": conversation.partner_id.id,
                "company_id": conversation.company_id.id,
                "date": moment,
                "user_id": user.id if user else self.env.ref("base.user_root").id,
                "action": action,
                "detail": state_to or action,
                "whatsapp_state_to": state_to,
                "whatsapp_team_id": team.id,
            }
        )

    @api.model
    def _demo_insert(self, conversation, rows):
        """The messages as the webhook and the send queue leave them (SQL: the
        ORM would run the live inbox on them)."""
        for moment, direction, author, automatic, body, state in rows:
            template = direction == "template"
            self.env.cr.execute(
                """INSERT INTO whatsapp_message
                       (conversation_id, account_id, partner_id, company_id, direction,
                        message_type, body, state, timestamp, author_id, is_automatic,
                        wamid, pricing_category, pricing_type, billable, cost,
                        sent_outside_window, create_date, write_date)
                   VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s,
                           now() at time zone 'utc', now() at time zone 'utc')""",
                [
                    conversation.id,
                    conversation.account_id.id,
                    conversation.partner_id.id,
                    conversation.company_id.id,
                    "out" if template else direction,
                    "template" if template else "text",
                    body,
                    state,
                    moment,
                    author,
                    automatic,
                    f"wamid.DEMO.report.{conversation.id}.{moment.isoformat()}.{direction}",
                    "utility" if template else None,
                    "regular" if template else None,
                    template,
                    0.0068 if template else 0.0,
                    template,
                ],
            )
        return True

    @api.model
    def _demo_order(self, rng, partner, moment):
        product = self.env["product.product"].search([("default_code", "=", "WA-SOFA")], limit=1)
        if not product:
            vals = {"name": "Blue Sofa", "default_code": "WA-SOFA", "list_price": 890.0}
            if "invoice_policy" in self.env["product.product"]._fields:
                vals["invoice_policy"] = "order"
            product = self.env["product.product"].create(vals)
        order = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_uom_qty": rng.randint(1, 3)})
                ],
            }
        )
        if rng.random() < 0.6:
            order.action_confirm()
            if rng.random() < 0.7 and self.env.company.chart_template:
                invoice = order._create_invoices()
                invoice.action_post()
                self.env["account.payment.register"].with_context(
                    active_model="account.move", active_ids=invoice.ids
                ).create({})._create_payments()
        order.date_order = moment
