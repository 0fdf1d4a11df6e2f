"""Post-processing of Graphviz SVG: inline the icons, strip anything active, and check the result.

Graphviz writes each icon as ``<image xlink:href="icon--<name>--<colour>.png">``. Those
references are replaced by the icon's own ``<path>``/``<circle>`` strokes in a ``<g>`` at the same
place and size, so the exported SVG is self-contained. Then, as a second line of defence behind
the label escaping, every script, foreign object, event-handler attribute and non-fragment
reference is removed. :func:`svg_problems` is the check tests and callers use on the output.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable

from explorer.engine.export.icons import GRID, ICONS, STROKE_WIDTH, Icon, icon_svg_elements

__all__ = ["SvgError", "inline_icons", "svg_problems"]

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)

_ICON_FILE = re.compile(r"icon--([a-z0-9-]+)--([0-9a-f]{6})\.png$")
_FORBIDDEN_TAGS = {"script", "foreignobject", "iframe", "object", "embed", "handler", "listener"}
_HREF_NAMES = {"href", f"{{{XLINK_NS}}}href"}


class SvgError(Exception):
    """The SVG could not be parsed."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].lower()


def _number(value: str | None) -> float:
    if value is None:
        return 0.0
    return float(value.removesuffix("px").removesuffix("pt") or 0)


def _icon_group(image: ET.Element, icon: Icon, colour: str) -> ET.Element:
    x, y = _number(image.get("x")), _number(image.get("y"))
    width, height = _number(image.get("width")), _number(image.get("height"))
    size = min(width, height)
    # Centre the square icon in the cell Graphviz reserved, as SCALE="TRUE" does for the PNG.
    x += (width - size) / 2
    y += (height - size) / 2
    group = ET.Element(
        f"{{{SVG_NS}}}g",
        {
            "class": "icon",
            "transform": f"translate({x:.2f},{y:.2f}) scale({size / GRID:.4f})",
            "fill": "none",
            "stroke": colour,
            "stroke-width": f"{STROKE_WIDTH}",
            "stroke-linecap": "round",
            "stroke-linejoin": "round",
        },
    )
    for tag, attributes in icon_svg_elements(icon):
        ET.SubElement(group, f"{{{SVG_NS}}}{tag}", attributes)
    return group


def _clean(parent: ET.Element, replace_image: Callable[[ET.Element], ET.Element | None]) -> None:
    for index, child in reversed(list(enumerate(parent))):
        name = _local(child.tag)
        if name in _FORBIDDEN_TAGS:
            parent.remove(child)
            continue
        if name == "image":
            parent.remove(child)
            replacement = replace_image(child)
            if replacement is not None:
                parent.insert(index, replacement)
            continue
        for attribute in list(child.attrib):
            local = _local(attribute)
            value = child.attrib[attribute]
            external = attribute in _HREF_NAMES and not value.startswith("#")
            if local.startswith("on") or external or (local == "style" and "url(" in value.lower()):
                del child.attrib[attribute]
        _clean(child, replace_image)


# Graphviz's SVG is regular: user text only ever appears entity-escaped inside <text> and <title>, so
# tags can be found with patterns. The fast path substitutes icons and strips the DOCTYPE (an external
# DTD reference) and comments by pattern, then checks the result; anything unexpected sends the SVG
# through the slower parse-and-clean path instead.
_DOCTYPE = re.compile(rb"<!DOCTYPE[^>]*>\s*")
_UNEXPECTED_TAG = re.compile(
    rb"<(?![/?]|!--)(?!(?:svg|g|title|polygon|polyline|path|ellipse|text|circle|defs|stop|lineargradient|radialgradient)[\s/>])"
)
# Looked for anywhere in the lower-cased SVG, text included: a label that merely mentions "onload=" or
# "href" takes the slow path, which is correct too.
# Every element other than the ones Graphviz draws with (<a>, <image>, <script>, ...) is caught by
# _UNEXPECTED_TAG; these catch attributes.
_SUSPICIOUS_TOKENS = (b"href", b"url(")
_HANDLER_STARTS = (b" on", b"\ton", b"\non", b"\ron")
_HANDLER = re.compile(rb"\son[a-z-]*\s*=")
# The exact form Graphviz 2.x writes for an HTML-label image; any other form takes the slow path.
_GRAPHVIZ_IMAGE = re.compile(
    rb'<image xlink:href="[^"]*?icon--([a-z0-9-]+)--([0-9a-f]{6})\.png" width="([\d.]+)px" height="([\d.]+)px" '
    rb'preserveAspectRatio="xMinYMin meet" x="(-?[\d.]+)" y="(-?[\d.]+)"/>'
)


@functools.lru_cache(maxsize=256)
def _icon_open_close(name: str, colour: str) -> tuple[str, str]:
    """The parts of an icon group around its transform, built once per icon and colour."""
    inner = "".join(
        f"<{tag} " + " ".join(f'{key}="{value}"' for key, value in attributes.items()) + "/>"
        for tag, attributes in icon_svg_elements(ICONS[name])
    )
    tail = (
        f'" fill="none" stroke="{colour}" stroke-width="{STROKE_WIDTH}" stroke-linecap="round" '
        f'stroke-linejoin="round">{inner}</g>'
    )
    return '<g class="icon" transform="', tail


def _icon_markup(name: str, colour: str, x: float, y: float, size: float) -> bytes:
    head, tail = _icon_open_close(name, colour)
    return f"{head}translate({x:.2f},{y:.2f}) scale({size / GRID:.4f}){tail}".encode()


def _graphviz_image_to_icon(match: re.Match[bytes]) -> bytes:
    name = match.group(1).decode()
    if name not in ICONS:
        return b""
    width, height, x, y = (float(match.group(i)) for i in (3, 4, 5, 6))
    size = min(width, height)
    return _icon_markup(name, "#" + match.group(2).decode(), x + (width - size) / 2, y + (height - size) / 2, size)


def _looks_safe(svg: bytes) -> bool:
    lower = svg.lower()
    if any(token in lower for token in _SUSPICIOUS_TOKENS):
        return False
    if _UNEXPECTED_TAG.search(lower) is not None:
        return False
    # Plain finds first: the regex only runs when some attribute or text could start with " on".
    return not any(start in lower for start in _HANDLER_STARTS) or _HANDLER.search(lower) is None


def inline_icons(svg: bytes) -> bytes:
    """Replace Graphviz icon images by inline strokes and remove active or external content."""
    # Graphviz's comments (node keys, escaped) are kept: they are inert and stripping them costs a pass.
    fast = _GRAPHVIZ_IMAGE.sub(_graphviz_image_to_icon, _DOCTYPE.sub(b"", svg, count=1))
    if _looks_safe(fast):
        return fast
    return _inline_icons_tree(svg)


def _inline_icons_tree(svg: bytes) -> bytes:
    """The thorough path: parse, replace images, drop anything active or external, serialise."""
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as error:
        raise SvgError(f"Graphviz produced SVG that does not parse: {error}") from error

    def replace(image: ET.Element) -> ET.Element | None:
        href = image.get(f"{{{XLINK_NS}}}href") or image.get("href") or ""
        match = _ICON_FILE.search(href)
        if match is None or match.group(1) not in ICONS:
            return None
        return _icon_group(image, ICONS[match.group(1)], f"#{match.group(2)}")

    for attribute in [a for a in root.attrib if _local(a).startswith("on")]:
        del root.attrib[attribute]
    _clean(root, replace)
    return bytes(ET.tostring(root, encoding="utf-8", xml_declaration=True))


def svg_problems(svg: bytes) -> list[str]:
    """Return what makes an SVG unsafe to embed: scripts, handlers, external references; [] when clean.

    Raises :class:`SvgError` when it is not well-formed XML.
    """
    try:
        root = ET.fromstring(svg)
    except ET.ParseError as error:
        raise SvgError(f"SVG does not parse: {error}") from error
    problems: list[str] = []
    if b"<script" in svg.lower():
        problems.append("contains '<script'")
    for element in root.iter():
        name = _local(element.tag)
        if name in _FORBIDDEN_TAGS:
            problems.append(f"<{name}> element")
        if name == "image":
            problems.append("<image> element (external or embedded raster)")
        for attribute, value in element.attrib.items():
            local = _local(attribute)
            if local.startswith("on"):
                problems.append(f"event handler attribute {local} on <{name}>")
            if attribute in _HREF_NAMES and not value.startswith("#"):
                problems.append(f"external reference {value!r} on <{name}>")
            if local == "style" and "url(" in value.lower():
                problems.append(f"url() in style on <{name}>")
        if name == "style" and element.text and ("@import" in element.text or "url(" in element.text):
            problems.append("external reference in <style>")
    return problems
