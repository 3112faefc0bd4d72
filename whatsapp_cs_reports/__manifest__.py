# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "WhatsApp Customer Service Reports",
    "summary": "Reporting on WhatsApp conversations, agents and costs",
    "version": "18.0.0.1.0",
    "category": "Discuss/WhatsApp",
    "license": "LGPL-3",
    "author": "WhatsApp CS contributors",
    "website": "https://github.com/whatsapp-cs/whatsapp-cs",
    "maintainers": ["whatsapp-cs"],
    "development_status": "Beta",
    "installable": True,
    "depends": ["whatsapp_cs"],
    "data": [],
}
