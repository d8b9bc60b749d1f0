"""One module per CLI command. Each exposes ``register(subparsers)``, which adds its parser
and sets ``handler``; heavy imports stay inside the handlers so ``specgen --help`` is fast.

``COMMANDS`` is the one list of them: the CLI and the docs test read it.
"""

COMMANDS = ("inspect", "validate", "fuzz", "stubs", "pacts", "check", "matrix")
