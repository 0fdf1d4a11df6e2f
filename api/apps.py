from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The REST API: thin DRF views over explorer services."""

    name = "api"
