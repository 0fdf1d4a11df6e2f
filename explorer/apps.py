from django.apps import AppConfig


class ExplorerConfig(AppConfig):
    """The design domain: designs, revisions, jobs."""

    name = "explorer"
    default_auto_field = "django.db.models.BigAutoField"
