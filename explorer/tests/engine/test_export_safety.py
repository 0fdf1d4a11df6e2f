"""Label injection corpus: hostile names can neither break the DOT or Mermaid nor put markup into the SVG."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

from explorer.engine.document import Design, Endpoint, Flow, Location, Node, Store
from explorer.engine.export import design_diagram, render, svg_problems, to_dot, to_mermaid
from explorer.tests.engine.export_fixtures import small_catalog

CORPUS = [
    'say "hi"',
    "back\\slash \\N \\G \\l \\n \\\\",
    "<b>bold</b> & <i>",
    "<script>alert(1)</script>",
    '"><script>alert(1)</script>',
    '<img src=x onerror="alert(1)">',
    '<a xlink:href="http://evil.example/x">x</a>',
    "<svg onload=alert(1)>",
    '> ]; evil [label="x"]; "a" -> "b',
    "}\ndigraph x {",
    "line one\nline two\r\nthree\tfour",
    "--> end; click n_a call alert()",
    '"]:::x\n  A-->B["',
    "#quot; #35; &amp; &#60;",
    "%% comment ``` `code`",
    "Zürich 東京 Ελλάδα 🚀 Привет",
    "null\x00byte\x07bell\x1b[31m",
    "a" * 300,
]


def hostile_design(text: str) -> Design:
    """Every free-text field set to ``text``; built directly so the schema's own limits do not hide anything."""
    return Design(
        name=text,
        description=text,
        locations=(Location(id="here", name=text, provider=text, region=text, zone=text),),
        nodes=(
            Node(id="src", service="kafka", name=text, location="here", group=text, stores=(Store(text, "topic"),)),
            Node(id="dst", service="cassandra", name=text, location="here", group=None, stores=(Store(text, "table"),)),
        ),
        flows=(
            Flow(
                id="f",
                source=Endpoint("src", text),
                sink=Endpoint("dst", text),
                mechanism="connect-cassandra-sink",
                properties={"topics": text},
            ),
        ),
        layout={},
        extensions={},
        raw={},
    )


def visible(text: str) -> str:
    """What a reader should see of the text: printable, whitespace collapsed, truncated like labels are."""
    value = " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
    return value[:20]


@pytest.mark.parametrize("text", CORPUS)
def test_to_dot_hostile_label_is_parsed_and_shown_literally(text):
    # given
    diagram = design_diagram(hostile_design(text), small_catalog(), revision=1, date="2026-11-20")

    # when
    done = subprocess.run(["dot", "-Tsvg"], input=to_dot(diagram).encode(), capture_output=True, check=False)

    # then: one graph, exactly our two nodes and one edge, and the name appears as text
    assert done.returncode == 0, done.stderr.decode()
    root = ET.fromstring(done.stdout)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert len(root.findall(".//s:g[@class='node']", ns)) == 2
    assert len(root.findall(".//s:g[@class='edge']", ns)) == 1
    texts = "".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert visible(text) in texts


@pytest.mark.parametrize("text", CORPUS)
def test_render_svg_hostile_label_has_no_active_content(text):
    # given
    diagram = design_diagram(hostile_design(text), small_catalog(), revision=1, date="2026-11-20")

    # when
    svg = render(diagram, "svg")

    # then
    assert svg_problems(svg) == []
    assert b"<script" not in svg.lower()
    root = ET.fromstring(svg)
    assert all(not name.rsplit("}", 1)[-1].startswith("on") for el in root.iter() for name in el.attrib)


@pytest.mark.parametrize("text", CORPUS)
def test_to_mermaid_hostile_label_stays_inside_quotes(text):
    # given
    diagram = design_diagram(hostile_design(text), small_catalog(), revision=1, date="2026-11-20")

    # when
    mermaid = to_mermaid(diagram)

    # then: every label line has balanced quotes and no raw markup or link syntax from the user
    body = mermaid.split("---\n", 2)[2]
    for line in body.splitlines():
        assert line.count('"') % 2 == 0, line
        for label in re.findall(r'"([^"]*)"', line):
            stripped = label.replace("<b>", "").replace("</b>", "").replace("<br/>", "")
            assert "<" not in stripped and ">" not in stripped and "|" not in stripped and "`" not in stripped
    assert len(re.findall(r"^\s+n_\w+ -->", body, re.M)) == 1
    assert "click" not in re.sub(r'"[^"]*"', "", body)


def test_inline_icons_strips_active_content_graphviz_never_writes():
    # given: an SVG as a buggy or hostile renderer could produce it
    from explorer.engine.export.svg import inline_icons

    svg = (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        b'onload="alert(1)"><g onclick="alert(2)"><script>alert(3)</script>'
        b'<image xlink:href="http://evil.example/x.png" x="0" y="0" width="5" height="5"/>'
        b'<image xlink:href="icon--kafka--6a1b9a.png" x="1" y="2" width="16px" height="16px"/>'
        b'<a xlink:href="javascript:alert(4)"><text>t</text></a>'
        b'<foreignObject><div>x</div></foreignObject><rect style="fill:url(http://evil.example/f)"/></g></svg>'
    )

    # when
    cleaned = inline_icons(svg)

    # then
    assert svg_problems(cleaned) == []
    assert b"evil" not in cleaned and b"alert" not in cleaned
    assert b'class="icon"' in cleaned  # our own icon survives, inlined
