"""Assistant package: model settings and the service that uses them."""
