/** @odoo-module **/
/* Copyright 2026 WhatsApp CS contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {
    Component,
    onMounted,
    onWillStart,
    onWillUnmount,
    onWillUpdateProps,
    useState,
} from "@odoo/owl";
import {WhatsappComposerPanel} from "./whatsapp_composer_panel.esm";
import {_t} from "@web/core/l10n/translation";
import {browser} from "@web/core/browser/browser";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";
import {useService} from "@web/core/utils/hooks";
import {user} from "@web/core/user";

const TICKS = {
    outgoing: "fa-clock-o",
    sending: "fa-clock-o",
    sent: "fa-check",
    delivered: "fa-check wa-double",
    read: "fa-check wa-double wa-read",
    played: "fa-check wa-double wa-read",
    failed: "fa-exclamation-circle text-danger",
};
// Meta shows "typing..." for 25 s: tell it again at most every 20 s.
const TYPING_EVERY_MS = 20000;
const REACTIONS = ["👍", "❤️", "😂", "🙏", "✅"];
// A customer writing several messages in a row gets one read receipt.
const SEEN_DELAY_MS = 1500;

/**
 * A WhatsApp thread as chat bubbles with delivery ticks, and a composer for
 * every kind of message an agent sends. New messages, ticks, locks and
 * assignments arrive over Odoo's bus (the realtime service): no polling.
 * Message bodies are rendered with t-esc: always as text.
 */
export class WhatsappThread extends Component {
    static template = "whatsapp_cs.WhatsappThread";
    static components = {WhatsappComposerPanel};
    static props = {
        conversationId: {type: Number, optional: true},
        partnerId: {type: Number, optional: true},
        onChanged: {type: Function, optional: true},
    };

    setup() {
        this.orm = useService("orm");
        this.notification = useService("notification");
        this.realtime = useService("whatsapp_cs.realtime");
        this.reactions = REACTIONS;
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
            replyTo: false,
            panel: false,
            reactingTo: false,
            user_id: false,
        });
        this.lastTyping = 0;
        onWillStart(() => this.start(this.props));
        onWillUpdateProps(async (next) => {
            if (
                next.conversationId !== this.props.conversationId ||
                next.partnerId !== this.props.partnerId
            ) {
                Object.assign(this.state, {body: "", replyTo: false, panel: false});
                await this.start(next);
            }
        });
        // listen once mounted: an instance OWL drops before mounting never unmounts
        const onUpdate = (ev) => this.onBusUpdate(ev.detail);
        onMounted(() => this.realtime.bus.addEventListener("update", onUpdate));
        onWillUnmount(() => {
            this.realtime.bus.removeEventListener("update", onUpdate);
            browser.clearTimeout(this.seenTimer);
        });
    }

    get isConversation() {
        return Boolean(this.props.conversationId);
    }

    async start(props) {
        await this.load(false, props);
        this.state.quickReplies = [];
        if (props.conversationId && this.state.can_send) {
            this.state.quickReplies = await this.orm.call(
                "whatsapp.conversation",
                "whatsapp_quick_replies",
                [[props.conversationId]]
            );
        }
    }

    async load(refresh, props = this.props) {
        // Everything the widget calls lives on whatsapp.conversation, where
        // each method checks the caller's role and access first.
        let data = null;
        if (props.conversationId) {
            data = await this.orm.call("whatsapp.conversation", "whatsapp_chat_data", [
                [props.conversationId],
                refresh,
            ]);
        } else if (props.partnerId) {
            data = await this.orm.call(
                "whatsapp.conversation",
                "whatsapp_partner_chat_data",
                [props.partnerId]
            );
        } else {
            return;
        }
        Object.assign(this.state, data);
    }

    /** A change the server announced for a conversation this user may read. */
    onBusUpdate(payload) {
        const conversation = payload.conversation;
        const mine = this.isConversation
            ? conversation.id === this.props.conversationId
            : conversation.partner_id === this.props.partnerId;
        if (!mine) {
            return;
        }
        const byId = new Map(this.state.messages.map((message) => [message.id, message]));
        for (const message of payload.messages) {
            byId.set(message.id, message);
        }
        this.state.messages = [...byId.values()].sort(
            (a, b) => a.timestamp.localeCompare(b.timestamp) || a.id - b.id
        );
        this.state.window_open = conversation.window_open;
        const lockedBy =
            conversation.locked_by_id && conversation.locked_by_id !== this.realtimeUser
                ? conversation.locked_by
                : "";
        if (this.isConversation && conversation.user_id !== this.state.user_id) {
            // taken, released or transferred: open it again (lock, seen, who may reply)
            this.load(false);
        } else if (this.isConversation && lockedBy !== this.state.locked_by) {
            // who may reply changed: ask the server again (once, not a poll)
            this.load(true);
        }
        const inbound = payload.messages.some((message) => message.direction === "in");
        if (inbound && this.isConversation && !document.hidden) {
            this.scheduleSeen();
        }
        if (this.props.onChanged) {
            this.props.onChanged(payload);
        }
    }

    /** Blue ticks for what the agent sees: once per burst of messages, not per message. */
    scheduleSeen() {
        if (this.seenTimer) {
            return;
        }
        this.seenTimer = browser.setTimeout(() => {
            this.seenTimer = null;
            this.orm.silent.call("whatsapp.conversation", "whatsapp_chat_seen", [
                [this.props.conversationId],
            ]);
        }, SEEN_DELAY_MS);
    }

    get realtimeUser() {
        return user.userId;
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
        this.state.panel = false;
    }

    togglePanel(kind) {
        this.state.panel = this.state.panel === kind ? false : kind;
    }

    quote(message) {
        this.state.replyTo = message;
        this.state.noteMode = false;
    }

    toggleReactions(message) {
        this.state.reactingTo = this.state.reactingTo === message.id ? false : message.id;
    }

    async react(message, emoji) {
        this.state.reactingTo = false;
        await this.call("whatsapp_chat_react", [message.id, emoji]);
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

    onInput() {
        if (!this.isConversation || this.state.noteMode || !this.state.body) {
            return;
        }
        const now = Date.now();
        if (now - this.lastTyping > TYPING_EVERY_MS) {
            this.lastTyping = now;
            this.orm.silent.call("whatsapp.conversation", "whatsapp_chat_typing", [
                [this.props.conversationId],
            ]);
        }
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
        } else if (ev.key === "Escape" && this.state.replyTo) {
            this.state.replyTo = false;
        }
    }

    /** Call a conversation method that answers with the chat's data. */
    async call(method, args) {
        if (this.state.sending) {
            return false;
        }
        this.state.sending = true;
        try {
            const data = await this.orm.call("whatsapp.conversation", method, [
                [this.props.conversationId],
                ...args,
            ]);
            Object.assign(this.state, data);
            this.lastTyping = 0;
            if (this.props.onChanged) {
                this.props.onChanged(null);
            }
            return true;
        } finally {
            this.state.sending = false;
        }
    }

    /** The composer panels (location, contact, buttons, list, link) send through here. */
    async sendSpecial(method, args) {
        const replyTo = this.state.replyTo ? this.state.replyTo.id : false;
        const done = await this.call(method, [...args, replyTo]);
        if (done) {
            this.state.panel = false;
            this.state.replyTo = false;
        }
        return done;
    }

    async send() {
        const body = this.state.body.trim();
        if (!body || this.state.sending) {
            return;
        }
        let done = false;
        if (this.state.noteMode) {
            done = await this.call("whatsapp_add_note", [body]);
        } else if (this.isConversation) {
            done = await this.call("whatsapp_chat_send", [
                body,
                this.state.quickReplyId || false,
                this.state.replyTo ? this.state.replyTo.id : false,
            ]);
        } else {
            this.state.sending = true;
            try {
                const data = await this.orm.call(
                    "whatsapp.conversation",
                    "whatsapp_partner_chat_send",
                    [this.props.partnerId, body]
                );
                Object.assign(this.state, data);
                done = true;
            } finally {
                this.state.sending = false;
            }
        }
        if (done) {
            Object.assign(this.state, {
                body: "",
                quickReplyId: false,
                noteMode: false,
                replyTo: false,
            });
        }
    }
}

/** The chat as a form field (conversation form, partner's WhatsApp tab). */
export class WhatsappChat extends Component {
    static template = "whatsapp_cs.WhatsappChat";
    static components = {WhatsappThread};
    static props = {...standardFieldProps};

    get threadProps() {
        const record = this.props.record;
        const isConversation = record.resModel === "whatsapp.conversation";
        return {
            conversationId: isConversation ? record.resId : undefined,
            partnerId: isConversation ? undefined : record.resId,
            onChanged: (payload) => this.onChanged(payload),
        };
    }

    async onChanged(payload) {
        // the form's own fields (state, agent, lock) follow the chat
        const record = this.props.record;
        if (!record.dirty && (!payload || payload.conversation.id === record.resId)) {
            await record.load();
        }
    }
}

registry.category("fields").add("whatsapp_chat", {
    component: WhatsappChat,
});
