"""``manage.py load_catalog``: validate the catalog files and print what they hold.

Exit 0 with a summary when the catalog loads; exit 2 with the loader's messages (file and key of each
problem) on stderr when a file is unreadable or invalid, as the project's other commands do.
"""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from catalog import CATALOG_DIR, CatalogError, load_catalog


class Command(BaseCommand):
    """Validate ``fixtures/catalog/*.yaml`` (or ``--dir``) and print a summary."""

    help = "Validate the catalog files and print the number of services, mechanisms and pairs, and the version."

    def add_arguments(self, parser: ArgumentParser) -> None:
        """``--dir`` points at another folder of catalog files."""
        parser.add_argument("--dir", type=Path, default=CATALOG_DIR, help="folder of catalog *.yaml files")

    def handle(self, *args: Any, **options: Any) -> None:
        """Load without the process cache, so edited files are what gets checked."""
        directory: Path = options["dir"]
        if not directory.is_dir():
            raise CommandError(f"{directory}: not a folder of catalog files", returncode=2)
        try:
            catalog = load_catalog(directory)
        except CatalogError as error:
            raise CommandError(f"the catalog is invalid:\n{error}", returncode=2) from error
        legacy = sorted(mechanism.id for mechanism in catalog.mechanisms.values() if mechanism.legacy)
        inferred = sum(1 for m in catalog.mechanisms.values() for pair in m.pairs if pair.status == "inferred")
        self.stdout.write(
            f"catalog {catalog.version}: {len(catalog.services)} services, {len(catalog.mechanisms)} mechanisms, "
            f"{len(catalog.pairs())} connected pairs ({inferred} inferred mechanism pairs); "
            f"legacy: {', '.join(legacy) or 'none'}"
        )
