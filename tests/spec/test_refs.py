"""$ref bundling: relative files, recursion, cycles, remote refs, discriminator mappings."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from specgen.errors import RefError
from specgen.spec import pointer as jp
from specgen.spec.loader import load_spec
from tests.conftest import minimal_spec

Write = Callable[[str, Any], Path]


def _user_schema(api: Any) -> dict[str, Any]:
    op = api.operation("getUser")
    schema = op.response_for(200).content[0].schema.raw
    return jp.resolve(api.document, schema["$ref"][1:])  # type: ignore[no-any-return]


def test_relative_file_refs_are_bundled_with_only_local_refs(write: Write) -> None:
    write(
        "shared/user.yaml",
        {
            "User": {
                "type": "object",
                "properties": {"id": {"type": "string"}, "address": {"$ref": "./address.yaml"}},
            }
        },
    )
    write("shared/address.yaml", {"type": "object", "properties": {"city": {"type": "string"}}})
    spec = write(
        "api.yaml",
        minimal_spec(components={"schemas": {"User": {"$ref": "./shared/user.yaml#/User"}}}),
    )
    api = load_spec(spec)
    user = _user_schema(api)
    user = jp.resolve(api.document, user["$ref"][1:]) if "$ref" in user else user
    assert user["properties"]["id"] == {"type": "string"}
    address_ref = user["properties"]["address"]["$ref"]
    assert address_ref.startswith("#/x-specgen-files/")
    assert jp.resolve(api.document, address_ref[1:])["properties"]["city"]["type"] == "string"
    assert api.locate(address_ref[1:]) == ("shared/address.yaml", "")


def test_a_broken_ref_in_another_file_is_located_in_that_file(write: Write) -> None:
    write("shared/user.yaml", {"User": {"properties": {"x": {"$ref": "#/Nope"}}}})
    spec = write(
        "api.yaml",
        minimal_spec(components={"schemas": {"User": {"$ref": "./shared/user.yaml#/User"}}}),
    )
    with pytest.raises(RefError) as info:
        load_spec(spec)
    assert info.value.file == "shared/user.yaml"
    assert info.value.pointer == "/User/properties/x"


def test_recursive_schemas_load(write: Write) -> None:
    spec = write(
        "api.yaml",
        minimal_spec(
            components={
                "schemas": {
                    "User": {
                        "type": "object",
                        "properties": {
                            "friends": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/User"},
                            }
                        },
                    }
                }
            }
        ),
    )
    api = load_spec(spec)
    assert (
        _user_schema(api)["properties"]["friends"]["items"]["$ref"] == "#/components/schemas/User"
    )


def test_a_file_referring_back_to_the_root_is_not_embedded_twice(write: Write) -> None:
    write(
        "node.yaml",
        {
            "type": "object",
            "properties": {"parent": {"$ref": "./api.yaml#/components/schemas/User"}},
        },
    )
    spec = write(
        "api.yaml",
        minimal_spec(
            components={
                "schemas": {
                    "User": {"type": "object", "properties": {"node": {"$ref": "./node.yaml"}}}
                }
            }
        ),
    )
    api = load_spec(spec)
    node_ref = _user_schema(api)["properties"]["node"]["$ref"]
    node = jp.resolve(api.document, node_ref[1:])
    assert node["properties"]["parent"]["$ref"] == "#/components/schemas/User"
    assert list(api.document["x-specgen-files"]) == ["node.yaml"]


@pytest.mark.parametrize(
    "chain",
    [
        {"A": {"$ref": "#/components/schemas/A"}},
        {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"$ref": "#/components/schemas/C"},
            "C": {"$ref": "#/components/schemas/A"},
        },
    ],
)
def test_ref_cycles_are_errors(write: Write, chain: dict[str, Any]) -> None:
    spec = write(
        "api.json",
        minimal_spec(components={"schemas": {**chain, "User": {"$ref": "#/components/schemas/A"}}}),
    )
    with pytest.raises(RefError, match="cycle"):
        load_spec(spec)


def test_remote_refs_are_refused_without_opt_in(write: Write) -> None:
    spec = write(
        "api.yaml",
        minimal_spec(components={"schemas": {"User": {"$ref": "http://127.0.0.1:9/user.yaml"}}}),
    )
    with pytest.raises(RefError, match="--allow-remote-refs") as info:
        load_spec(spec)
    assert info.value.pointer == "/components/schemas/User"


def test_remote_refs_with_opt_in_are_fetched(write: Write) -> None:
    import http.server
    import threading

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b'{"type": "object", "properties": {"id": {"type": "integer"}}}'
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/user.json"
        spec = write("api.yaml", minimal_spec(components={"schemas": {"User": {"$ref": url}}}))
        api = load_spec(spec, allow_remote_refs=True)
        user = _user_schema(api)
        user = jp.resolve(api.document, user["$ref"][1:])
        assert user["properties"]["id"]["type"] == "integer"
    finally:
        server.shutdown()
        server.server_close()


def test_discriminator_mappings_to_files_are_rewritten(write: Write) -> None:
    write("cat.yaml", {"type": "object", "properties": {"kind": {"type": "string"}}})
    spec = write(
        "api.yaml",
        minimal_spec(
            components={
                "schemas": {
                    "User": {
                        "oneOf": [{"$ref": "./cat.yaml"}],
                        "discriminator": {
                            "propertyName": "kind",
                            "mapping": {"cat": "./cat.yaml", "dog": "Dog"},
                        },
                    }
                }
            }
        ),
    )
    api = load_spec(spec)
    mapping = _user_schema(api)["discriminator"]["mapping"]
    assert mapping["cat"] == "#/x-specgen-files/cat.yaml"
    assert mapping["dog"] == "Dog"  # a schema name, not a reference


def test_refs_in_example_data_are_not_followed(write: Write) -> None:
    spec = write(
        "api.yaml",
        minimal_spec(
            components={
                "schemas": {
                    "User": {
                        "type": "object",
                        "example": {"$ref": "./not-a-file.yaml"},
                        "properties": {"example": {"$ref": "#/components/schemas/Name"}},
                    },
                    "Name": {"type": "string"},
                }
            }
        ),
    )
    api = load_spec(spec)
    assert _user_schema(api)["example"] == {"$ref": "./not-a-file.yaml"}


def test_the_default_response_ref_is_resolved(write: Write) -> None:
    write("responses.yaml", {"Problem": {"description": "oops"}})
    doc = minimal_spec()
    doc["paths"]["/users/{id}"]["get"]["responses"]["default"] = {
        "$ref": "./responses.yaml#/Problem"
    }
    api = load_spec(write("api.yaml", doc))
    assert api.operation("getUser").response_for(500).description == "oops"
