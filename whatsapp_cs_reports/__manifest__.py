# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WhatsApp Customer Service Reports",
    "summary": "Conversation, agent, message, funnel and keyword reports, CSAT over "
    "WhatsApp, a spreadsheet dashboard and digest KPIs",
    "version": "18.0.1.0.0",
    "category": "Discuss/WhatsApp",
    "license": "LGPL-3",
    "author": "WhatsApp CS contributors",
    "website": "https://github.com/whatsapp-cs/whatsapp-cs",
    "maintainers": ["whatsapp-cs"],
    "development_status": "Beta",
    "installable": True,
    "depends": ["whatsapp_cs", "rating", "spreadsheet_dashboard", "digest"],
    "external_dependencies": {"python": ["jieba"]},
    "data": [
        "security/ir.model.access.csv",
        "security/whatsapp_cs_reports_security.xml",
        "data/ir_cron_data.xml",
        "data/ir_config_parameter_data.xml",
        "data/digest_data.xml",
        "views/whatsapp_report_conversation_views.xml",
        "views/whatsapp_report_agent_views.xml",
        "views/whatsapp_report_message_views.xml",
        "views/whatsapp_report_funnel_views.xml",
        "views/whatsapp_report_keyword_views.xml",
        "views/rating_rating_views.xml",
        "views/whatsapp_team_views.xml",
        "views/digest_digest_views.xml",
        "views/whatsapp_cs_reports_menus.xml",
        "data/dashboards.xml",
    ],
    "post_init_hook": "post_init_hook",
    "assets": {
        "web.assets_backend": ["whatsapp_cs_reports/static/src/**/*"],
        "web.assets_tests": ["whatsapp_cs_reports/static/tests/tours/*.esm.js"],
    },
}
