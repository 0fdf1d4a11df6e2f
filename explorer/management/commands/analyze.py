"""``python manage.py analyze DESIGN.json [--format json|text]``: lint a design file like the browser does.

Exit status: 0 when the design is possible (sensible or kafkaesque), 1 when it is impossible, 2 when
the file cannot be read or is not a valid design document (the reason, with JSON paths or line and
column, goes to stderr).
"""

from __future__ import annotations

import json
import sys
import textwrap
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from explorer.engine.analysis import AnalysisResult, analyze
from explorer.management.design_file import EXIT_INVALID, DesignFileError, catalog_load, design_file_read

EXIT_POSSIBLE = 0
EXIT_IMPOSSIBLE = 1

SEVERITY_TITLES = (("error", "Errors"), ("warning", "Warnings"), ("info", "Notes"))
MARKERS = {"error": "x", "warning": "!", "info": "-"}


def _count(counts: Any, key: str, noun: str) -> str:
    number = int(counts.get(key, 0))
    return f"{number} {noun}{'' if number == 1 else 's'}"


def render_text(result: AnalysisResult, *, name: str, width: int = 100) -> str:
    """The result as a person reads it in a terminal: verdict first, then findings grouped by severity."""
    counts = result.stats.get("findings", {})
    lines = [
        f"Verdict: {result.verdict.upper()}  ({name})",
        f"  {_count(counts, 'error', 'error')}, {_count(counts, 'warning', 'warning')}, "
        f"{_count(counts, 'info', 'note')}; "
        f"complexity {result.stats.get('complexity', '-')} (threshold {result.stats.get('complexity_threshold', '-')}: "
        f"{result.stats.get('complexity_formula', '')})",
    ]
    wrap = textwrap.TextWrapper(width=width, initial_indent="    ", subsequent_indent="    ")
    for severity, title in SEVERITY_TITLES:
        group = [item for item in result.findings if item.severity == severity]
        if not group:
            continue
        lines += ["", f"{title} ({len(group)})"]
        for item in group:
            refs = f"  [{', '.join(item.refs)}]" if item.refs else ""
            lines.append(f"  {MARKERS[severity]} {item.code}{refs}")
            lines += wrap.wrap(item.message)
            if item.path:
                lines += wrap.wrap("path: " + " -> ".join(item.path))
            if item.fix:
                lines += wrap.wrap("fix: " + item.fix)
            for url in item.evidence[:3]:
                lines.append(f"    see: {url}")
    return "\n".join(lines) + "\n"


class Command(BaseCommand):
    """Analyse a design file and print the verdict and findings."""

    help = "Analyse a kafkaesque.design/v1 file. Exit 0 possible, 1 impossible, 2 unreadable or invalid."

    def add_arguments(self, parser: CommandParser) -> None:
        """``DESIGN.json`` and ``--format``."""
        parser.add_argument("design", help="path to a design document (JSON), or - for standard input")
        parser.add_argument("--format", choices=["json", "text"], default="text", help="output format (default text)")

    def handle(self, *args: Any, **options: Any) -> None:
        """Read, parse, analyse, print, exit with the documented status."""
        try:
            design = design_file_read(str(options["design"]), prefix="analyze: ")
            catalog = catalog_load(prefix="analyze: ")
        except DesignFileError as exc:
            self.stderr.write(str(exc))
            sys.exit(EXIT_INVALID)
        result = analyze(design, catalog)
        if options["format"] == "json":
            self.stdout.write(json.dumps(result.to_dict(), indent=2, sort_keys=False))
        else:
            self.stdout.write(render_text(result, name=design.name), ending="")
        sys.exit(EXIT_IMPOSSIBLE if result.verdict == "impossible" else EXIT_POSSIBLE)
