"""The path matcher: literal segments win, base paths are stripped, params decoded."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from specgen.spec.loader import load_spec_data
from specgen.spec.paths import PathMatcher, split_template
from tests.conftest import minimal_spec
from tests.corpus.test_corpus_load import concrete_path, literal_precedence_winner

TEMPLATES = [
    "/users",
    "/users/{id}",
    "/users/me",
    "/users/{id}/posts",
    "/users/me/{tab}",
    "/files/{name}.{ext}",
    "/files/{path}",
    "/",
    "/a/{x}/b",
    "/a/{y}/{z}",
]


def test_literal_segments_win_over_templated_ones() -> None:
    m = PathMatcher((t, t) for t in TEMPLATES)
    assert m.match("/users/me").template == "/users/me"
    assert m.match("/users/42").params == {"id": "42"}
    assert m.match("/users/me/posts").template == "/users/me/{tab}"
    assert m.match("/a/1/b").template == "/a/{x}/b"
    assert m.match("/a/1/c").params == {"y": "1", "z": "c"}
    assert m.match("/files/a.tar.gz").params == {"name": "a", "ext": "tar.gz"}
    assert m.match("/files/readme").template == "/files/{path}"
    assert m.match("/users/a%2Fb").params == {"id": "a/b"}
    assert m.match("/nowhere") is None
    assert m.match("/users/") is None  # an empty segment is not a parameter value


def test_queries_and_fragments_in_path_keys() -> None:
    assert split_template("/#Action=Run&Version=1") == ("/", (("Action", "Run"), ("Version", "1")))
    m = PathMatcher([("/#Action=Run", "run"), ("/#Action=Stop", "stop"), ("/", "root")])
    assert m.match("/?Action=Stop").value == "stop"
    assert m.match("/?Action=Run&Other=1").value == "run"
    assert m.match("/").value == "root"


def test_method_falls_through_like_a_router() -> None:
    doc = minimal_spec(servers=[{"url": "http://localhost:8080/api/v1"}])
    doc["paths"]["/users/me"] = {
        "get": {"operationId": "me", "responses": {"200": {"description": "ok"}}}
    }
    doc["paths"]["/users/{id}"]["delete"] = {
        "operationId": "deleteUser",
        "responses": {"204": {"description": "gone"}},
    }
    api = load_spec_data(doc)
    assert api.match("GET", "/api/v1/users/me").operation.operation_id == "me"
    assert api.match("DELETE", "/api/v1/users/me").operation.operation_id == "deleteUser"
    assert api.match("GET", "/api/v1/users/9").path_params == {"id": "9"}
    assert api.match("POST", "/api/v1/users/9") is None
    assert [op.method for op in api.operations_at("/api/v1/users/9")] == ["GET", "DELETE"]


segment = st.one_of(
    st.sampled_from(["users", "me", "v1", "a", "b", "items"]),
    st.sampled_from(["{id}", "{name}", "{x}.{y}", "v{n}"]),
)
templates = st.lists(
    st.lists(segment, min_size=0, max_size=4).map(lambda s: "/" + "/".join(s)),
    min_size=1,
    max_size=12,
    unique=True,
)


@settings(max_examples=300, deadline=None)
@given(templates)
def test_every_template_matches_itself_or_a_literal_precedence_winner(ts: list[str]) -> None:
    m = PathMatcher((t, t) for t in ts)
    for t in ts:
        found = m.match(concrete_path(t))
        assert found is not None, t
        assert found.template == t or literal_precedence_winner(found.template, t), (
            t,
            found.template,
        )
