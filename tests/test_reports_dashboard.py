# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The shipped dashboard is what tools/build_reports_dashboard.py writes."""

import importlib.util
import json

from conftest import ROOT

spec = importlib.util.spec_from_file_location(
    "build_reports_dashboard", ROOT / "tools" / "build_reports_dashboard.py"
)
builder = importlib.util.module_from_spec(spec)
spec.loader.exec_module(builder)
FILES = ROOT / "whatsapp_cs_reports" / "data" / "files"


def test_files_are_up_to_date():
    assert (FILES / "whatsapp_dashboard.json").read_text(encoding="utf-8") == builder.render()
    assert (FILES / "whatsapp_sample_dashboard.json").read_text(encoding="utf-8") == builder.render(
        sample=True
    )


def test_every_pivot_is_filtered_by_the_period_and_cells_use_existing_pivots():
    data = json.loads(builder.render())
    for pivot in data["pivots"].values():
        assert builder.PERIOD in pivot["fieldMatching"], pivot["name"]
    formulas = [
        cell["content"]
        for sheet in data["sheets"]
        for cell in sheet["cells"].values()
        if cell["content"].startswith("=PIVOT")
    ]
    used = {formula.split("(")[1].split(",")[0].rstrip(")") for formula in formulas}
    assert used == set(data["pivots"])


def test_the_sample_has_the_same_layout_and_no_query():
    live, sample = json.loads(builder.render()), json.loads(builder.render(sample=True))
    assert sample["pivots"] == {} and sample["globalFilters"] == []
    assert set(live["sheets"][0]["cells"]) <= set(sample["sheets"][0]["cells"]) | {
        key for key in live["sheets"][0]["cells"] if key[0] in "ABCDEFGHJ"
    }
    assert not any(
        "PIVOT" in cell["content"] for sheet in sample["sheets"] for cell in sheet["cells"].values()
    )
