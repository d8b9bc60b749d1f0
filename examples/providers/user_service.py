"""UserService (``specs/user-service.yaml``, OpenAPI 3.0): customer accounts.

Served under ``/api/v1`` (and without it). Bearer auth. Behaviour beyond the schemas:

* e-mail addresses are unique, case-insensitively: 409 on create and on update;
* new users are ``pending_verification``; ``locale`` defaults to ``en``;
* DELETE is a soft delete: status ``deleted``, personal data scrubbed. A deleted user is
  still returned by GET (and by the list when ``status=deleted``); PATCH and a second DELETE
  answer 404.

``bugs={"planted"}`` adds the use-after-delete of the fuzzing demo (README.md, "Planted
bugs"): PATCH and DELETE still serve a deleted user.
"""

from __future__ import annotations

import re
import string
from typing import Any

from examples.providers.base import COMMON_BUGS, SPECS, App, Provider, Request, Response, WSGIApp
from examples.providers.shared import page
from examples.providers.states import Kind, Record, StateChange, Store, now, public, remove
from examples.providers.wsgi import problem

SPEC = SPECS / "user-service.yaml"
BASE_PATH = "/api/v1"
KINDS = (Kind("user", "userId", re.compile(r"usr_[0-9a-z]{8}"), ("user", "account")),)
EDITABLE = ("email", "name", "phone", "locale", "marketingOptIn", "status")


class UserService:
    """The handlers, over one store."""

    def __init__(self, store: Store, planted: bool = False) -> None:
        self.store = store
        self.planted = planted
        self.users = store.table("users")

    def list_users(self, request: Request) -> Response:
        status = request.query.get("status")
        email = request.query.get("email")
        users = [
            u
            for u in self.users.values()
            if (u["status"] == status if status else u["status"] != "deleted")
            and (email is None or u["email"].lower() == email.lower())
        ]
        users.sort(key=lambda u: u["_seq"], reverse=True)
        return page(users, request.query.get("cursor"), request.query.get("limit", 20))

    def create_user(self, request: Request) -> Response:
        body = request.body
        if self._email_owner(body["email"]) is not None:
            return _duplicate(body["email"])
        user = self._new_user(self._new_id())
        user.update({k: body[k] for k in EDITABLE if k in body})
        user["status"] = "pending_verification"
        self.users[user["id"]] = user
        location = f"{BASE_PATH}/users/{user['id']}"
        return Response(201, public(user), headers={"Location": location})

    def get_user(self, request: Request) -> Response:
        user = self.users.get(request.path_params["userId"])
        if user is None:
            return _not_found(request.path_params["userId"])
        return Response(200, public(user))

    def update_user(self, request: Request) -> Response:
        user_id = request.path_params["userId"]
        user = self._live(user_id)
        if user is None:
            return _not_found(user_id)
        patch = request.body
        if "email" in patch and self._email_owner(patch["email"]) not in (None, user_id):
            return _duplicate(patch["email"])
        user.update(patch)  # merge patch: null clears the phone, the schema allows no other nulls
        user["updatedAt"] = now()
        return Response(200, public(user))

    def delete_user(self, request: Request) -> Response:
        user_id = request.path_params["userId"]
        user = self._live(user_id)
        if user is None:
            return _not_found(user_id)
        user.update(
            status="deleted",
            email=f"{user_id}@deleted.invalid",
            name="Deleted user",
            phone=None,
            marketingOptIn=False,
            updatedAt=now(),
        )
        return Response(204, None, None)

    def on_state(self, change: StateChange) -> dict[str, Any]:
        """``user`` states: create or update the user (params are User fields), or delete."""
        if change.absent:
            remove(self.users, change)
            return {}
        user_id = change.entity_id or self._new_id()
        user = self.users.get(user_id) or self._new_user(user_id)
        user.update({k: v for k, v in change.fields.items() if k in EDITABLE})
        self.users[user_id] = user
        return {"userId": user_id, **public(user)}

    def _live(self, user_id: str) -> Record | None:
        """The user unless absent or deleted (planted: deleted users count as live)."""
        user = self.users.get(user_id)
        if user is None or (user["status"] == "deleted" and not self.planted):
            return None
        return user

    def _new_id(self) -> str:
        return "usr_" + self.store.token(8, string.ascii_lowercase + string.digits)

    def _new_user(self, user_id: str) -> Record:
        return {
            "id": user_id,
            "email": f"{user_id}@example.com",
            "name": f"Test User {user_id[4:]}",
            "phone": None,
            "status": "active",
            "locale": "en",
            "marketingOptIn": False,
            "createdAt": now(),
            "updatedAt": None,
            "_seq": self.store.seq(),
        }

    def _email_owner(self, email: str) -> str | None:
        for user in self.users.values():
            if user["email"].lower() == email.lower():
                return str(user["id"])
        return None


def _duplicate(email: str) -> Response:
    detail = f"A user with e-mail {email} already exists."
    return problem(409, "duplicate-email", "E-mail address already registered", detail)


def _not_found(user_id: str) -> Response:
    return problem(404, "not-found", "User not found", f"No user with id {user_id}.")


def make_app(bugs: frozenset[str] = frozenset(), *, seed: int = 0) -> WSGIApp:
    """The UserService provider; ``bugs`` from ``base.COMMON_BUGS`` break its responses,
    ``"planted"`` adds the use-after-delete."""
    store = Store(seed)
    service = UserService(store, planted="planted" in bugs)
    app = App(SPEC, store, KINDS, service.on_state, "name", "status", bugs, BUGS)
    app.route("listUsers", service.list_users)
    app.route("createUser", service.create_user)
    app.route("getUser", service.get_user)
    app.route("updateUser", service.update_user)
    app.route("deleteUser", service.delete_user)
    return app


BUGS = COMMON_BUGS | {"planted"}
PROVIDER = Provider("UserService", SPEC, BASE_PATH, 8081, make_app, BUGS)
