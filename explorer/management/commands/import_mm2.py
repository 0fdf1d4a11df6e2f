"""``manage.py import_mm2 mm2.properties [--name NAME] [--out FILE]``: a running MM2 set-up as a design."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from explorer.engine.importers.mm2 import Mm2ImportError, design_from_mm2_properties
from explorer.management.design_file import EXIT_INVALID, design_file_write


class Command(BaseCommand):
    """Turn an mm2.properties file into a kafkaesque.design/v1 document (to analyse or import)."""

    help = (
        "Write the design document of an mm2.properties file: clusters become Kafka nodes, enabled A->B flows "
        "MirrorMaker 2 flows. Exit 0 written, 2 unreadable or not an MM2 configuration."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        """``mm2.properties``, ``--name`` and ``--out``."""
        parser.add_argument("properties", help="path to an mm2.properties file, or - for standard input")
        parser.add_argument("--name", default=None, help="the design's name (default: from the file name)")
        parser.add_argument("--out", default="-", help="where to write the design JSON (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        """Read, convert, write; exit 2 with the reason on stderr when the file cannot be used."""
        source = str(options["properties"])
        try:
            text = sys.stdin.read() if source == "-" else Path(source).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            self.stderr.write(f"import_mm2: cannot read {source}: {exc}")
            sys.exit(EXIT_INVALID)
        name = options["name"] or (f"MirrorMaker 2 topology from {Path(source).name}" if source != "-" else None)
        try:
            document = design_from_mm2_properties(text, **({"name": name} if name else {}))
        except Mm2ImportError as exc:
            self.stderr.write(f"import_mm2: {source}: {exc}")
            sys.exit(EXIT_INVALID)
        if design_file_write(document, options["out"], lambda body: self.stdout.write(body, ending="")):
            self.stderr.write(
                f"wrote {options['out']} ({len(document['nodes'])} clusters, {len(document['flows'])} flows)"
            )
