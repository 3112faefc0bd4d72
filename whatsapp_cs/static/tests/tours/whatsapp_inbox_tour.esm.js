/** @odoo-module **/
/* Copyright 2026 WhatsApp CS contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {registry} from "@web/core/registry";

/**
 * An agent takes a conversation from the team pool, answers with a quick
 * reply, leaves an internal note for an editor and marks it solved.
 */
registry.category("web_tour.tours").add("whatsapp_cs_inbox_tour", {
    url: "/odoo/action-whatsapp_cs.whatsapp_conversation_action_pool",
    steps: () => [
        {
            content: "Open the pooled conversation",
            trigger: ".o_data_row:contains('Tour Customer') td[name='partner_id']",
            run: "click",
        },
        {
            content: "Claim it",
            trigger: "button[name='action_claim']",
            run: "click",
        },
        {
            content: "It is mine now",
            trigger: ".o_field_widget[name='user_id']:contains('Ann Agent')",
        },
        {
            content: "Type / and the shortcut",
            trigger: "textarea.o_whatsapp_input",
            run: "edit /than",
        },
        {
            content: "Pick the quick reply",
            trigger: ".o_whatsapp_quick_reply[data-shortcut='thanks']",
            run: "click",
        },
        {
            content: "The placeholders are filled",
            trigger: "textarea.o_whatsapp_input:value(/Thanks Tour, Ann Agent/)",
        },
        {
            content: "Send",
            trigger: ".o_whatsapp_send",
            run: "click",
        },
        {
            content: "The reply is in the thread",
            trigger: ".o_whatsapp_bubble_out:contains('Thanks Tour, Ann Agent will help you')",
        },
        {
            content: "Switch to an internal note",
            trigger: ".o_whatsapp_note_toggle",
            run: "click",
        },
        {
            content: "Write the note",
            trigger: "textarea.o_whatsapp_note_input",
            run: "edit Wants a refund, @Eve Editor please approve",
        },
        {
            content: "Add it",
            trigger: ".o_whatsapp_send",
            run: "click",
        },
        {
            content: "The note shows inline",
            trigger: ".o_whatsapp_bubble_note:contains('Wants a refund')",
        },
        {
            content: "Mark the conversation solved",
            trigger: "button[name='action_solve']",
            run: "click",
        },
        {
            content: "It is solved",
            trigger: ".o_statusbar_status button[aria-checked='true']:contains('Solved')",
        },
    ],
});
