"""The providers with their planted contract bugs, ready for ``specgen fuzz --app
examples.providers.planted:app`` (the order service) and ``--app
examples.providers.planted:users`` (the user service's use-after-delete); README.md in this
folder, "Planted bugs"."""

from examples.providers import order_service, user_service

app = order_service.make_app(frozenset({"planted"}))
users = user_service.make_app(frozenset({"planted"}))
