# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

import pytest
from conftest import business_time, formatting, keywords

FRIDAY = datetime(2026, 11, 27)


def day(d, hour, minute=0):
    return datetime(2026, 11, d, hour, minute)


def test_working_seconds_over_a_weekend():
    # Friday and Monday 9-17
    working = business_time.WorkingTime([(day(27, 9), day(27, 17)), (day(30, 9), day(30, 17))])
    assert working.seconds(day(27, 16, 50), day(30, 9, 5)) == 900
    assert working.seconds(day(28, 10), day(29, 10)) == 0  # all weekend
    assert working.seconds(day(27, 8), day(27, 10)) == 3600  # starts before opening
    assert working.seconds(day(27, 10), day(27, 10)) == 0
    assert working.seconds(day(27, 12), day(27, 10)) == 0
    assert working.seconds(None, day(27, 10)) == 0
    assert working.seconds(day(27, 9), day(30, 17)) == 16 * 3600


def test_overlapping_intervals_are_merged_and_no_calendar_is_calendar_time():
    working = business_time.WorkingTime([(day(27, 9), day(27, 12)), (day(27, 11), day(27, 13))])
    assert working.seconds(day(27, 8), day(27, 20)) == 4 * 3600
    assert business_time.WorkingTime(None).seconds(day(27, 9), day(28, 9)) == 86400


def test_keywords_in_chinese_english_and_portuguese():
    assert keywords.terms("这个沙发多少钱？我想退货") == ["沙发", "多少", "退货"]
    assert keywords.terms("What is the SHIPPING fee to São Paulo?") == [
        "shipping",
        "fee",
        "são",
        "paulo",
    ]
    assert keywords.terms("Qual o preço do frete? 123 a") == ["preço", "frete"]
    assert keywords.terms("") == []


def test_a_message_counts_a_term_once():
    counts = keywords.count_terms(["refund refund please", "退款 退款", "refund?"])
    assert counts["refund"] == 2 and counts["退款"] == 1


@pytest.mark.parametrize(
    ("seconds", "lang", "expected"),
    [
        (150, "en_US", "2 min 30 sec"),
        (3900, "en_US", "1 hr 5 min"),
        (3620, "en_US", "1 hr"),
        (5, "en_US", "5 sec"),
        (0, "en_US", "0 sec"),
        (90061, "en_US", "1 day 1 hr"),
        (150, "zh_CN", "2分钟30秒"),
        (3900, "zh_CN", "1小时5分钟"),
        (150, "pt_BR", "2 min 30 seg"),
        (None, "en_US", ""),
        (150, "not_a_language", "2 min 30 sec"),
    ],
)
def test_durations_as_people_read_them(seconds, lang, expected):
    assert formatting.format_duration(seconds, lang) == expected


def test_numbers_and_money_in_the_users_language():
    assert formatting.format_number(1234567, "pt_BR") == "1.234.567"
    assert formatting.format_number(1234.5, "en_US", 1) == "1,234.5"
    assert formatting.format_money(1234.5, "BRL", "pt_BR") == "R$\xa01.234,50"
    assert formatting.format_money(1234.5, "CNY", "zh_CN") == "¥1,234.50"
    assert formatting.format_ratio(0.873, "zh_CN") == "87%"


def test_working_time_over_many_days_is_two_lookups():
    intervals = [(datetime(2026, 1, day, 9), datetime(2026, 1, day, 17)) for day in range(1, 32)]
    working = business_time.WorkingTime(intervals)
    assert working.seconds(datetime(2026, 1, 1), datetime(2026, 2, 1)) == 31 * 8 * 3600
    assert working.seconds(datetime(2026, 1, 10, 16), datetime(2026, 1, 11, 10)) == 7200
    assert working.seconds(datetime(2025, 12, 1), datetime(2026, 1, 1, 10)) == 3600
    assert working.seconds(datetime(2026, 2, 1), datetime(2026, 3, 1)) == 0


def test_empty_calendar_has_no_working_time():
    working = business_time.WorkingTime([])
    assert working.seconds(datetime(2026, 1, 1), datetime(2026, 2, 1)) == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我想退款", ["退款"]),
        ("请问运费多少？", ["运费", "多少"]),
        ("Quero devolver a cadeira", ["quero", "devolver", "cadeira"]),
        ("¿Cuánto cuesta el envío?", ["cuánto", "cuesta", "envío"]),
        ("don't ask, it's fine", ["ask", "fine"]),
        ("沙发sofa沙发", ["沙发", "sofa", "沙发"]),
        ("🙂👍", []),
    ],
)
def test_terms_of_mixed_scripts(text, expected):
    assert keywords.terms(text) == expected


def test_long_terms_are_cut():
    assert keywords.terms("a" * 80) == ["a" * keywords.MAX_TERM]


def test_negative_and_fractional_durations():
    assert formatting.format_duration(-150) == "2 min 30 sec"
    assert formatting.format_duration(59.4) == "59 sec"
    assert formatting.format_duration(7200) == "2 hr"
    assert formatting.format_duration(False) == ""
