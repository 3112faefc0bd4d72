# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Plain-Python client for Meta's WhatsApp Business Cloud API.

This is the only code that talks to Meta (or to the local emulator). It does
not import Odoo, so the tests in ``tests/`` use it directly. ``_request`` is the
single choke point: patch it, never ``requests`` itself.
"""

import logging

import requests
import urllib3

_logger = logging.getLogger(__name__)

API_VERSION = "v25.0"
DEFAULT_GRAPH_URL = "https://graph.facebook.com"
DEFAULT_TIMEOUT = (5, 20)  # (connect, read) seconds

# Meta codes that mean "try again later": throughput, pair rate limit,
# transient server errors, Graph call rate limits and maintenance.
RETRYABLE_CODES = {1, 2, 4, 80007, 130429, 131000, 131016, 131056, 131057}
# Meta asks for 4^X seconds between retries after a pair rate-limit hit.
PAIR_RATE_LIMIT_CODE = 131056


class CloudApiError(Exception):
    """An error answer from the Cloud API, or no answer at all."""

    def __init__(
        self,
        message,
        code=None,
        title=None,
        details=None,
        http_status=None,
        retryable=False,
        fbtrace_id=None,
        in_doubt=False,
    ):
        super().__init__(message)
        # The request may have reached Meta (no answer, or a cut-off one):
        # a message must not be sent again blindly.
        self.in_doubt = in_doubt
        self.code = code
        self.title = title or message
        self.details = details
        self.http_status = http_status
        self.retryable = retryable
        self.fbtrace_id = fbtrace_id

    @classmethod
    def from_response(cls, response):
        try:
            error = response.json().get("error") or {}
        except ValueError:
            error = {}
        code = error.get("code")
        details = (error.get("error_data") or {}).get("details")
        message = error.get("message") or f"HTTP {response.status_code}"
        retryable = code in RETRYABLE_CODES or response.status_code >= 500
        return cls(
            message,
            code=code,
            title=error.get("error_user_title") or message,
            details=details,
            http_status=response.status_code,
            retryable=retryable,
            fbtrace_id=error.get("fbtrace_id"),
        )


class CloudApiClient:
    """One WhatsApp business phone number on the Cloud API."""

    def __init__(
        self,
        access_token,
        phone_number_id=None,
        waba_id=None,
        graph_url=DEFAULT_GRAPH_URL,
        api_version=API_VERSION,
        timeout=DEFAULT_TIMEOUT,
        session=None,
    ):
        self.access_token = access_token
        self.phone_number_id = phone_number_id
        self.waba_id = waba_id
        self.graph_url = (graph_url or DEFAULT_GRAPH_URL).rstrip("/")
        self.api_version = api_version
        self.timeout = timeout
        self.session = session or requests.Session()

    # The choke point ---------------------------------------------------------
    def _request(
        self,
        method,
        path_or_url,
        *,
        params=None,
        json=None,
        files=None,
        data=None,
        raw=False,
        headers=None,
    ):
        """Send one request; return the decoded JSON (or the raw response).

        :raises CloudApiError: on an error answer, a timeout or no connection.
        """
        if path_or_url.startswith(("http://", "https://")):
            url = path_or_url
        else:
            url = f"{self.graph_url}/{self.api_version}/{path_or_url.lstrip('/')}"
        headers = {"Authorization": f"Bearer {self.access_token}", **(headers or {})}
        try:
            response = self.session.request(
                method,
                url,
                params=params,
                json=json,
                files=files,
                data=data,
                headers=headers,
                timeout=self.timeout,
            )
        except requests.ReadTimeout as exc:
            raise CloudApiError(
                "Meta did not answer in time", title="Timeout", retryable=True, in_doubt=True
            ) from exc
        except requests.Timeout as exc:  # not even connected: nothing was sent
            raise CloudApiError(
                "Meta did not answer in time", title="Timeout", retryable=True
            ) from exc
        except requests.ConnectionError as exc:
            # refused or unreachable: nothing was sent; dropped after the
            # request went out (urllib3's ProtocolError): Meta may have it
            dropped = bool(exc.args) and isinstance(exc.args[0], urllib3.exceptions.ProtocolError)
            raise CloudApiError(
                f"Cannot reach {self.graph_url}",
                title="Connection error",
                retryable=True,
                in_doubt=dropped,
            ) from exc
        if response.status_code >= 400:
            raise CloudApiError.from_response(response)
        if raw:
            return response
        try:
            return response.json()
        except ValueError as exc:
            raise CloudApiError(
                "Meta answered with something that is not JSON",
                http_status=response.status_code,
                in_doubt=True,  # a success status: Meta may have done it
            ) from exc

    # Messages ----------------------------------------------------------------
    def send_message(self, payload):
        """POST /{phone-number-id}/messages; returns ``(wamid, wa_id)``.

        ``payload`` is the type-specific part (``to``, ``type``, ``text``...);
        ``messaging_product`` is added here.
        """
        body = {"messaging_product": "whatsapp", "recipient_type": "individual"}
        body.update(payload)
        answer = self._request("POST", f"{self.phone_number_id}/messages", json=body)
        messages = answer.get("messages") or [{}]
        contacts = answer.get("contacts") or [{}]
        wamid = messages[0].get("id")
        if not wamid:
            raise CloudApiError("Meta accepted the message but returned no id")
        return wamid, contacts[0].get("wa_id")

    def mark_read(self, wamid, typing=False):
        """Blue ticks on ``wamid`` (and the customer's earlier messages); with
        ``typing``, the customer also sees "typing..." for up to 25 s or until
        the next message."""
        body = {"messaging_product": "whatsapp", "status": "read", "message_id": wamid}
        if typing:
            body["typing_indicator"] = {"type": "text"}
        return self._request("POST", f"{self.phone_number_id}/messages", json=body)

    def typing_indicator(self, wamid):
        """Meta's typing indicator, answering the customer's message ``wamid``."""
        return self.mark_read(wamid, typing=True)

    # Media -------------------------------------------------------------------
    def upload_media(self, content, mimetype, filename):
        answer = self._request(
            "POST",
            f"{self.phone_number_id}/media",
            data={"messaging_product": "whatsapp", "type": mimetype},
            files={"file": (filename, content, mimetype)},
        )
        return answer["id"]

    def get_media_info(self, media_id):
        """GET /{media-id}: url (valid 5 minutes), mime_type, file_size..."""
        return self._request("GET", media_id, params={"phone_number_id": self.phone_number_id})

    def download_media(self, url):
        return self._request("GET", url, raw=True).content

    # Templates and number ----------------------------------------------------
    def iter_templates(self, page_size=100):
        """Yield every template of the WABA, following ``paging.next``."""
        fields = (
            "id,name,status,category,language,components,quality_score,"
            "parameter_format,rejected_reason"
        )
        url = f"{self.waba_id}/message_templates"
        params = {"fields": fields, "limit": page_size}
        while url:
            answer = self._request("GET", url, params=params)
            yield from answer.get("data", [])
            url = (answer.get("paging") or {}).get("next")
            params = None  # the next link carries its own query string

    def create_template(self, body):
        """POST /{waba-id}/message_templates: ``{"id", "status", "category"}``;
        Meta's review verdict arrives later by webhook."""
        return self._request("POST", f"{self.waba_id}/message_templates", json=body)

    def upload_sample(self, app_id, content, mimetype, filename):
        """Meta's resumable upload of a header sample: returns the handle
        (``4::...``) a template's ``example.header_handle`` needs."""
        if not app_id:
            raise CloudApiError(
                "The account has no App ID",
                title="Set the App ID of the account (App Dashboard > App settings > Basic)",
            )
        session = self._request(
            "POST",
            f"{app_id}/uploads",
            params={"file_name": filename, "file_length": len(content), "file_type": mimetype},
        )
        answer = self._request("POST", session["id"], data=content, headers={"file_offset": "0"})
        return answer["h"]

    def get_phone_number(self):
        return self._request(
            "GET",
            self.phone_number_id,
            params={
                "fields": "display_phone_number,verified_name,quality_rating,"
                "code_verification_status,throughput"
            },
        )
