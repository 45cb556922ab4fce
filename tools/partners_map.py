"""Make the outlines of the partners map: ``data/partners-map.json``.

    npm ci                                # installs world-atlas (package.json)
    python -m tools.partners_map          # writes data/partners-map.json

The outlines are Natural Earth's 1:50m countries (public domain), as the npm
package ``world-atlas`` ships them in TopoJSON.  This script is run by hand,
once, and its output is committed; the build (``catalyst/partnersmap.py``)
only reads the small file.  Run it again only to change the map's extent or
detail: partners are placed at build time from ``data/partners.yaml``.

For each of the map's two panels (Latin America, Africa) it keeps the
countries that reach into the panel, clips them to it, projects them once
(equirectangular: at these latitudes, within a few degrees of the equator,
shapes stay recognisable), simplifies them (Douglas–Peucker, to about half a
pixel of the panel's width) and rounds to whole units.  It also records each
country's centre (of its largest part, in the panel's units), where a partner
without a known point is placed.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "world-atlas" / "countries-50m.json"
OUTPUT = ROOT / "data" / "partners-map.json"

# id, (west, south, east, north) in degrees, width in map units.
PANELS = [
    ("latin-america", (-118.0, -56.0, -33.0, 33.0), 400),
    ("africa", (-18.0, -36.0, 52.0, 38.0), 400),
]
TOLERANCE = 0.6  # map units (the panel is 400 wide)
MIN_AREA = 4.0  # square map units: smaller islands are left out


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON's quantized, delta-encoded arcs, as lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs, indexes: list[int]) -> list[tuple[float, float]]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def polygons(arcs, geometry: dict) -> list[list[list[tuple[float, float]]]]:
    if geometry["type"] == "Polygon":
        return [[ring(arcs, r) for r in geometry["arcs"]]]
    if geometry["type"] == "MultiPolygon":
        return [[ring(arcs, r) for r in polygon] for polygon in geometry["arcs"]]
    return []


def clip(points, box):
    """Sutherland–Hodgman: the ring *points* cut to the rectangle *box*."""
    west, south, east, north = box
    edges = [
        (lambda p: p[0] >= west, lambda a, b: cross_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: cross_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: cross_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: cross_y(a, b, north)),
    ]
    for inside, cross in edges:
        if not points:
            break
        result = []
        previous = points[-1]
        for point in points:
            if inside(point):
                if not inside(previous):
                    result.append(cross(previous, point))
                result.append(point)
            elif inside(previous):
                result.append(cross(previous, point))
            previous = point
        points = result
    return points


def cross_x(a, b, x):
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def cross_y(a, b, y):
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def simplify(points, tolerance):
    """Douglas–Peucker on an open polyline."""
    if len(points) < 3:
        return points
    (ax, ay), (bx, by) = points[0], points[-1]
    dx, dy = bx - ax, by - ay
    norm = (dx * dx + dy * dy) ** 0.5 or 1.0
    index, distance = 0, 0.0
    for i in range(1, len(points) - 1):
        px, py = points[i]
        if dx or dy:
            d = abs(dy * px - dx * py + bx * ay - by * ax) / norm
        else:
            d = ((px - ax) ** 2 + (py - ay) ** 2) ** 0.5
        if d > distance:
            index, distance = i, d
    if distance <= tolerance:
        return [points[0], points[-1]]
    return simplify(points[: index + 1], tolerance)[:-1] + simplify(points[index:], tolerance)


def area_centroid(points):
    """Signed area and centroid of a closed ring."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        step = x0 * y1 - x1 * y0
        area += step
        cx += (x0 + x1) * step
        cy += (y0 + y1) * step
    area /= 2
    if not area:
        return 0.0, points[0]
    return area, (cx / (6 * area), cy / (6 * area))


def make_panel(arcs, geometries, box, width):
    west, south, east, north = box
    scale = width / (east - west)
    height = round((north - south) * scale)

    def project(point):
        return ((point[0] - west) * scale, (north - point[1]) * scale)

    countries = []
    for geometry in geometries:
        name = geometry.get("properties", {}).get("name")
        parts = []
        largest = (0.0, None)
        for polygon in polygons(arcs, geometry):
            for index, points in enumerate(polygon):
                cut = clip(points[:-1], box)
                if len(cut) < 3:
                    continue
                projected = [project(p) for p in cut]
                closed = simplify(projected + projected[:1], TOLERANCE)[:-1]
                rounded = []
                for x, y in closed:
                    point = (round(x), round(y))
                    if not rounded or rounded[-1] != point:
                        rounded.append(point)
                area, centre = area_centroid(projected)
                if len(rounded) < 3 or abs(area) < MIN_AREA:
                    continue
                if index == 0 and abs(area) > largest[0]:
                    largest = (abs(area), centre)
                start, rest = rounded[0], rounded[1:]
                path = f"M{start[0]} {start[1]}" + "".join(
                    f"l{x - px} {y - py}" for (px, py), (x, y) in zip(rounded[:-1], rest, strict=True)
                )
                parts.append(path + "z")
        if parts and name:
            centre = largest[1]
            countries.append({"name": name, "path": "".join(parts), "centre": [round(c, 1) for c in centre]})
    countries.sort(key=lambda c: c["name"])
    return {"width": width, "height": height, "bounds": list(box), "countries": countries}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"{args.source} is missing: run `npm ci` first (package.json lists world-atlas)", file=sys.stderr)
        return 1
    topology = json.loads(args.source.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    geometries = topology["objects"]["countries"]["geometries"]
    version = json.loads((args.source.parent / "package.json").read_text(encoding="utf-8"))["version"]
    result = {
        "source": f"Natural Earth 1:50m countries, from world-atlas {version} (npm); made by tools/partners_map.py",
        "panels": {panel: make_panel(arcs, geometries, box, width) for panel, box, width in PANELS},
    }
    args.output.write_text(json.dumps(result, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {args.output} ({args.output.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
