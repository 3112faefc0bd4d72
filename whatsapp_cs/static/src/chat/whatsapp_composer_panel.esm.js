/** @odoo-module **/
/* Copyright 2026 WhatsApp CS contributors
 * License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {Component, useState} from "@odoo/owl";
import {useService} from "@web/core/utils/hooks";

const ROWS_MAX = 10;

/**
 * The composer's forms for what is not plain text: a location, contact
 * cards, reply buttons, a list menu and a link button. The limits shown are
 * Meta's; the server checks them again and builds the request itself.
 */
export class WhatsappComposerPanel extends Component {
    static template = "whatsapp_cs.WhatsappComposerPanel";
    static props = {
        kind: String,
        onSend: Function,
        onClose: Function,
        sending: {type: Boolean, optional: true},
    };

    setup() {
        this.orm = useService("orm");
        this.state = useState({
            body: "",
            header: "",
            footer: "",
            buttons: ["", "", ""],
            button: "",
            sectionTitle: "",
            rows: [{title: "", description: ""}],
            displayText: "",
            url: "https://",
            latitude: "",
            longitude: "",
            name: "",
            address: "",
            search: "",
            found: [],
            contacts: [],
        });
    }

    addRow() {
        if (this.state.rows.length < ROWS_MAX) {
            this.state.rows.push({title: "", description: ""});
        }
    }

    removeRow(index) {
        this.state.rows.splice(index, 1);
    }

    async searchContacts() {
        const term = this.state.search.trim();
        this.state.found = term
            ? await this.orm.call("res.partner", "name_search", [term], {limit: 8})
            : [];
    }

    addContact([id, name]) {
        if (!this.state.contacts.some((contact) => contact.id === id)) {
            this.state.contacts.push({id, name});
        }
        this.state.found = [];
        this.state.search = "";
    }

    removeContact(contact) {
        this.state.contacts = this.state.contacts.filter((c) => c.id !== contact.id);
    }

    send() {
        const s = this.state;
        switch (this.props.kind) {
            case "location":
                return this.props.onSend("whatsapp_send_location", [
                    s.latitude,
                    s.longitude,
                    s.name,
                    s.address,
                ]);
            case "contact":
                return this.props.onSend("whatsapp_send_contacts", [
                    s.contacts.map((contact) => contact.id),
                ]);
            case "buttons":
                return this.props.onSend("whatsapp_send_buttons", [
                    s.body,
                    s.buttons.filter((title) => title.trim()),
                    s.header,
                    s.footer,
                ]);
            case "list":
                return this.props.onSend("whatsapp_send_list", [
                    s.body,
                    s.button,
                    [
                        {
                            title: s.sectionTitle,
                            rows: s.rows.filter((row) => row.title.trim()),
                        },
                    ],
                    s.header,
                    s.footer,
                ]);
            case "cta":
                return this.props.onSend("whatsapp_send_cta_url", [
                    s.body,
                    s.displayText,
                    s.url,
                    s.header,
                    s.footer,
                ]);
        }
    }
}
