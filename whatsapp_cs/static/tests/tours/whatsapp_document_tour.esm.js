/** @odoo-module **/
/* Copyright 2026 WhatsApp CS contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {registry} from "@web/core/registry";

/**
 * A salesperson sends an approved template about an invoice from its form:
 * Actions > WhatsApp, check the preview, send; the chatter says it went.
 */
registry.category("web_tour.tours").add("whatsapp_cs_document_tour", {
    steps: () => [
        {
            content: "Open the form's actions",
            trigger: ".o_form_view .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            content: "Send a WhatsApp template about this invoice",
            trigger: ".o_menu_item:contains('WhatsApp')",
            run: "click",
        },
        {
            content: "The template is filled from the invoice",
            trigger: ".modal .o_field_widget[name='preview']:contains('Tour Customer')",
        },
        {
            content: "Send it",
            trigger: ".modal button[name='action_send']",
            run: "click",
        },
        {
            content: "The invoice's chatter says it went",
            trigger: ".o-mail-Message:contains('WhatsApp invoice_ready sent to Tour Customer')",
        },
    ],
});
