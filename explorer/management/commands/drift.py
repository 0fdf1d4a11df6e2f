"""``manage.py drift DESIGN FILE...``: how what runs differs from a design (exit 0 none, 1 drift, 2 unreadable)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from catalog import default_catalog
from explorer.engine.document import DocumentError, parse_json_text
from explorer.engine.drift import drift
from explorer.engine.importers.collection import import_files
from explorer.management.design_file import EXIT_INVALID
from explorer.management.import_paths import InputError, read_inputs

EXIT_DRIFT = 1


class Command(BaseCommand):
    """Compare a design document with configuration files of what runs."""

    help = (
        "List what the design has that does not run (missing), what runs that the design lacks (extra) and "
        "what differs (changed), each with the file and line it was read from; then the analysis of what runs "
        "next to the design's. Exit 0 no drift, 1 drift, 2 unreadable input."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """``DESIGN``, ``FILE...`` and ``--json``."""
        parser.add_argument("design", help="a kafkaesque.design/v1 JSON file")
        parser.add_argument("files", nargs="+", help="configuration files, folders or zips of what runs")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        """Read both sides, compare, print; exit with the drift status."""
        catalog = default_catalog()
        try:
            design = parse_json_text(Path(options["design"]).read_bytes())
        except (OSError, DocumentError) as exc:
            self.stderr.write(f"drift: {options['design']}: {exc}")
            sys.exit(EXIT_INVALID)
        try:
            files = read_inputs([str(p) for p in options["files"]])
        except InputError as exc:
            self.stderr.write(f"drift: {exc}")
            sys.exit(EXIT_INVALID)
        result = import_files(files, catalog)
        if result.problems:
            for problem in result.problems:
                self.stderr.write(f"drift: {problem}")
            sys.exit(EXIT_INVALID)
        report = drift(dict(design.raw), result.document, catalog, origins=result.origins)
        if options["json"]:
            self.stdout.write(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        else:
            for difference in report.differences:
                where = f"  ({difference.origin})" if difference.origin else ""
                self.stdout.write(
                    f"{difference.status:8} {difference.element:5} {difference.key}: {difference.message}{where}"
                )
            for line in report.analysis:
                self.stdout.write(f"analysis: {line}")
            if not report.drifted:
                self.stdout.write("no drift")
        if report.drifted:
            sys.exit(EXIT_DRIFT)
