"""A tiny WSGI provider for the probe tests, with switchable contract bugs.

Not a test module: the probe tests import it (``tests/probe`` is on ``sys.path`` under
pytest) and the CLI tests load it with ``--app things_app:...``.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qs

SPEC: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Things", "version": "1.0.0"},
    "servers": [{"url": "/api"}],
    "paths": {
        "/things": {
            "get": {
                "operationId": "listThings",
                "parameters": [
                    {
                        "name": "limit",
                        "in": "query",
                        "schema": {"type": "integer", "minimum": 1, "maximum": 50},
                    }
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "headers": {"X-Total": {"required": True, "schema": {"type": "integer"}}},
                        "content": {
                            "application/json": {
                                "schema": {
                                    "type": "object",
                                    "required": ["items"],
                                    "properties": {
                                        "items": {
                                            "type": "array",
                                            "items": {"$ref": "#/components/schemas/Thing"},
                                        }
                                    },
                                }
                            }
                        },
                    },
                    "400": {"$ref": "#/components/responses/Problem"},
                },
            },
            "post": {
                "operationId": "createThing",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/NewThing"}}
                    },
                },
                "responses": {
                    "201": {
                        "description": "created",
                        "headers": {"Location": {"required": True, "schema": {"type": "string"}}},
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                        },
                    },
                    "400": {"$ref": "#/components/responses/Problem"},
                },
            },
        },
        "/things/{thingId}": {
            "parameters": [
                {"name": "thingId", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "get": {
                "operationId": "getThing",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}
                        },
                    },
                    "404": {"$ref": "#/components/responses/Problem"},
                },
            },
            "delete": {
                "operationId": "deleteThing",
                "responses": {
                    "204": {"description": "deleted"},
                    "404": {"$ref": "#/components/responses/Problem"},
                },
            },
        },
    },
    "components": {
        "responses": {
            "Problem": {
                "description": "problem",
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["title"],
                            "properties": {"title": {"type": "string"}},
                        }
                    }
                },
            }
        },
        "schemas": {
            "NewThing": {
                "type": "object",
                "required": ["name", "size"],
                "additionalProperties": False,
                "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 20},
                    "size": {"type": "integer", "minimum": 1, "maximum": 10},
                },
            },
            "Thing": {
                "type": "object",
                "required": ["id", "name", "size"],
                "properties": {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "size": {"type": "integer"},
                },
            },
        },
    },
}

BUGS = frozenset(
    {"crash", "teapot", "text", "schema", "no-location", "undeleted", "slow", "strict", "lenient"}
)


def _valid(body: Any, lenient: bool) -> bool:
    if not isinstance(body, dict) or set(body) - {"name", "size"}:
        return False
    name, size = body.get("name"), body.get("size")
    if not isinstance(name, str) or not 1 <= len(name) <= 20:
        return False
    if not isinstance(size, int) or isinstance(size, bool):
        return False
    return lenient or 1 <= size <= 10


def make_app(bugs: frozenset[str] = frozenset()) -> Any:
    """A fresh app with an empty store; ``bugs`` from ``BUGS``."""
    unknown = bugs - BUGS
    if unknown:
        raise ValueError(f"unknown bugs {sorted(unknown)}")
    store: dict[str, dict[str, Any]] = {}
    counter = [0]

    def app(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO", "")
        path = path.removeprefix("/api")
        headers: list[tuple[str, str]] = []
        status, payload, media = 404, {"title": "not found"}, "application/json"
        if "slow" in bugs and method == "GET":
            time.sleep(0.02)
        if path == "/things" and method == "GET":
            query = parse_qs(environ.get("QUERY_STRING", ""))
            limit = query.get("limit", ["10"])[0]
            if not limit.lstrip("-").isdigit() or not 1 <= int(limit) <= 50:
                status, payload = 400, {"title": "bad limit"}
            else:
                status, payload = 200, {"items": list(store.values())[: int(limit)]}
                headers.append(("X-Total", str(len(store))))
                if "teapot" in bugs and int(limit) == 50:
                    status = 418
                if "text" in bugs and int(limit) == 1:
                    media = "text/plain"
        elif path == "/things" and method == "POST":
            size = int(environ.get("CONTENT_LENGTH") or 0)
            try:
                body = json.loads(environ["wsgi.input"].read(size) or b"null")
            except ValueError:
                body = None
            media_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip()
            if media_type != "application/json" or not _valid(body, "lenient" in bugs):
                status, payload = 400, {"title": "invalid"}
            elif "strict" in bugs and len(body["name"]) > 15:
                status, payload = 400, {"title": "name too long"}
            else:
                if "crash" in bugs and body["size"] == 10:
                    raise RuntimeError("size 10 overflows the shelf")
                counter[0] += 1
                thing = {"id": f"t{counter[0]}", "name": body["name"], "size": body["size"]}
                store[thing["id"]] = thing
                status, payload = 201, thing
                if "no-location" not in bugs:
                    headers.append(("Location", f"/api/things/{thing['id']}"))
        elif path.startswith("/things/"):
            thing_id = path.rsplit("/", 1)[-1]
            thing = store.get(thing_id)
            if thing is not None and method == "GET":
                status, payload = 200, dict(thing)
                if "schema" in bugs:
                    payload["size"] = str(thing["size"])
            elif thing is not None and method == "DELETE":
                if "undeleted" not in bugs:
                    del store[thing_id]
                status, payload = 204, None
        data = b"" if payload is None else json.dumps(payload).encode()
        if data:
            headers.append(("Content-Type", media))
        start_response(f"{status} X", headers)
        return [data]

    return app


#: For ``--app things_app:clean`` and ``--app things_app:undeleted``.
clean = make_app()
undeleted = make_app(frozenset({"undeleted"}))
