from django.apps import AppConfig


class CatalogConfig(AppConfig):
    """Django glue for the pure catalog package (it has no models)."""

    name = "catalog"
