"""``manage.py import_config PATH... [--out DESIGN.json] [--name NAME]``: what runs, as a design document."""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from catalog import default_catalog
from explorer.engine.importers.collection import import_files
from explorer.management.design_file import EXIT_INVALID, design_file_write
from explorer.management.import_paths import InputError, read_inputs


class Command(BaseCommand):
    """Import docker-compose, Connect, MM2, Strimzi, CQL and Logstash files (or folders, zips) into one design."""

    help = (
        "Write the design document of configuration files, folders or zips. Exit 0 written, 2 when a file "
        "cannot be read (each problem with its file and line on stderr)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """``PATH...``, ``--out`` and ``--name``."""
        parser.add_argument("paths", nargs="+", help="files, folders or zip archives")
        parser.add_argument("--out", default="-", help="where to write the design JSON (default: standard output)")
        parser.add_argument("--name", default=None, help="the design's name")

    def handle(self, *args: Any, **options: Any) -> None:
        """Read, import, merge, write; problems and notes go to stderr."""
        try:
            files = read_inputs([str(p) for p in options["paths"]])
        except InputError as exc:
            self.stderr.write(f"import_config: {exc}")
            sys.exit(EXIT_INVALID)
        result = import_files(files, default_catalog())
        for note in result.notes:
            self.stderr.write(f"note: {note}")
        for problem in result.problems:
            self.stderr.write(f"import_config: {problem}")
        if result.problems:
            sys.exit(EXIT_INVALID)
        document = dict(result.document)
        if options["name"]:
            document["name"] = options["name"]
        if design_file_write(document, options["out"], lambda body: self.stdout.write(body, ending="")):
            self.stderr.write(
                f"wrote {options['out']} ({len(document['nodes'])} nodes, {len(document['flows'])} flows "
                f"from {len(result.files)} files)"
            )
