/** @odoo-module **/
/* Copyright 2026 WhatsApp CS contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {registry} from "@web/core/registry";

/**
 * An editor creates a broadcast (WhatsApp > Sends > Broadcasts): the number,
 * an approved template, checks who will get it and what it costs, sends it.
 */
registry.category("web_tour.tours").add("whatsapp_cs_broadcast_tour", {
    steps: () => [
        {
            content: "A new broadcast",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Its title",
            trigger: ".o_field_widget[name='subject'] input",
            run: "edit VIP week from the tour",
        },
        {
            content: "The number",
            trigger: ".o_field_widget[name='wa_account_id'] input",
            run: "edit Test number",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Test number')",
            run: "click",
        },
        {
            content: "An approved template",
            trigger: ".o_field_widget[name='wa_template_id'] input",
            run: "edit vip_offer",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('vip_offer')",
            run: "click",
        },
        {
            content: "A marketing template",
            trigger: ".o_field_widget[name='wa_template_category']:contains('Marketing')",
        },
        {
            content: "To contacts",
            trigger: ".o_field_widget[name='mailing_model_id'] input",
            run: "edit Contact",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('Contact')",
            run: "click",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Who will get it, and what it costs",
            trigger: ".o_form_saved button[name='action_whatsapp_check_audience']",
            run: "click",
        },
        {
            content: "The audience is counted",
            trigger: ".o_field_widget[name='wa_audit_date'] span:not(:empty)",
        },
        {
            content: "Send it now",
            trigger: "button[name='action_launch']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "It is queued",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains('In Queue')",
        },
    ],
});
