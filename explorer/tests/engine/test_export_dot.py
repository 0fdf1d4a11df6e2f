"""DOT export of designs: boxes, node contents, edge labels and styles, title and legend."""

from __future__ import annotations

import re
import subprocess

import pytest

from explorer.engine.export import design_diagram, to_dot
from explorer.engine.export.dot import PALETTES
from explorer.tests.engine.export_fixtures import design, small_catalog

LOCATIONS = [
    {"id": "syd", "name": "Sydney", "provider": "aws", "region": "ap-southeast-2"},
    {"id": "fra-a", "name": "Frankfurt A", "provider": "aws", "region": "eu-central-1", "zone": "eu-central-1a"},
    {"id": "fra-b", "name": "Frankfurt B", "provider": "aws", "region": "eu-central-1", "zone": "eu-central-1b"},
]


def sample_design():
    """
    kafka-syd (syd) --MM2--> kafka-fra (fra-a) --sink--> orders-db (fra-b, group dc1) ..batch..> report (fra-b, dc1)
    """
    return design(
        [
            {
                "id": "kafka-syd",
                "service": "kafka",
                "name": "Kafka Sydney",
                "location": "syd",
                "stores": [{"name": "orders", "kind": "topic"}],
            },
            {
                "id": "kafka-fra",
                "service": "kafka",
                "name": "Kafka Frankfurt",
                "location": "fra-a",
                "stores": [{"name": "orders", "kind": "topic"}, {"name": "payments", "kind": "topic"}],
            },
            {
                "id": "orders-db",
                "service": "cassandra",
                "name": "Orders",
                "location": "fra-b",
                "group": "dc1",
                "stores": [{"name": "shop.orders_by_id", "kind": "table"}],
            },
            {"id": "report", "service": "spark-batch", "name": "Nightly report", "location": "fra-b", "group": "dc1"},
        ],
        [
            {
                "id": "copy",
                "from": "kafka-syd",
                "to": "kafka-fra",
                "mechanism": "mirrormaker2",
                "properties": {"topics": "orders"},
            },
            {"id": "sink", "from": "kafka-fra/orders", "to": "orders-db/shop.orders_by_id"},
            {"id": "read", "from": "orders-db/shop.orders_by_id", "to": "report"},
        ],
        name="Orders platform",
        locations=LOCATIONS,
    )


def render_dot(background="light", **kwargs):
    diagram = design_diagram(sample_design(), small_catalog(), revision=7, date="2026-11-20", **kwargs)
    return to_dot(diagram, background=background)


def test_to_dot_nests_locations_provider_region_zone():
    # given / when
    text = render_dot()

    # then: aws contains eu-central-1, which contains both zones; a one-location region shares its box
    aws = text.index(">aws<")
    region = text.index(">eu-central-1<")
    zone_a = text.index("Frankfurt A · eu-central-1a")
    zone_b = text.index("Frankfurt B · eu-central-1b")
    assert aws < region < zone_a < zone_b
    assert "Sydney · ap-southeast-2" in text
    assert text.count("subgraph cluster_") == 6  # aws, syd, eu-central-1, zone a, zone b, group


def test_to_dot_draws_colocated_group_dashed_inside_its_location():
    # given / when
    text = render_dot()

    # then
    group = re.search(r"subgraph (cluster_\d+) \{\n\s+graph \[[^\n]*co-located: dc1[^\n]*style=\"([^\"]+)\"", text)
    assert group is not None
    assert "dashed" in group.group(2)
    assert text.index("Frankfurt B · eu-central-1b") < group.start()
    assert text.index('"n:orders-db"') > group.start()


def test_to_dot_node_shows_name_service_and_stores():
    # given / when
    text = render_dot()

    # then
    line = next(line for line in text.splitlines() if line.strip().startswith('"n:kafka-fra"'))
    assert "Kafka Frankfurt" in line
    assert "Apache Kafka" in line
    assert "▪ orders" in line and "▪ payments" in line


def test_to_dot_edges_carry_mechanism_and_stores_batch_dashed():
    # given / when
    text = render_dot()

    # then
    edges = {line.split(" [")[0].strip(): line for line in text.splitlines() if " -> " in line}
    copy = edges['"n:kafka-syd" -> "n:kafka-fra"']
    sink = edges['"n:kafka-fra" -> "n:orders-db"']
    read = edges['"n:orders-db" -> "n:report"']
    defaults = next(line for line in text.splitlines() if line.strip().startswith("edge ["))
    assert "style=solid" in defaults  # streaming edges take the default style
    assert "MM2 · default" in copy and "topics orders" in copy and "style=" not in copy
    assert "Connect sink" in sink and "orders → shop.orders_by_id" in sink and "style=" not in sink
    assert "style=dashed" in read


def test_to_dot_title_line_has_name_revision_and_given_date():
    # given / when
    text = render_dot()

    # then
    assert "Orders platform" in text
    assert "revision 7 · 2026-11-20" in text
    assert "streaming" in text and "batch" in text  # legend


def test_to_dot_is_deterministic():
    # given / when / then
    assert render_dot() == render_dot()


def test_to_dot_is_parsed_by_graphviz():
    # given
    text = render_dot()

    # when
    done = subprocess.run(["dot", "-Tsvg"], input=text.encode(), capture_output=True, check=False)

    # then
    assert done.returncode == 0, done.stderr.decode()
    assert b"Kafka Frankfurt" in done.stdout


def test_to_dot_node_without_location_is_drawn_outside_boxes():
    # given
    doc = design([{"id": "app", "service": "event-source", "name": "Devices"}], [])

    # when
    text = to_dot(design_diagram(doc, small_catalog()))

    # then
    assert "subgraph cluster_" not in text
    assert '"n:app" [label=<' in text


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(one: str, other: str) -> float:
    """WCAG contrast ratio of two #rrggbb colours."""
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_to_dot_light_background_is_the_diagram_as_before():
    # given / when
    text = render_dot()
    # then: no background colour is written (Graphviz's white), the ink is the light one
    assert "bgcolor" not in text
    assert 'COLOR="#263238"' in text


def test_to_dot_dark_background_draws_light_ink_on_a_dark_page():
    # given / when
    text = render_dot(background="dark")
    # then
    assert 'bgcolor="#0f141a"' in text
    assert 'COLOR="#e7eaf0"' in text
    assert "#263238" not in text  # no light-theme ink left to vanish on the dark page
    assert 'BGCOLOR="#171d25"' in text  # node cards


def test_to_dot_transparent_background_fills_no_box():
    # given / when
    text = render_dot(background="transparent")
    # then: Graphviz leaves the page clear and draws the location boxes as outlines
    assert "bgcolor=transparent" in text or 'bgcolor="transparent"' in text
    assert "fillcolor" not in text
    assert "filled" not in text


def test_to_dot_refuses_an_unknown_background():
    # given / when / then
    with pytest.raises(ValueError, match="light, dark, transparent"):
        render_dot(background="sepia")


@pytest.mark.parametrize("name", ["light", "dark"])
def test_palettes_text_and_category_colours_read_on_their_node_fill(name):
    # given
    palette = PALETTES[name]
    # then: text at 4.5:1 (WCAG AA), category stripes and icons at 3:1 (non-text contrast)
    assert contrast(palette.ink, palette.node_fill) >= 4.5
    assert contrast(palette.muted, palette.node_fill) >= 4.5
    for category, colour in palette.categories.items():
        assert contrast(colour, palette.node_fill) >= 3, category
