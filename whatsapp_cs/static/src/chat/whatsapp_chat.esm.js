/** @odoo-module **/
/* Copyright 2026 WhatsApp CS contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {Component, onMounted, onWillStart, onWillUnmount, useState} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";
import {useService} from "@web/core/utils/hooks";

const TICKS = {
    outgoing: "fa-clock-o",
    sending: "fa-clock-o",
    sent: "fa-check",
    delivered: "fa-check wa-double",
    read: "fa-check wa-double wa-read",
    played: "fa-check wa-double wa-read",
    failed: "fa-exclamation-circle text-danger",
};
const REFRESH_MS = 4000;

/**
 * A WhatsApp thread as chat bubbles with delivery ticks, and a composer for
 * free text. Message bodies are rendered with t-esc: always as text.
 */
export class WhatsappChat extends Component {
    static template = "whatsapp_cs.WhatsappChat";
    static props = {...standardFieldProps};

    setup() {
        this.orm = useService("orm");
        this.state = useState({
            messages: [],
            window_open: false,
            can_send: false,
            body: "",
            sending: false,
        });
        onWillStart(() => this.load());
        onMounted(() => {
            this.timer = setInterval(() => this.load(), REFRESH_MS);
        });
        onWillUnmount(() => clearInterval(this.timer));
    }

    get resId() {
        return this.props.record.resId;
    }

    async load() {
        if (!this.resId || this.state.sending) {
            return;
        }
        const data = await this.orm.call(
            this.props.record.resModel,
            "whatsapp_chat_data",
            [[this.resId]]
        );
        Object.assign(this.state, data);
    }

    tickClass(message) {
        return TICKS[message.state] || "";
    }

    isImage(attachment) {
        return (attachment.mimetype || "").startsWith("image/");
    }

    formatTime(timestamp) {
        const date = new Date(timestamp.replace(" ", "T") + "Z");
        return date.toLocaleString();
    }

    onKeydown(ev) {
        if (ev.key === "Enter" && !ev.shiftKey) {
            ev.preventDefault();
            this.send();
        }
    }

    async send() {
        const body = this.state.body.trim();
        if (!body || this.state.sending) {
            return;
        }
        this.state.sending = true;
        try {
            const data = await this.orm.call(
                this.props.record.resModel,
                "whatsapp_chat_send",
                [[this.resId], body]
            );
            this.state.body = "";
            Object.assign(this.state, data);
        } finally {
            this.state.sending = false;
        }
    }
}

registry.category("fields").add("whatsapp_chat", {
    component: WhatsappChat,
});
