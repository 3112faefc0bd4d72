/** @odoo-module **/
/* Copyright 2026 WhatsApp CS contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {Component, onWillStart, onWillUpdateProps, useState} from "@odoo/owl";
import {useService} from "@web/core/utils/hooks";

/**
 * The customer beside the chat: contact, tags, last orders and invoices,
 * open leads (what the user may read of them) and other conversations.
 */
export class WhatsappCustomerCard extends Component {
    static template = "whatsapp_cs.WhatsappCustomerCard";
    static props = {conversationId: Number};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({card: null});
        onWillStart(() => this.load(this.props.conversationId));
        onWillUpdateProps((next) => {
            if (next.conversationId !== this.props.conversationId) {
                return this.load(next.conversationId);
            }
        });
    }

    async load(conversationId) {
        this.state.card = await this.orm.call("whatsapp.conversation", "whatsapp_customer_card", [
            [conversationId],
        ]);
    }

    open(model, id) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: model,
            res_id: id,
            views: [[false, "form"]],
        });
    }
}
