/** @odoo-module **/
/* Copyright 2026 WhatsApp CS contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {Component, onMounted, onWillStart, onWillUnmount, useState} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {_t} from "@web/core/l10n/translation";
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
            refusal: "",
            locked_by: "",
            can_note: false,
            noteMode: false,
            quickReplies: [],
            quickReplyId: false,
        });
        onWillStart(async () => {
            await this.load(false);
            if (this.isConversation && this.state.can_send) {
                this.state.quickReplies = await this.orm.call(
                    "whatsapp.conversation",
                    "whatsapp_quick_replies",
                    [[this.resId]]
                );
            }
        });
        onMounted(() => {
            this.timer = setInterval(() => this.load(true), REFRESH_MS);
        });
        onWillUnmount(() => clearInterval(this.timer));
    }

    get resId() {
        return this.props.record.resId;
    }

    get isConversation() {
        return this.props.record.resModel === "whatsapp.conversation";
    }

    /** Quick replies whose shortcut starts with what follows a leading "/". */
    get suggestions() {
        const body = this.state.body;
        if (!body.startsWith("/") || body.includes(" ")) {
            return [];
        }
        const typed = body.slice(1).toLowerCase();
        return this.state.quickReplies.filter((reply) =>
            reply.shortcut.toLowerCase().startsWith(typed)
        );
    }

    async load(refresh) {
        if (!this.resId || this.state.sending) {
            return;
        }
        // Everything the widget calls lives on whatsapp.conversation, where
        // each method checks the caller's role and access first.
        const data = this.isConversation
            ? await this.orm.call("whatsapp.conversation", "whatsapp_chat_data", [
                  [this.resId],
                  refresh,
              ])
            : await this.orm.call(
                  "whatsapp.conversation",
                  "whatsapp_partner_chat_data",
                  [this.resId]
              );
        Object.assign(this.state, data);
    }

    get placeholder() {
        if (this.state.noteMode) {
            return _t(
                "Internal note, never sent to the customer (300 characters, @Name notifies)"
            );
        }
        return _t("Write a WhatsApp message… (Enter sends, / for quick replies)");
    }

    pickQuickReply(reply) {
        this.state.body = reply.body;
        this.state.quickReplyId = reply.id;
    }

    toggleNote() {
        this.state.noteMode = !this.state.noteMode;
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
            const [first] = this.suggestions;
            if (first) {
                this.pickQuickReply(first);
            } else {
                this.send();
            }
        }
    }

    async send() {
        const body = this.state.body.trim();
        if (!body || this.state.sending) {
            return;
        }
        this.state.sending = true;
        try {
            let data = null;
            if (this.state.noteMode) {
                data = await this.orm.call("whatsapp.conversation", "whatsapp_add_note", [
                    [this.resId],
                    body,
                ]);
            } else if (this.isConversation) {
                const args = [[this.resId], body];
                if (this.state.quickReplyId) {
                    args.push(this.state.quickReplyId);
                }
                data = await this.orm.call(
                    "whatsapp.conversation",
                    "whatsapp_chat_send",
                    args
                );
            } else {
                data = await this.orm.call(
                    "whatsapp.conversation",
                    "whatsapp_partner_chat_send",
                    [this.resId, body]
                );
            }
            this.state.body = "";
            this.state.quickReplyId = false;
            this.state.noteMode = false;
            Object.assign(this.state, data);
            if (!this.props.record.dirty) {
                await this.props.record.load();
            }
        } finally {
            this.state.sending = false;
        }
    }
}

registry.category("fields").add("whatsapp_chat", {
    component: WhatsappChat,
});
