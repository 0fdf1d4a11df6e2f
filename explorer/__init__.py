"""Kafkaesque: the Django project and the design domain.

Nothing is imported here: ``import explorer.engine`` must stay pure (no Django, no Celery). The Celery
app lives in :mod:`explorer.celery` (``celery -A explorer`` finds it there); the job service imports it
to publish.
"""
