# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The terms of customers' messages, in any language, for the Keywords report.

Chinese (and Japanese kanji) runs are segmented into words by ``jieba``'s
dictionary; other scripts are split on non-letters. Terms are case-folded;
stop words, numbers, single letters and single Chinese characters (mostly
particles: 的, 吗, 了) are dropped. Plain Python, no Odoo: tested without a
database.
"""

import logging
import re
from collections import Counter

import jieba

jieba.setLogLevel(logging.WARNING)

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[^\W\d_](?:[^\W_]|['’-](?=[^\W_]))*")
MAX_TERM = 40

STOP_WORDS = frozenset(
    """
    a about after again all also am an and any are as at be because been before but by can
    could did do does doing don done for from get got had has have having he her here hi
    hello hey him his how i if im i'm in into is it it's its just like me more my no not now
    of ok okay on one only or our out please pls so some than thank thanks that the their them
    then there these they this those to too up us very was we were what when where which who
    why will with would yes you your you're don't doesn't didn't can't cannot won't isn't
    aren't wasn't
    o os as um uma uns umas de do da dos das em no na nos nas por para pra com sem que se
    qual quais quando como onde vocês voces eu voce você ele ela nos nós eles elas meu minha
    seu sua é e ou mas olá ola oi obrigado
    obrigada sim não nao tem ter ser está esta estou isso isto aqui ai
    el la los las un una unos unas del al en con sin por para que se yo tu tú usted es y o
    pero hola gracias si sí no hay muy mi su esto eso está estoy
    的 了 吗 呢 吧 啊 呀 哦 嗯 是 在 有 和 与 就 都 也 还 又 很 我 你 您 他 她 它 我们 你们 他们
    这 那 这个 那个 这些 那些 什么 怎么 怎么样 请问 请 一下 一个 可以 能 会 要 想 没有 不 没
    好 好的 谢谢 你好 您好 嗨 哈哈 对 吧 但是 因为 所以 如果 然后 还是 或者 已经 现在 今天
    """.split()
)


def terms(text):
    """The report's terms in ``text``, in order (repeats kept)."""
    found = []
    position = 0
    text = text or ""
    for match in _HAN_RUN.finditer(text):
        found += _latin_terms(text[position : match.start()])
        found += [
            word for word in jieba.cut(match.group(0)) if len(word) > 1 and word not in STOP_WORDS
        ]
        position = match.end()
    found += _latin_terms(text[position:])
    return [term[:MAX_TERM] for term in found]


def _latin_terms(text):
    words = (word.casefold() for word in _WORD.findall(text))
    return [word for word in words if len(word) > 1 and word not in STOP_WORDS]


def count_terms(texts):
    """``Counter`` of terms over ``texts``, each term once per text (a customer
    repeating a word in one message asks one question)."""
    counter = Counter()
    for text in texts:
        counter.update(set(terms(text)))
    return counter
