/** @odoo-module **/
/* Copyright 2026 WhatsApp CS contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {registry} from "@web/core/registry";

/**
 * An analyst opens the WhatsApp dashboard, then the Conversations pivot and
 * the busiest hours.
 */
registry.category("web_tour.tours").add("whatsapp_cs_reports_tour", {
    url: "/odoo/dashboards",
    steps: () => [
        {
            content: "Pick the WhatsApp dashboard",
            trigger: ".o_search_panel_section .o_search_panel_category_value:contains('WhatsApp Customer Service')",
            run: "click",
        },
        {
            content: "Its scorecards are drawn",
            trigger: ".o-spreadsheet .o-figure",
        },
        {
            content: "The team filter is there",
            trigger: ".o-filter-value, .o_spreadsheet_global_filters, .o-spreadsheet-topbar",
        },
        {
            content: "Open the Conversations report",
            trigger: "body",
            run: () => {
                window.location.href =
                    "/odoo/action-whatsapp_cs_reports.whatsapp_report_conversation_action";
            },
        },
        {
            content: "The pivot shows the team's row",
            trigger: ".o_pivot .o_pivot_header_cell_closed:contains('Team A')",
        },
        {
            content: "with the first response in readable time",
            trigger: ".o_pivot td.o_pivot_cell_value:contains('min')",
        },
        {
            content: "Open the busiest hours",
            trigger: "body",
            run: () => {
                window.location.href =
                    "/odoo/action-whatsapp_cs_reports.whatsapp_report_conversation_action_heatmap";
            },
        },
        {
            content: "Hours against weekdays",
            trigger: ".o_pivot th:contains('Monday')",
        },
    ],
});
