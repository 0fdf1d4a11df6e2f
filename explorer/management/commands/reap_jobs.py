"""``python manage.py reap_jobs``: re-queue or fail jobs whose worker died, once, now."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from explorer.services.jobs import job_reap


class Command(BaseCommand):
    """Run the job reaper once and print what it did as JSON."""

    help = (
        "Re-queue (or fail, after JOB_MAX_ATTEMPTS) running jobs whose Celery worker stopped; "
        "re-publish stale queued jobs."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        """Reap and report."""
        self.stdout.write(json.dumps(job_reap(), sort_keys=True))
