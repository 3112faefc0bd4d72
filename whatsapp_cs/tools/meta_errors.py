# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Meta error codes turned into plain advice for the people who use Odoo."""

from odoo.tools.translate import LazyTranslate

_lt = LazyTranslate(__name__)

_TOKEN = _lt(
    "The access token is invalid or expired. An administrator must create a new "
    "system-user token in Meta Business Settings and paste it on the WhatsApp account."
)
_PERMISSION = _lt(
    "The token lacks a permission or access to this number. Give the system user the "
    "whatsapp_business_messaging and whatsapp_business_management permissions."
)
_TRANSIENT = _lt("Meta had a temporary problem. The message is retried automatically.")
_THROTTLED = _lt("Too many messages in a short time. Odoo slows down and retries automatically.")
_TEMPLATE_CALL = _lt(
    "The template call does not match the approved template: check its language and "
    "the number of variables, then sync the templates again."
)

ADVICE = {
    0: _TOKEN,
    190: _TOKEN,
    3: _PERMISSION,
    10: _PERMISSION,
    1: _TRANSIENT,
    2: _TRANSIENT,
    131000: _TRANSIENT,
    131016: _TRANSIENT,
    4: _THROTTLED,
    80007: _THROTTLED,
    130429: _THROTTLED,
    131056: _lt(
        "Too many messages to this customer in a short time. Odoo waits and retries; "
        "avoid splitting one answer into many messages."
    ),
    131048: _lt(
        "Meta is limiting this number because of low quality (blocks or reports). "
        "Send fewer messages and check the number's quality rating."
    ),
    131064: _lt(
        "The messaging limit was reached. Pause campaigns and template sends until "
        "the limit resets."
    ),
    368: _lt("Meta blocked this number for a policy violation. Check Business Support."),
    131031: _lt("The WhatsApp account is locked. Check Business Support in Meta."),
    130497: _lt("Meta does not allow this business to message customers in this country."),
    131026: _lt(
        "The message could not be delivered: the number may not be on WhatsApp, or "
        "the customer uses an old app. Contact the customer another way."
    ),
    131047: _lt(
        "More than 24 hours have passed since the customer last wrote. Send an "
        "approved template instead of free text."
    ),
    131049: _lt(
        "Meta held back this marketing message to protect the customer experience. "
        "Do not retry for at least 24 hours."
    ),
    131050: _lt(
        "The customer stopped marketing messages. Odoo marks them as opted out; do "
        "not send marketing templates."
    ),
    131051: _lt("The customer sent a message type WhatsApp does not support yet."),
    131060: _lt("The message is not available: ask the customer to send it again."),
    131052: _lt("The customer's file could not be downloaded; ask for a smaller file."),
    131053: _lt(
        "Meta could not read the file: its type does not match its extension, or the "
        "format is not supported. Convert it (JPEG, PNG, MP4, PDF) and try again."
    ),
    131057: _lt("The number is in maintenance at Meta; the message is retried later."),
    131008: _lt("A required value is missing in the message. Check the template variables."),
    131009: _lt("A value in the message is not valid (e.g. a reaction to an old message)."),
    131021: _lt("The recipient is the business number itself."),
    131030: _lt(
        "This is a test number: add the recipient to the allowed list in Meta's API "
        "Setup, or use a production number."
    ),
    131037: _lt("The number's display name is not approved yet in WhatsApp Manager."),
    131042: _lt("There is a payment problem on the WhatsApp Business account."),
    131045: _lt("The phone number is not registered on the Cloud API."),
    133010: _lt("The phone number is not registered on the Cloud API."),
    100: _lt("Meta rejected a parameter of the request. Check the account settings."),
    33: _lt("The phone number id or WABA id is wrong. Check the account settings."),
    132000: _TEMPLATE_CALL,
    132001: _TEMPLATE_CALL,
    132005: _lt("A template variable is too long."),
    132007: _lt("The template text breaks WhatsApp's content policy."),
    132008: _TEMPLATE_CALL,
    132012: _TEMPLATE_CALL,
    132015: _lt("The template is paused for low quality. Use another template or wait."),
    132016: _lt("The template is disabled. Use another template."),
}

UNKNOWN = _lt(
    "Meta refused the message. The code and title above tell why; contact your "
    "administrator if it keeps happening."
)
NO_ANSWER = _lt(
    "Meta could not be reached. Odoo retries automatically; check the server's "
    "internet connection if this persists."
)


def advice_for(code, lang="en_US"):
    """Plain advice for a Meta error code, in ``lang``."""
    if code is None:
        advice = NO_ANSWER
    elif 200 <= code <= 299:
        advice = _PERMISSION
    else:
        advice = ADVICE.get(code, UNKNOWN)
    return advice._translate(lang)
