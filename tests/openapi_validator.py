# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Meta's OpenAPI description of the Cloud API, as JSON Schema validators (tests only).

``load()`` reads ``business-messaging-api_v23.0.yaml`` once per process and answers
``errors(pointer, instance)``: the places where ``instance`` disagrees with the schema at
``pointer`` (a JSON pointer into the document, see ``SEND_MESSAGE`` and friends), and
``undeclared(pointer, instance)``: the properties no schema names, which open schemas
let through unchecked.

The document is OpenAPI 3.1, whose schemas are JSON Schema 2020-12, so ``jsonschema``
validates them and ``referencing`` resolves their ``$ref``s. Before that, ``prepare()``
rewrites a copy of the document, and only where a comment says why:

* OpenAPI's ``discriminator`` (which JSON Schema does not know) becomes plain JSON
  Schema, so it is enforced rather than ignored;
* the three gaps ``SOURCE.md`` documents, where the file is stricter than Meta's servers;
* one defect of the file that ``SOURCE.md`` does not list: the webhook schemas were
  renamed when the file was put together but their ``$ref``s were not (see
  ``_webhook_refs_stay_in_their_section``).

Nothing else is relaxed.
"""

import copy
import functools
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml
from jsonschema import Draft202012Validator, validators
from referencing import Registry
from referencing.jsonschema import DRAFT202012

ENV_VAR = "WA_META_OPENAPI"
FILE_NAME = "business-messaging-api_v23.0.yaml"
# ../shared beside the repository root.
DEFAULT_PATH = Path(__file__).resolve().parents[2] / "shared" / "meta-openapi" / FILE_NAME
BASE_URI = "urn:meta-openapi:business-messaging-api"

# Where the bodies we send and receive are described.
SEND_MESSAGE = (
    "/paths/~1{Version}~1{Phone-Number-ID}~1messages/post/requestBody/content/"
    "application~1json/schema"
)
UPLOAD_MEDIA = (
    "/paths/~1{Version}~1{Phone-Number-ID}~1media/post/requestBody/content/"
    "multipart~1form-data/schema"
)
WEBHOOK = "/paths/~1whatsapp~1webhooks/post/requestBody/content/application~1json/schema"
# The mark-as-read body has a schema of its own, but no path uses it: the path
# ``/messages`` declares ``Message`` (only messages to send), and gives the read receipt
# as an example that ``Message`` cannot describe.
MARK_READ = "/components/schemas/MarkMessageRequestPayload"
WEBHOOK_EXAMPLES = "/paths/~1whatsapp~1webhooks/post/requestBody/content/application~1json/examples"
SEND_EXAMPLES = (
    "/paths/~1{Version}~1{Phone-Number-ID}~1messages/post/requestBody/content/"
    "application~1json/examples"
)

SCHEMAS = "#/components/schemas/"
DERIVED = "x-wa-derived"  # where prepare() keeps the schemas it adds


_PROPERTIES = Draft202012Validator.VALIDATORS["properties"]
_ADDITIONAL = Draft202012Validator.VALIDATORS["additionalProperties"]


class SpecMissing(RuntimeError):
    """The OpenAPI file is not where the tests look for it."""


def spec_path():
    return Path(os.environ.get(ENV_VAR) or DEFAULT_PATH)


@dataclass(frozen=True, order=True)
class SpecError:
    """One disagreement: where in the instance, which keyword, what it says."""

    path: str
    keyword: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message} [{self.keyword}]"


class MetaOpenApi:
    """The prepared document and a validator per schema asked for."""

    def __init__(self, document, local_webhook_refs=True):
        self.raw = document
        self.document, self.webhook_renames = prepare(document, local_webhook_refs)
        resource = DRAFT202012.create_resource(self.document)
        self._registry = Registry().with_resource(BASE_URI, resource)
        self._validators = {}

    def resolve(self, pointer, document=None):
        """The object at ``pointer`` (in the prepared document unless told otherwise)."""
        node = self.document if document is None else document
        for part in pointer.lstrip("/").split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            node = node[int(part)] if isinstance(node, list) else node[part]
        return node

    def validator(self, pointer):
        if pointer not in self._validators:
            self.resolve(pointer)  # a KeyError here beats a PointerToNowhere later
            self._validators[pointer] = Draft202012Validator(_ref(pointer), registry=self._registry)
        return self._validators[pointer]

    def errors(self, pointer, instance):
        found = set()
        for error in self.validator(pointer).iter_errors(instance):
            found.update(_leaves(error))
        return sorted(found)

    def undeclared(self, pointer, instance):
        """Paths of the properties of ``instance`` that no schema it met declares.

        Open schemas (no ``additionalProperties: false``) let them through without a
        word: valid, but not validated. An over-estimate of what is declared: a
        property counts as declared if any schema tried on its object names it.
        """
        declared = {}

        def properties(validator, props, obj, schema):
            if validator.is_type(obj, "object"):
                declared.setdefault(id(obj), set()).update(props)
            yield from _PROPERTIES(validator, props, obj, schema)

        def additional(validator, extra, obj, schema):
            if validator.is_type(obj, "object") and isinstance(extra, dict):
                declared.setdefault(id(obj), set()).update(obj)
            yield from _ADDITIONAL(validator, extra, obj, schema)

        cls = validators.extend(
            Draft202012Validator, {"properties": properties, "additionalProperties": additional}
        )
        for _error in cls(_ref(pointer), registry=self._registry).iter_errors(instance):
            pass
        return sorted(_undeclared(instance, declared, "$"))


@functools.cache
def _load(path):
    if not path.is_file():
        raise SpecMissing(
            f"Meta's OpenAPI description is missing: {path} does not exist. Put "
            f"{FILE_NAME} in ../shared/meta-openapi/ beside the repository (see its "
            f"SOURCE.md) or point {ENV_VAR} at it."
        )
    with path.open("rb") as stream:
        document = yaml.load(stream, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return MetaOpenApi(document)


def load():
    """The spec at ``$WA_META_OPENAPI`` or ``../shared``, read once per process."""
    return _load(spec_path().resolve())


def _ref(pointer):
    return {"$ref": f"{BASE_URI}#{quote(pointer, safe='/~')}"}


def _undeclared(node, declared, path):
    if isinstance(node, dict):
        names = declared.get(id(node), set())
        for key, value in node.items():
            if key in names:
                yield from _undeclared(value, declared, f"{path}.{key}")
            else:
                yield f"{path}.{key}"
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _undeclared(value, declared, f"{path}[{index}]")


# Errors ---------------------------------------------------------------------------------
def _path(error):
    return "$" + "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in error.absolute_path
    )


def _leaves(error):
    """The errors that say what is wrong, rather than "no branch of oneOf matched".

    Only the report changes, never the verdict: when exactly one branch of a failed
    ``oneOf``/``anyOf`` accepts the object itself (its errors are all deeper inside
    it), that branch is the one the object means and its errors are shown.
    """
    if error.validator in ("oneOf", "anyOf") and error.context:
        branches = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        meant = [errs for errs in branches.values() if all(e.relative_path for e in errs)]
        if len(meant) == 1:
            return {leaf for sub in meant[0] for leaf in _leaves(sub)}
    return {SpecError(_path(error), str(error.validator), error.message)}


# Preparing the document -------------------------------------------------------------------
def prepare(document, local_webhook_refs=True):
    """A copy of ``document`` to validate with; returns it and the webhook renames."""
    document = copy.deepcopy(document)
    schemas = document["components"]["schemas"]
    renames = _webhook_refs_stay_in_their_section(schemas) if local_webhook_refs else {}
    _callback_data_on_messages_and_statuses(schemas)
    _template_language_policy_defaults(schemas)
    _message_properties_from_any_branch(schemas)
    _enforce_discriminators(document)
    return document, renames


def _retarget(node, targets):
    """Rewrite ``$ref``s and discriminator mappings of ``node`` per ``targets``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("example", "examples"):
                continue
            if key == "$ref" and value in targets:
                node[key] = targets[value]
            elif key == "mapping":
                node[key] = {name: targets.get(ref, ref) for name, ref in value.items()}
            else:
                _retarget(value, targets)
    elif isinstance(node, list):
        for value in node:
            _retarget(value, targets)


def _webhook_refs_stay_in_their_section(schemas):
    """NOT in SOURCE.md: a defect of the file, not a relaxation.

    The file joins several documents. Its webhook section (``WebhookPayload`` to the
    end of ``components/schemas``) had schemas named like the send-message ones, so they
    were renamed (``TextMessage_2``, ``BaseMessageProperties_1``...), but the section's
    ``$ref``s were not: read literally, ``IncomingMessage`` points at the requests we
    send (``to``, ``recipient_type`` required, ``from``/``id``/``timestamp`` unknown) and
    every webhook example of the file fails (``test_openapi`` checks both). Here a
    ``$ref`` written in that section means that section's schema of that name, which
    makes every message webhook example of the file valid.
    """
    names = list(schemas)
    section = names[names.index("WebhookPayload") :]
    local = {re.sub(r"_\d+$", "", name): name for name in section}
    renames = {
        SCHEMAS + base: SCHEMAS + name
        for base, name in local.items()
        if base != name and base in schemas
    }
    for name in section:
        _retarget(schemas[name], renames)
    return {key[len(SCHEMAS) :]: value[len(SCHEMAS) :] for key, value in renames.items()}


def _callback_data_on_messages_and_statuses(schemas):
    """SOURCE.md gap: ``biz_opaque_callback_data`` is declared for calls only.

    Meta takes it on every message sent and returns it in that message's status
    webhooks. Declared on both here with the calls' own definition (a string of at most
    512 characters), so it is validated, not merely let through.
    """
    owners = [
        name
        for name, schema in schemas.items()
        if "biz_opaque_callback_data" in (schema.get("properties") or {})
    ]
    assert owners == ["CallRequestPayload"], owners  # the file changed: look again
    declaration = schemas["CallRequestPayload"]["properties"]["biz_opaque_callback_data"]
    for name in ("BaseMessageProperties", "Statuses"):
        schemas[name]["properties"]["biz_opaque_callback_data"] = copy.deepcopy(declaration)


def _template_language_policy_defaults(schemas):
    """SOURCE.md gap: ``template.language.policy`` is marked required, but Meta's
    documentation makes ``deterministic`` (its only value) the default. Optional
    here; when present it must still be ``deterministic``."""
    required = schemas["LanguageObject"]["required"]
    required.remove("policy")


def _message_properties_from_any_branch(schemas):
    """SOURCE.md gap: each message schema is ``allOf`` [``BaseMessageProperties``,
    a branch for its ``type`` with ``additionalProperties: false``]; read literally the
    branch rejects the base's ``messaging_product``, ``to``... (so do Meta's own
    examples). The branch for the message's ``type`` is chosen by the discriminator
    (see ``_enforce_discriminators``); here a property is unknown only when no member
    of the ``allOf`` declares it.
    """
    for option in schemas["Message"]["oneOf"]:
        name = option["$ref"][len(SCHEMAS) :]
        members = schemas[name].get("allOf") or []
        closed = [m for m in members if m.get("additionalProperties") is False]
        if not closed:
            continue  # TemplateMessage: its branch is open, nothing to mend
        declared = set()
        for member in members:
            target = schemas[member["$ref"][len(SCHEMAS) :]] if "$ref" in member else member
            declared.update(target.get("properties") or {})
        for member in closed:
            del member["additionalProperties"]
        schemas[name]["properties"] = {prop: True for prop in sorted(declared)}
        schemas[name]["additionalProperties"] = False


def _discriminator_nodes(node, found):
    if isinstance(node, dict):
        if (node.get("discriminator") or {}).get("mapping"):
            found.append(node)
        for key, value in node.items():
            if key not in ("example", "examples"):
                _discriminator_nodes(value, found)
    elif isinstance(node, list):
        for value in node:
            _discriminator_nodes(value, found)
    return found


def _enforce_discriminators(document):
    """OpenAPI's ``discriminator``, which JSON Schema ignores, as plain JSON Schema.

    Where the discriminating property holds a mapped value the object must match the
    mapped schema: with ``oneOf``, only that branch (the others are not tried); without
    (a base such as ``TemplateComponent`` whose mapped schemas ``allOf`` it), the mapped
    schema too, which is how ``header``/``body``/``button`` components and their
    parameters get validated at all. A mapped schema refers back to its base through a
    copy without the discriminator, so the checks do not loop. Values not in the mapping
    are left to the schema as written (its ``oneOf``, its enums).
    """
    schemas = document["components"]["schemas"]
    derived = document.setdefault(DERIVED, {})
    by_identity = {id(schema): name for name, schema in schemas.items()}
    for node in _discriminator_nodes(document, []):
        prop = node["discriminator"]["propertyName"]
        mapping = node["discriminator"]["mapping"]
        name = by_identity.get(id(node))
        if name and "oneOf" not in node:
            base = {k: copy.deepcopy(v) for k, v in node.items() if k != "discriminator"}
            derived[name] = base
            back = {SCHEMAS + name: f"#/{DERIVED}/{name}"}
            for target in set(mapping.values()):
                _retarget(schemas[target[len(SCHEMAS) :]].get("allOf") or [], back)
        rules = [
            {
                "if": {"required": [prop], "properties": {prop: {"const": value}}},
                "then": {"$ref": target},
            }
            for value, target in mapping.items()
        ]
        if "oneOf" in node:
            rules.append(
                {
                    "if": {"required": [prop], "properties": {prop: {"enum": list(mapping)}}},
                    "else": {"oneOf": node.pop("oneOf")},
                }
            )
        node["allOf"] = (node.get("allOf") or []) + rules


def examples(meta, pointer):
    """The named examples at ``pointer`` of the file as written."""
    return {name: example["value"] for name, example in meta.resolve(pointer, meta.raw).items()}


def dumps(value):
    return json.dumps(value, indent=1, ensure_ascii=False, default=str)
