"""Create the demo account if it is missing, and print how to sign in."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "kafkaesque-demo"  # documented demo login, for local use only


class Command(BaseCommand):
    """``python manage.py ensure_demo_user``: idempotent; never changes an existing account's password."""

    help = "Create user 'demo' (password 'kafkaesque-demo') if missing and print the login."

    def handle(self, *args: Any, **options: Any) -> None:
        """Create the user when absent; always print the login line."""
        user_model = get_user_model()
        if user_model.objects.filter(username=DEMO_USERNAME).exists():
            self.stdout.write(f"Demo user exists. Sign in as {DEMO_USERNAME} / {DEMO_PASSWORD}")
            return
        user_model.objects.create_user(username=DEMO_USERNAME, password=DEMO_PASSWORD)
        self.stdout.write(self.style.SUCCESS(f"Created demo user. Sign in as {DEMO_USERNAME} / {DEMO_PASSWORD}"))
