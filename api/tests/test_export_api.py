"""Export API: formats, content types, file names, visibility, the overlay, and the catalog map."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zlib

import pytest
from django.contrib.auth import get_user_model
from rest_framework.test import APIClient

from explorer.engine.export import svg_problems
from explorer.models import Design, Revision

DOCUMENT = {
    "format": "kafkaesque.design/v1",
    "name": 'Orders <pipeline> "v2"',
    "description": "",
    "locations": [{"id": "syd", "name": "Sydney", "provider": "aws", "region": "ap-southeast-2"}],
    "nodes": [
        {
            "id": "kafka-a",
            "service": "kafka",
            "name": "Kafka A",
            "location": "syd",
            "stores": [{"name": "orders", "kind": "topic"}],
        },
        {
            "id": "kafka-b",
            "service": "kafka",
            "name": "Kafka B",
            "location": "syd",
            "stores": [{"name": "orders", "kind": "topic"}],
        },
    ],
    "flows": [
        {"id": "ab", "from": "kafka-a", "to": "kafka-b", "mechanism": "mirrormaker1"},
        {"id": "ba", "from": "kafka-b", "to": "kafka-a", "mechanism": "mirrormaker1"},
    ],
    "layout": {},
    "extensions": {},
}


def make_design(owner, *, visibility=Design.Visibility.PRIVATE, revisions=1):
    design = Design.objects.create(owner=owner, name=DOCUMENT["name"], visibility=visibility)
    for number in range(1, revisions + 1):
        revision = Revision.objects.create(design=design, number=number, document=DOCUMENT, author=owner)
    design.current_revision = revision
    design.save()
    return design


@pytest.fixture
def owner(db):
    return get_user_model().objects.create_user("owner", password="pw-owner-123")


@pytest.fixture
def client(owner):
    api = APIClient()
    api.force_authenticate(owner)
    return api


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fmt", "content_type", "extension", "magic"),
    [
        ("svg", "image/svg+xml", "svg", b"<?xml"),
        ("png", "image/png", "png", b"\x89PNG"),
        ("pdf", "application/pdf", "pdf", b"%PDF"),
        ("dot", "text/vnd.graphviz; charset=utf-8", "dot", b"digraph kafkaesque {"),
        ("mermaid", "text/vnd.mermaid; charset=utf-8", "mmd", b"---\ntitle:"),
        ("json", "application/json", "json", b"{"),
    ],
)
def test_design_export_answers_each_format_with_type_and_file_name(client, owner, fmt, content_type, extension, magic):
    # given
    design = make_design(owner, revisions=2)

    # when
    response = client.get(f"/api/designs/{design.pk}/export?format={fmt}&revision=1")

    # then
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="orders-pipeline-v2-r1.{extension}"'
    assert response.content.startswith(magic)


@pytest.mark.django_db
def test_design_export_defaults_to_current_revision_svg_without_active_content(client, owner):
    # given
    design = make_design(owner, revisions=3)

    # when
    response = client.get(f"/api/designs/{design.pk}/export")

    # then
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('-r3.svg"')
    assert svg_problems(response.content) == []
    assert "Orders &lt;pipeline&gt;" in response.content.decode()


@pytest.mark.django_db
def test_design_export_overlay_draws_event_loop_red(client, owner):
    # given: MirrorMaker 1 both ways keeps topic names, so "orders" loops forever
    design = make_design(owner)

    # when
    plain = client.get(f"/api/designs/{design.pk}/export?format=dot")
    overlaid = client.get(f"/api/designs/{design.pk}/export?format=dot&overlay=1")

    # then
    assert "#d32f2f" not in plain.content.decode()
    text = overlaid.content.decode()
    assert 'color="#d32f2f"' in text
    assert "verdict: impossible" in text


def first_pixel(png: bytes) -> tuple[int, ...]:
    """The top-left pixel of an 8-bit RGB or RGBA PNG as RGBA (no filter changes the first pixel of the first row)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    position, data, channels = 8, b"", 0
    while position < len(png):
        length = int.from_bytes(png[position : position + 4], "big")
        kind, body = png[position + 4 : position + 8], png[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            assert body[8] == 8, "8 bits per channel"
            channels = {2: 3, 6: 4}[body[9]]
        elif kind == b"IDAT":
            data += body
        position += 12 + length
    pixel = tuple(zlib.decompress(data)[1 : 1 + channels])
    return pixel if channels == 4 else (*pixel, 255)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("background", "page_colour"),
    [("light", (255, 255, 255, 255)), ("dark", (15, 20, 26, 255)), ("transparent", (255, 255, 255, 0))],
)
def test_design_export_png_has_the_chosen_background(client, owner, background, page_colour):
    # given
    design = make_design(owner)

    # when
    response = client.get(f"/api/designs/{design.pk}/export?format=png&background={background}")

    # then: the corner of the picture is the page colour (fully transparent for "transparent")
    assert response.status_code == 200
    pixel = first_pixel(response.content)
    assert pixel[3] == page_colour[3]
    if page_colour[3]:
        assert pixel[:3] == page_colour[:3]


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["svg", "pdf", "dot"])
def test_design_export_dark_background_changes_the_drawing_and_light_is_the_default(client, owner, fmt):
    # given
    design = make_design(owner)

    # when
    default = client.get(f"/api/designs/{design.pk}/export?format={fmt}")
    light = client.get(f"/api/designs/{design.pk}/export?format={fmt}&background=light")
    dark = client.get(f"/api/designs/{design.pk}/export?format={fmt}&background=dark")

    # then
    assert default.status_code == light.status_code == dark.status_code == 200
    if fmt != "pdf":  # a PDF carries its creation time
        assert default.content == light.content
    assert dark.content != light.content
    if fmt == "svg":
        assert svg_problems(dark.content) == []
        assert 'fill="#0f141a"' in dark.content.decode()


@pytest.mark.django_db
def test_design_export_json_is_the_stored_document(client, owner):
    # given
    design = make_design(owner)

    # when
    response = client.get(f"/api/designs/{design.pk}/export?format=json")

    # then
    assert response.json() == DOCUMENT


def test_design_export_parses_the_revision_once_per_request(client, owner, monkeypatch):
    # given a design, and a count of how often a stored revision is parsed
    from explorer.selectors import designs as selectors

    design = make_design(owner)
    parse = selectors.parse_document
    calls = []

    def counting_parse(*args, **kwargs):
        calls.append(args)
        return parse(*args, **kwargs)

    monkeypatch.setattr(selectors, "parse_document", counting_parse)
    # when it is exported with the findings overlay
    response = client.get(f"/api/designs/{design.pk}/export?format=dot&overlay=1")
    # then it was drawn from one parse of the revision
    assert response.status_code == 200
    assert len(calls) == 1


@pytest.mark.django_db
def test_design_export_private_design_of_someone_else_is_404(owner):
    # given
    design = make_design(owner)
    stranger = get_user_model().objects.create_user("stranger", password="pw-stranger-123")
    api = APIClient()
    api.force_authenticate(stranger)

    # when
    response = api.get(f"/api/designs/{design.pk}/export?format=dot")
    anonymous = APIClient().get(f"/api/designs/{design.pk}/export?format=dot")

    # then
    assert response.status_code == 404
    assert anonymous.status_code == 404
    assert response.json()["error"]["code"] == "not-found"
    assert anonymous.json()["error"]["code"] == "not-found"


@pytest.mark.django_db
def test_design_export_public_design_is_readable_anonymously(owner):
    # given
    design = make_design(owner, visibility=Design.Visibility.PUBLIC)

    # when
    response = APIClient().get(f"/api/designs/{design.pk}/export?format=mermaid")

    # then
    assert response.status_code == 200
    assert "flowchart LR" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "format=gif",
        "format=svg&revision=abc",
        "format=svg&revision=-1",
        "format=svg&revision=2147483648",
        "format=dot&overlay=yes",
        "format=dot&async=maybe",
        "format=svg&background=sepia",
        "format=png&background=",
    ],
)
def test_design_export_rejects_bad_parameters(client, owner, query):
    # given
    design = make_design(owner)

    # when
    response = client.get(f"/api/designs/{design.pk}/export?{query}")

    # then
    assert response.status_code == 400
    assert "error" in response.json()


@pytest.mark.django_db
def test_design_export_unknown_revision_is_404(client, owner):
    # given
    design = make_design(owner)

    # when
    response = client.get(f"/api/designs/{design.pk}/export?format=svg&revision=9")

    # then
    assert response.status_code == 404


@pytest.mark.django_db
def test_design_export_render_failure_is_503_with_message(client, owner, settings):
    # given
    settings.DOT_BINARY = "/nonexistent/dot"
    design = make_design(owner)

    # when
    response = client.get(f"/api/designs/{design.pk}/export?format=png")

    # then
    assert response.status_code == 503
    assert "Graphviz" in response.json()["error"]["message"]


@pytest.mark.django_db
def test_catalog_map_svg_lists_every_service_inline():
    # given
    from catalog import default_catalog

    names = [service.name for service in default_catalog().services.values()]

    # when
    response = APIClient().get("/api/catalog/map.svg")

    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Disposition"].startswith("inline;")
    assert svg_problems(response.content) == []
    text = "".join(ET.fromstring(response.content).itertext())
    for name in names:
        assert name in text


@pytest.mark.django_db
def test_design_export_large_render_is_queued_as_a_job(client, owner, monkeypatch):
    # given: a design above the in-request size limit
    from explorer.models import Job
    from explorer.services import exports

    monkeypatch.setattr(exports, "SYNC_RENDER_MAX_NODES", 1)
    design = make_design(owner)

    # when
    response = client.get(f"/api/designs/{design.pk}/export?format=pdf&overlay=1")

    # then
    assert response.status_code == 202
    job = Job.objects.get(pk=response.json()["job"])
    assert job.kind == "export"
    assert job.params == {"format": "pdf", "overlay": True, "background": "light"}
    assert response["Location"] == f"/api/jobs/{job.pk}/"


@pytest.mark.django_db
def test_svg_served_inline_is_sandboxed_and_the_site_policy_does_not_replace_it():
    # when: the catalog map is the SVG shown inline (design exports are attachments)
    response = APIClient().get("/api/catalog/map.svg")

    # then
    policy = response["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy
