"""axe-core in Chromium: inject the pinned npm copy into a page and scan it against WCAG 2.x A and AA.

The rules are those axe tags ``wcag2a``, ``wcag2aa``, ``wcag21a``, ``wcag21aa`` and ``wcag22aa`` (WCAG 2.2
added no level-A rule axe checks). A scan answers the violations by impact; the tests fail on serious and
critical ones and print the moderate and minor ones, so they are seen without blocking.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

ROOT = Path(__file__).resolve().parent.parent
AXE_JS = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")


@cache
def axe_source() -> str:
    """The minified axe-core that ``npm ci`` installed (a devDependency pinned in package.json)."""
    if not AXE_JS.exists():
        raise FileNotFoundError(f"{AXE_JS} is missing: run `cd frontend && npm ci`.")
    return AXE_JS.read_text(encoding="utf-8")


@dataclass(frozen=True)
class Violation:
    """One axe rule broken on one page state, with the elements it names (selectors, at most five)."""

    state: str
    rule: str
    impact: str
    help: str
    targets: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(self.targets[:5]) + (" …" if len(self.targets) > 5 else "")
        return f"[{self.impact}] {self.state}: {self.rule} — {self.help} ({len(self.targets)} elements: {where})"


def axe_scan(page: Page, state: str) -> list[Violation]:
    """Run axe over the whole page as it is now; every violation of the WCAG A/AA rules, sorted."""
    # Evaluated through the DevTools protocol, not a <script> tag: the app's CSP allows only its own scripts.
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results: dict[str, Any] = page.evaluate(
        """async (tags) => {
            const r = await window.axe.run(document, {
                runOnly: { type: "tag", values: tags },
                resultTypes: ["violations"],
            });
            return { violations: r.violations.map((v) => ({
                id: v.id, impact: v.impact || "minor", help: v.help,
                targets: v.nodes.map((n) => n.target.join(" ") === ":root" ? n.html.slice(0, 160) : n.target.join(" ")),
            })) };
        }""",
        WCAG_TAGS,
    )
    found = [Violation(state, v["id"], v["impact"], v["help"], tuple(v["targets"])) for v in results["violations"]]
    return sorted(found, key=lambda v: (v.state, v.rule))


def overlapping_flow_labels(page: Page, state: str) -> list[Violation]:
    """Flow labels drawn over one another: each is a target (it selects its flow), and WCAG 2.5.8 asks that
    targets not lie on each other.

    axe's ``target-size`` misses most of these: a label exactly under another counts as hidden, not as a
    target, and one partly under another passes while a 24 px square of it is still free. Checked here on
    the labels' boxes, reported as a serious violation.
    """
    pairs: list[list[str]] = page.evaluate(
        """() => {
            const boxes = [...document.querySelectorAll('.edge-label')]
                .map((e) => [e.dataset.flowId, e.getBoundingClientRect()]);
            const pairs = [];
            for (let i = 0; i < boxes.length; i += 1)
                for (let j = i + 1; j < boxes.length; j += 1) {
                    const [a, ra] = boxes[i], [b, rb] = boxes[j];
                    if (ra.left < rb.right && rb.left < ra.right && ra.top < rb.bottom && rb.top < ra.bottom)
                        pairs.push([a, b]);
                }
            return pairs;
        }"""
    )
    if not pairs:
        return []
    targets = tuple(f".edge-label[data-flow-id='{a}'] over [data-flow-id='{b}']" for a, b in pairs)
    return [Violation(state, "flow-label-overlap", "serious", "Flow labels must not cover one another", targets)]


class Scans:
    """Violations gathered over the states one test walks through; ``check`` fails on the blocking ones."""

    def __init__(self, page: Page, suffix: str = "") -> None:
        self.page = page
        self.suffix = f", {suffix}" if suffix else ""
        self.found: list[Violation] = []
        self.states: list[str] = []

    def scan(self, state: str) -> None:
        """Scan the page in the state it is in now, under the given name."""
        state += self.suffix
        self.states.append(state)
        self.found.extend(axe_scan(self.page, state))
        self.found.extend(overlapping_flow_labels(self.page, state))

    def check(self) -> None:
        """Print the moderate and minor violations; fail with every serious and critical one."""
        blocking = [v for v in self.found if v.impact in BLOCKING]
        others = [v for v in self.found if v.impact not in BLOCKING]
        print(f"\naxe: scanned {len(self.states)} states: {', '.join(self.states)}")
        for violation in others:
            print(f"axe (not blocking): {violation}")
        assert not blocking, "serious or critical axe violations:\n" + "\n".join(str(v) for v in blocking)
