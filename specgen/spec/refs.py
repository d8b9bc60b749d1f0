"""``$ref`` resolution: bundle a multi-file spec into one document with only local refs.

External documents (relative files, and remote URLs when allowed) are embedded whole under
the root's ``x-specgen-files`` key and every ``$ref`` is rewritten to a local pointer, so
everything after the loader sees one document. Each local ref is checked once: it must
resolve, and a chain of refs must end somewhere (``A -> B -> A`` is an error; a recursive
schema, which refers to itself through ``properties``, is fine).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specgen.errors import RefError
from specgen.spec import pointer as jp
from specgen.spec.source import Limits, decode_text, parse_text, read_bytes

EMBED_KEY = "x-specgen-files"

# Keys whose values are data, not OpenAPI structure: a "$ref" inside them is not a reference.
_DATA_KEYS = frozenset({"example", "enum", "default", "const"})
# Keys whose values map names to things: a child key there is a name, never a keyword
# (a response under `default`, a property called `example`).
_NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "schemas",
        "dependentSchemas",
        "responses",
        "parameters",
        "requestBodies",
        "headers",
        "content",
        "paths",
        "webhooks",
        "callbacks",
        "links",
        "securitySchemes",
        "encoding",
        "variables",
        "pathItems",
    }
)
_JSON_REF = re.compile(r'"\$ref"\s*:\s*"((?:[^"\\]|\\.)*)"')


def _is_mapping_ref(value: object) -> bool:
    """A discriminator mapping value that is a reference, not a bare schema name."""
    return isinstance(value, str) and (
        "#" in value or "/" in value or value.endswith((".json", ".yaml", ".yml"))
    )


def iter_ref_sites(node: Any, base: str = "") -> Iterator[tuple[dict[str, Any], str, str]]:
    """Every reference below ``node`` as ``(holder, key, pointer)`` where ``holder[key]`` is
    the reference string: ``$ref``s, and discriminator ``mapping`` values that are refs.
    Values that are example data (``example``, ``enum``, ``x-*``...) are skipped."""
    stack: list[tuple[Any, str, str]] = [(node, base, "")]
    while stack:
        value, ptr, parent_key = stack.pop()
        if isinstance(value, dict):
            if isinstance(value.get("$ref"), str):
                yield value, "$ref", ptr
            naming = parent_key in _NAME_MAPS
            for key in reversed(list(value)):
                if not naming and (key in _DATA_KEYS or key.startswith("x-")):
                    continue
                child = value[key]
                if not naming and key == "examples":
                    if isinstance(child, dict):  # Example Objects: refs yes, `value` no
                        for name, ex in child.items():
                            if isinstance(ex, dict) and isinstance(ex.get("$ref"), str):
                                yield ex, "$ref", jp.join(ptr, key, name)
                    continue
                if not naming and key == "discriminator" and isinstance(child, dict):
                    mapping = child.get("mapping")
                    if isinstance(mapping, dict):
                        for name, target in mapping.items():
                            if _is_mapping_ref(target):
                                yield mapping, name, jp.join(ptr, key, "mapping", name)
                    continue
                if isinstance(child, dict | list):
                    stack.append((child, jp.join(ptr, key), key))
        elif isinstance(value, list):
            for i in range(len(value) - 1, -1, -1):
                if isinstance(value[i], dict | list):
                    stack.append((value[i], jp.join(ptr, i), ""))


@dataclass(frozen=True, slots=True)
class RefSite:
    """Where a reference was written: file shown to the user and pointer inside that file."""

    file: str
    pointer: str


@dataclass(slots=True)
class Bundle:
    """The bundled document and where its embedded files came from."""

    doc: dict[str, Any]
    name: str
    files: dict[str, str] = field(default_factory=dict)  # embed key -> display path

    def locate(self, pointer: str) -> tuple[str, str]:
        """Map a pointer into the bundled document back to (file, pointer in that file)."""
        prefix = "/" + EMBED_KEY + "/"
        if pointer.startswith(prefix):
            key_token, _, rest = pointer[len(prefix) :].partition("/")
            key = jp.unescape(key_token)
            if key in self.files:
                return self.files[key], ("/" + rest) if rest else ""
        return self.name, pointer


class _Bundler:
    def __init__(
        self, root: dict[str, Any], name: str, base: str, *, allow_remote: bool, limits: Limits
    ) -> None:
        self.bundle = Bundle(root, name)
        self.allow_remote = allow_remote
        self.limits = limits
        self.root_location = base
        self.keys: dict[str, str] = {base: ""}  # document location -> embed key ("" = root)
        self.sites: dict[str, RefSite] = {}  # local target pointer -> first site naming it

    def run(self) -> None:
        queue: list[tuple[Any, str, str]] = [(self.bundle.doc, self.root_location, "")]
        while queue:
            doc, location, key = queue.pop(0)
            display = self.bundle.name if not key else self.bundle.files[key]
            prefix = "" if not key else jp.join("/" + EMBED_KEY, key)
            for holder, ref_key, ptr in list(iter_ref_sites(doc)):
                site = RefSite(display, ptr)
                target_doc, fragment = self._split(holder[ref_key], site)
                if target_doc is None:
                    target = prefix + fragment
                else:
                    target_location = self._absolute(target_doc, location, site)
                    target_key = self.keys.get(target_location)
                    if target_key is None:
                        target_key = self._embed(target_location, site, queue)
                    target = (jp.join("/" + EMBED_KEY, target_key) if target_key else "") + fragment
                holder[ref_key] = "#" + target
                self.sites.setdefault(target, site)

    def _split(self, ref: str, site: RefSite) -> tuple[str | None, str]:
        doc_part, _, fragment = ref.partition("#")
        fragment = urllib.parse.unquote(fragment)
        if fragment and not fragment.startswith("/"):
            raise RefError(
                f"$ref {ref!r}: only JSON-pointer fragments are supported",
                file=site.file,
                pointer=site.pointer,
            )
        return (doc_part or None), fragment

    def _absolute(self, target: str, location: str, site: RefSite) -> str:
        scheme = urllib.parse.urlsplit(target).scheme
        if scheme in ("http", "https") or location.startswith(("http://", "https://")):
            url = urllib.parse.urljoin(location, target) if scheme == "" else target
            if not self.allow_remote:
                raise RefError(
                    f"remote $ref {url!r} refused (pass --allow-remote-refs to fetch it)",
                    file=site.file,
                    pointer=site.pointer,
                )
            return url
        if scheme not in ("", "file"):
            raise RefError(
                f"$ref {target!r}: unsupported scheme {scheme!r}",
                file=site.file,
                pointer=site.pointer,
            )
        path = urllib.parse.unquote(urllib.parse.urlsplit(target).path) if scheme else target
        return str((Path(location).parent / path).resolve())

    def _embed(self, location: str, site: RefSite, queue: list[tuple[Any, str, str]]) -> str:
        if location.startswith(("http://", "https://")):
            doc = self._fetch(location, site)
            key = display = location
        else:
            display = _display_path(location, self.root_location)
            try:
                text = decode_text(read_bytes(location, self.limits), display)
            except RefError:
                raise
            except Exception as exc:  # SourceError: re-located at the $ref that named the file
                raise RefError(
                    f"$ref to {display}: {getattr(exc, 'message', exc)}",
                    file=site.file,
                    pointer=site.pointer,
                ) from None
            doc = parse_text(text, display, self.limits)
            key = display
        self.keys[location] = key
        self.bundle.files[key] = display
        self.bundle.doc.setdefault(EMBED_KEY, {})[key] = doc
        queue.append((doc, location, key))
        return key

    def _fetch(self, url: str, site: RefSite) -> Any:
        import urllib.request

        try:
            with urllib.request.urlopen(url, timeout=20) as resp:
                data = resp.read(self.limits.max_bytes + 1)
        except Exception as exc:
            raise RefError(
                f"cannot fetch remote $ref {url!r}: {exc}", file=site.file, pointer=site.pointer
            ) from None
        if len(data) > self.limits.max_bytes:
            raise RefError(
                f"remote $ref {url!r} is larger than {self.limits.max_bytes} bytes",
                file=site.file,
                pointer=site.pointer,
            )
        return parse_text(decode_text(data, url), url, self.limits)


def _display_path(location: str, root_location: str) -> str:
    root_dir = Path(root_location).parent
    try:
        return Path(location).relative_to(root_dir).as_posix()
    except ValueError:
        return location


def check_local_refs(bundle: Bundle, sites: dict[str, RefSite]) -> None:
    """Every target must exist, and no chain of refs may loop."""
    doc = bundle.doc
    for target, site in sites.items():
        try:
            jp.resolve(doc, target)
        except LookupError as exc:
            raise RefError(
                f"$ref '#{target}' does not resolve ({exc})", file=site.file, pointer=site.pointer
            ) from None
        except ValueError as exc:
            raise RefError(
                f"$ref '#{target}': {exc}", file=site.file, pointer=site.pointer
            ) from None
    for target, site in sites.items():
        chain = [target]
        node = jp.resolve(doc, target)
        while isinstance(node, dict) and isinstance(node.get("$ref"), str):
            nxt = node["$ref"][1:]
            if nxt in chain:
                loop = " -> ".join("#" + t for t in [*chain[chain.index(nxt) :], nxt])
                raise RefError(f"$ref cycle: {loop}", file=site.file, pointer=site.pointer)
            chain.append(nxt)
            try:
                node = jp.resolve(doc, nxt)
            except (LookupError, ValueError):
                break


def _fast_local_check(doc: dict[str, Any], text: str) -> bool:
    """For JSON text: when every ``$ref`` in it is local and resolves without loops, the
    full walk is not needed. Any doubt returns False and the precise walk decides."""
    targets = set(_JSON_REF.findall(text))
    if any((not t.startswith("#/") and t != "#") or "\\" in t or "%" in t for t in targets):
        return False
    try:
        check_local_refs(Bundle(doc, ""), {t[1:]: RefSite("", "") for t in targets})
    except RefError:
        return False
    return True


def bundle_refs(
    doc: Any, name: str, location: str, *, text: str | None, allow_remote: bool, limits: Limits
) -> Bundle:
    """Bundle ``doc`` (read from ``location``; shown as ``name``) into one document."""
    if not isinstance(doc, dict):
        return Bundle({}, name)  # the caller reports a non-object root
    if text is not None and text.lstrip().startswith("{") and _fast_local_check(doc, text):
        return Bundle(doc, name)
    bundler = _Bundler(doc, name, location, allow_remote=allow_remote, limits=limits)
    bundler.run()
    check_local_refs(bundler.bundle, bundler.sites)
    return bundler.bundle
