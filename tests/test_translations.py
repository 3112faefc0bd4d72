# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every string users see has a Simplified Chinese translation."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENTRY = re.compile(r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', re.M)
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|%\(\w+\)\.\d+f|\{\{\s*\w+\s*\}\}")


def entries(path):
    text = path.read_text(encoding="utf-8") + "\n"
    for match in ENTRY.finditer(text):
        msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
        msgstr = "".join(re.findall(r'"(.*)"', match.group(2)))
        if msgid:
            yield msgid, msgstr


@pytest.mark.parametrize("module", ["whatsapp_cs", "whatsapp_cs_bot", "whatsapp_cs_reports"])
def test_zh_cn_covers_the_template(module):
    template = dict(entries(ROOT / module / "i18n" / f"{module}.pot"))
    chinese = dict(entries(ROOT / module / "i18n" / "zh_CN.po"))
    assert set(template) == set(chinese), "regenerate zh_CN.po from the .pot (msgmerge)"
    untranslated = [msgid for msgid, msgstr in chinese.items() if not msgstr]
    assert not untranslated


@pytest.mark.parametrize("module", ["whatsapp_cs", "whatsapp_cs_bot", "whatsapp_cs_reports"])
def test_zh_cn_keeps_every_placeholder(module):
    for msgid, msgstr in entries(ROOT / module / "i18n" / "zh_CN.po"):
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(msgstr)), msgid
