# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the client sends and what the emulator posts, against Meta's OpenAPI description.

Every request body is built by the real client (``tools/message_payload`` +
``CloudApiClient``) and validated as the emulator received it; every webhook is built by
the emulator's own builders. How the description is read (the gaps its SOURCE.md
documents, and one defect it does not) is in ``openapi_validator``. Where the description
is wrong about, or silent on, a shape Meta uses, the test pins that it refuses exactly
there and nothing else (so the day the description is fixed, the test says so): that part
is NOT validated, and the README lists it. Properties it does not declare (open schemas
let them through unchecked) are listed, so that a new one is noticed.
"""

import copy

import openapi_validator as oav
import pytest
from conftest import emulator_module, message_payload

CUSTOMER = "16505551234"
CALLBACK = "odoo:4f1c2e9a"  # what whatsapp.message sends as biz_opaque_callback_data
QUOTED = "wamid.HBgLMTY1MDU1NTEyMzQVAgARGBI5QTRCMEM4RjA2NzY4RTlBNAA="
MEDIA_ID = "1013859600285441"


def _load_or_fail():
    """The spec; when it is missing, a failure that says where it was looked for."""
    try:
        return oav.load()
    except oav.SpecMissing as exc:
        message = str(exc)
    pytest.fail(message, pytrace=False)


@pytest.fixture(scope="module")
def meta():
    return _load_or_fail()


def assert_valid(meta, pointer, instance):
    errors = meta.errors(pointer, instance)
    assert not errors, "Meta's OpenAPI description rejects it:\n%s\n%s" % (
        "\n".join(map(str, errors)),
        oav.dumps(instance),
    )


def expect_spec_defect(meta, pointer, instance, expected, reason):
    """The spec rejects ``instance`` exactly at ``expected`` (``{(path, keyword)}``),
    where it does not describe what Meta does; any other disagreement fails the test.
    The gap is pinned, not validated."""
    errors = meta.errors(pointer, instance)
    if not errors:
        pytest.fail(f"The spec now accepts this ({reason}): validate it for real.")
    found = {(error.path, error.keyword) for error in errors}
    assert found == set(expected), "Unexpected disagreements:\n%s\n%s" % (
        "\n".join(map(str, errors)),
        oav.dumps(instance),
    )


@pytest.fixture(scope="module")
def emulator():
    """One emulator for the whole module: stopping one takes half a second."""
    em = emulator_module.CloudApiEmulator(access_token="tok").start()
    yield em
    em.stop()


def test_meta_openapi_file_is_present():
    _load_or_fail()


def test_missing_spec_fails_with_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setenv(oav.ENV_VAR, str(tmp_path / "nowhere.yaml"))
    with pytest.raises(oav.SpecMissing, match="WA_META_OPENAPI"):
        oav.load()


# Requests -------------------------------------------------------------------------------
def _template(name, components):
    return {"name": name, "language": "en_US", "status": "APPROVED", "components": components}


def _default_template(name):
    return next(t for t in emulator_module.DEFAULT_TEMPLATES if t["name"] == name)


BODY = {"type": "BODY", "text": "Hi {{1}}, here it is."}
QUICK_REPLY = {"type": "QUICK_REPLY", "text": "Talk to us"}
TRACK = {"type": "URL", "text": "Track", "url": "https://example.com/track/{{1}}"}
COPY_CODE = {"type": "COPY_CODE", "example": "SAVE10"}
# name: (definition, values, keyword arguments of message_payload.template)
TEMPLATES = {
    # Text header, body and footer (the footer has no parameters: nothing to send).
    "positional": (
        _default_template("order_confirmation"),
        {
            ("header", "1"): "#1001",
            ("body", "1"): "Ann",
            ("body", "2"): "#1001",
            ("body", "3"): "$25.00",
        },
        {},
    ),
    "named": (_default_template("shipping_update"), {("body", "customer_name"): "Ann"}, {}),
    "image_header": (
        _template("photo_header", [{"type": "HEADER", "format": "IMAGE"}, BODY]),
        {("body", "1"): "Ann"},
        {"header_media": {"id": MEDIA_ID}},
    ),
    "document_header": (
        _template("invoice_ready", [{"type": "HEADER", "format": "DOCUMENT"}, BODY]),
        {("body", "1"): "Ann"},
        {"header_media": {"id": MEDIA_ID, "filename": "invoice-1001.pdf"}},
    ),
    "url_button": (
        _template("track_order", [BODY, {"type": "BUTTONS", "buttons": [QUICK_REPLY, TRACK]}]),
        {("body", "1"): "Ann", ("button", "1"): "1001?ref=wa"},
        {},
    ),
    "url_button_first": (
        _template("track_order_first", [BODY, {"type": "BUTTONS", "buttons": [TRACK]}]),
        {("body", "1"): "Ann", ("button", "0"): "1001"},
        {},
    ),
    "copy_code_button": (
        _template("coupon", [BODY, {"type": "BUTTONS", "buttons": [QUICK_REPLY, COPY_CODE]}]),
        {("body", "1"): "Ann", ("button", "1"): "SAVE10"},
        {},
    ),
}


def _message_payloads():
    """Every request body shape, built as whatsapp.message builds them."""
    mp = message_payload
    to = CUSTOMER
    cases = {
        "text": {**mp.envelope(to, CALLBACK), **mp.text("Hello, how can we help?")},
        "text_quoting": {**mp.envelope(to, CALLBACK, QUOTED), **mp.text("Yes, it does.")},
        "reaction": {**mp.envelope(to, CALLBACK), **mp.reaction(QUOTED, "\N{THUMBS UP SIGN}")},
        "reply_buttons": {
            **mp.envelope(to, CALLBACK),
            **mp.reply_buttons(
                "Did that solve it?",
                [("t1_yes", "Yes"), ("t1_no", "No"), ("handoff", "Talk to a human")],
            ),
        },
        # What an agent composes in the chat (whatsapp_conversation_rpc validates, these build).
        "agent_buttons": {
            **mp.envelope(to, CALLBACK),
            **mp.agent_buttons(
                "Which size?", ["Small", "Medium", "Large"], header="Size", footer="Shop"
            ),
        },
        "agent_buttons_quoting": {
            **mp.envelope(to, CALLBACK, QUOTED),
            **mp.agent_buttons("Is that the one?", ["Yes", "No"]),
        },
        "list_menu": {
            **mp.envelope(to, CALLBACK),
            **mp.list_menu(
                "Who should handle your request?",
                "Departments",
                [
                    ("Sales", [("New order", "Quotes and orders")]),
                    ("Support", [("Technical help", ""), ("Billing", "Invoices")]),
                ],
                header="Choose a department",
                footer="Replies within 1 business day",
            ),
        },
        "list_menu_one_section": {
            **mp.envelope(to, CALLBACK),
            **mp.list_menu("Pick one", "Options", [("", [(f"Option {i}", "") for i in range(10)])]),
        },
        "cta_url": {
            **mp.envelope(to, CALLBACK),
            **mp.cta_url("Track your parcel here", "Track", "https://example.com/t/1001?x=1"),
        },
        "location": {
            **mp.envelope(to, CALLBACK),
            **mp.location(37.4847, -122.1486, "Meta HQ", "1 Hacker Way, Menlo Park"),
        },
        "location_bare": {**mp.envelope(to, CALLBACK), **mp.location("-23.5", "-46.63")},
        "contacts": {
            **mp.envelope(to, CALLBACK),
            **mp.contacts(
                [
                    {
                        "name": "Marc Demo",
                        "phones": [("+1 650 555 1234", "16505551234")],
                        "emails": ["marc@example.com"],
                        "company": "YourCompany",
                    },
                    {"name": "Support", "phones": [("+1 650 555 0000", None)]},
                ]
            ),
        },
    }
    for kind in mp.MEDIA_TYPES:
        cases[f"media_{kind}"] = {
            **mp.envelope(to, CALLBACK),
            **mp.media(kind, MEDIA_ID, caption="As promised", filename="invoice-1001.pdf"),
        }
    for key, (definition, values, options) in TEMPLATES.items():
        body = mp.template(
            definition["name"],
            definition["language"],
            definition["components"],
            values,
            named=definition.get("parameter_format") == "NAMED",
            **options,
        )
        cases[f"template_{key}"] = {**mp.envelope(to, CALLBACK), **body}
    return cases


MESSAGES = _message_payloads()
# Request shapes Meta takes that the spec gets wrong: (where it says no, why).
REQUEST_SPEC_DEFECTS = {
    "template_url_button_first": (
        {("$.template.components[1].index", "pattern")},
        "TemplateComponent and ButtonComponent give `index` the pattern '^[2-6, 11-14]$' "
        "(one character among 2-6, ',', ' ', '1', '4'): the first button, '0', never "
        "matches, nor does it in Meta's own examples in the same file",
    ),
    "template_copy_code_button": (
        {
            ("$.template.components[1].sub_type", "enum"),
            ("$.template.components[1].parameters[0].type", "enum"),
        },
        "COPY_CODE buttons are not described: ButtonComponent `sub_type` is one of "
        "quick_reply, url, catalog and ButtonParameterObject `type` one of payload, text "
        "(no copy_code, no coupon_code)",
    ),
    "cta_url": (
        {("$.interactive.type", "enum"), ("$.interactive.action", "oneOf")},
        "call-to-action URL buttons (interactive cta_url, action name cta_url with "
        "display_text and url) are not described: InteractiveObject `type` is one of "
        "button, call_permission_request, catalog_message, list, product, product_list, "
        "flow, and no ActionObject has `name` cta_url",
    ),
}


# Properties the spec does not declare where they sit: its schemas are open there, so
# they pass WITHOUT being validated. Pinned, so that a new one is noticed.
REQUEST_UNDECLARED = {
    "media_image": ["$.image.caption"],  # MediaObject declares id and link only
    "media_video": ["$.video.caption"],
    "media_document": ["$.document.caption", "$.document.filename"],
    "template_named": ["$.template.components[0].parameters[0].parameter_name"],
    "template_document_header": ["$.template.components[0].parameters[0].document.filename"],
}


def assert_declared(meta, pointer, instance, undeclared):
    found = meta.undeclared(pointer, instance)
    assert found == undeclared, (
        "Properties the spec does not declare (open schemas: valid but not validated); "
        "if that is right, list them in this module.\n" + oav.dumps(instance)
    )


def _sent(emulator, client, payload):
    emulator.reset()
    emulator.last_inbound[CUSTOMER] = 4_000_000_000  # inside the 24-hour window
    for definition, _values, _options in TEMPLATES.values():
        if all(t["name"] != definition["name"] for t in emulator.templates):
            template_id = str(399999999999000 + len(emulator.templates))
            emulator.templates.append(dict(definition, id=template_id))
    client.send_message(payload)
    (request,) = emulator.requests
    assert request["path"].endswith(f"/{emulator.phone_number_id}/messages")
    return request["json"]


@pytest.mark.parametrize("name", sorted(MESSAGES))
def test_message_request(meta, emulator, client, name):
    body = _sent(emulator, client, MESSAGES[name])
    added = {"messaging_product": "whatsapp", "recipient_type": "individual"}
    assert body == {**added, **MESSAGES[name]}
    if name in REQUEST_SPEC_DEFECTS:
        expect_spec_defect(meta, oav.SEND_MESSAGE, body, *REQUEST_SPEC_DEFECTS[name])
        return
    assert_valid(meta, oav.SEND_MESSAGE, body)
    assert_declared(meta, oav.SEND_MESSAGE, body, REQUEST_UNDECLARED.get(name, []))


def test_typing_indicator_request(meta, emulator, client):
    """The typing indicator rides on a read receipt; the spec's schema for it has no
    `typing_indicator` (an open schema: sent, not validated)."""
    emulator.reset()
    client.typing_indicator(QUOTED)
    (request,) = emulator.requests
    assert request["json"]["typing_indicator"] == {"type": "text"}
    assert_valid(meta, oav.MARK_READ, request["json"])
    assert_declared(meta, oav.MARK_READ, request["json"], ["$.typing_indicator"])


def test_agent_input_beyond_meta_limits_is_refused():
    mp = message_payload
    too_long = "x" * 21
    cases = [
        (lambda: mp.agent_buttons("Body", ["A", "B", "C", "D"]), "button", "too_many"),
        (lambda: mp.agent_buttons("Body", [too_long]), "button", "too_long"),
        (lambda: mp.agent_buttons("Body", ["Yes", "yes"]), "button", "duplicate"),
        (lambda: mp.agent_buttons("", ["Yes"]), "body", "missing"),
        (lambda: mp.agent_buttons("x" * 1025, ["Yes"]), "body", "too_long"),
        (lambda: mp.agent_buttons("Body", ["Yes"], footer="f" * 61), "footer", "too_long"),
        (
            lambda: mp.list_menu("Body", "Menu", [("", [(str(i), "") for i in range(11)])]),
            "row",
            "too_many",
        ),
        (lambda: mp.list_menu("Body", "Menu", [("", [("r" * 25, "")])]), "row", "too_long"),
        (
            lambda: mp.list_menu("Body", "Menu", [("", [("Row", "d" * 73)])]),
            "description",
            "too_long",
        ),
        (
            lambda: mp.list_menu("Body", "Menu", [("A", [("1", "")]), ("", [("2", "")])]),
            "section",
            "missing",
        ),
        (lambda: mp.list_menu("Body", too_long, [("", [("1", "")])]), "list_button", "too_long"),
        (lambda: mp.list_menu("Body", "Menu", []), "row", "missing"),
        (lambda: mp.cta_url("Body", "Open", "javascript:alert(1)"), "url", "invalid"),
        (lambda: mp.cta_url("Body", too_long, "https://example.com"), "display_text", "too_long"),
        (lambda: mp.location(91, 0), "latitude", "invalid"),
        (lambda: mp.location(0, "east"), "longitude", "invalid"),
        (lambda: mp.contacts([{"name": "Nobody"}]), "contact", "missing"),
        (lambda: mp.contacts([]), "contact", "missing"),
    ]
    for build, field, reason in cases:
        with pytest.raises(mp.PayloadError) as caught:
            build()
        assert (caught.value.field, caught.value.reason) == (field, reason)


def test_summaries_say_what_the_customer_sees():
    mp = message_payload
    assert (
        mp.summary(MESSAGES["agent_buttons"])
        == "Size\nWhich size?\n[Small] | [Medium] | [Large]\nShop"
    )
    assert mp.summary(MESSAGES["location_bare"]) == "📍 (-23.5, -46.63)"
    assert mp.summary(MESSAGES["contacts"]) == "👤 Marc Demo, Support"
    assert "[Track] https://example.com/t/1001?x=1" in mp.summary(MESSAGES["cta_url"])
    assert mp.summary(MESSAGES["list_menu"]).splitlines()[2].startswith("[Departments] New order")


def test_mark_read_request(meta, emulator, client):
    emulator.reset()
    client.mark_read(QUOTED)
    (request,) = emulator.requests
    assert request["path"].endswith(f"/{emulator.phone_number_id}/messages")
    assert request["json"]["status"] == "read"
    assert_valid(meta, oav.MARK_READ, request["json"])
    assert_declared(meta, oav.MARK_READ, request["json"], [])


def test_media_upload_form(meta, emulator, client):
    emulator.reset()
    content = b"%PDF-1.4\n%%EOF\n"
    client.upload_media(content, "application/pdf", "invoice-1001.pdf")
    (request,) = emulator.requests
    assert request["path"].endswith(f"/{emulator.phone_number_id}/media")
    form = request["form"]
    properties = meta.resolve(oav.UPLOAD_MEDIA)["properties"]
    binary = {name for name, prop in properties.items() if prop.get("format") == "binary"}
    assert binary == {"file"}, "the spec's upload form changed: look again"
    # A binary property is a file part; it is validated as the string of its bytes.
    # Text fields are validated as sent.
    for name, value in form.items():
        assert isinstance(value, dict) == (name in binary), f"{name} is the wrong kind of part"
    assert form["file"]["size"] == len(content)
    instance = {
        name: content.decode("latin-1") if name in binary else value for name, value in form.items()
    }
    assert_valid(meta, oav.UPLOAD_MEDIA, instance)
    # `type` (the file's MIME type, which Meta's documentation requires) is not in the
    # spec's form: sent, not validated.
    assert_declared(meta, oav.UPLOAD_MEDIA, instance, ["$.type"])


# Webhooks -------------------------------------------------------------------------------
def _customer(msg_type, text="Hello", **extra):
    return lambda em: em.build_customer_message(CUSTOMER, msg_type, text, **extra)


WEBHOOKS = {
    "text": _customer("text"),
    "text_quoting": _customer("text", "Is it still available?", context_id=QUOTED),
    "image": _customer("image", "My receipt"),
    "video": _customer("video", "See"),
    "audio": _customer("audio", ""),
    "document": _customer("document", "The contract"),
    "sticker": _customer("sticker", ""),
    "location": _customer("location", ""),
    "contacts": _customer("contacts", ""),
    "button": _customer("button", "Reopen", payload="t1_reopen"),
    "interactive_button_reply": _customer("interactive", "Yes, solved", reply_id="t1_yes"),
    "interactive_list_reply": _customer(
        "interactive",
        "Billing",
        interactive_type="list_reply",
        reply_id="dep_billing",
        description="Invoices and payments",
    ),
    "interactive_nfm_reply": _customer(
        "interactive", "Sent", interactive_type="nfm_reply", answers={"flow_token": "t1"}
    ),
    "interactive_call_permission_reply": _customer(
        "interactive", "", interactive_type="call_permission_reply"
    ),
    "reaction": _customer("reaction", "\N{THUMBS UP SIGN}", context_id=QUOTED),
    "edit": _customer("edit", "Corrected text", context_id=QUOTED),
    "revoke": _customer("revoke", "", context_id=QUOTED),
    "system_user_changed_number": _customer(
        "system",
        "",
        system={
            "body": "User Ann changed from 16505551234 to 16505559999",
            "wa_id": "16505559999",
            "type": "user_changed_number",
        },
    ),
    "unsupported": _customer("unsupported", ""),
    "status_sent": lambda em: em.build_status(QUOTED, "sent", CUSTOMER, callback_data=CALLBACK),
    "status_delivered": lambda em: em.build_status(QUOTED, "delivered", CUSTOMER),
    "status_read": lambda em: em.build_status(QUOTED, "read", CUSTOMER, callback_data=CALLBACK),
    "status_failed": lambda em: em.build_status(
        QUOTED, "failed", CUSTOMER, error_code=131026, callback_data=CALLBACK
    ),
    "template_status": lambda em: em.build_template_status("order_confirmation", "APPROVED"),
    "user_preference": lambda em: em.build_user_preference(CUSTOMER, "stop"),
}
CHANGE = "$.entry[0].changes[0]"
MESSAGE = f"{CHANGE}.value.messages[0]"
_NOT_A_FIELD = (
    "Change `field` is one of messages and three group fields and `value` one of "
    "IncomingMessageValueGeneral/System, StatusMessageValue, GroupValue"
)
# Webhooks Meta sends that the spec gets wrong or leaves out: (where it says no, why).
WEBHOOK_SPEC_DEFECTS = {
    "text_quoting": (
        {(f"{MESSAGE}.context", "required")},
        "ContextObject requires `referred_product`, which Meta sends only when the "
        "customer asks about a product; a plain quoted reply has `from` and `id` only "
        "(as in the file's own ButtonMessage and InteractiveMessageReply)",
    ),
    "interactive_nfm_reply": (
        {(f"{MESSAGE}.interactive.type", "enum")},
        "Flow answers (interactive nfm_reply): InteractiveMessageReply `interactive.type` "
        "is one of list_reply, button_reply",
    ),
    "interactive_call_permission_reply": (
        {(f"{MESSAGE}.interactive.type", "enum")},
        "call permission answers (interactive call_permission_reply): "
        "InteractiveMessageReply `interactive.type` is one of list_reply, button_reply",
    ),
    "edit": (
        {(MESSAGE, "oneOf")},
        "edited messages: IncomingMessage has no `edit` type",
    ),
    "revoke": (
        {(MESSAGE, "oneOf")},
        "deleted messages: IncomingMessage has no `revoke` type",
    ),
    "template_status": (
        {(f"{CHANGE}.field", "enum"), (f"{CHANGE}.value", "oneOf")},
        f"message_template_status_update webhooks: {_NOT_A_FIELD}",
    ),
    "user_preference": (
        {(f"{CHANGE}.field", "enum"), (f"{CHANGE}.value", "oneOf")},
        f"user_preferences webhooks: {_NOT_A_FIELD}",
    ),
}


WEBHOOK_UNDECLARED = {
    "document": [f"{MESSAGE}.document.caption"],  # DocumentMessage declares no caption
    "unsupported": [f"{MESSAGE}.unsupported"],
    "status_sent": [f"{CHANGE}.value.statuses[0].pricing.type"],  # Pricing: no type
    "status_delivered": [f"{CHANGE}.value.statuses[0].pricing.type"],
}


@pytest.mark.parametrize("name", sorted(WEBHOOKS))
def test_webhook(meta, emulator, name):
    payload = WEBHOOKS[name](emulator)
    if name in WEBHOOK_SPEC_DEFECTS:
        for message in payload["entry"][0]["changes"][0]["value"].get("messages", []):
            # What every customer's message has, whatever its type.
            assert_valid(meta, "/components/schemas/BaseMessageProperties_1", message)
        expect_spec_defect(meta, oav.WEBHOOK, payload, *WEBHOOK_SPEC_DEFECTS[name])
        return
    assert_valid(meta, oav.WEBHOOK, payload)
    assert_declared(meta, oav.WEBHOOK, payload, WEBHOOK_UNDECLARED.get(name, []))


def test_replies_quote_the_message_they_answer(emulator, client):
    """Meta always sends `context` with button and list replies (the spec requires it)."""
    emulator.reset()
    _sent(emulator, client, MESSAGES["reply_buttons"])
    wamid = emulator.sent[-1]["wamid"]
    for msg_type in ("button", "interactive"):
        payload = emulator.build_customer_message(CUSTOMER, msg_type, "Yes")
        message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
        assert message["context"] == {"from": emulator.display_phone_number, "id": wamid}


# How the spec is read -----------------------------------------------------------------------
def _webhook_examples(meta):
    return {
        name: value
        for name, value in oav.examples(meta, oav.WEBHOOK_EXAMPLES).items()
        if value["entry"][0]["changes"][0]["field"] == "messages"
    }


@pytest.fixture(scope="module")
def literal_meta(meta):
    """The file with its webhook ``$ref``s read literally."""
    return oav.MetaOpenApi(meta.raw, local_webhook_refs=False)


def test_webhook_section_renames_are_the_known_ones(meta):
    assert meta.webhook_renames == {
        "BaseMessageProperties": "BaseMessageProperties_1",
        "TextMessage": "TextMessage_2",
        "ReactionMessage": "ReactionMessage_1",
        "AudioMessage": "AudioMessage_1",
        "DocumentMessage": "DocumentMessage_1",
        "ImageMessage": "ImageMessage_1",
        "StickerMessage": "StickerMessage_1",
        "VideoMessage": "VideoMessage_1",
        "LocationMessage": "LocationMessage_1",
        "ContactObject": "ContactObject_1",
        "ErrorObject": "ErrorObject_2",
    }


def test_metas_webhook_examples_are_valid(meta, literal_meta):
    """Meta's own message webhooks: all valid as read here, none read literally."""
    found = _webhook_examples(meta)
    assert len(found) == 13
    for name, example in found.items():
        assert not meta.errors(oav.WEBHOOK, example), name
        assert literal_meta.errors(oav.WEBHOOK, example), name


@pytest.mark.parametrize(
    "name",
    [
        "Send Text Message",
        "Send Reply to Text Message",
        "Send Image Message by ID",
        "Send Audio Message by ID",
        "Send Video Message by ID",
        "Send Document Message by ID",
        "Send Sticker Message by ID",
        "Send Reply with Reaction Message",
        "Send Reply Button",
        "Send Message Template Text",
        "Send Message Template Media",
        "Send Sample Shipping Confirmation Template",
    ],
)
def test_metas_examples_of_what_we_send_are_valid(meta, name):
    """The documented gaps, handled, are what Meta's own examples needed."""
    example = oav.examples(meta, oav.SEND_EXAMPLES)[name]
    assert_valid(meta, oav.SEND_MESSAGE, example)


def test_metas_read_receipt_example_is_valid(meta):
    example = oav.examples(meta, oav.SEND_EXAMPLES)["Send typing indicator and read receipt"]
    assert_valid(meta, oav.MARK_READ, example)


def _changed(name, change):
    body = copy.deepcopy(MESSAGES[name])
    body.update(messaging_product="whatsapp", recipient_type="individual")
    change(body)
    return body


# Nothing but the documented gaps is relaxed: what the spec forbids is still refused.
STILL_REFUSED = {
    "unknown_top_level_property": (
        lambda b: b.update(foo=1),
        ("$", "additionalProperties"),
    ),
    "unknown_text_property": (
        lambda b: b["text"].update(foo=1),
        ("$.text", "additionalProperties"),
    ),
    "branch_of_another_type": (
        lambda b: b.update(type="image"),
        ("$", "required"),
    ),
    "callback_data_too_long": (
        lambda b: b.update(biz_opaque_callback_data="x" * 513),
        ("$.biz_opaque_callback_data", "maxLength"),
    ),
    "language_policy_not_deterministic": (
        lambda b: b["template"]["language"].update(policy="fallback"),
        ("$.template.language.policy", "enum"),
    ),
    "header_parameter_without_media": (
        lambda b: b["template"]["components"][0]["parameters"][0].update(image={}),
        ("$.template.components[0].parameters[0].image", "oneOf"),
    ),
    "button_parameter_of_no_type": (
        lambda b: b["template"]["components"][1]["parameters"][0].update(type="url"),
        ("$.template.components[1].parameters[0].type", "enum"),
    ),
    "missing_recipient": (lambda b: b.pop("to"), ("$", "required")),
}
_BASES = {
    "language_policy_not_deterministic": "template_named",
    "header_parameter_without_media": "template_image_header",
    "button_parameter_of_no_type": "template_url_button",
}


@pytest.mark.parametrize("case", sorted(STILL_REFUSED))
def test_the_spec_still_refuses(meta, case):
    change, expected = STILL_REFUSED[case]
    body = _changed(_BASES.get(case, "text"), change)
    found = {(error.path, error.keyword) for error in meta.errors(oav.SEND_MESSAGE, body)}
    assert expected in found, found
