/** @odoo-module **/
/* Copyright 2026 WhatsApp CS contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {registry} from "@web/core/registry";

/** What reached this browser over the bus (the realtime service keeps it). */
function received() {
    return odoo.__WOWL_DEBUG__.root.env.services["whatsapp_cs.realtime"].received;
}

/**
 * An agent works from the split view with nothing reloading: she claims a
 * pooled conversation; the customer writes (a real webhook, during the tour)
 * and the message shows in the open chat; a new customer lands in her pool
 * and the systray counter changes; she answers and sees the tick.
 */
registry.category("web_tour.tours").add("whatsapp_cs_realtime_tour", {
    steps: () => [
        {
            content: "The split view is open on my conversations",
            trigger: ".o_whatsapp_inbox .o_whatsapp_inbox_filter[data-filter='mine'].btn-primary",
        },
        {
            content: "The systray knows one conversation waits in my pool",
            trigger: ".o_whatsapp_systray_counter:contains(1)",
        },
        {
            content: "Show the team pool",
            trigger: ".o_whatsapp_inbox_filter[data-filter='pool']",
            run: "click",
        },
        {
            content: "Open the waiting customer",
            trigger: ".o_whatsapp_inbox_row:contains('Live Customer')",
            run: "click",
        },
        {
            content: "The chat shows what they wrote",
            trigger: ".o_whatsapp_inbox_chat .o_whatsapp_bubble_in:contains('Hi there')",
        },
        {
            content: "Claim it",
            trigger: ".o_whatsapp_inbox_claim",
            run: "click",
        },
        {
            content: "Mine now: the pool is empty, the systray too",
            trigger: ".o_whatsapp_systray:not(:has(.o_whatsapp_systray_counter))",
        },
        {
            content: "Start answering (Meta shows the customer that I am typing)",
            trigger: ".o_whatsapp_inbox_chat textarea.o_whatsapp_input",
            run: "edit Thanks for waiting, I am on it",
        },
        {
            content: "Meanwhile the customer writes again: it arrives in the open chat, no reload",
            trigger: ".o_whatsapp_inbox_chat .o_whatsapp_bubble_in:contains('Is anybody there?')",
            timeout: 20000,
        },
        {
            content: "A new customer lands in my pool: the systray counter changes",
            trigger: ".o_whatsapp_systray_counter:contains(1)",
            timeout: 20000,
        },
        {
            content: "and the pool's counter in the list too",
            trigger: ".o_whatsapp_inbox_filter[data-filter='pool'] .o_whatsapp_inbox_counter:contains(1)",
        },
        {
            content: "It all came over the bus",
            trigger: "body",
            run() {
                if (!received().some((p) => p.conversation && p.conversation.name === "Walk In")) {
                    throw new Error("the new conversation did not come over the bus");
                }
            },
        },
        {
            content: "Send",
            trigger: ".o_whatsapp_inbox_chat .o_whatsapp_send",
            run: "click",
        },
        {
            content: "Meta took it: the tick shows, live",
            trigger:
                ".o_whatsapp_bubble_out[data-state='sent']:contains('Thanks for waiting, I am on it')",
            timeout: 20000,
        },
    ],
});

/**
 * An agent of another team has her inbox open while a customer of the
 * Support team writes: nothing of it reaches her browser, while her own
 * customer's message does.
 */
registry.category("web_tour.tours").add("whatsapp_cs_realtime_other_team_tour", {
    steps: () => [
        {
            content: "Show my team's pool",
            trigger: ".o_whatsapp_inbox_filter[data-filter='pool']",
            run: "click",
        },
        {
            content: "Only my team's customer is listed",
            trigger: ".o_whatsapp_inbox_row:contains('Sales Customer')",
            run() {
                const rows = [...document.querySelectorAll(".o_whatsapp_inbox_row")];
                if (rows.some((row) => row.textContent.includes("Support Customer"))) {
                    throw new Error("another team's conversation is listed");
                }
            },
        },
        {
            content: "Open it",
            trigger: ".o_whatsapp_inbox_row:contains('Sales Customer')",
            run: "click",
        },
        {
            content: "Claim it",
            trigger: ".o_whatsapp_inbox_claim",
            run: "click",
        },
        {
            content: "My customer's message arrives live",
            trigger: ".o_whatsapp_bubble_in:contains('Hello Sales')",
            timeout: 20000,
        },
        {
            content: "Nothing of the other team's customer reached this browser",
            trigger: ".o_whatsapp_bubble_in:contains('Hello Sales')",
            run() {
                const all = JSON.stringify(received());
                if (!all.includes("Hello Sales")) {
                    throw new Error("my own message did not come over the bus");
                }
                if (all.includes("Secret for Support") || all.includes("Support Customer")) {
                    throw new Error("another team's conversation reached this browser");
                }
                if (document.body.innerText.includes("Secret for Support")) {
                    throw new Error("another team's message is shown");
                }
            },
        },
    ],
});
