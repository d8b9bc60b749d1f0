"""What ``specgen inspect`` shows of a loaded API: plain data for the renderers."""

from __future__ import annotations

from typing import Any

from specgen.spec.api import API
from specgen.spec.model import Operation


def operation_entry(op: Operation) -> dict[str, Any]:
    """One operation as JSON-ready data (stable keys)."""
    return {
        "method": op.method,
        "path": op.path,
        "operationId": op.operation_id,
        "tags": list(op.tags),
        "statuses": list(op.statuses()),
        "requestMediaTypes": list(op.request_media_types()),
        "responseMediaTypes": list(op.response_media_types()),
        "parameters": [
            {"name": p.name, "in": p.location.value, "required": p.required} for p in op.parameters
        ],
        "deprecated": op.deprecated,
    }


def api_listing(api: API) -> dict[str, Any]:
    """The whole listing: the API's identity, its operations, webhooks and problems."""
    return {
        "spec": api.name,
        "title": api.title,
        "version": api.version,
        "format": api.source_format,
        "servers": [s.url for s in api.servers],
        "operations": [operation_entry(op) for op in api.operations],
        "webhooks": [operation_entry(op) for op in api.webhooks],
        "problems": [
            {"file": p.file, "pointer": p.pointer, "message": p.message} for p in api.problems
        ],
    }
