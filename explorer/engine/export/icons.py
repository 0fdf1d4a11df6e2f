"""Line-art icons drawn for the project, one per service and a fallback per category.

Each icon is a handful of strokes (polylines and circles) on a 24 x 24 grid. The same
definition is written two ways: as SVG ``<path>``/``<circle>`` elements inlined into exported
SVGs (no external files, no ``<image>``), and as small anti-aliased PNGs that Graphviz's cairo
renderer places into PNG and PDF output. Keeping one geometric definition means the two always
agree, and no raster library is needed.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

__all__ = [
    "ICONS",
    "Circle",
    "Icon",
    "Polyline",
    "icon_for",
    "icon_png",
    "icon_svg_elements",
]

GRID = 24.0
STROKE_WIDTH = 1.6

Point = tuple[float, float]
DistanceFn = Callable[[float, float], float]


@dataclass(frozen=True)
class Polyline:
    """A stroked open or closed polyline."""

    points: tuple[Point, ...]
    closed: bool = False

    def segments(self) -> list[tuple[Point, Point]]:
        """Return the straight segments of the line, including the closing one."""
        pairs = list(zip(self.points, self.points[1:], strict=False))
        if self.closed and len(self.points) > 2:
            pairs.append((self.points[-1], self.points[0]))
        return pairs


@dataclass(frozen=True)
class Circle:
    """A stroked circle."""

    centre: Point
    radius: float


Stroke = Polyline | Circle


@dataclass(frozen=True)
class Icon:
    """A named icon made of strokes on a 24 x 24 grid."""

    name: str
    strokes: tuple[Stroke, ...]


def _line(*points: Point) -> Polyline:
    return Polyline(tuple(points))


def _shape(*points: Point) -> Polyline:
    return Polyline(tuple(points), closed=True)


def _arc(cx: float, cy: float, rx: float, ry: float, start: float, end: float, steps: int = 12) -> Polyline:
    """An elliptical arc from ``start`` to ``end`` degrees (0 = east, clockwise on screen)."""
    points = []
    for i in range(steps + 1):
        angle = math.radians(start + (end - start) * i / steps)
        points.append((round(cx + rx * math.cos(angle), 2), round(cy + ry * math.sin(angle), 2)))
    return Polyline(tuple(points))


def _ellipse(cx: float, cy: float, rx: float, ry: float) -> Polyline:
    arc = _arc(cx, cy, rx, ry, 0, 360, steps=20)
    return Polyline(arc.points[:-1], closed=True)


def _cylinder(x0: float, x1: float, top: float, bottom: float, bands: Iterable[float] = ()) -> tuple[Stroke, ...]:
    cx, rx = (x0 + x1) / 2, (x1 - x0) / 2
    strokes: list[Stroke] = [
        _ellipse(cx, top, rx, 2.2),
        _line((x0, top), (x0, bottom)),
        _line((x1, top), (x1, bottom)),
        _arc(cx, bottom, rx, 2.2, 0, 180),
    ]
    strokes.extend(_arc(cx, y, rx, 2.2, 0, 180) for y in bands)
    return tuple(strokes)


def _spark(cx: float, cy: float, r: float) -> tuple[Stroke, ...]:
    """A six-ray spark."""
    rays: list[Stroke] = []
    for k in range(3):
        a = math.radians(90 + 60 * k)
        dx, dy = round(r * math.cos(a), 2), round(r * math.sin(a), 2)
        rays.append(_line((cx - dx, cy - dy), (cx + dx, cy + dy)))
    return tuple(rays)


_LOG = (
    _shape((3, 8), (17, 8), (17, 16), (3, 16)),
    _line((7, 8), (7, 16)),
    _line((11, 8), (11, 16)),
    _line((17, 12), (21, 12)),
    _line((19, 10), (21, 12), (19, 14)),
)
_CYLINDER = _cylinder(5, 19, 5, 19, bands=(10, 14.5))
_MAGNIFIER = (Circle((10, 10), 6), _line((14.5, 14.5), (20.5, 20.5)))
_CHART = (
    _line((3, 3), (3, 21), (21, 21)),
    _shape((6, 14), (9, 14), (9, 21), (6, 21)),
    _shape((11, 9), (14, 9), (14, 21), (11, 21)),
    _shape((16, 5), (19, 5), (19, 21), (16, 21)),
)
_NOTEBOOK = (
    _shape((6, 3), (20, 3), (20, 21), (6, 21)),
    _line((4, 7), (8, 7)),
    _line((4, 12), (8, 12)),
    _line((4, 17), (8, 17)),
    _line((10, 8), (17, 8)),
    _line((10, 12), (17, 12)),
    _line((10, 16), (15, 16)),
)
_GLOBE = (Circle((12, 12), 9), _arc(12, 12, 4, 9, -90, 90), _arc(12, 12, 4, 9, 90, 270), _line((3, 12), (21, 12)))

ICONS: dict[str, Icon] = {
    icon.name: icon
    for icon in (
        Icon("kafka", _LOG),
        Icon("cassandra", _CYLINDER),
        Icon("spark-batch", (*_spark(12, 10, 7), _line((5, 20), (19, 20)))),
        Icon(
            "spark-streaming",
            (*_spark(12, 9, 6), _line((3, 18), (7, 16), (11, 18), (15, 16), (19, 18), (21, 17))),
        ),
        Icon(
            "spark-mllib",
            (
                Circle((5, 12), 2.2),
                Circle((19, 6), 2.2),
                Circle((19, 18), 2.2),
                Circle((12, 12), 2.2),
                _line((7.2, 12), (9.8, 12)),
                _line((13.9, 10.9), (17.1, 7.1)),
                _line((13.9, 13.1), (17.1, 16.9)),
            ),
        ),
        Icon("elasticsearch", _MAGNIFIER),
        Icon(
            "elassandra", (*_cylinder(3, 13, 5, 17, bands=(11,)), Circle((17, 15), 3.5), _line((19.5, 17.5), (22, 20)))
        ),
        Icon("kibana", _CHART),
        Icon("zeppelin", _NOTEBOOK),
        Icon(
            "s3",
            (
                _ellipse(12, 6, 8, 2.2),
                _line((4, 6), (6.5, 19)),
                _line((20, 6), (17.5, 19)),
                _arc(12, 19, 5.5, 1.8, 0, 180),
            ),
        ),
        Icon(
            "jdbc",
            (
                _shape((3, 5), (21, 5), (21, 19), (3, 19)),
                _line((3, 9.5), (21, 9.5)),
                _line((3, 14), (21, 14)),
                _line((9, 5), (9, 19)),
                _line((15, 5), (15, 19)),
            ),
        ),
        Icon(
            "event-source",
            (
                Circle((12, 12), 1.8),
                _arc(12, 12, 5, 5, -45, 45, steps=6),
                _arc(12, 12, 5, 5, 135, 225, steps=6),
                _arc(12, 12, 9, 9, -45, 45, steps=8),
                _arc(12, 12, 9, 9, 135, 225, steps=8),
            ),
        ),
        Icon(
            "application",
            (
                _shape((3, 4), (21, 4), (21, 20), (3, 20)),
                _line((3, 8), (21, 8)),
                _line((10, 11), (7, 14), (10, 17)),
                _line((14, 11), (17, 14), (14, 17)),
            ),
        ),
        Icon(
            "logstash",
            (
                _shape((3, 4), (21, 4), (14, 12), (14, 20), (10, 20), (10, 12)),
                _line((6.5, 8), (17.5, 8)),
            ),
        ),
        # Category fallbacks for services the catalog gains later.
        Icon("category-stream", _LOG),
        Icon("category-store", _CYLINDER),
        Icon("category-compute", _spark(12, 12, 8)),
        Icon("category-search", _MAGNIFIER),
        Icon("category-visualise", _CHART),
        Icon("category-notebook", _NOTEBOOK),
        Icon("category-external", _GLOBE),
        Icon(
            "unknown",
            (Circle((12, 12), 9), _line((9, 9), (12, 7), (15, 9), (12, 12), (12, 14.5)), Circle((12, 18), 0.4)),
        ),
    )
}


def icon_for(service: str, category: str | None) -> Icon:
    """Return the icon of a service, else of its category, else the "unknown" icon."""
    return ICONS.get(service) or ICONS.get(f"category-{category}") or ICONS["unknown"]


def _fmt(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def icon_svg_elements(icon: Icon) -> list[tuple[str, dict[str, str]]]:
    """Return the icon as (tag, attributes) pairs of SVG elements in the 24 x 24 grid."""
    elements: list[tuple[str, dict[str, str]]] = []
    for stroke in icon.strokes:
        if isinstance(stroke, Circle):
            cx, cy = stroke.centre
            elements.append(("circle", {"cx": _fmt(cx), "cy": _fmt(cy), "r": _fmt(stroke.radius)}))
        else:
            d = "M" + " L".join(f"{_fmt(x)} {_fmt(y)}" for x, y in stroke.points)
            elements.append(("path", {"d": d + (" Z" if stroke.closed else "")}))
    return elements


def _segment_distance(px: float, py: float, a: Point, b: Point) -> float:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / length2))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _ring_distance(cx: float, cy: float, r: float) -> DistanceFn:
    return lambda px, py: abs(math.hypot(px - cx, py - cy) - r)


def _line_distance(a: Point, b: Point) -> DistanceFn:
    return lambda px, py: _segment_distance(px, py, a, b)


def _coverage(icon: Icon, size: int) -> list[float]:
    """Anti-aliased stroke coverage per pixel, by distance to each stroke within its bounding box."""
    scale = size / GRID
    half = STROKE_WIDTH * scale / 2
    cover = [0.0] * (size * size)

    def paint(x0: float, y0: float, x1: float, y1: float, distance: DistanceFn) -> None:
        for y in range(max(0, int(y0 - half - 1)), min(size, int(y1 + half + 2))):
            for x in range(max(0, int(x0 - half - 1)), min(size, int(x1 + half + 2))):
                value = min(1.0, max(0.0, half + 0.5 - distance(x + 0.5, y + 0.5)))
                if value > cover[y * size + x]:
                    cover[y * size + x] = value

    for stroke in icon.strokes:
        if isinstance(stroke, Circle):
            cx, cy, r = stroke.centre[0] * scale, stroke.centre[1] * scale, stroke.radius * scale
            paint(cx - r, cy - r, cx + r, cy + r, _ring_distance(cx, cy, r))
            continue
        for a, b in stroke.segments():
            sa, sb = (a[0] * scale, a[1] * scale), (b[0] * scale, b[1] * scale)
            paint(
                min(sa[0], sb[0]),
                min(sa[1], sb[1]),
                max(sa[0], sb[0]),
                max(sa[1], sb[1]),
                _line_distance(sa, sb),
            )
    return cover


def icon_png(icon: Icon, colour: str, size: int = 64) -> bytes:
    """Rasterise an icon as an RGBA PNG of ``size`` pixels in ``colour`` (``#rrggbb``) on transparency."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    cover = _coverage(icon, size)
    rows = bytearray()
    for y in range(size):
        rows.append(0)  # filter type "none"
        for x in range(size):
            rows.extend((red, green, blue, round(255 * cover[y * size + x])))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(bytes(rows), 9))
        + chunk(b"IEND", b"")
    )
