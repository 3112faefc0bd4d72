# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WhatsApp Customer Service",
    "summary": "Two-way WhatsApp messaging on Meta's Cloud API: webhook, "
    "conversations on partners, media, templates and the 24-hour window",
    "version": "18.0.1.0.0",
    "category": "Discuss/WhatsApp",
    "license": "LGPL-3",
    "author": "WhatsApp CS contributors",
    "website": "https://github.com/whatsapp-cs/whatsapp-cs",
    "maintainers": ["whatsapp-cs"],
    "development_status": "Beta",
    "application": True,
    "installable": True,
    "depends": ["mail", "phone_validation", "resource"],
    "external_dependencies": {"python": ["requests", "phonenumbers", "babel"]},
    "data": [
        "security/whatsapp_cs_groups.xml",
        "security/ir.model.access.csv",
        "security/whatsapp_cs_security.xml",
        "data/ir_cron_data.xml",
        "views/whatsapp_account_views.xml",
        "views/whatsapp_template_views.xml",
        "views/whatsapp_message_views.xml",
        "views/whatsapp_conversation_views.xml",
        "views/whatsapp_event_views.xml",
        "views/whatsapp_team_views.xml",
        "views/whatsapp_routing_rule_views.xml",
        "views/whatsapp_quick_reply_views.xml",
        "views/res_partner_views.xml",
        "wizards/whatsapp_message_compose_views.xml",
        "views/whatsapp_cs_menus.xml",
    ],
    "demo": ["demo/whatsapp_cs_demo.xml"],
    "assets": {
        "web.assets_backend": ["whatsapp_cs/static/src/**/*"],
    },
}
