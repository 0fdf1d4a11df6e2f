"""docs/findings.md lists every finding code with its severity, and who raises it."""

from __future__ import annotations

import re
from pathlib import Path

from explorer.engine.analysis.findings import CODES, SIMULATION_CODES

DOC = Path(__file__).resolve().parents[3] / "docs" / "findings.md"
ROW = re.compile(r"^\| `([a-z-]+)` \| (error|warning|info) \| (analysis|simulation) \| (.+) \|$")


def test_the_findings_doc_lists_exactly_the_codes_with_their_severity_and_source() -> None:
    # given the table in docs/findings.md
    rows = [ROW.match(line) for line in DOC.read_text(encoding="utf-8").splitlines() if line.startswith("| `")]
    assert all(rows), "every table row reads | `code` | severity | analysis/simulation | when |"
    table = {row.group(1): (row.group(2), row.group(3)) for row in rows if row is not None}
    # then it holds every code once, no other, each with the code's severity and source
    assert len(table) == len(rows)
    assert table == {
        code: (severity, "simulation" if code in SIMULATION_CODES else "analysis") for code, severity in CODES.items()
    }
