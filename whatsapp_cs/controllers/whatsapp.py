# Copyright 2026 WhatsApp CS contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hmac
import logging

from odoo import http
from odoo.http import request

from ..tools.webhook_payload import PayloadError, parse_body, split_events, valid_signature

_logger = logging.getLogger(__name__)


class WhatsappWebhook(http.Controller):
    """Meta's webhook: verify, store each event once, answer at once.

    Processing happens later in a cron (see ``whatsapp.event``) so that a slow
    media download can never make Meta time out and redeliver.
    """

    @http.route(
        "/whatsapp/webhook",
        type="http",
        auth="public",
        methods=["GET"],
        csrf=False,
        save_session=False,
    )
    def verify(self, **params):
        """Meta's subscription handshake: echo the challenge if the token is ours."""
        token = params.get("hub.verify_token") or ""
        accounts = request.env["whatsapp.account"].sudo()
        known = accounts._webhook_directory()[2]
        if params.get("hub.mode") == "subscribe" and any(
            hmac.compare_digest(token.encode(), candidate.encode()) for candidate in known
        ):
            return request.make_response(
                params.get("hub.challenge", ""), headers=[("Content-Type", "text/plain")]
            )
        _logger.warning("WhatsApp webhook verification refused (wrong verify token)")
        return request.make_response("Forbidden", status=403)

    @http.route(
        "/whatsapp/webhook",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def receive(self):
        raw = request.httprequest.get_data()
        by_phone, by_waba, _tokens = request.env["whatsapp.account"].sudo()._webhook_directory()
        signature = request.httprequest.headers.get("X-Hub-Signature-256")
        # Meta signs every body with the app secret: checked before reading it,
        # so that nothing unsigned is ever stored, readable or not.
        secrets = {}  # app secret -> the first account using it
        for account_id, secret in [*by_phone.values(), *sum(by_waba.values(), [])]:
            secrets.setdefault(secret, account_id)
        signed_with = next(
            (secret for secret in secrets if valid_signature(raw, signature, secret)), None
        )
        if signed_with is None:
            _logger.warning("WhatsApp webhook with a missing or wrong signature refused")
            return request.make_response("Forbidden: invalid signature", status=403)
        try:
            events = split_events(parse_body(raw))
        except PayloadError as error:
            # Meta's own body: sending it again would not make it readable.
            # Kept as a failed event with the reason, for an admin.
            _logger.warning("WhatsApp webhook unreadable, kept as a failed event: %s", error)
            request.env["whatsapp.event"].sudo()._ingest_unreadable(
                secrets[signed_with], raw, str(error)
            )
            return request.make_response("OK", headers=[("Content-Type", "text/plain")])
        rows = []
        for event in events:
            kind, ref = event.account_ref
            matches = (
                [by_phone[ref]] if kind == "phone" and ref in by_phone else by_waba.get(ref, [])
            )
            if not matches:
                _logger.warning("WhatsApp webhook for unknown %s %s ignored", kind, ref)
                continue
            account_id, secret = matches[0]
            if secret != signed_with:
                _logger.warning("WhatsApp webhook signed for another account refused")
                return request.make_response("Forbidden: invalid signature", status=403)
            rows.append((account_id, event))
        request.env["whatsapp.event"].sudo()._ingest(rows)
        return request.make_response("OK", headers=[("Content-Type", "text/plain")])
