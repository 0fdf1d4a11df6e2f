"""Kafkaesque: the Django project and the design domain."""

from explorer.celery import app as celery_app

__all__ = ["celery_app"]
