"""A small consumer of the demo services: the calls OrderService makes to UserService and
PaymentService when it accepts an order (``checkout``), and the ones WebFrontend makes to
UserService for sign-up. ``make demo`` runs it against WireMock stubs generated from the
providers' specs, to show a consumer working while its providers are not there."""
