# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Load the addons' plain-Python tools without importing Odoo."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def load(name, relative):
    spec = importlib.util.spec_from_file_location(name, ROOT / relative)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


cloud_api = load("wa_cloud_api", "whatsapp_cs/tools/cloud_api.py")
webhook_payload = load("wa_webhook_payload", "whatsapp_cs/tools/webhook_payload.py")
phone = load("wa_phone", "whatsapp_cs/tools/phone.py")
message_content = load("wa_message_content", "whatsapp_cs/tools/message_content.py")
text_match = load("wa_text_match", "whatsapp_cs/tools/text_match.py")
message_payload = load("wa_message_payload", "whatsapp_cs/tools/message_payload.py")


def load_package(name, relative):
    """A tools folder as a package, so its modules' relative imports work."""
    folder = ROOT / relative
    spec = importlib.util.spec_from_file_location(
        name, folder / "__init__.py", submodule_search_locations=[str(folder)]
    )
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)
    return package


load_package("wa_tools", "whatsapp_cs/tools")
compliance = importlib.import_module("wa_tools.compliance")
template_definition = importlib.import_module("wa_tools.template_definition")
sys.path.insert(0, str(ROOT / "whatsapp_cs" / "tests"))
emulator_module = importlib.import_module("emulator")


@pytest.fixture
def emulator():
    em = emulator_module.CloudApiEmulator(access_token="tok").start()
    yield em
    em.stop()


@pytest.fixture
def client(emulator):
    return cloud_api.CloudApiClient(
        "tok",
        phone_number_id=emulator.phone_number_id,
        waba_id=emulator.waba_id,
        graph_url=emulator.base_url,
        timeout=(2, 2),
    )


load_package("wa_report_tools", "whatsapp_cs_reports/tools")
episodes = importlib.import_module("wa_report_tools.episodes")
business_time = importlib.import_module("wa_report_tools.business_time")
keywords = importlib.import_module("wa_report_tools.keywords")
formatting = importlib.import_module("wa_report_tools.formatting")
