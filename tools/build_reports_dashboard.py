#!/usr/bin/env python3
# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Write the WhatsApp dashboard shipped by whatsapp_cs_reports (o-spreadsheet
JSON, as Odoo 18's spreadsheet_dashboard reads it) and its sample twin.

Community edits no spreadsheet, so the dashboard is built here, from code:
``python3 tools/build_reports_dashboard.py`` rewrites both files, and
``tests/test_reports_dashboard.py`` fails when they drift from this script.
The live file's cells are ``PIVOT.VALUE`` formulas over the report models
with global Period / Team / Agent filters; the sample file has the same
layout with fixed figures (shown while there is no data).
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = ROOT / "whatsapp_cs_reports" / "data" / "files"
PERIOD, TEAM, AGENT = (
    "7c1b3f8e-0a51-4f0e-9d47-0e5c2a7d1a01",
    "7c1b3f8e-0a51-4f0e-9d47-0e5c2a7d1a02",
    "7c1b3f8e-0a51-4f0e-9d47-0e5c2a7d1a03",
)
CONVERSATIONS = "whatsapp.report.conversation"
WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
STAGES = [
    ("1_opened", "Opened"),
    ("2_replied", "First reply"),
    ("3_solved", "Solved"),
    ("4_ordered", "Order"),
    ("5_paid", "Paid"),
]
MENU = "whatsapp_cs_reports.whatsapp_cs_reports_menu_"
TOP = 10
# Fixed figures of the sample dashboard.
SAMPLE_KPIS = {
    "count": (1284, 1190),
    "frt": (148, 171),
    "resolution": (1930, 2210),
    "csat": (4.4, 4.3),
    "solved_pct": (86.0, 82.5),
    "cost": (212.4, 198.1),
    "paid_amount": (18450.0, 16320.0),
}
SAMPLE_FUNNEL = [1284, 1228, 1104, 402, 331]
SAMPLE_AGENTS = [
    ("Marc Demo", 212, 132, 4.6, 91.0, 310, 34.5),
    ("Ana Lima", 198, 151, 4.5, 88.0, 287, 33.0),
    ("Wei Zhang", 176, 139, 4.7, 92.0, 254, 31.5),
    ("John Carter", 150, 205, 4.1, 79.0, 199, 29.0),
    ("Lucía Gómez", 133, 166, 4.3, 85.0, 181, 27.5),
]
SAMPLE_KEYWORDS = [
    ("price", 412),
    ("多少钱", 388),
    ("shipping", 301),
    ("退货", 254),
    ("delivery", 233),
    ("refund", 198),
    ("size", 176),
    ("discount", 165),
    ("frete", 143),
    ("stock", 120),
]


def col(index):
    return "ABCDEFGHIJ"[index]


def matching(date_field, date_type, team=True, agent="user_id", offset=0):
    fields = {PERIOD: {"chain": date_field, "type": date_type, "offset": offset}}
    if team:
        fields[TEAM] = {"chain": "team_id", "type": "many2one"}
    if agent:
        fields[AGENT] = {"chain": agent, "type": "many2one"}
    return fields


def pivot(pivot_id, name, model, measures, rows=(), columns=(), domain=(), **kwargs):
    sorted_by = kwargs.pop("sort", None)
    return {
        "type": "ODOO",
        "id": pivot_id,
        "formulaId": pivot_id,
        "name": name,
        "model": model,
        "domain": list(domain),
        "context": {},
        "measures": [{"id": m, "fieldName": m} for m in measures],
        "rows": [{"fieldName": r} for r in rows],
        "columns": [{"fieldName": c} for c in columns],
        "sortedColumn": (
            {"groupId": [[], []], "measure": sorted_by, "order": "desc"} if sorted_by else None
        ),
        "fieldMatching": kwargs.pop("fields"),
    }


def pivots():
    conversation_fields = matching("opened_at", "datetime")
    measures = ["__count", *[k for k in SAMPLE_KPIS if k != "count"]]
    return {
        "1": pivot(
            "1", "KPIs - current period", CONVERSATIONS, measures, fields=conversation_fields
        ),
        "2": pivot(
            "2",
            "KPIs - previous period",
            CONVERSATIONS,
            measures,
            fields=matching("opened_at", "datetime", offset=-1),
        ),
        "3": pivot(
            "3",
            "Busiest hours",
            CONVERSATIONS,
            ["__count"],
            rows=["hour"],
            columns=["weekday"],
            fields=conversation_fields,
        ),
        "4": pivot(
            "4",
            "Funnel",
            "whatsapp.report.funnel",
            ["__count"],
            rows=["stage"],
            fields=matching("opened_at", "datetime"),
        ),
        "5": pivot(
            "5",
            "Top agents",
            CONVERSATIONS,
            ["__count", "frt", "csat", "solved_pct"],
            rows=["user_id"],
            domain=[["user_id", "!=", False]],
            sort="__count",
            fields=conversation_fields,
        ),
        "6": pivot(
            "6",
            "Agent activity",
            "whatsapp.report.agent",
            ["messages_sent", "hours_online"],
            rows=["user_id"],
            domain=[["period", "=", "week"]],
            sort="messages_sent",
            fields=matching("period_start", "date", team=False),
        ),
        "7": pivot(
            "7",
            "Top keywords",
            "whatsapp.report.keyword",
            ["count"],
            rows=["term"],
            sort="count",
            fields=matching("day", "date", agent=None),
        ),
    }


def duration(ref):
    """A duration in seconds as "2 min 30 sec" / "1 hr 5 min" (units translated)."""
    return (
        f'=IF({ref}="","",IF({ref}>=3600,CONCATENATE(INT({ref}/3600),_t(" hr "),'
        f'ROUND(MOD({ref},3600)/60,0),_t(" min")),CONCATENATE(INT({ref}/60),_t(" min "),'
        f'ROUND(MOD({ref},60),0),_t(" sec"))))'
    )


def label(text):
    """A cell users read, translated by Odoo (its ``_t`` spreadsheet function)."""
    return {"content": f'=_t("{text}")'}


def link(title, model, view, context):
    action = {
        "domain": [],
        "context": context,
        "modelName": model,
        "views": [[False, "pivot"], [False, "graph"], [False, "list"], [False, "search"]],
    }
    target = json.dumps(
        {"viewType": view, "action": action, "threshold": 0, "name": title},
        separators=(",", ":"),
    )
    return f"[{title}](odoo://view/{target})"


KPI_ROWS = [
    # key, label, number format of the current/previous cells, shown as
    ("count", "Conversations", "0", "number"),
    ("frt", "Avg first response", "0", "duration"),
    ("resolution", "Avg resolution time", "0", "duration"),
    ("csat", "CSAT (1-5)", "0.0", "number"),
    ("solved_pct", "Resolution rate (%)", "0.0", "number"),
    ("cost", "WhatsApp cost", "#,##0.00", "number"),
    ("paid_amount", "Revenue (paid)", "#,##0", "number"),
]


def data_sheet(sample):
    cells = {
        "A1": label("KPI"),
        "B1": label("Current"),
        "C1": label("Previous"),
        "D1": label("Shown"),
        "E1": label("Previous (shown)"),
    }
    for index, (key, text, _fmt, kind) in enumerate(KPI_ROWS, start=2):
        measure = "__count" if key == "count" else key
        cells[f"A{index}"] = label(text)
        if sample:
            current, previous = SAMPLE_KPIS[key]
            cells[f"B{index}"] = {"content": str(current)}
            cells[f"C{index}"] = {"content": str(previous)}
        else:
            cells[f"B{index}"] = {"content": f'=PIVOT.VALUE(1,"{measure}")'}
            cells[f"C{index}"] = {"content": f'=PIVOT.VALUE(2,"{measure}")'}
        if kind == "duration":
            cells[f"D{index}"] = {"content": duration(f"B{index}")}
            cells[f"E{index}"] = {"content": duration(f"C{index}")}
        else:
            cells[f"D{index}"] = {"content": f"=B{index}"}
            cells[f"E{index}"] = {"content": f"=C{index}"}
    return sheet("data", "Data", cells, cols=5, rows=len(KPI_ROWS) + 2, visible=False)


def sheet(sheet_id, name, cells, cols, rows, visible=True, **extra):
    return {
        "id": sheet_id,
        "name": name,
        "colNumber": cols,
        "rowNumber": rows,
        "rows": extra.get("row_sizes", {}),
        "cols": extra.get("col_sizes", {}),
        "merges": [],
        "cells": cells,
        "styles": extra.get("styles", {}),
        "formats": extra.get("formats", {}),
        "borders": {},
        "conditionalFormats": extra.get("conditional", []),
        "figures": extra.get("figures", []),
        "tables": [],
        "areGridLinesVisible": False,
        "isVisible": visible,
        "headerGroups": {"ROW": [], "COL": []},
        "dataValidationRules": [],
        "comments": {},
    }


def scorecards():
    figures = []
    for index, (key, text, _fmt, kind) in enumerate(KPI_ROWS):
        row = index + 2
        data = {
            "type": "scorecard",
            "title": {"text": text, "bold": True, "color": "#434343"},
            "background": "#EFF6FF" if kind == "number" else "#FEF2F2",
            "keyValue": f"Data!D{row}",
            "baseline": f"Data!{'C' if kind == 'number' else 'E'}{row}",
            "baselineMode": "percentage" if kind == "number" else "text",
            "baselineDescr": "last period",
            "baselineColorDown": "#DC6965",
            "baselineColorUp": "#00A04A",
            "humanize": False,
        }
        figures.append(
            {
                "id": f"wa-kpi-{key}",
                "x": (index % 4) * 245,
                "y": 12 + (index // 4) * 112,
                "width": 235,
                "height": 102,
                "tag": "chart",
                "data": data,
            }
        )
    return figures


def odoo_bar(figure_id, y, model, group_by, measure, fields):
    return {
        "id": figure_id,
        "x": 0,
        "y": y,
        "width": 990,
        "height": 300,
        "tag": "chart",
        "data": {
            "type": "odoo_bar",
            "title": {"text": ""},
            "background": "#FFFFFF",
            "legendPosition": "none",
            "verticalAxisPosition": "left",
            "stacked": False,
            "metaData": {
                "groupBy": [group_by],
                "measure": measure,
                "order": None,
                "resModel": model,
                "mode": "bar",
            },
            "searchParams": {
                "comparison": None,
                "context": {},
                "domain": [],
                "groupBy": [group_by],
                "orderBy": [],
            },
            "fieldMatching": fields,
        },
    }


def sample_bar(figure_id, y, labels, values):
    return {
        "id": figure_id,
        "x": 0,
        "y": y,
        "width": 990,
        "height": 300,
        "tag": "chart",
        "data": {
            "type": "bar",
            "dataSetsHaveTitle": False,
            "dataSets": [{"dataRange": values, "yAxisId": "y"}],
            "labelRange": labels,
            "legendPosition": "none",
            "title": {},
            "stacked": False,
            "aggregated": False,
        },
    }


def dashboard_sheet(sample):  # noqa: C901 - one layout, top to bottom
    cells = {}
    styles = {}
    row = 12  # rows 1-11 hold the scorecards, in two rows
    title_rows = []

    def title(text):
        nonlocal row
        cells[f"A{row}"] = {"content": text}
        styles[f"A{row}"] = 1
        title_rows.append(row)
        row += 1

    # Busiest hours (pivot hour x weekday)
    title(
        link(
            "Busiest hours (company time zone)",
            CONVERSATIONS,
            "pivot",
            {"pivot_row_groupby": ["hour"], "pivot_column_groupby": ["weekday"]},
        )
    )
    cells[f"A{row}"] = label("Hour")
    for day, name in enumerate(WEEKDAYS):
        cells[f"{col(day + 1)}{row}"] = label(name)
    styles[f"A{row}:H{row}"] = 2
    row += 1
    first_hour = row
    for hour in range(24):
        cells[f"A{row}"] = {"content": f"{hour:02d}:00"}
        for day in range(7):
            if sample:
                peak = 3 if hour in (10, 11, 20, 21) else 1 if 8 <= hour <= 22 else 0
                value = peak * (12 - abs(day - 2)) + (hour * 7 + day * 3) % 5
                cells[f"{col(day + 1)}{row}"] = {"content": str(value)}
            else:
                cells[f"{col(day + 1)}{row}"] = {
                    "content": f'=PIVOT.VALUE(3,"__count","hour",{hour},"weekday","{day}")'
                }
        row += 1
    heat_range = f"B{first_hour}:H{row - 1}"
    row += 1
    # Funnel
    title(link("Funnel", "whatsapp.report.funnel", "pivot", {"pivot_row_groupby": ["stage"]}))
    for index, header in enumerate(("Layer", "Conversations", "% of opened")):
        cells[f"{col(index)}{row}"] = label(header)
    styles[f"A{row}:C{row}"] = 2
    row += 1
    funnel_first = row
    for index, (stage, name) in enumerate(STAGES):
        cells[f"A{row}"] = label(name)
        cells[f"B{row}"] = {
            "content": str(SAMPLE_FUNNEL[index])
            if sample
            else f'=PIVOT.VALUE(4,"__count","stage","{stage}")'
        }
        cells[f"C{row}"] = {"content": f"=IFERROR(B{row}/B${funnel_first},0)"}
        row += 1
    funnel_rows = (funnel_first, row - 1)
    row += 1
    # Top agents
    title(link("Top agents", CONVERSATIONS, "pivot", {"pivot_row_groupby": ["user_id"]}))
    headers = (
        "Agent",
        "Conversations",
        "Avg first response",
        "CSAT",
        "Resolution rate (%)",
        "Messages sent (weeks)",
        "Hours online (weeks)",
    )
    for index, header in enumerate(headers):
        cells[f"{col(index)}{row}"] = label(header)
    styles[f"A{row}:G{row}"] = 2
    row += 1
    for rank in range(1, TOP + 1):
        if sample:
            if rank <= len(SAMPLE_AGENTS):
                values = SAMPLE_AGENTS[rank - 1]
                cells[f"A{row}"] = {"content": values[0]}
                cells[f"B{row}"] = {"content": str(values[1])}
                cells[f"J{row}"] = {"content": str(values[2])}
                cells[f"C{row}"] = {"content": duration(f"J{row}")}
                cells[f"D{row}"] = {"content": str(values[3])}
                cells[f"E{row}"] = {"content": str(values[4])}
                cells[f"F{row}"] = {"content": values[0]}
                cells[f"G{row}"] = {"content": str(values[5])}
                cells[f"H{row}"] = {"content": str(values[6])}
        else:
            cells[f"A{row}"] = {"content": f'=PIVOT.HEADER(5,"#user_id",{rank})'}
            cells[f"B{row}"] = {"content": f'=PIVOT.VALUE(5,"__count","#user_id",{rank})'}
            cells[f"J{row}"] = {"content": f'=PIVOT.VALUE(5,"frt","#user_id",{rank})'}
            cells[f"C{row}"] = {"content": duration(f"J{row}")}
            cells[f"D{row}"] = {"content": f'=PIVOT.VALUE(5,"csat","#user_id",{rank})'}
            cells[f"E{row}"] = {"content": f'=PIVOT.VALUE(5,"solved_pct","#user_id",{rank})'}
            cells[f"F{row}"] = {"content": f'=PIVOT.HEADER(6,"#user_id",{rank})'}
            cells[f"G{row}"] = {"content": f'=PIVOT.VALUE(6,"messages_sent","#user_id",{rank})'}
            cells[f"H{row}"] = {"content": f'=PIVOT.VALUE(6,"hours_online","#user_id",{rank})'}
        row += 1
    cells[f"F{row - TOP - 1}"] = label("Most active (Agents report)")
    cells[f"G{row - TOP - 1}"] = label("Messages sent")
    cells[f"H{row - TOP - 1}"] = label("Hours online")
    row += 1
    # Top keywords
    title(link("Top keywords", "whatsapp.report.keyword", "graph", {"group_by": ["term"]}))
    cells[f"A{row}"] = label("Term")
    cells[f"B{row}"] = label("Messages")
    styles[f"A{row}:B{row}"] = 2
    row += 1
    keyword_first = row
    for rank in range(1, TOP + 1):
        if sample:
            term, count = SAMPLE_KEYWORDS[rank - 1]
            cells[f"A{row}"] = {"content": term}
            cells[f"B{row}"] = {"content": str(count)}
        else:
            cells[f"A{row}"] = {"content": f'=PIVOT.HEADER(7,"#term",{rank})'}
            cells[f"B{row}"] = {"content": f'=PIVOT.VALUE(7,"count","#term",{rank})'}
        row += 1
    row += 1
    # Conversations per day (a chart under the tables)
    chart_row = row
    row += 14
    chart_y = (chart_row - 1) * 23
    if sample:
        chart = sample_bar(
            "wa-chart-funnel",
            chart_y,
            f"Dashboard!A{funnel_rows[0]}:A{funnel_rows[1]}",
            f"Dashboard!B{funnel_rows[0]}:B{funnel_rows[1]}",
        )
    else:
        chart = odoo_bar(
            "wa-chart-days",
            chart_y,
            CONVERSATIONS,
            "opened_at:day",
            "__count",
            matching("opened_at", "datetime"),
        )
    cells[f"A{chart_row - 1}"] = label("Conversations per day" if not sample else "Funnel")
    styles[f"A{chart_row - 1}"] = 1
    conditional = [
        {
            "id": "wa-heatmap",
            "ranges": [heat_range],
            "rule": {
                "type": "ColorScaleRule",
                "minimum": {"type": "value", "color": 16777215},
                "maximum": {"type": "value", "color": 2854776},
            },
        },
        {
            "id": "wa-keywords",
            "ranges": [f"A{keyword_first}:A{keyword_first + TOP - 1}"],
            "rule": {
                "type": "DataBarRule",
                "color": 15531509,
                "rangeValues": f"B{keyword_first}:B{keyword_first + TOP - 1}",
            },
        },
    ]
    formats = {f"C{funnel_rows[0]}:C{funnel_rows[1]}": 1}
    return sheet(
        "dashboard",
        "Dashboard",
        cells,
        cols=10,
        rows=row,
        styles=styles,
        formats=formats,
        conditional=conditional,
        figures=[*scorecards(), chart],
        col_sizes={
            "0": {"size": 150},
            **{str(index): {"size": 125} for index in range(1, 8)},
            "9": {"isHidden": True},
        },
        row_sizes={str(r - 1): {"size": 40} for r in title_rows},
    )


def spreadsheet(sample=False):
    data = {
        "version": 21,
        "sheets": [dashboard_sheet(sample), data_sheet(sample)],
        "styles": {
            "1": {"textColor": "#01666b", "bold": True, "fontSize": 16},
            "2": {"textColor": "#434343", "bold": True, "fontSize": 11},
        },
        "formats": {"1": "0%", "2": "0.0"},
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {
            "locale": {
                "name": "English (US)",
                "code": "en_US",
                "thousandsSeparator": ",",
                "decimalSeparator": ".",
                "dateFormat": "mm/dd/yyyy",
                "timeFormat": "hh:mm:ss",
                "formulaArgSeparator": ",",
                "weekStart": 1,
            }
        },
        "customTableStyles": {},
        "odooVersion": 12,
        "lists": {},
        "listNextId": 1,
    }
    if sample:
        data.update(pivots={}, pivotNextId=1, globalFilters=[])
        return data
    data.update(
        pivots=pivots(),
        pivotNextId=8,
        globalFilters=[
            {
                "id": PERIOD,
                "type": "date",
                "label": "Period",
                "defaultValue": "last_month",
                "rangeType": "relative",
            },
            {
                "id": TEAM,
                "type": "relation",
                "label": "Team",
                "modelName": "whatsapp.team",
                "defaultValue": [],
                "defaultValueDisplayNames": [],
            },
            {
                "id": AGENT,
                "type": "relation",
                "label": "Agent",
                "modelName": "res.users",
                "defaultValue": [],
                "defaultValueDisplayNames": [],
            },
        ],
        chartOdooMenusReferences={
            "wa-chart-days": f"{MENU}conversations",
            **{f"wa-kpi-{key}": f"{MENU}conversations" for key, *_rest in KPI_ROWS},
        },
    )
    return data


def render(sample=False):
    return json.dumps(spreadsheet(sample), indent=1, ensure_ascii=False) + "\n"


def main():
    FILES.mkdir(parents=True, exist_ok=True)
    (FILES / "whatsapp_dashboard.json").write_text(render(), encoding="utf-8")
    (FILES / "whatsapp_sample_dashboard.json").write_text(render(sample=True), encoding="utf-8")
    print("written", *sorted(p.name for p in FILES.glob("*.json")), file=sys.stderr)


if __name__ == "__main__":
    main()
