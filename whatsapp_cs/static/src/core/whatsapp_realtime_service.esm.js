/** @odoo-module **/
/* Copyright 2026 WhatsApp CS contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {EventBus, reactive} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {browser} from "@web/core/browser/browser";
import {registry} from "@web/core/registry";
import {user} from "@web/core/user";

const SOUND_KEY = "whatsapp_cs.sound";
const RELOAD_DELAY_MS = 300;
const RECEIVED_KEPT = 200;

/**
 * The browser side of the real-time inbox. The server sends every change a
 * user may see on that user's own bus channel ("whatsapp_cs/update"); this
 * service hands them to the open chats and lists (`bus` "update" and
 * "removed" events), keeps the systray's counters, and notifies the user of
 * a new message in their conversations or a new conversation in their pool
 * through Discuss's own notifications (desktop when allowed, with its sound
 * if the user wants it). Nothing here polls.
 */
export class WhatsappRealtime {
    constructor(env, services) {
        this.env = env;
        this.orm = services.orm;
        this.outOfFocus = services["mail.out_of_focus"];
        this.bus = new EventBus();
        this.received = [];
        this.systray = reactive({
            loaded: false,
            mine: [],
            pool: [],
            mine_count: 0,
            pool_count: 0,
            alert_count: 0,
            sound: browser.localStorage.getItem(`${SOUND_KEY}.${user.userId}`) !== "0",
        });
        this.knownPool = new Set();
        services.bus_service.subscribe("whatsapp_cs/update", (payload) =>
            this.onUpdate(payload)
        );
        services.bus_service.start();
        this.isAgent = user.hasGroup("whatsapp_cs.group_agent");
        this.isEditor = user.hasGroup("whatsapp_cs.group_editor");
    }

    async loadSystray() {
        if (!(await this.isAgent)) {
            return;
        }
        const data = await this.orm.silent.call(
            "whatsapp.conversation",
            "whatsapp_systray_data",
            []
        );
        Object.assign(this.systray, data, {loaded: true});
        for (const row of data.pool) {
            this.knownPool.add(row.id);
        }
    }

    scheduleSystray() {
        browser.clearTimeout(this.systrayTimer);
        this.systrayTimer = browser.setTimeout(() => this.loadSystray(), RELOAD_DELAY_MS);
    }

    setSound(enabled) {
        this.systray.sound = enabled;
        browser.localStorage.setItem(`${SOUND_KEY}.${user.userId}`, enabled ? "1" : "0");
    }

    onUpdate(payload) {
        // the latest ones are kept: the tours check what reached this browser
        this.received.push(payload);
        if (this.received.length > RECEIVED_KEPT) {
            this.received.shift();
        }
        if (payload.removed) {
            this.bus.trigger("removed", payload.removed);
            this.scheduleSystray();
            return;
        }
        this.bus.trigger("update", payload);
        this.notify(payload);
        this.scheduleSystray();
    }

    async notify(payload) {
        const conversation = payload.conversation;
        const inbound = payload.messages.filter((message) => message.direction === "in");
        let title = "";
        if (payload.alert && (await this.isEditor)) {
            title = _t("Response alert: %s is waiting", conversation.name);
        } else if (payload.new_inbound && inbound.length) {
            if (conversation.user_id === user.userId) {
                title = _t("WhatsApp: %s", conversation.name);
            } else if (!conversation.user_id && !this.knownPool.has(conversation.id)) {
                title = _t("New WhatsApp conversation in your pool: %s", conversation.name);
            }
        }
        if (!conversation.user_id) {
            this.knownPool.add(conversation.id);
        }
        if (!title) {
            return;
        }
        const last = inbound.at(-1);
        this.outOfFocus.sendNotification({
            title,
            message: (last && (last.body || last.type)) || conversation.last_message_preview,
            sound: this.systray.sound,
            type: "info",
        });
    }
}

export const whatsappRealtimeService = {
    dependencies: ["bus_service", "orm", "mail.out_of_focus"],
    start(env, services) {
        return new WhatsappRealtime(env, services);
    },
};

registry.category("services").add("whatsapp_cs.realtime", whatsappRealtimeService);
