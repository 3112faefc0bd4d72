# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WhatsApp Customer Service Bots",
    "summary": "Bots, auto-tags and broadcasts (WhatsApp mailings) for WhatsApp CS",
    "version": "18.0.1.0.0",
    "category": "Discuss/WhatsApp",
    "license": "LGPL-3",
    "author": "WhatsApp CS contributors",
    "website": "https://github.com/whatsapp-cs/whatsapp-cs",
    "maintainers": ["whatsapp-cs"],
    "development_status": "Beta",
    "installable": True,
    "depends": ["whatsapp_cs", "mass_mailing"],
    "external_dependencies": {"python": ["google-re2", "requests"]},
    "data": [
        "security/ir.model.access.csv",
        "security/whatsapp_cs_bot_security.xml",
        "data/whatsapp_sensitive_word_data.xml",
        "views/whatsapp_bot_rule_views.xml",
        "views/whatsapp_compliance_views.xml",
        "data/mailing_data.xml",
        "views/whatsapp_account_views.xml",
        "views/mailing_mailing_views.xml",
    ],
    "demo": ["demo/whatsapp_cs_bot_demo.xml"],
    "assets": {
        "web.assets_tests": ["whatsapp_cs_bot/static/tests/tours/*.esm.js"],
    },
}
