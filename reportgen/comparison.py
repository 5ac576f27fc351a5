"""Comparison: this evaluation beside the reference average and the previous one.

It makes chapter 2's charts (as definitions), their text alternatives and the
comparison table. Rows and columns without data are left out, never shown as zeros.
"""

from __future__ import annotations

from collections.abc import Callable

from babel.numbers import get_minus_sign_symbol

from reportgen.catalogue import Labels
from reportgen.evaluation import Evaluation
from reportgen.results import Results
from reportgen.tree import Chart, ChartNote, Series, Table

Number = Callable[[float], str]


def _area_name(labels: Labels, number: int, name: str) -> str:
    return labels("area_label", number=number, name=name)


def points(value: int, complete: bool, labels: Labels, number: Number) -> str:
    """Points as printed: a draft's partial sum (not every sub-question scored) carries the incomplete mark."""
    return number(value) if complete else labels("draft_points", points=number(value))


def reference_totals(evaluation: Evaluation, results: Results) -> tuple[dict[int, int], int | None]:
    """The reference average per area (where given) and its total (given, or the sum of all areas)."""
    reference = evaluation.reference_average
    if reference is None:
        return {}, None
    areas = dict(reference.areas or {})
    if reference.total is None and len(areas) == len(results.areas):
        return areas, sum(areas.values())
    return areas, reference.total


def bar_chart(evaluation: Evaluation, results: Results, labels: Labels, number: Number, short: str) -> Chart:
    shown = lambda area: points(area.points, area.complete, labels, number)  # noqa: E731
    total = points(results.total, results.complete, labels, number)
    high = max(results.areas, key=lambda a: a.points)
    low = min(results.areas, key=lambda a: a.points)
    caption = labels("caption_bars", high=_area_name(labels, high.area.id, high.area.name),
                     high_points=shown(high), low=_area_name(labels, low.area.id, low.area.name),
                     low_points=shown(low), total=total, max=number(results.max))
    _, reference_total = reference_totals(evaluation, results)
    if reference_total is not None:
        gap = results.total - reference_total
        caption += (labels("caption_total_equals_reference") if gap == 0 else
                    labels("caption_total_vs_reference", gap=points(abs(gap), results.complete, labels, number),
                           direction=labels("above") if gap > 0 else labels("below"),
                           reference_total=number(reference_total)))
    return Chart(
        kind="bars", anchor="chart-bars", **_axes(results, labels),
        series=(Series(labels("series_current", short_name=short, year=evaluation.report_date.year),
                       tuple(a.points for a in results.areas), value_labels=tuple(shown(a) for a in results.areas)),),
        maximum=results.areas[0].max, caption=caption,
        note=ChartNote(labels("chart_total"), total, labels("chart_total_of", max=number(results.max)),
                       labels("chart_total_reference", total=number(reference_total))
                       if reference_total is not None else ""),
    )


def _axes(results: Results, labels: Labels) -> dict:
    return dict(categories=tuple(_area_name(labels, a.area.id, a.area.name) for a in results.areas),
                keys=tuple(str(a.area.id) for a in results.areas),
                names=tuple(a.area.name for a in results.areas))


def radar_chart(evaluation: Evaluation, results: Results, labels: Labels, number: Number, short: str) -> Chart:
    series = [Series(labels("series_current", short_name=short, year=evaluation.report_date.year),
                     tuple(a.points for a in results.areas), "current")]
    reference, _ = reference_totals(evaluation, results)
    if len(reference) == len(results.areas):
        series.append(Series(labels("series_reference"), tuple(reference[a.area.id] for a in results.areas),
                             "reference"))
    previous = evaluation.previous_evaluation
    if previous is not None and len(previous.areas) == len(results.areas):
        series.append(Series(labels("series_previous", short_name=short, year=previous.year),
                             tuple(previous.areas[a.area.id] for a in results.areas), "previous"))
    caption = labels("caption_radar", short_genitive=labels.genitive(short))
    compared = [labels("radar_reference_name") if s.role == "reference" else
                labels("caption_previous_name", year=previous.year) for s in series[1:]]
    if compared:
        caption += labels("caption_radar_series", series=labels.names(compared))
    if len(reference) == len(results.areas):
        far = max(results.areas, key=lambda a: (abs(a.points - reference[a.area.id]), -a.area.id))
        caption += labels("caption_radar_gap", area=_area_name(labels, far.area.id, far.area.name),
                          points=points(far.points, far.complete, labels, number),
                          reference=number(reference[far.area.id]))
    if previous is not None and len(previous.areas) == len(results.areas):
        moved = max(results.areas, key=lambda a: (abs(a.points - previous.areas[a.area.id]), -a.area.id))
        change = moved.points - previous.areas[moved.area.id]
        caption += labels("caption_radar_change", year=previous.year,
                          area=_area_name(labels, moved.area.id, moved.area.name),
                          before=number(previous.areas[moved.area.id]),
                          after=points(moved.points, moved.complete, labels, number),
                          change=_partial(signed(change, number, labels), moved.complete, labels))
    return Chart(kind="radar", anchor="chart-radar", **_axes(results, labels), series=tuple(series),
                 maximum=results.areas[0].max, caption=caption)


def radar_intro(evaluation: Evaluation, results: Results, labels: Labels, short: str) -> str:
    reference, _ = reference_totals(evaluation, results)
    if len(reference) == len(results.areas):
        return labels("radar_intro", short_genitive=labels.genitive(short), reference=labels("radar_reference_name"))
    return labels("radar_intro_alone", short_genitive=labels.genitive(short))


def signed(value: int, number: Number, labels: Labels) -> str:
    """A change with its sign: +12, 0, –3 (the catalogue's minus sign, else the locale's)."""
    if value < 0:
        return labels.entries.get("minus_sign", get_minus_sign_symbol(labels.locale)) + number(-value)
    return ("+" if value > 0 else "") + number(value)


def comparison_table(evaluation: Evaluation, results: Results, labels: Labels, number: Number) -> Table:
    """Per area: this evaluation, the reference average, the previous evaluation, the change."""
    reference, reference_total = reference_totals(evaluation, results)
    previous = evaluation.previous_evaluation
    year = str(evaluation.report_date.year)
    header = [labels("comparison_area"), year]
    columns: list[Callable[[int | None], str]] = [lambda area: points(_points(results, area), _complete(results, area),
                                                                      labels, number)]
    if reference:  # a column only for per-area figures; a total alone is stated beside the bar chart's total
        header.append(labels("comparison_reference"))
        columns.append(lambda area: number(reference_total if area is None else reference[area])
                       if (area is None and reference_total is not None) or area in reference else "")
    if previous is not None:
        previous_total = sum(previous.areas.values()) if len(previous.areas) == len(results.areas) else None
        header += [str(previous.year), labels("comparison_change")]
        columns.append(lambda area: number(previous_total if area is None else previous.areas[area])
                       if (area is None and previous_total is not None) or area in previous.areas else "")
        columns.append(lambda area: _partial(signed(_points(results, area) - (previous_total if area is None
                                                                              else previous.areas[area]),
                                                    number, labels), _complete(results, area), labels)
                       if (area is None and previous_total is not None) or area in previous.areas else "")
    missing = labels("no_data")
    rows = tuple((_area_name(labels, a.area.id, a.area.name),
                  *(c(a.area.id) or missing for c in columns)) for a in results.areas)
    footer = ((labels("comparison_total"), *(c(None) or missing for c in columns)),)
    first = 0.40 if len(header) > 3 else 0.64
    rest = (1 - first) / (len(header) - 1)
    return Table(tuple(header), rows, footer, widths=(first, *([rest] * (len(header) - 1))),
                 numeric=(False, *([True] * (len(header) - 1))), role="comparison",
                 caption=labels("comparison_caption"))


def _points(results: Results, area: int | None) -> int:
    return results.total if area is None else next(a.points for a in results.areas if a.area.id == area)


def _complete(results: Results, area: int | None) -> bool:
    return results.complete if area is None else next(a.complete for a in results.areas if a.area.id == area)


def _partial(text: str, complete: bool, labels: Labels) -> str:
    """A figure computed from a partial sum (a change) carries the same mark as the sum."""
    return text if complete else labels("draft_points", points=text)
