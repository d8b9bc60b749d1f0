"""The demo family: which consumer uses which operations of which provider."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Provider:
    name: str  # the Pact name; the matrix finds the spec by its title ("User Service")
    spec: str  # relative to the repository
    folder: str  # stubs go to <out>/stubs/<folder>


@dataclass(frozen=True)
class Pair:
    consumer: str
    provider: Provider
    operations: tuple[str, ...] = ()  # operationIds; () for all


USER = Provider("UserService", "specs/user-service.yaml", "user-service")
ORDER = Provider("OrderService", "specs/order-service/openapi.yaml", "order-service")
PAYMENT = Provider("PaymentService", "specs/payment-service.yaml", "payment-service")
NOTIFICATION = Provider(
    "NotificationService", "specs/notification-service.yaml", "notification-service"
)
PROVIDERS = (USER, ORDER, PAYMENT, NOTIFICATION)

PAIRS = (
    Pair("WebFrontend", USER, ("listUsers", "createUser", "getUser", "updateUser")),
    Pair("OrderService", PAYMENT, ("authorizePayment", "getPayment", "capturePayment")),
    Pair("PaymentService", NOTIFICATION, ("sendNotification",)),
    Pair("OrderService", USER, ("getUser",)),
)
