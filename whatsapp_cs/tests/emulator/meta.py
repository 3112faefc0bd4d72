# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the fake Meta knows: limits, error codes, sample files and templates."""

import base64
import hashlib
import hmac
import time

API_VERSION = "v25.0"
WINDOW_SECONDS = 24 * 3600

# A 1x1 PNG, enough for a customer "photo".
TINY_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)
SAMPLE_MEDIA = {
    "image": ("image/jpeg", TINY_PNG, "photo.jpg"),
    "sticker": ("image/webp", b"RIFF\x1a\x00\x00\x00WEBPVP8 ", "sticker.webp"),
    "audio": ("audio/ogg", b"OggS\x00\x02" + b"\x00" * 64, "voice.ogg"),
    "video": ("video/mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 64, "clip.mp4"),
    "document": ("application/pdf", b"%PDF-1.4\n%%EOF\n", "invoice.pdf"),
}

SAMPLE_LOCATION = {
    "latitude": 37.4847,
    "longitude": -122.1477,
    "name": "HQ",
    "address": "1 Hacker Way",
}
SAMPLE_CONTACTS = [
    {
        "name": {"formatted_name": "Chandler Bing", "first_name": "Chandler"},
        "phones": [{"phone": "+1 555-555-5555", "wa_id": "15555555555", "type": "CELL"}],
    }
]

META_ERRORS = {
    4: (429, "Application request limit reached"),
    190: (401, "Error validating access token: Session has expired"),
    100: (400, "Invalid parameter"),
    130429: (429, "Rate limit hit"),
    131047: (400, "Re-engagement message"),
    131056: (400, "(Business Account, Consumer Account) pair rate limit hit"),
    131026: (400, "Message undeliverable"),
    132000: (400, "Number of parameters does not match the expected number of params"),
    132001: (404, "Template name does not exist in the translation"),
    132012: (400, "Parameter format does not match format in the created template"),
    131053: (400, "Media upload error"),
}

DEFAULT_TEMPLATES = [
    {
        "name": "order_confirmation",
        "language": "en_US",
        "category": "UTILITY",
        "status": "APPROVED",
        "parameter_format": "POSITIONAL",
        "components": [
            {"type": "HEADER", "format": "TEXT", "text": "Order {{1}}"},
            {"type": "BODY", "text": "Hi {{1}}, your order {{2}} is confirmed. Total: {{3}}."},
            {"type": "FOOTER", "text": "Reply STOP to opt out"},
            {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Talk to us"}]},
        ],
    },
    {
        "name": "shipping_update",
        "language": "en_US",
        "category": "UTILITY",
        "status": "APPROVED",
        "parameter_format": "NAMED",
        "components": [
            {"type": "BODY", "text": "Hello {{customer_name}}, your parcel is on its way."},
        ],
    },
    {
        "name": "welcome_back",
        "language": "zh_CN",
        "category": "MARKETING",
        "status": "APPROVED",
        "parameter_format": "POSITIONAL",
        "components": [{"type": "BODY", "text": "{{1}}，您好！欢迎再次光临。"}],
    },
    {
        "name": "appointment_reminder",
        "language": "en_US",
        "category": "UTILITY",
        "status": "PENDING",
        "parameter_format": "POSITIONAL",
        "components": [{"type": "BODY", "text": "Reminder: your appointment is on {{1}}."}],
    },
    {
        "name": "spring_sale",
        "language": "en_US",
        "category": "MARKETING",
        "status": "REJECTED",
        "parameter_format": "POSITIONAL",
        "components": [{"type": "BODY", "text": "Best prices ever, only today!"}],
    },
]


def sign(body, secret):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def now():
    return int(time.time())


def error(code, message, status=None, details=None):
    http_status, title = META_ERRORS.get(code, (400, message))
    return status or http_status, {
        "error": {
            "message": f"({'#'}{code}) {title}",
            "type": "OAuthException",
            "code": code,
            "error_data": {"messaging_product": "whatsapp", "details": details or message},
            "fbtrace_id": "AEmulator" + str(code),
        }
    }
