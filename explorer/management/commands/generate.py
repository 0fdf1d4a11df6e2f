"""``python manage.py generate DESIGN.json --out DIR``: write the runnable bundle of a design file.

Exit status as ``analyze``: 0 when the bundle was written, 1 when the design is impossible (the
findings go to stderr, nothing is written), 2 when the file cannot be read or is not a valid design
document, or the bundle cannot be generated safely.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from explorer.engine.generate import BundleRefused, GenerationError, write_dir
from explorer.management.design_file import EXIT_INVALID, DesignFileError, catalog_load, design_file_read
from explorer.services.bundles import bundle_build

EXIT_WRITTEN = 0
EXIT_IMPOSSIBLE = 1


class Command(BaseCommand):
    """Generate the bundle of a design file into a directory."""

    help = "Generate the runnable bundle of a kafkaesque.design/v1 file. Exit 0 written, 1 impossible, 2 invalid."

    def add_arguments(self, parser: CommandParser) -> None:
        """``DESIGN.json``, ``--out DIR`` and ``--zip``."""
        parser.add_argument("design", help="path to a design document (JSON), or - for standard input")
        parser.add_argument("--out", required=True, help="directory to write the bundle into (created if needed)")
        parser.add_argument("--zip", action="store_true", help="write <out>/<name>.zip instead of the files")

    def _exit(self, code: int, message: str) -> None:
        self.stderr.write(message)
        sys.exit(code)

    def handle(self, *args: Any, **options: Any) -> None:
        """Read, parse, analyse, generate, check, write; exit with the documented status."""
        try:
            design = design_file_read(str(options["design"]), prefix="generate: ")
            catalog = catalog_load(prefix="generate: ")
        except DesignFileError as exc:
            self._exit(EXIT_INVALID, str(exc))
            return
        try:
            outcome = bundle_build(design=design, catalog=catalog)
        except BundleRefused as exc:
            lines = [f"  {f.severity} {f.code} [{', '.join(f.refs)}]: {f.message}" for f in exc.findings]
            self._exit(EXIT_IMPOSSIBLE, "generate: the design is impossible, no bundle written:\n" + "\n".join(lines))
            return
        except GenerationError as exc:
            self._exit(EXIT_INVALID, f"generate: {exc}")
            return
        out = Path(str(options["out"]))
        bundle = outcome.bundle
        if options["zip"]:
            out.mkdir(parents=True, exist_ok=True)
            target = out / f"{bundle.slug}.zip"
            target.write_bytes(bundle.zip_bytes())
            self.stdout.write(f"wrote {target} ({len(bundle.files)} files, verdict {outcome.analysis.verdict})")
        else:
            write_dir(bundle.files, out)
            self.stdout.write(f"wrote {len(bundle.files)} files to {out} (verdict {outcome.analysis.verdict})")
        if bundle.placeholders:
            self.stdout.write(f"{len(bundle.placeholders)} placeholders to check: see {out}/README.md")
        sys.exit(EXIT_WRITTEN)
