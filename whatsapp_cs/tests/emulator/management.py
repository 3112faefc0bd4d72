# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Template management on the fake Meta: creation, review, sample uploads."""

import base64
import itertools
import re
import threading
import time

from .meta import error

NAME = re.compile(r"^[a-z0-9_]{1,512}$")
_uploads = itertools.count(1)


class TemplateManagement:
    """Mixed into :class:`CloudApiEmulator`: ``POST /{waba}/message_templates``
    (a template is PENDING, then reviewed after ``template_review_delay``
    seconds, or when a test calls :meth:`review_template`) and Meta's
    resumable upload of header samples (``POST /{app}/uploads``, then
    ``POST /upload:...``)."""

    template_review_delay = None  # seconds; None: only when a test says so
    uploads = None

    def create_template(self, body):
        """Answer a template creation as Meta does; return (status, json)."""
        name, language = body.get("name") or "", body.get("language") or ""
        if not NAME.match(name):
            return error(100, f"Invalid parameter: name {name!r}")
        components = body.get("components") or []
        if not any(str(c.get("type", "")).upper() == "BODY" for c in components):
            return error(100, "Invalid parameter: a template needs a BODY component")
        for part in components:
            header = str(part.get("format", "")).upper()
            if header in ("IMAGE", "VIDEO", "DOCUMENT"):
                handle = ((part.get("example") or {}).get("header_handle") or [""])[0]
                if handle not in (self.uploads or {}).values():
                    return error(100, "Invalid parameter: header_handle is not an uploaded file")
        with self.lock:
            if any(
                t["name"] == name and t["language"] == language and t["status"] != "REJECTED"
                for t in self.templates
            ):
                return error(100, f"Content in {language} already exists for {name}")
            template = {
                "id": str(310000000000000 + len(self.templates)),
                "name": name,
                "language": language,
                "category": str(body.get("category") or "UTILITY").upper(),
                "status": "PENDING",
                "parameter_format": str(body.get("parameter_format") or "positional").upper(),
                "components": components,
            }
            self.templates = [
                t for t in self.templates if not (t["name"] == name and t["language"] == language)
            ] + [template]
        if self.template_review_delay is not None and self.webhook_url:
            self._review_later(name, language)
        return 200, {
            "id": template["id"],
            "status": "PENDING",
            "category": template["category"],
        }

    def review_template(self, name, status="APPROVED", language="en_US", reason="NONE"):
        """Meta's verdict on a template: posts its status webhook to Odoo."""
        return self.template_status(name, status, language=language, reason=reason)

    def _review_later(self, name, language):
        def run():
            time.sleep(self.template_review_delay)
            self.review_template(name, "APPROVED", language=language)

        threading.Thread(target=run, daemon=True).start()

    def start_upload(self, app_id, query):
        if not query.get("file_length") or not query.get("file_type"):
            return error(100, "file_length and file_type are required")
        with self.lock:
            upload_id = f"upload:{next(_uploads)}"
            self.uploads = self.uploads or {}
            self.uploads[upload_id] = None
        return 200, {"id": upload_id}

    def finish_upload(self, upload_id, content, offset):
        with self.lock:
            if upload_id not in (self.uploads or {}):
                return error(100, f"Unknown upload session {upload_id}")
            if str(offset) != "0":
                return error(100, "file_offset must be 0 for a new upload")
            handle = "4::" + base64.b64encode(upload_id.encode() + content[:16]).decode()
            self.uploads[upload_id] = handle
        return 200, {"h": handle}
