# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast
import json
import re

import pytest
from conftest import ROOT

TEMPLATE = json.loads((ROOT / "manifest_template.json").read_text())
MODULES = ["whatsapp_cs", "whatsapp_cs_bot", "whatsapp_cs_reports"]


@pytest.mark.parametrize("module", MODULES)
def test_manifest_follows_the_template(module):
    manifest = ast.literal_eval((ROOT / module / "__manifest__.py").read_text())
    assert re.match(TEMPLATE["version"], manifest["version"]), manifest["version"]
    for key, expected in TEMPLATE.items():
        if key.startswith("_") or key == "version":
            continue
        assert manifest.get(key) == expected, f"{module}: {key} drifted from the template"
    assert "description" not in manifest, "use readme/ fragments, never 'description'"
