/** @odoo-module **/
/* Copyright 2026 WhatsApp CS contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {Component, onWillStart, useState} from "@odoo/owl";
import {Dropdown} from "@web/core/dropdown/dropdown";
import {NotificationItem} from "@mail/core/public_web/notification_item";
import {deserializeDateTime} from "@web/core/l10n/dates";
import {registry} from "@web/core/registry";
import {useDiscussSystray} from "@mail/utils/common/hooks";
import {useDropdownState} from "@web/core/dropdown/dropdown_hooks";
import {useService} from "@web/core/utils/hooks";
import {user} from "@web/core/user";

/**
 * The WhatsApp systray item: unread conversations assigned to me and those
 * waiting in my teams' pools (counters kept by the realtime service from
 * the bus); a click opens the conversation in the split-view inbox. Rows are
 * Discuss's own NotificationItem.
 */
export class WhatsappSystray extends Component {
    static template = "whatsapp_cs.WhatsappSystray";
    static components = {Dropdown, NotificationItem};
    static props = {};

    setup() {
        this.realtime = useService("whatsapp_cs.realtime");
        this.action = useService("action");
        this.systray = useState(this.realtime.systray);
        this.discussSystray = useDiscussSystray();
        this.dropdown = useDropdownState();
        this.state = useState({visible: false});
        onWillStart(async () => {
            this.state.visible = await user.hasGroup("whatsapp_cs.group_agent");
            if (this.state.visible) {
                await this.realtime.loadSystray();
            }
        });
    }

    get counter() {
        return this.systray.mine_count + this.systray.pool_count;
    }

    datetime(row) {
        return row.last_message_at ? deserializeDateTime(row.last_message_at) : undefined;
    }

    avatar(row) {
        return `/web/image/res.partner/${row.partner_id}/avatar_128`;
    }

    open(row) {
        this.dropdown.close();
        this.action.doAction("whatsapp_cs.whatsapp_inbox_action", {
            additionalContext: {
                active_id: row.id,
                whatsapp_filter: row.user_id ? "mine" : "pool",
            },
            clearBreadcrumbs: true,
        });
    }

    openInbox() {
        this.dropdown.close();
        this.action.doAction("whatsapp_cs.whatsapp_inbox_action", {clearBreadcrumbs: true});
    }

    toggleSound() {
        this.realtime.setSound(!this.systray.sound);
    }
}

registry
    .category("systray")
    .add("whatsapp_cs.systray", {Component: WhatsappSystray}, {sequence: 24});
