"""``python manage.py export DESIGN.json --format svg|png|pdf|dot|mermaid|json --out FILE [--overlay] [--background]``.

Exit codes: 0 written; 2 the design file is unreadable or invalid, or an option is wrong; 3 Graphviz
failed or ran out of time. Messages go to stderr.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from explorer.engine.export import BACKGROUNDS, FORMATS, RenderError
from explorer.management.design_file import EXIT_INVALID, DesignFileError, design_file_read
from explorer.services.exports import design_document_export

INVALID_DESIGN = "{source} is not a valid design:\n{error}"


class Command(BaseCommand):
    """Export a design file as a diagram or document."""

    help = "Export a design file (kafkaesque.design/v1 JSON) as SVG, PNG, PDF, DOT, Mermaid or JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        """Declare the design file and the export options."""
        parser.add_argument("design", help="path to the design JSON file, or - for standard input")
        parser.add_argument("--format", choices=FORMATS, default="svg", help="output format (default svg)")
        parser.add_argument("--out", required=True, help="file to write, or - for standard output")
        parser.add_argument("--overlay", action="store_true", help="draw the analysis findings on the diagram")
        parser.add_argument(
            "--background",
            choices=BACKGROUNDS,
            default="light",
            help="palette of SVG, PNG, PDF and DOT: light (default), dark, or transparent",
        )
        parser.add_argument("--revision", type=int, default=None, help="revision number for the title line")
        parser.add_argument("--date", default=None, help="date for the title line, YYYY-MM-DD (default today)")

    def handle(self, *args: Any, **options: Any) -> None:
        """Read, export, write; map failures to exit codes 2 (input) and 3 (rendering)."""
        try:
            on = date.fromisoformat(options["date"]) if options["date"] else date.today()
        except ValueError as exc:
            raise CommandError(f"--date must be YYYY-MM-DD: {exc}", returncode=2) from exc
        try:
            document = design_file_read(
                str(Path(options["design"])), max_bytes=settings.DESIGN_MAX_BYTES, invalid=INVALID_DESIGN
            )
        except DesignFileError as exc:
            raise CommandError(str(exc), returncode=EXIT_INVALID) from exc
        try:
            exported = design_document_export(
                document=document,
                fmt=options["format"],
                revision=options["revision"],
                on=on,
                overlay=options["overlay"],
                sync=False,
                background=options["background"],
            )
        except RenderError as exc:
            raise CommandError(str(exc), returncode=3) from exc
        if options["out"] == "-":
            sys.stdout.buffer.write(exported.content)
            sys.stdout.buffer.flush()
            return
        out = Path(options["out"])
        try:
            out.write_bytes(exported.content)
        except OSError as exc:
            raise CommandError(f"cannot write {out}: {exc.strerror or exc}", returncode=2) from exc
        self.stderr.write(f"wrote {out} ({len(exported.content)} bytes, {options['format']})")
