"""Serve a reference provider over HTTP, for the Pact verifier or a fuzzer run by hand.

    python -m examples.providers user [--port 8081] [--bug wrong-type] [--bug planted]

Single-threaded ``wsgiref`` server on 127.0.0.1; stop it with Ctrl-C (or by its pid).
"""

from __future__ import annotations

import argparse
import contextlib
from wsgiref.simple_server import WSGIRequestHandler, make_server

from examples.providers import PROVIDERS


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def main(argv: list[str] | None = None) -> None:
    """Parse arguments and serve until interrupted."""
    parser = argparse.ArgumentParser(prog="python -m examples.providers")
    parser.add_argument("service", choices=sorted(PROVIDERS))
    parser.add_argument("--port", type=int, help="default: the service's usual port")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--bug", action="append", default=[], help="switch on a planted bug")
    parser.add_argument("--log", action="store_true", help="log every request to stderr")
    args = parser.parse_args(argv)
    provider = PROVIDERS[args.service]
    app = provider.make_app(frozenset(args.bug))
    port = args.port if args.port is not None else provider.port
    handler = WSGIRequestHandler if args.log else _QuietHandler
    with make_server(args.host, port, app, handler_class=handler) as server:
        print(f"{provider.title} on http://{args.host}:{port}{provider.base_path}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


if __name__ == "__main__":
    main()
