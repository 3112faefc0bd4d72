# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import ast
import json
import re
import sys

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


# Imported by our code but provided by Odoo itself (its requirements.txt), so
# they are not declared: everything else an addon imports must be, and nothing
# it does not import may be.
PROVIDED_BY_ODOO = {"psycopg2", "pytz", "lxml", "werkzeug", "dateutil", "markupsafe", "babel"}
# Manifests name PyPI distributions (Odoo checks them); the code imports modules.
IMPORT_NAMES = {"google-re2": "re2"}


def _third_party_imports(module):
    names = set()
    for path in (ROOT / module).rglob("*.py"):
        if "tests" in path.relative_to(ROOT / module).parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return {name for name in names if name not in sys.stdlib_module_names and name != "odoo"}


@pytest.mark.parametrize("module", MODULES)
def test_external_dependencies_are_what_the_code_imports(module):
    manifest = ast.literal_eval((ROOT / module / "__manifest__.py").read_text())
    declared = {
        IMPORT_NAMES.get(name, name)
        for name in manifest.get("external_dependencies", {}).get("python", [])
    }
    imported = _third_party_imports(module)
    assert imported - PROVIDED_BY_ODOO <= declared, "imported but not declared"
    assert declared <= imported, "declared but never imported"
