"""NotificationService (``specs/notification-service.yaml``, Swagger 2.0): e-mail and SMS.

Served under ``/v1`` (and without it). API key in ``X-API-Key``, except the unsubscribe link
(``security: []``). Swagger 2.0 ``produces: application/json`` applies to errors as well, so
problem details are served as ``application/json`` here. Behaviour beyond the schemas:

* sending queues the notification (202, ``status: queued``); the same ``Idempotency-Key``
  returns the first notification again instead of sending twice;
* recipients are reachable unless a provider state says otherwise: 422 when the user is
  ``deleted``, or has no phone (``sms``) / e-mail (``email``) and the request gives none;
* unsubscribe: a token with characters outside base64url/``.``, or starting ``expired``,
  is malformed or expired (400); otherwise 204, also when already unsubscribed.
"""

from __future__ import annotations

import re
import string
from datetime import datetime
from typing import Any

from examples.providers.base import COMMON_BUGS, SPECS, App, Provider, Request, Response, WSGIApp
from examples.providers.shared import aware, page
from examples.providers.states import Kind, Record, StateChange, Store, now, public, remove
from examples.providers.wsgi import problem

SPEC = SPECS / "notification-service.yaml"
BASE_PATH = "/v1"
KINDS = (
    Kind("notification", "notificationId", re.compile(r"ntf_[0-9a-z]{12}"), ("notification",)),
    Kind("recipient", "userId", re.compile(r"usr_[0-9a-z]{8}"), ("recipient", "user", "customer")),
)
_TOKEN = re.compile(r"^[A-Za-z0-9_.=-]+$")
CONTACT = {"email": "email", "sms": "phone"}


class NotificationService:
    """The handlers, over one store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.notifications = store.table("notifications")
        self.recipients = store.table("recipients")
        self.keys = store.table("idempotency-keys")
        self.unsubscribed = store.table("unsubscribed")

    def send_notification(self, request: Request) -> Response:
        body = request.body
        key = request.headers.get("Idempotency-Key")
        if key in self.keys:
            return self._accepted(self.notifications[self.keys[key]["id"]])
        recipient = body["recipient"]
        known = self.recipients.get(recipient["userId"], {})
        if known.get("status") == "deleted":
            detail = f"User {recipient['userId']} has been deleted."
            return problem(422, "recipient-deleted", "Recipient has been deleted", detail)
        contact = CONTACT[body["channel"]]
        if not recipient.get(contact) and contact in known and not known[contact]:
            what = "phone number" if contact == "phone" else "e-mail address"
            detail = f"User {recipient['userId']} has no {what}."
            return problem(
                422, "recipient-unreachable", "Recipient cannot be reached on this channel", detail
            )
        notification = self._new(self._new_id(), recipient["userId"])
        notification.update(channel=body["channel"], template=body["template"], recipient=recipient)
        notification.update({k: body[k] for k in ("locale", "references") if k in body})
        self.notifications[notification["id"]] = notification
        if key is not None:
            self.keys[key] = {"id": notification["id"]}
        return self._accepted(notification)

    def list_notifications(self, request: Request) -> Response:
        query = request.query
        order_id = str(query["orderId"]) if "orderId" in query else None
        since: datetime | None = query.get("since")
        found = [
            n
            for n in self.notifications.values()
            if query.get("userId") in (None, n["recipient"]["userId"])
            and order_id in (None, n.get("references", {}).get("orderId", "").lower())
            and query.get("channel") in (None, n["channel"])
            and (not query.get("status") or n["status"] in query["status"])
            and (since is None or datetime.fromisoformat(n["createdAt"]) >= aware(since))
        ]
        found.sort(key=lambda n: n["_seq"], reverse=True)
        return page(found, query.get("cursor"), query.get("limit", 20))

    def get_notification(self, request: Request) -> Response:
        notification = self.notifications.get(request.path_params["notificationId"])
        if notification is None:
            detail = f"No notification with id {request.path_params['notificationId']}."
            return problem(404, "not-found", "Notification not found", detail)
        return Response(200, public(notification))

    def unsubscribe(self, request: Request) -> Response:
        token = request.body["token"]
        if not _TOKEN.match(token) or token.startswith("expired"):
            return problem(
                400,
                "invalid-token",
                "Invalid unsubscribe token",
                "The token is malformed or expired.",
            )
        channel = request.body.get("channel", "email")
        self.unsubscribed[f"{token}:{channel}"] = {"reason": request.body.get("reason")}
        return Response(204, None, None)

    def on_state(self, change: StateChange) -> dict[str, Any]:
        """``notification`` states (params: status, channel, template, userId, orderId...) and
        ``recipient`` states (params: ``phone``/``email`` null = unreachable, ``status``)."""
        if change.kind.name == "recipient":
            if change.entity_id is None:
                return {}
            if change.absent:
                self.recipients[change.entity_id] = {"status": "deleted"}
            else:
                self.recipients.setdefault(change.entity_id, {}).update(change.fields)
            return {"userId": change.entity_id, **change.fields}
        if change.absent:
            remove(self.notifications, change)
            return {}
        fields = change.fields
        notification_id = change.entity_id or self._new_id()
        user_id = fields.get("userId") or "usr_" + self.store.token(8)
        notification = self.notifications.get(notification_id) or self._new(
            notification_id, user_id
        )
        notification.update(
            {k: v for k, v in fields.items() if k in ("status", "channel", "template", "locale")}
        )
        references = {k: fields[k] for k in ("orderId", "paymentId", "refundId") if k in fields}
        if references:
            notification["references"] = references
        _progress(notification)
        self.notifications[notification_id] = notification
        return {"notificationId": notification_id, **public(notification)}

    def _accepted(self, notification: Record) -> Response:
        location = f"{BASE_PATH}/notifications/{notification['id']}"
        return Response(202, public(notification), headers={"Location": location})

    def _new_id(self) -> str:
        return "ntf_" + self.store.token(12, string.ascii_lowercase + string.digits)

    def _new(self, notification_id: str, user_id: str) -> Record:
        return {
            "id": notification_id,
            "status": "queued",
            "channel": "email",
            "template": "payment_receipt",
            "recipient": {"userId": user_id},
            "locale": "en",
            "attempts": 0,
            "createdAt": now(),
            "_seq": self.store.seq(),
        }


def _progress(notification: Record) -> None:
    """Timestamps, attempts and failure reason that match the status."""
    status = notification["status"]
    if status in ("sent", "delivered", "failed"):
        notification["attempts"] = max(notification["attempts"], 1)
    if status in ("sent", "delivered"):
        notification.setdefault("sentAt", now())
    if status == "delivered":
        notification.setdefault("deliveredAt", now())
    if status == "failed":
        notification.setdefault("failureReason", "The recipient's mailbox is unavailable.")


def make_app(bugs: frozenset[str] = frozenset(), *, seed: int = 0) -> WSGIApp:
    """The NotificationService provider; ``bugs`` from ``base.COMMON_BUGS``."""
    store = Store(seed)
    service = NotificationService(store)
    app = App(
        SPEC,
        store,
        KINDS,
        service.on_state,
        "recipient",
        "channel",
        bugs,
        problem_media_type="application/json",
    )
    app.route("sendNotification", service.send_notification)
    app.route("listNotifications", service.list_notifications)
    app.route("getNotification", service.get_notification)
    app.route("unsubscribe", service.unsubscribe)
    return app


PROVIDER = Provider("NotificationService", SPEC, BASE_PATH, 8084, make_app, COMMON_BUGS)
