/** @odoo-module **/
/* Copyright 2026 WhatsApp CS contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {
    Component,
    onMounted,
    onWillStart,
    onWillUnmount,
    useExternalListener,
    useState,
} from "@odoo/owl";
import {WhatsappCustomerCard} from "./whatsapp_customer_card.esm";
import {WhatsappThread} from "../chat/whatsapp_chat.esm";
import {_t} from "@web/core/l10n/translation";
import {browser} from "@web/core/browser/browser";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {user} from "@web/core/user";

const RELOAD_DELAY_MS = 250;
const SEARCH_DELAY_MS = 300;

/**
 * The split-view inbox: the conversations the user may see (filters with
 * counters, search by customer, number or message text) on the left, the
 * selected conversation's chat and the customer's card on the right. Lists
 * follow the bus (the realtime service); the server applies the user's
 * record rules to every list, chat and card. Arrow keys (or j / k) move
 * between conversations when the cursor is not in a text field.
 */
export class WhatsappInbox extends Component {
    static template = "whatsapp_cs.WhatsappInbox";
    static components = {WhatsappThread, WhatsappCustomerCard};
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.ui = useState(useService("ui"));
        this.realtime = useService("whatsapp_cs.realtime");
        const context = (this.props.action && this.props.action.context) || {};
        this.filters = [
            {key: "mine", label: _t("Mine")},
            {key: "pool", label: _t("Team pool")},
            {key: "waiting", label: _t("Customer waiting")},
            {key: "alerts", label: _t("Alerts")},
            {key: "all", label: _t("All open")},
        ];
        this.state = useState({
            filter: context.whatsapp_filter || "mine",
            search: "",
            rows: [],
            counters: {},
            total: 0,
            selectedId: context.active_id || false,
        });
        onWillStart(async () => {
            await this.loadList();
            if (!this.state.selectedId && this.state.rows.length && !this.ui.isSmall) {
                this.state.selectedId = this.state.rows[0].id;
            }
        });
        const onUpdate = (ev) => this.onBusUpdate(ev.detail);
        const onRemoved = (ev) => this.onRemoved(ev.detail);
        onMounted(() => {
            this.realtime.bus.addEventListener("update", onUpdate);
            this.realtime.bus.addEventListener("removed", onRemoved);
        });
        onWillUnmount(() => {
            this.realtime.bus.removeEventListener("update", onUpdate);
            this.realtime.bus.removeEventListener("removed", onRemoved);
            browser.clearTimeout(this.reloadTimer);
        });
        useExternalListener(window, "keydown", (ev) => this.onKeydown(ev));
    }

    get userId() {
        return user.userId;
    }

    get selected() {
        return this.state.rows.find((row) => row.id === this.state.selectedId) || null;
    }

    async loadList() {
        const data = await this.orm.call("whatsapp.conversation", "whatsapp_inbox_data", [
            this.state.filter,
            this.state.search,
        ]);
        // re-render only for a change (a chat being opened is not disturbed)
        if (JSON.stringify(data.rows) !== JSON.stringify(this.state.rows)) {
            this.state.rows = data.rows;
        }
        if (JSON.stringify(data.counters) !== JSON.stringify(this.state.counters)) {
            this.state.counters = data.counters;
        }
        Object.assign(this.state, {total: data.total, filter: data.filter});
    }

    scheduleReload() {
        browser.clearTimeout(this.reloadTimer);
        this.reloadTimer = browser.setTimeout(() => this.loadList(), RELOAD_DELAY_MS);
    }

    onBusUpdate(payload) {
        const row = payload.conversation;
        const index = this.state.rows.findIndex((r) => r.id === row.id);
        if (index >= 0 && JSON.stringify(this.state.rows[index]) !== JSON.stringify(row)) {
            this.state.rows[index] = row;
        }
        // counters and membership of the filters are the server's: ask again
        // (debounced, and only because something changed)
        this.scheduleReload();
    }

    onRemoved(conversationId) {
        this.state.rows = this.state.rows.filter((row) => row.id !== conversationId);
        if (this.state.selectedId === conversationId) {
            this.state.selectedId = false;
        }
        this.scheduleReload();
    }

    async setFilter(key) {
        this.state.filter = key;
        await this.loadList();
    }

    onSearchInput() {
        browser.clearTimeout(this.searchTimer);
        this.searchTimer = browser.setTimeout(() => this.loadList(), SEARCH_DELAY_MS);
    }

    select(row) {
        if (row) {
            this.state.selectedId = row.id;
        }
    }

    back() {
        this.state.selectedId = false;
    }

    move(step) {
        const rows = this.state.rows;
        if (!rows.length) {
            return;
        }
        const index = rows.findIndex((row) => row.id === this.state.selectedId);
        const next = Math.min(rows.length - 1, Math.max(0, index + step));
        this.select(rows[index < 0 ? 0 : next]);
    }

    onKeydown(ev) {
        const target = ev.target;
        const typing =
            target && (["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) || target.isContentEditable);
        if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) {
            return;
        }
        if (ev.key === "ArrowDown" || ev.key === "j") {
            ev.preventDefault();
            this.move(1);
        } else if (ev.key === "ArrowUp" || ev.key === "k") {
            ev.preventDefault();
            this.move(-1);
        }
    }

    async run(method) {
        const id = this.state.selectedId;
        const result = await this.orm.call("whatsapp.conversation", method, [[id]]);
        if (result && result.type) {
            await this.action.doAction(result, {onClose: () => this.loadList()});
        }
        await this.loadList();
    }

    openForm() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "whatsapp.conversation",
            res_id: this.state.selectedId,
            views: [[false, "form"]],
        });
    }

    waitingText(row) {
        if (!row.waiting_since) {
            return "";
        }
        const since = new Date(row.waiting_since.replace(" ", "T") + "Z");
        const minutes = Math.max(0, Math.floor((Date.now() - since) / 60000));
        return _t("waiting %s min", minutes);
    }

    stateLabel(row) {
        return (
            {
                new: _t("New"),
                open: _t("Open"),
                pending: _t("Pending"),
                solved: _t("Solved"),
                closed: _t("Closed"),
            }[row.state] || row.state
        );
    }
}

registry.category("actions").add("whatsapp_cs.inbox", WhatsappInbox);
