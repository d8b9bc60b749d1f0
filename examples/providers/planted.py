"""The order service with its planted contract bugs, ready for ``specgen fuzz --app
examples.providers.planted:app`` (README.md in this folder, "Planted bugs")."""

from examples.providers.order_service import make_app

app = make_app(frozenset({"planted"}))
