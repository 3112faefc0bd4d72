# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The reports' definitions (whatsapp_cs_reports/tools/episodes.py), rule by rule."""

from datetime import datetime, timedelta

from conftest import episodes

Message, Log = episodes.Message, episodes.Log
T0 = datetime(2026, 11, 23, 10, 0)
ANN, BEA, EVE = 7, 8, 9


def at(minutes):
    return T0 + timedelta(minutes=minutes)


def customer(minutes, **kwargs):
    return Message(at(minutes), "in", **kwargs)


def agent(minutes, author=ANN, **kwargs):
    return Message(at(minutes), "out", author_id=author, **kwargs)


def bot(minutes, **kwargs):
    return Message(at(minutes), "out", automatic=True, **kwargs)


def state(minutes, new, user=ANN):
    return Log(at(minutes), "state", user_id=user, state_to=new)


def test_customer_question_answered_and_solved():
    [episode] = episodes.build(
        [customer(0), customer(1), agent(3), agent(4)], [state(10, "solved")]
    )
    assert episode.opened_by == "customer"
    assert episode.clock_start == at(0)
    assert episode.first_response_at == at(3) and episode.first_responder_id == ANN
    assert episode.frt_seconds == 180
    assert episode.resolution_seconds == 600
    assert (episode.messages_in, episode.messages_out, episode.messages_auto) == (2, 2, 0)
    assert episode.handled_by == "human"
    assert episodes.wait_bucket(episode.frt_seconds) == "lt5"


def test_bot_and_automatic_messages_are_no_response():
    [episode] = episodes.build([customer(0), bot(0.1), Message(at(1), "out")], [])
    assert episode.first_response_at is None and episode.frt_seconds is None
    assert episode.handled_by == "bot"
    assert episode.messages_auto == 2  # no author (a system message) is automatic too
    assert episodes.wait_bucket(None) == "none"


def test_clock_starts_at_the_hand_off_when_a_bot_answered_first():
    logs = [Log(at(5), "handoff")]
    [episode] = episodes.build([customer(0), bot(0.1), agent(7)], logs)
    assert episode.clock_start == at(5) and episode.handoff_at == at(5)
    assert episode.frt_seconds == 120
    assert episode.resolution_seconds is None


def test_a_hand_off_after_a_human_answered_changes_nothing():
    [episode] = episodes.build([customer(0), agent(2)], [Log(at(5), "handoff")])
    assert episode.clock_start == at(0) and episode.frt_seconds == 120
    assert episode.handoff_at is None


def test_reopening_is_a_new_episode_with_its_own_clock():
    first, second = episodes.build(
        [customer(0), agent(2), customer(60), agent(75)],
        [state(10, "solved"), Log(at(61), "state", state_to="open")],  # "customer wrote"
    )
    assert (first.sequence, first.reopened) == (1, False)
    assert (second.sequence, second.reopened, second.opened_by) == (2, True, "customer")
    assert second.clock_start == at(60) and second.frt_seconds == 900
    assert episodes.wait_bucket(second.frt_seconds) == "5to15"
    assert second.solved_at is None


def test_closing_a_solved_conversation_is_the_same_episode():
    [episode] = episodes.build(
        [customer(0), agent(1)], [state(5, "solved"), state(60, "closed", EVE)]
    )
    assert episode.solved_at == at(5) and episode.solved_by_id == ANN


def test_reactions_and_survey_answers_never_reopen():
    messages = [
        customer(0),
        agent(1),
        customer(20, kind="reaction"),
        customer(30, survey=True),
        bot(25, survey=True),
    ]
    [episode] = episodes.build(messages, [state(10, "solved")])
    assert episode.messages_in == 3 and episode.messages_auto == 1


def test_business_messages_open_an_episode_after_24_hours():
    messages = [
        customer(0),
        agent(1),
        agent(60),  # a "thank you" after solving: same episode
        agent(2 * 24 * 60, kind="template", outside_window=True, cost=0.025),
        customer(2 * 24 * 60 + 20),
        agent(2 * 24 * 60 + 26),
    ]
    first, second = episodes.build(messages, [state(10, "solved")])
    assert first.messages_out == 2 and first.first_response_at == at(1)
    assert second.opened_by == "template"
    assert (second.outside_window, second.cost) == (1, 0.025)
    assert second.clock_start == at(2 * 24 * 60 + 20)
    assert second.frt_seconds == 360


def test_who_opened():
    kinds = {
        "agent": agent(0),
        "template": agent(0, kind="template"),
        "automation": bot(0, kind="template"),
        "broadcast": Message(at(0), "out", broadcast=True, kind="template"),
        "customer": customer(0),
    }
    for expected, message in kinds.items():
        assert episodes.build([message], [])[0].opened_by == expected


def test_an_editor_reopening_opens_an_episode():
    first, second = episodes.build(
        [customer(0), agent(1), agent(120, author=EVE)],
        [state(10, "solved"), state(100, "open", EVE)],
    )
    assert second.opened_by == "agent" and second.opened_at == at(100)
    assert second.messages_out == 1 and second.clock_start is None


def test_transfers_count_team_moves_and_reassignments_not_auto_assignment():
    logs = [
        Log(at(1), "assign", user_id=0),  # the inbox cron assigns the pool
        Log(at(2), "assign", user_id=EVE),  # an editor gives it to someone else: 1
        Log(at(3), "transfer", user_id=EVE),  # another team: 2
        Log(at(3), "assign", user_id=EVE),  # ...and its agent: not another one
        Log(at(4), "release", user_id=BEA),
        Log(at(5), "claim", user_id=ANN),
    ]
    [episode] = episodes.build([customer(0)], logs)
    assert episode.transfers == 2


def test_wait_buckets():
    assert [episodes.wait_bucket(s) for s in (0, 299, 300, 900, 901)] == [
        "lt5",
        "lt5",
        "5to15",
        "5to15",
        "gt15",
    ]


def test_order_of_events_does_not_matter():
    messages = [agent(3), customer(0)]
    [episode] = episodes.build(messages, [state(10, "solved")])
    assert episode.frt_seconds == 180


def test_a_state_change_without_an_open_episode_changes_nothing():
    assert episodes.build([], [state(0, "solved"), state(5, "closed")]) == []
    [episode] = episodes.build([customer(10)], [state(0, "solved")])
    assert episode.solved_at is None and episode.opened_at == at(10)


def test_the_system_reopening_after_the_customer_wrote_is_not_a_second_episode():
    # the inbox logs "Solved → Open (customer wrote)" as the system, after the message
    first, second = episodes.build(
        [customer(0), agent(1), customer(30)],
        [state(10, "solved"), Log(at(30), "state", user_id=0, state_to="open")],
    )
    assert second.opened_at == at(30) and second.sequence == 2


def test_several_hand_offs_the_last_before_the_answer_starts_the_clock():
    logs = [Log(at(2), "handoff"), Log(at(6), "handoff")]
    [episode] = episodes.build([customer(0), bot(1), bot(5), agent(9)], logs)
    assert episode.clock_start == at(6) and episode.frt_seconds == 180


def test_a_human_answer_before_the_customer_wrote_is_not_a_response():
    [episode] = episodes.build([agent(0), customer(10), agent(15)], [])
    assert episode.opened_by == "agent"
    assert episode.first_response_at == at(15)
    assert episode.messages_out == 2


def test_the_survey_after_a_day_still_belongs_to_its_episode():
    [episode] = episodes.build(
        [
            customer(0),
            agent(1),
            bot(3 * 24 * 60, survey=True),
            customer(3 * 24 * 60 + 1, survey=True),
        ],
        [state(10, "solved")],
    )
    assert (episode.messages_auto, episode.messages_in) == (1, 2)


def test_cost_and_window_add_up_over_the_episode():
    messages = [
        agent(0, kind="template", outside_window=True, cost=0.03),
        customer(5),
        agent(6, cost=0.004),
        bot(7, cost=0.001),
    ]
    [episode] = episodes.build(messages, [])
    assert episode.outside_window == 1
    assert round(episode.cost, 6) == 0.035


def test_the_team_is_the_last_recorded_one():
    logs = [
        Log(at(1), "claim", user_id=ANN, team_id=3),
        Log(at(2), "transfer", user_id=EVE, team_id=4),
        Log(at(5), "state", user_id=BEA, state_to="solved", team_id=4),
        Log(at(50), "assign", user_id=EVE, team_id=5),  # after the end: not this episode's
    ]
    [episode] = episodes.build([customer(0), agent(3, author=BEA)], logs)
    assert episode.team_id == 4


def test_a_custom_classifier_names_who_opened():
    [episode] = episodes.build([agent(0)], [], classify=lambda message: "broadcast")
    assert episode.opened_by == "broadcast"


def test_resolution_is_never_negative():
    [episode] = episodes.build([customer(10)], [state(5, "solved")])
    assert episode.resolution_seconds is None
    [episode] = episodes.build([customer(10), agent(11)], [state(10, "solved")])
    assert episode.resolution_seconds == 0.0
