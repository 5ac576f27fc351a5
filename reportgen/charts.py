"""Charts: draws a chart definition as a vector drawing (for PDF) or a 300 dpi PNG (for Word).

One definition (:class:`reportgen.tree.Chart`), one drawing routine, two outputs:
reportlab shapes go into the PDF as vector graphics; the same drawing is turned into
SVG (reportlab's pure-Python renderer) and rasterised by resvg, which installs from
a wheel on Linux, macOS and Windows (reportlab's own PNG renderer needs pycairo).
Series differ by line style and marker, not by colour alone, so grayscale prints read.
"""

from __future__ import annotations

from functools import lru_cache
from math import ceil, cos, pi, sin

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.spider import SpiderChart
from reportlab.graphics.shapes import Drawing, Group, Line, Polygon, Rect, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors
from reportlab.lib.attrmap import AttrMap, AttrMapValue
from reportlab.lib.validators import isNumber
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth

from reportgen import cache
from reportgen.fonts import register_fonts
from reportgen.resources import FONTS
from reportgen.theme import load_theme
from reportgen.tree import Chart

_THEME = load_theme()
_NAMES = register_fonts()
FONT, FONT_BOLD, FONT_ITALIC, FONT_BOLD_ITALIC = _NAMES.regular, _NAMES.bold, _NAMES.italic, _NAMES.bold_italic
INK, PRIMARY, ACCENT, TINT, RULE, MUTED = (colors.HexColor(getattr(_THEME.colours, name)) for name in
                                           ("ink", "primary", "accent", "tint", "rule", "muted"))

# How each series role looks: colour, dash pattern, marker. Distinct in grayscale.
SERIES_LOOK = {
    "current": (PRIMARY, None, "FilledCircle"),
    "reference": (colors.HexColor(_THEME.colours.reference), (4, 2.5), "FilledSquare"),
    "previous": (colors.HexColor(_THEME.colours.previous), (1.2, 2), "FilledTriangle"),
}
_LABEL_SIZE = _THEME.sizes["chart_label"].size_pt
_SMALL_SIZE = _THEME.sizes["chart_small"].size_pt
_KEY_SIZE, _KEY_LEADING = _THEME.sizes["chart_key"].size_pt, _THEME.sizes["chart_key"].leading_pt
_FIGURE_SIZE = _THEME.sizes["chart_figure"].size_pt


def draw_chart(chart: Chart, width: float) -> Drawing:
    """The chart as a reportlab drawing ``width`` points wide."""
    register_fonts()
    if chart.kind == "bars":
        drawing = _bars(chart, width)
    elif chart.kind == "radar":
        drawing = _radar(chart, width)
    else:
        raise ValueError(f"unknown chart kind {chart.kind!r}")
    # The renderer's starting state names a font too; without this it is a non-embedded Helvetica.
    drawing.initialFontName, drawing.initialFontSize = FONT, _LABEL_SIZE
    return drawing


@lru_cache(maxsize=32)
def chart_png(chart: Chart, width: float, dpi: int = 300) -> bytes:
    """The chart as a PNG of ``width`` points at ``dpi`` (the same drawing as the PDF's).

    Rasterising at 300 dpi is the slow step (about 0.15 s a chart), so images are kept: per
    process, and across processes in the user's cache (:mod:`reportgen.cache`), keyed by the
    SVG, the resolution, the renderer's version and the fonts. A report whose scores did not
    change (an evaluator editing text, a batch rerun) reuses its images.
    """
    import resvg_py

    svg = chart_svg(chart, width)
    # reportlab clips the whole drawing to its own bounds; nothing is drawn outside them, and
    # resvg renders a clipped group through a full-size mask, which doubled the time.
    svg = svg.replace(' style="clip-path: url(#clip)"', "")
    fonts = sorted(p for p in FONTS.iterdir() if p.suffix.lower() in (".ttf", ".otf"))
    entry = cache.key(svg, str(dpi), getattr(resvg_py, "__version__", ""), *(cache.file_digest(p) for p in fonts))
    return cache.cached("charts", entry + ".png", lambda: bytes(resvg_py.svg_to_bytes(
        svg_string=svg, zoom=dpi / 72, background="#ffffff", skip_system_fonts=True, font_dirs=[str(FONTS)])))


def chart_svg(chart: Chart, width: float, font_family: str = "Noto Sans") -> str:
    """The chart as SVG text (the same drawing as the PDF's), its fonts named by CSS family."""
    svg = renderSVG.drawToString(draw_chart(chart, width))
    for name, css in ((FONT_BOLD_ITALIC, f"{font_family}; font-weight: bold; font-style: italic"),
                      (FONT_BOLD, f"{font_family}; font-weight: bold"),
                      (FONT_ITALIC, f"{font_family}; font-style: italic"), (FONT, font_family)):
        svg = svg.replace(f"font-family: {name};", f"font-family: {css};")
    # reportlab writes "fill: None", which is not CSS; SVG would then fill the radar's strands black.
    return svg.replace("fill: None;", "fill: none;")


def _bars(chart: Chart, width: float) -> Drawing:
    """Horizontal bars, one per area, 0 to the maximum, value at the bar's end; the note beside."""
    series = chart.series[0]
    label_width = width * 0.40
    note_width = width * 0.19
    left = label_width + 6
    plot = width - left - note_width - 10
    row = 25
    axis = 22
    height = row * len(chart.categories) + axis + 6
    drawing = Drawing(width, height)
    scale = plot / chart.maximum
    for tick in range(0, int(chart.maximum) + 1, 20):
        x = left + tick * scale
        drawing.add(Line(x, axis, x, height - 4, strokeColor=RULE, strokeWidth=0.5))
        drawing.add(String(x, axis - 11, str(tick), fontName=FONT, fontSize=_SMALL_SIZE, fillColor=MUTED,
                           textAnchor="middle"))
    value_labels = series.value_labels or tuple(str(v) for v in series.values)
    for index, (name, value, shown) in enumerate(zip(chart.categories, series.values, value_labels)):
        top = height - 6 - index * row
        middle = top - row / 2
        lines = simpleSplit(name, FONT, _LABEL_SIZE, label_width)[:2]
        first = middle + (len(lines) - 1) * 5 - 3
        for n, line in enumerate(lines):
            drawing.add(String(0, first - n * 10, line, fontName=FONT, fontSize=_LABEL_SIZE, fillColor=INK))
        drawing.add(Rect(left, middle - 7, value * scale, 14, fillColor=PRIMARY, strokeColor=None))
        drawing.add(String(left + value * scale + 4, middle - 3, shown, fontName=FONT_BOLD,
                           fontSize=_LABEL_SIZE, fillColor=INK))
    if chart.note:
        x = width - note_width + 8
        extra = simpleSplit(chart.note.reference, FONT, _SMALL_SIZE, note_width - 12) if chart.note.reference else []
        box = 62 + len(extra) * (_SMALL_SIZE + 2)
        bottom = height / 2 - 30 - len(extra) * (_SMALL_SIZE + 2) / 2
        drawing.add(Rect(x - 8, bottom, note_width, box, fillColor=TINT, strokeColor=None))
        top = bottom + box
        drawing.add(String(x, top - 18, chart.note.label, fontName=FONT, fontSize=_LABEL_SIZE, fillColor=MUTED))
        drawing.add(String(x, top - 42, chart.note.value, fontName=FONT_BOLD, fontSize=_FIGURE_SIZE, fillColor=ACCENT))
        drawing.add(String(x, top - 56, chart.note.detail, fontName=FONT, fontSize=_LABEL_SIZE, fillColor=MUTED))
        for n, line in enumerate(extra):
            drawing.add(String(x, top - 70 - n * (_SMALL_SIZE + 2), line, fontName=FONT, fontSize=_SMALL_SIZE,
                               fillColor=MUTED))
    return drawing


class _FixedScaleSpider(SpiderChart):
    """reportlab's spider chart on a fixed 0..maximum scale (it otherwise scales to the data)."""

    _attrMap = AttrMap(BASE=SpiderChart, maximum=AttrMapValue(isNumber, desc="the value at the outer ring"))

    def __init__(self, maximum: float):
        super().__init__()
        self.maximum = maximum

    def normalizeData(self, outer: float = 0.0):  # noqa: N802 - reportlab's name
        self._norm = self.maximum
        return [[value / self.maximum for value in row] for row in self.data]

    def makeSwatchSample(self, rowNo, x, y, width, height):  # noqa: N802 - reportlab's name
        """The legend's sample: the strand's line with its marker (reportlab's own fails on markers)."""
        style = self.strands[rowNo]
        middle = y + height / 2
        group = Group(Line(x, middle, x + width, middle, strokeColor=style.strokeColor,
                           strokeWidth=style.strokeWidth, strokeDashArray=style.strokeDashArray))
        group.add(makeMarker(style.symbol, x=x + width / 2, y=middle, size=style.symbolSize,
                             fillColor=style.strokeColor, strokeColor=style.strokeColor))
        return group


_SCALE_SIZE = _SMALL_SIZE - 1


def _scale_places(chart: Chart, angles: list[float], radius: float, cx: float, cy: float,
                  rings: range) -> list[tuple[float, float]]:
    """Where the ring figures (20, 40, …) go so that no series' line or marker touches one.

    They stand on the bisector of two neighbouring spokes, each near its ring (preferably just
    inside it, else a little further in or on it). The gap where every figure finds a clear place
    wins, the nearest the top first; with none, the gap with the fewest figures touched.
    """
    count = len(angles)
    outlines = [[(cx + radius * v / chart.maximum * cos(a), cy + radius * v / chart.maximum * sin(a))
                 for v, a in zip(series.values, angles)] for series in chart.series]

    def place(angle: float, ring: int, offset: float) -> tuple[float, float]:
        distance = radius * ring / chart.maximum + offset
        return cx + distance * cos(angle), cy + distance * sin(angle) - 2

    def box(x: float, y: float, ring: int) -> tuple[float, float, float, float]:
        half = stringWidth(str(ring), FONT, _SCALE_SIZE) / 2 + 1
        return x - half, y - 1.5, x + half, y + _SCALE_SIZE * 0.75 + 1.5  # digits: baseline to cap height

    def clear(area: tuple[float, float, float, float], taken: list[tuple[float, float, float, float]]) -> bool:
        return not any(_segment_meets_box(outline[i - 1], outline[i], area) or
                       _segment_meets_box(outline[i], outline[i], area, grow=3)  # the marker
                       for outline in outlines for i in range(len(outline))) and not any(
            area[0] < other[2] and other[0] < area[2] and area[1] < other[3] and other[1] < area[3]
            for other in taken)

    def figures(gap: int) -> tuple[int, list[tuple[float, float]]]:
        angle = angles[gap] - pi / count  # between spoke ``gap`` and the next, clockwise
        touched, places, taken = 0, [], []
        for ring in rings:
            candidates = [place(angle, ring, offset) for offset in _SCALE_OFFSETS]
            found = next((p for p in candidates if clear(box(*p, ring), taken)), None)
            touched += found is None
            places.append(found or candidates[0])
            taken.append(box(*places[-1], ring))
        return touched, places

    gaps = sorted(range(count), key=lambda i: min(i, count - 1 - i))  # from the top, right side first
    return min((figures(gap) for gap in gaps), key=lambda found: found[0])[1]


_SCALE_OFFSETS = (-4.0, -8.0, 0.0, -12.0, 4.0, -16.0)  # a ring figure's distance from its ring, in order of preference


def _segment_meets_box(a: tuple[float, float], b: tuple[float, float], box: tuple[float, float, float, float],
                       grow: float = 0.0) -> bool:
    """Whether the segment a-b passes through the box (x0, y0, x1, y1) grown by ``grow`` (Liang–Barsky)."""
    x0, y0, x1, y1 = box[0] - grow, box[1] - grow, box[2] + grow, box[3] + grow
    dx, dy = b[0] - a[0], b[1] - a[1]
    low, high = 0.0, 1.0
    for p, q in ((-dx, a[0] - x0), (dx, x1 - a[0]), (-dy, a[1] - y0), (dy, y1 - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def _radar(chart: Chart, width: float) -> Drawing:
    """A spider chart with rings every 20 points, each spoke labelled with its area, and the
    legend below; every label wraps, so nothing leaves the drawing whatever the names."""
    label_width = min(96.0, width * 0.22)
    radius = min(90.0, width / 2 - label_width - 10)
    count = len(chart.categories)
    angles = [pi / 2 - 2 * pi * i / count for i in range(count)]  # clockwise from north
    # Names at the top and foot have the whole width above or below the chart; beside it, less.
    labels = [simpleSplit(name, FONT, _SMALL_SIZE, label_width * (2 if abs(cos(a)) <= 0.3 else 1))[:4]
              for name, a in zip(chart.categories, angles)]
    line = _SMALL_SIZE + 1.5
    top_room = max(len(lines) for lines, a in zip(labels, angles) if sin(a) > 0.7) * line + 10
    bottom_room = max((len(lines) for lines, a in zip(labels, angles) if sin(a) < -0.7), default=1) * line + 10
    legend_rows = []
    for series in chart.series:
        legend_rows.append(simpleSplit(series.label, FONT, _LABEL_SIZE, width - 40))
    legend_height = sum(len(rows) * (_LABEL_SIZE + 2) + 5 for rows in legend_rows) + 8
    height = ceil(legend_height + bottom_room + 2 * radius + top_room)  # whole points: whole pixels in a PNG
    drawing = Drawing(width, height)
    cx, cy = width / 2, legend_height + bottom_room + radius
    rings = range(20, int(chart.maximum) + 1, 20)
    scale = _scale_places(chart, angles, radius, cx, cy, rings)
    for ring, (x, y) in zip(rings, scale):
        r = radius * ring / chart.maximum
        points = [coordinate for a in angles for coordinate in (cx + r * cos(a), cy + r * sin(a))]
        drawing.add(Polygon(points, strokeColor=RULE, strokeWidth=0.5, fillColor=None))
        drawing.add(String(x, y, str(ring), fontName=FONT, fontSize=_SCALE_SIZE, fillColor=MUTED, textAnchor="middle"))
    for angle, lines in zip(angles, labels):  # the spokes, under the data, and their area names
        drawing.add(Line(cx, cy, cx + radius * cos(angle), cy + radius * sin(angle), strokeColor=RULE,
                         strokeWidth=0.5))
        x, y = cx + (radius + 7) * cos(angle), cy + (radius + 7) * sin(angle)
        anchor = "start" if cos(angle) > 0.3 else "end" if cos(angle) < -0.3 else "middle"
        block = len(lines) * line
        first = (y + block - _SMALL_SIZE if sin(angle) > 0.7 else y - _SMALL_SIZE + 2 if sin(angle) < -0.7
                 else y + block / 2 - _SMALL_SIZE + 1)
        for n, text in enumerate(lines):
            drawing.add(String(x, first - n * line, text, fontName=FONT, fontSize=_SMALL_SIZE, fillColor=INK,
                               textAnchor=anchor))
    # The evaluation itself is drawn last, so its line and markers lie on top of the comparisons.
    order = sorted(range(len(chart.series)), key=lambda i: chart.series[i].role == "current")
    spider = _FixedScaleSpider(chart.maximum)
    spider.x, spider.y, spider.width, spider.height = cx - radius, cy - radius, 2 * radius, 2 * radius
    spider.data = [list(chart.series[i].values) for i in order]
    spider.labels = [""] * count  # the names are drawn above, wrapped
    spider.startAngle, spider.direction = 90, "clockwise"
    spider.spokes.strokeColor = None  # drawn above, under the data
    spider.spokeLabels.fontName, spider.spokeLabels.fontSize = FONT, _SMALL_SIZE
    spider.strandLabels.fontName = FONT  # set even though strand labels are off: no stray Helvetica
    for index, series in enumerate(chart.series[i] for i in order):
        colour, dash, marker = SERIES_LOOK.get(series.role, SERIES_LOOK["current"])
        strand = spider.strands[index]
        strand.strokeColor, strand.fillColor = colour, None
        strand.strokeWidth = 1.8 if series.role == "current" else 1.3
        strand.strokeDashArray = dash
        strand.symbol, strand.symbolSize = marker, 5
        strand.name = series.label
    drawing.add(spider)
    # Below the chart: the legend, one series a row, its line style and marker, its name wrapped.
    y = legend_height - 8
    for index, (series, rows) in enumerate(zip(chart.series, legend_rows)):
        drawing.add(spider.makeSwatchSample(order.index(index), 0, y - _LABEL_SIZE + 1, 26, _LABEL_SIZE))
        for n, text in enumerate(rows):
            drawing.add(String(34, y - _LABEL_SIZE + 2 - n * (_LABEL_SIZE + 2), text, fontName=FONT,
                               fontSize=_LABEL_SIZE, fillColor=INK))
        y -= len(rows) * (_LABEL_SIZE + 2) + 5
    return drawing
