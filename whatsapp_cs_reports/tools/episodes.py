# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Service episodes: how a conversation's history becomes report rows.

A WhatsApp conversation lives for years (one per customer and number); the
reports count *service episodes*: from the customer's question (or the
business's first message) to the moment an agent marks it solved or closed.
The rules, which the README repeats and the tests pin:

- An episode opens with a customer's message when no episode is open (the
  first message ever, or one after the last episode was solved or closed: a
  reopening is a new episode). Reactions, edits, deletions, system notices
  and answers to a satisfaction survey never open one.
- It also opens with a business message when none is open and the last
  episode ended more than 24 hours before (or there was none): opened by an
  agent, by a template an agent sent, by an automation (bot, automatic or
  system message) or by a broadcast. A message within 24 hours of the end of
  an episode (a "thank you", the survey) still belongs to it. An editor who
  reopens a solved conversation opens an episode too (opened by an agent).
- It ends when the conversation becomes solved or closed (the first of them).
- First response: the first message of a human (an outbound message with an
  author who is a user, not automatic) at or after the clock's start. The
  clock starts at the customer's first message of the episode, or at the
  bot's hand-off if a bot handled the customer first and handed over before
  any human answered. Episodes the business opened start their clock at the
  customer's first answer.
- Handled by: "human" if a human wrote, "bot" if only automatic messages went
  out, "none" if nothing did.
- Transfers: moves to another team, and re-assignments by a user while an
  agent had the conversation (automatic assignment of a pooled conversation is
  not a transfer).
- Team: the conversation's team at the episode's last history entry (the one
  that solved it), so a conversation moved later keeps its past in its team.

Plain Python, no Odoo: ``tests/test_report_episodes.py`` checks every rule.
"""

from dataclasses import dataclass, field
from datetime import timedelta

# Inbound message types that are not a question.
PASSIVE_TYPES = frozenset({"reaction", "system", "edit", "revoke"})
# A business message this long after the end of an episode opens a new one.
AFTERCARE = timedelta(hours=24)
END_STATES = frozenset({"solved", "closed"})
OPEN_STATES = frozenset({"new", "open", "pending"})


@dataclass
class Message:
    moment: object  # naive UTC datetime
    direction: str  # "in" or "out"
    author_id: int = 0  # the user who wrote an outbound message (0: nobody, a system)
    automatic: bool = False
    kind: str = "text"  # Meta's message type
    cost: float = 0.0
    outside_window: bool = False  # sent while the 24-hour window was closed
    survey: bool = False  # a satisfaction request or its answer
    broadcast: bool = False  # sent by a broadcast

    @property
    def human(self):
        return self.direction == "out" and bool(self.author_id) and not self.automatic


@dataclass
class Log:
    moment: object
    action: str  # whatsapp.conversation.log actions
    user_id: int = 0  # 0: the system (cron, webhook processing)
    state_to: str = ""  # for "state" entries: the new state
    team_id: int = 0  # the conversation's team when it was written (0: not recorded)


@dataclass
class Episode:
    opened_at: object
    opened_by: str  # customer, agent, template, automation, broadcast
    sequence: int = 1
    clock_start: object = None
    first_response_at: object = None
    first_responder_id: int = 0
    handoff_at: object = None
    solved_at: object = None
    solved_by_id: int = 0
    messages_in: int = 0
    messages_out: int = 0
    messages_auto: int = 0
    outside_window: int = 0
    transfers: int = 0
    cost: float = 0.0
    authors: list = field(default_factory=list)  # human authors, in order
    assigned: bool = False  # someone held the conversation (for transfers)
    team_id: int = 0  # the team of its last history entry that recorded one

    @property
    def reopened(self):
        return self.sequence > 1

    @property
    def handled_by(self):
        if self.messages_out:
            return "human"
        return "bot" if self.messages_auto else "none"

    @property
    def frt_seconds(self):
        if not (self.clock_start and self.first_response_at):
            return None
        return (self.first_response_at - self.clock_start).total_seconds()

    @property
    def resolution_seconds(self):
        if not self.solved_at:
            return None
        return max((self.solved_at - self.opened_at).total_seconds(), 0.0)


def opened_by(message):
    """Who opened an episode with ``message``."""
    if message.direction == "in":
        return "customer"
    if message.broadcast:
        return "broadcast"
    if not message.human:
        return "automation"
    return "template" if message.kind == "template" else "agent"


def build(messages, logs, classify=opened_by):
    """The episodes of one conversation, oldest first.

    ``messages`` and ``logs`` in any order; ``classify(message)`` says who
    opened an episode (modules that add kinds of sends override it).
    """
    events = [(m.moment, 0, index, m) for index, m in enumerate(messages)]
    events += [(log.moment, 1, index, log) for index, log in enumerate(logs)]
    events.sort(key=lambda event: event[:3])
    episodes = []
    current = None
    for _moment, _order, _index, event in events:
        if isinstance(event, Message):
            current = _on_message(episodes, current, event, classify)
        else:
            current = _on_log(episodes, current, event)
    return episodes


def _open(episodes, moment, who):
    episode = Episode(opened_at=moment, opened_by=who, sequence=len(episodes) + 1)
    episodes.append(episode)
    return episode


def _on_message(episodes, current, message, classify):
    if message.direction == "in":
        opens = not message.survey and message.kind not in PASSIVE_TYPES
        if current is None and opens:
            current = _open(episodes, message.moment, classify(message))
        episode = current or (episodes[-1] if episodes else None)
        if episode is None:
            return current
        episode.messages_in += 1
        if opens and episode is current and not episode.clock_start:
            episode.clock_start = message.moment
        return current
    if message.direction != "out":
        return current
    if current is None:
        last = episodes[-1] if episodes else None
        if last and not message.survey and message.moment - last.solved_at <= AFTERCARE:
            _count_out(last, message, late=True)
            return None
        if last and message.survey:
            _count_out(last, message, late=True)
            return None
        current = _open(episodes, message.moment, classify(message))
    _count_out(current, message)
    return current


def _count_out(episode, message, late=False):
    episode.cost += message.cost or 0.0
    if message.outside_window:
        episode.outside_window += 1
    if not message.human:
        episode.messages_auto += 1
        return
    episode.messages_out += 1
    episode.authors.append(message.author_id)
    if late:
        return
    if not episode.first_response_at and episode.clock_start:
        if message.moment >= episode.clock_start:
            episode.first_response_at = message.moment
            episode.first_responder_id = message.author_id


def _on_log(episodes, current, log):
    if current is not None and log.team_id:
        current.team_id = log.team_id
    if log.action == "state":
        if log.state_to in END_STATES and current is not None:
            current.solved_at = log.moment
            current.solved_by_id = log.user_id
            return None
        if log.state_to in OPEN_STATES and current is None and log.user_id and episodes:
            # an editor reopened a solved conversation
            return _open(episodes, log.moment, "agent")
        return current
    if current is None:
        return current
    if log.action == "handoff" and not current.first_response_at:
        current.handoff_at = log.moment
        current.clock_start = max(filter(None, [current.clock_start, log.moment]))
    elif log.action == "transfer":
        current.transfers += 1
        current.assigned = False  # the new team's agent is not a second transfer
    elif log.action in ("assign", "claim"):
        if current.assigned and log.action == "assign" and log.user_id:
            current.transfers += 1
        current.assigned = True
    elif log.action == "release":
        current.assigned = False
    return current


def wait_bucket(frt_seconds):
    """The waiting-time band of a first response (seed: < 5, 5-15, > 15 min)."""
    if frt_seconds is None:
        return "none"
    if frt_seconds < 300:
        return "lt5"
    if frt_seconds <= 900:
        return "5to15"
    return "gt15"
