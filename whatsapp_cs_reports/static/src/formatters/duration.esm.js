/* Copyright 2026 WhatsApp CS contributors
   License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl). */
import {Component} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";
import {user} from "@web/core/user";

const UNITS = [
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
    ["second", 1],
];

/**
 * Seconds as people read them, in the user's language: "2 min 30 sec",
 * "1 hr 5 min", "2分钟30秒" (the two largest units, CLDR's short unit names,
 * as the server's babel formatting in digests and notifications).
 */
export function formatDuration(value) {
    if (value === false || value === null || value === undefined) {
        return "";
    }
    let remaining = Math.round(Math.abs(value));
    const parts = UNITS.map(([unit, size]) => {
        const count = Math.floor(remaining / size);
        remaining -= count * size;
        return [count, unit];
    });
    let first = parts.findIndex(([count]) => count);
    if (first < 0) {
        first = parts.length - 1;
    }
    const shown = parts.slice(first, first + 2).filter(([count]) => count);
    if (!shown.length) {
        shown.push([0, "second"]);
    }
    const locale = (user.lang || "en-US").replace("_", "-");
    const words = shown.map(([count, unit]) =>
        new Intl.NumberFormat(locale, {style: "unit", unit, unitDisplay: "short"}).format(
            count
        )
    );
    return words.join(/^(zh|ja|ko)/.test(locale) ? "" : " ");
}

registry.category("formatters").add("whatsapp_duration", formatDuration);

export class WhatsappDurationField extends Component {
    static template = "whatsapp_cs_reports.DurationField";
    static props = {...standardFieldProps};

    get formatted() {
        return formatDuration(this.props.record.data[this.props.name]);
    }
}

registry.category("fields").add("whatsapp_duration", {
    component: WhatsappDurationField,
    displayName: "Duration",
    supportedTypes: ["float"],
});
