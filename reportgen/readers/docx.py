"""Word reader: a .docx that reportgen wrote, after a person edited it, back into the evaluation document.

The structure is found through what survives a save in Word and in LibreOffice: paragraph
style names (Heading 1-3 for chapters, areas and subsections; the list, quote and table
styles), the heading bookmarks, and the header row of each table (``wordml.py`` reads the
paragraphs and tables). What the text cannot say (the framework, the evaluation period, the
short name) comes from the evaluation document
embedded in the file (see ``writers/docxanchors.py``); the text always wins over it, and a text
that reads the same as the embedded one keeps the embedded one's exact wording.

Tracked changes count as accepted (or rejected, on request) and are listed as a warning, as are
comments. Points that the report computes (the box's *Poäng*, sums, max, the charts' texts)
are never read: an edit there is reported. A break in the structure (a chapter or an area
heading gone, a table split) is an error and nothing is imported.
"""

from __future__ import annotations

import base64
import copy
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from babel.numbers import NumberFormatError, parse_decimal
from docx import Document
from lxml import etree

from reportgen.catalogue import Labels, default_language, load_labels
from reportgen.framework import Framework, default_framework, load_framework
from reportgen.markup import parse_inline, parse_markdown
from reportgen.messages import say
from reportgen.problems import Problem
from reportgen.readers.reporttext import Parsed, _date_in, _pattern
from reportgen.readers.wordml import (Body, ListItem, Para, Tbl, escape_line_start, heading_level, markdown_inline,
                                      read_comments, render_list, resolve_changes, tracked_changes)
from reportgen.writers.docxanchors import CUSTOM_NAMESPACE, SOURCE_NAMESPACE

_LIST_STYLE = re.compile(r"^list (bullet|number)(?: (\d))?$", re.I)
_CONTINUE_STYLE = re.compile(r"^list continue(?: (\d))?$", re.I)
_TEXT_STYLES = {"normal", "body text", "text body", "default paragraph style", "list paragraph"}
_SKIPPED_STYLES = re.compile(r"^(toc \d|contents \d|contents title|contents heading|toc heading)$", re.I)
_QUESTION = re.compile(r"^\s*(\d+\.\d+)\b")


@dataclass
class _State:
    source: str
    parsed: Parsed = field(default_factory=Parsed)

    def warn(self, where: str, message: str) -> None:
        self.parsed.warnings.append(Problem(self.source, None, None, where, message, "", "warning"))

    def error(self, where: str, message: str, expected: str = "") -> None:
        self.parsed.errors.append(Problem(self.source, None, None, where, message, expected))


def read_docx(path: Path, framework_version: str | None = None, language: str | None = None,
              reject_changes: bool = False) -> Parsed:
    """Read the edited .docx at ``path``; the result holds the document, the warnings and the errors."""
    state = _State(str(path))
    try:
        with zipfile.ZipFile(path) as package:
            document = Document(str(path))
            embedded = _embedded_source(package)
            properties = _custom_properties(package)
            comments = read_comments(package)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, etree.XMLSyntaxError) as error:
        state.error("", say("docx_unreadable", error=error), say("docx_expected"))  # a damaged part, too
        return state.parsed
    framework_version = str(embedded.get("framework") or properties.get("framework", "").split(" ")[-1]
                            or framework_version or default_framework())
    language = str(embedded.get("language") or language or default_language())
    try:
        framework = load_framework(framework_version).localized(language)
        labels = load_labels(language, framework)
    except KeyError:
        state.error("framework", say("docx_unknown_framework", version=framework_version))
        return state.parsed
    body = copy.deepcopy(document.element.body)
    changes = tracked_changes(body, comments)
    if changes:
        listed = "; ".join(say(f"docx_change_{kind}", author=author, text=_short(text))
                           for kind, author, text in changes)
        state.warn("", say("docx_changes_rejected" if reject_changes else "docx_changes_accepted",
                           count=len(changes), changes=listed))
    resolve_changes(body, reject_changes)
    words = Body(document)
    reader = _Reader(state, words, framework, labels, embedded, properties)
    reader.read(words.blocks(body))
    return state.parsed


# --- what travels with the text ------------------------------------------------------------------

def _embedded_source(package: zipfile.ZipFile) -> dict:
    """The evaluation document the report was built from, when the file carries it, as checked data."""
    for name in package.namelist():
        if re.fullmatch(r"customXml/item\d+\.xml", name):
            try:
                root = etree.fromstring(package.read(name))
            except etree.XMLSyntaxError:
                continue
            if root.tag == f"{{{SOURCE_NAMESPACE}}}source":
                return _checked_source(root.text or "")
    return {}


def _checked_source(encoded: str) -> dict:
    """The embedded document read as ``check`` reads it (so ``1.10`` stays a sub-question id), as plain data."""
    from pydantic import ValidationError

    from reportgen.evaluation import Evaluation
    from reportgen.problems import InvalidInput
    from reportgen.yamlfile import parse_yaml

    try:
        data = parse_yaml(base64.b64decode(encoded), Path("source.yaml")).data
        evaluation = Evaluation.model_validate(data)
    except (ValueError, InvalidInput, ValidationError):
        return {}  # a damaged source is no help; the text alone is read
    result = evaluation.model_dump(exclude_none=True)
    if "logo" in result:
        result["logo"] = str(data.get("logo"))  # as the author wrote it, relative to the document
    return result


def _custom_properties(package: zipfile.ZipFile) -> dict[str, str]:
    if "docProps/custom.xml" not in package.namelist():
        return {}
    root = etree.fromstring(package.read("docProps/custom.xml"))
    return {p.get("name", "").removeprefix("reportgen."): "".join(p.itertext())
            for p in root.iter(f"{{{CUSTOM_NAMESPACE}}}property")}


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


# --- the report ----------------------------------------------------------------------------------

class _Reader:
    def __init__(self, state: _State, body: Body, framework: Framework, labels: Labels, embedded: dict,
                 properties: dict[str, str]):
        self.state = state
        self.framework = framework
        self.labels = labels
        self.embedded = embedded
        self.properties = properties
        self.numbering = body.numbering
        self.document: dict = {}
        from reportgen.docxskeleton import all_instructions

        # Texts that stand in for what is not written: a skeleton's instructions (where a program kept
        # them as plain text), a draft build's placeholders and its notes on incomplete sums.
        self.instructions = all_instructions() | {labels(k) for k in (
            "draft_missing_text", "draft_missing_area", "draft_missing_item", "draft_missing_evaluators")
            if k in labels.entries}
        self.draft_notes = [_pattern(labels.entries[k]) for k in ("draft_points_note", "draft_total_note")
                            if k in labels.entries]
        # What the cover says (several places may name the municipality) ...
        self.municipality_found: list[str] = []
        self.cover_date: date | None = None
        self.cover_evaluators: str | None = None
        self.cover_publisher: str | None = None
        # ... and the computed parts as found, checked once the document is read.
        self.computed_results: list[Para | Tbl] = []
        self.comparison_rows: list[list[str]] | None = None
        self.box_points: dict[int, str] = {}
        self.overview: dict[int, Tbl] = {}
        self.overview_intro = ""
        self.back_page: list[str] = []
        # An area as tables name it ("1 Samspel …"); a sub-question's row ("1.1 …") does not match.
        self.area_label = _pattern(labels.entries["area_label"], number=r"\s*(\d+)", name=r"(.+?)")

    # --- paragraphs and tables as read -------------------------------------------------------------

    # --- the whole report --------------------------------------------------------------------------

    def read(self, blocks: list[Para | Tbl]) -> None:
        chapters = self._chapters(blocks)
        if chapters is None:
            return
        one, two, three, four = chapters
        self._cover(blocks[:one])
        self._introduction(blocks[one + 1:two])
        self._summary(blocks[two], blocks[two + 1:three])
        self._areas(blocks[three + 1:four])
        self._overview(blocks[four + 1:])
        self._metadata()
        if not self.state.parsed.errors:
            self._computed()

    def _chapters(self, blocks: list[Para | Tbl]) -> tuple[int, int, int, int] | None:
        """Where chapters 1-4 start: Heading 1 paragraphs, known by bookmark, else by text, else by order."""
        headings = [i for i, b in enumerate(blocks) if isinstance(b, Para) and heading_level(b.style) == 1]
        found: dict[int, int] = {}
        for index in headings:
            mark = next((int(m[1]) for m in (re.fullmatch(r"_Toc_chapter_(\d)", b) for b in blocks[index].bookmarks)
                         if m), None)
            if mark is not None and mark not in found:
                found[mark] = index
        unmarked = [i for i in headings if i not in found.values()]
        for number in range(1, 5):
            if number not in found and unmarked and len(headings) == 4:
                found[number] = headings[number - 1]
        titles = (self.labels("chapter_introduction"), self.labels("chapter_summary", municipality="…"),
                  self.labels("chapter_areas"), self.labels("chapter_overview"))
        for number in range(1, 5):
            if number not in found:
                self.state.error("",
                                 say("docx_chapter_missing", number=number, title=titles[number - 1]),
                                 say("docx_structure_expected"))
        if self.state.parsed.errors:
            return None
        starts = [found[n] for n in range(1, 5)]
        if starts != sorted(starts):
            self.state.error("", say("docx_chapter_order"), say("docx_structure_expected"))
            return None
        return starts[0], starts[1], starts[2], starts[3]

    # --- cover and metadata ------------------------------------------------------------------------

    def _cover(self, blocks: list[Para | Tbl]) -> None:
        end = next((i for i, b in enumerate(blocks) if isinstance(b, Para) and (
            _SKIPPED_STYLES.match(b.style) or b.text.casefold() == self.labels("contents").casefold())), len(blocks))
        paragraphs = [b for b in blocks[:end] if isinstance(b, Para)]  # the cover ends where the contents begin
        subtitle = next((p for p in paragraphs if p.style.lower() == "subtitle"), None)
        pattern = _pattern(self.labels.entries["cover_subtitle"])
        if subtitle is not None and pattern.match(subtitle.text):
            self.municipality_found.append(pattern.match(subtitle.text)[1].strip())
        rest = [p for p in paragraphs if p.style.lower() not in ("title", "subtitle") and p.text]
        # The date, then the evaluators, then the publisher (a date that no longer reads stays in its place).
        at = next((i for i, p in enumerate(rest) if self._date(p.text)), 0 if len(rest) >= 3 else None)
        if at is not None:
            self.cover_date = self._date(rest[at].text)
            self.cover_evaluators, self.cover_publisher = ([p.text for p in rest[at + 1:at + 3]] + [None, None])[:2]

    def _date(self, text: str) -> date | None:
        """The cover's date, ISO or written out as the report's language writes it, and nothing else."""
        found = _date_in(text, self.labels.locale)
        return found[0] if found and not found[1] else None

    def _metadata(self) -> None:
        embedded, document = self.embedded, self.document
        properties = self.properties
        out: dict = {"framework": str(embedded.get("framework") or self.framework.version),
                     "language": self.labels.language}
        original = embedded.get("municipality") or properties.get("municipality")
        changed = [m for m in self.municipality_found if m and m != original]
        municipality = changed[0] if changed else original or next(iter(self.municipality_found), None)
        if municipality:
            out["municipality"] = municipality
        else:
            self.state.error("municipality", say("docx_municipality_missing"))
        for key in ("short_name",):
            if embedded.get(key) is not None:
                out[key] = embedded[key]
        original_date = embedded.get("report_date") or _iso(properties.get("reportDate"))
        if self.cover_date is not None:
            out["report_date"] = self.cover_date
        elif original_date:
            out["report_date"] = original_date
            self.state.warn("report_date", say("docx_date_unread"))
        else:
            self.state.error("report_date", say("docx_date_missing"))
        period = embedded.get("evaluation_period") or properties.get("evaluationPeriod")
        if period:
            out["evaluation_period"] = str(period)
        first = embedded.get("first_evaluation")
        out["first_evaluation"] = first if first is not None else properties.get("firstEvaluation", "true") == "true"
        out["evaluators"] = self._evaluators(embedded.get("evaluators"))
        publisher = embedded.get("publisher")
        if self.cover_publisher and self.cover_publisher != (publisher or self.labels("publisher")):
            publisher = self.cover_publisher
        if publisher:
            out["publisher"] = publisher
        if embedded.get("logo"):
            out["logo"] = str(embedded["logo"])
        for key in ("reference_average", "previous_evaluation", "key_facts"):
            if embedded.get(key) is not None:
                out[key] = embedded[key]
        self._comparison_figures(out)
        self.document = {**out, **document}
        self.state.parsed.document = self.document

    def _comparison_figures(self, out: dict) -> None:
        """The reference average and the previous evaluation as the comparison table shows them.

        They are the evaluators' figures (only the current points and the change are computed),
        so a figure changed in the table is the new figure."""
        rows = self.comparison_rows
        if not rows or len(rows) < 2:
            return
        header = [c.casefold() for c in rows[0]]
        by_area = {int(m[1]): row for row in rows[1:] if (m := self.area_label.match(row[0]))}
        total_row = next((row for row in rows[1:] if row[0].casefold() == self.labels("comparison_total").casefold()),
                         None)

        def column(index: int) -> tuple[dict[int, int | float], int | float | None]:
            values = {area: self._number(row[index]) for area, row in by_area.items() if index < len(row)}
            total = self._number(total_row[index]) if total_row and index < len(total_row) else None
            return {a: v for a, v in values.items() if v is not None}, total

        reference_at = header.index(self.labels("comparison_reference").casefold()) \
            if self.labels("comparison_reference").casefold() in header else None
        if reference_at is not None:
            areas, total = column(reference_at)
            average = dict(out.get("reference_average") or {"description": self.labels("comparison_reference")})
            if len(areas) == len(self.framework.areas):
                average["areas"] = areas
                if average.get("total") is not None and total is not None:
                    average["total"] = total
            elif total is not None:
                average["total"] = total
            out["reference_average"] = average
        years = [i for i, c in enumerate(header) if re.fullmatch(r"\d{4}", c)]
        if len(years) > 1:
            areas, _ = column(years[1])
            if len(areas) == len(self.framework.areas):
                out["previous_evaluation"] = {"year": int(rows[0][years[1]]), "areas": areas}

    def _evaluators(self, original) -> list[str]:
        text = self.cover_evaluators if not self._stand_in(self.cover_evaluators) else None
        if original and text == self.labels.names(original):
            return [str(e) for e in original]
        if not text:
            self.state.warn("evaluators", say("docx_evaluators_missing"))
            return [str(e) for e in original] if original else []
        conjunction = re.escape(self.labels("list_and"))
        return [n.strip() for n in re.split(rf",\s*|\s+{conjunction}\s+", text) if n.strip()]

    # --- chapter 1 and 2 ---------------------------------------------------------------------------

    def _introduction(self, blocks: list[Para | Tbl]) -> None:
        text = self._narrative(blocks, "introduction")
        standard = self.framework.texts(self.labels.language).introduction
        kept = _kept(self.embedded.get("introduction"), text)
        if kept is not None:
            self.document["introduction"] = kept
        elif not _equivalent(standard, text):
            self.document["introduction"] = text

    def _summary(self, heading: Para, blocks: list[Para | Tbl]) -> None:
        found = _pattern(self.labels.entries["chapter_summary"], r"\d\.?\s+").match(heading.text)
        if found:
            self.municipality_found.append(found[1].strip())
        keys = ("summary_evaluation", "summary_results", "summary_comparisons", "summary_comments")
        sections: dict[str, list[Para | Tbl]] = {}
        current: list[Para | Tbl] | None = None
        for block in blocks:
            if isinstance(block, Para) and heading_level(block.style) == 2:
                key = next((k for k in keys if f"_Toc_{k}" in block.bookmarks), None)
                key = key or next((k for k in keys if block.text.casefold() == self.labels(k).casefold()), None)
                if key is not None:
                    current = sections.setdefault(key, [])
                    continue
            if current is None:
                self._unplaced(block, "summary")
            else:
                current.append(block)
        summary: dict[str, str] = {}
        embedded = self.embedded.get("summary") or {}
        for key, name in (("summary_evaluation", "evaluation"), ("summary_comparisons", "comparisons"),
                          ("summary_comments", "comments")):
            if key not in sections:
                self.state.error(f"summary.{name}", say("docx_section_missing", title=self.labels(key)),
                                 say("docx_structure_expected"))
                continue
            part = sections[key]
            if key == "summary_comparisons":
                part = self._comparison_table(part)
            text = self._narrative(part, f"summary.{name}")
            kept = _kept(embedded.get(name), text)
            if kept is not None or text:
                summary[name] = kept if kept is not None else text
        self.computed_results = sections.get("summary_results", [])
        self.document["summary"] = summary

    def _comparison_table(self, blocks: list[Para | Tbl]) -> list[Para | Tbl]:
        """The comparison table is computed from the figures: it is set aside for the check of computed parts."""
        rest = []
        for block in blocks:
            if isinstance(block, Tbl) and self.comparison_rows is None and block.rows and \
                    block.cell_text(0, 0).casefold() == self.labels("comparison_area").casefold():
                self.comparison_rows = [[block.cell_text(r, c) for c in range(len(row))]
                                        for r, row in enumerate(block.rows)]
            else:
                rest.append(block)
        return rest

    # --- chapter 3 ---------------------------------------------------------------------------------

    def _areas(self, blocks: list[Para | Tbl]) -> None:
        heading = _pattern(self.labels.entries["area_heading"], number=r"(\d+)", name=r"(.+?)")
        starts: list[tuple[int, int]] = []
        for index, block in enumerate(blocks):
            if isinstance(block, Para) and heading_level(block.style) == 2:
                mark = next((int(m[1]) for m in (re.fullmatch(r"_Toc_area_(\d+)", b) for b in block.bookmarks) if m),
                            None)
                by_text = heading.match(block.text)
                number = mark if mark is not None else int(by_text[1]) if by_text else None
                if number is None:
                    continue  # an unknown heading: read as text of the area it is in
                starts.append((index, number))
        areas: dict[int, dict] = {}
        for n, (index, number) in enumerate(starts):
            end = starts[n + 1][0] if n + 1 < len(starts) else len(blocks)
            known = next((a for a in self.framework.areas if a.id == number), None)
            if known is None or number in areas:
                self.state.error(f"areas.{number}", say("docx_area_unknown", number=number,
                                                         place=_place(blocks[index])))
                continue
            areas[number] = self._area(known, blocks[index + 1:end])
        if starts:
            for block in blocks[:starts[0][0]]:
                self._unplaced(block, "areas")
        for area in self.framework.areas:
            if area.id not in areas and not any(n == area.id for _, n in starts):
                self.state.error(f"areas.{area.id}", say("docx_area_missing", number=area.id, name=area.name,
                                                         heading=self.labels("area_heading", number=area.id,
                                                                             name=area.name)),
                                 say("docx_structure_expected"))
        self.document["areas"] = areas

    def _area(self, area, blocks: list[Para | Tbl]) -> dict:
        where = f"areas.{area.id}"
        embedded = (self.embedded.get("areas") or {}).get(area.id) or {}
        topics_label, points_label = self.labels("topics").casefold(), self.labels("points").casefold()
        strengths_label, improvements_label = self.labels("strengths").casefold(), \
            self.labels("improvements").casefold()
        topics: list[str] | None = None
        strengths: list[str] | None = None
        improvements: list[str] = []
        general: list[Para | Tbl] = []
        sections: list[tuple[str, list[Para | Tbl]]] = []
        previous: Tbl | None = None
        for index, block in enumerate(blocks):
            if isinstance(block, Para) and self._stand_in(block.text):
                continue  # a draft's note or placeholder, not the area's text
            if isinstance(block, Tbl):
                first = [c.casefold() for c in block.first_row()]
                if first[:2] == [topics_label, points_label]:
                    topics = [p.text for row in block.rows[1:] for p in (row[0] if row else []) if p.text]
                    self.box_points[area.id] = " ".join(block.cell_text(r, 1) for r in range(1, len(block.rows)))
                    previous = block
                elif first[:2] == [strengths_label, improvements_label]:
                    strengths = [markdown_inline(p.spans) for row in block.rows[1:] for p in (row[0] if row else [])
                                 if p.text and not self._stand_in(p.text)]
                    improvements = [markdown_inline(p.spans) for row in block.rows[1:]
                                    for p in (row[1] if len(row) > 1 else [])
                                    if p.text and not self._stand_in(p.text)]
                    previous = block
                elif previous is not None and _follows(blocks, previous, index):
                    self.state.error(where, say("docx_table_split", place=_place(block), area=area.id))
                else:
                    self._unplaced(block, where)
                continue
            if block.text or block.picture:
                previous = None
            if heading_level(block.style) == 3:
                if not sections and not any(isinstance(b, Tbl) or b.text for b in general) and \
                        block.text.casefold() == self.labels("general").casefold():
                    continue
                sections.append((block.text, []))
                continue
            (sections[-1][1] if sections else general).append(block)
        result: dict = {key: embedded[key] for key in ("name", "questions") if embedded.get(key) is not None}
        self._general(area, general, embedded, result, where)
        read_sections = []
        embedded_sections = embedded.get("sections") or []
        for n, (heading, part) in enumerate(sections):
            text = self._narrative(part, f"{where}.sections.{n + 1}")
            same = next((s for s in embedded_sections if s.get("heading") == heading), None)
            kept = _kept(same.get("text") if same else None, text)
            read_sections.append({"heading": heading, "text": kept if kept is not None else text})
        result["sections"] = read_sections
        original_headings = embedded.get("headings")
        if topics is None:
            self.state.warn(where, say("docx_box_missing", area=area.id))
            if original_headings is not None:
                result["headings"] = original_headings
        elif original_headings is not None and topics == [str(h) for h in original_headings]:
            result["headings"] = original_headings
        elif topics != [s["heading"] for s in read_sections] and not (
                original_headings is None and topics == [s.get("heading") for s in embedded_sections]):
            result["headings"] = topics
        if strengths is None:
            self.state.warn(where, say("docx_lists_missing", area=area.id))
            strengths, improvements = list(embedded.get("strengths") or []), list(embedded.get("improvements") or [])
        result["strengths"] = [_kept_inline(embedded.get("strengths"), s) for s in strengths]
        result["improvements"] = [_kept_inline(embedded.get("improvements"), s) for s in improvements]
        return result

    def _general(self, area, blocks: list[Para | Tbl], embedded: dict, result: dict, where: str) -> None:
        """Allmänt: the framework's text, an addendum after it, or an override, as the text reads."""
        text = self._narrative(blocks, f"{where}.general")
        standard = self.framework.texts(self.labels.language).general[area.id]
        original = (embedded.get("general") or standard, embedded.get("general_addendum"))
        rendered = parse_markdown(original[0]) + parse_markdown(original[1])
        if parse_markdown(text) == rendered:
            for key, value in (("general", embedded.get("general")), ("general_addendum", original[1])):
                if value:
                    result[key] = value
            return
        read = parse_markdown(text)
        standard_blocks = parse_markdown(standard)
        if read == standard_blocks:
            return
        if read[: len(standard_blocks)] == standard_blocks:
            units = self._units(blocks, f"{where}.general", report=False)
            result["general_addendum"] = "\n\n".join(units[len(standard_blocks):]) + "\n"
        else:
            result["general"] = text

    # --- chapter 4 ---------------------------------------------------------------------------------

    def _overview(self, blocks: list[Para | Tbl]) -> None:
        areas = self.document.get("areas", {})
        tables: dict[int, Tbl] = {}
        previous: Tbl | None = None
        self.overview_intro = next((b.text for b in blocks if isinstance(b, Para) and b.text), "")
        last_table = max((i for i, b in enumerate(blocks) if isinstance(b, Tbl)), default=len(blocks))
        self.back_page = [b.text for b in blocks[last_table:] if isinstance(b, Para) and b.text]  # computed
        for index, block in enumerate(blocks):
            if isinstance(block, Para):
                if block.text or block.picture:
                    previous = None
                    if block.text != self.overview_intro and index < last_table:
                        self._unplaced(block, "areas")
                continue
            head = self.area_label.match(block.cell_text(0, 0))
            if head and int(head[1]) not in tables and not _QUESTION.match(block.cell_text(0, 0)):
                tables[int(head[1])] = block
                previous = block
            elif previous is not None and _follows(blocks, previous, index):
                number = next(n for n, t in tables.items() if t is previous)
                self.state.error(f"areas.{number}.scores", say("docx_score_table_split", area=number,
                                                               place=_place(block)))
            else:
                self._unplaced(block, "areas")
        for area in self.framework.areas:
            table = tables.get(area.id)
            if table is None:
                self.state.error(f"areas.{area.id}.scores", say("docx_score_table_missing", area=area.id),
                                 say("docx_structure_expected"))
                continue
            scores: dict[str, int | float] = {}
            rows: dict[str, list[str]] = {}
            for r in range(1, len(table.rows)):
                cells = [table.cell_text(r, c) for c in range(len(table.rows[r]))]
                found = _QUESTION.match(cells[0]) if cells else None
                if found:
                    rows[found[1]] = cells
            self.overview[area.id] = table
            missing = [q.id for q in area.questions if q.id not in rows]
            if missing:
                self.state.error(f"areas.{area.id}.scores", say("docx_score_rows_missing", area=area.id,
                                                                ids=", ".join(missing)),
                                 say("docx_structure_expected"))
                continue
            for question in area.questions:
                cell = rows[question.id][1] if len(rows[question.id]) > 1 else ""
                value = self._number(cell)
                if value is None and cell.strip() and cell.strip() != self.labels("no_data"):
                    self.state.warn(f"areas.{area.id}.scores.{question.id}", say("docx_score_unreadable",
                                                                                  value=cell))
                if value is not None:
                    scores[question.id] = value
            for extra in rows.keys() - {q.id for q in area.questions}:
                self.state.warn(f"areas.{area.id}.scores", say("docx_score_unknown", id=extra))
            if area.id in areas:
                areas[area.id] = {"scores": scores, **areas[area.id]}

    def _number(self, text: str) -> int | float | None:
        text = text.strip()
        if not text:
            return None
        try:
            value = parse_decimal(text, locale=self.labels.locale, strict=True)
        except (NumberFormatError, ValueError):
            return None
        return int(value) if value == value.to_integral_value() else float(value)

    # --- what the report computes ----------------------------------------------------------------

    def _computed(self) -> None:
        """Edits in computed parts are reported: what the file says there is never used.

        A part may show what the embedded document gave (unchanged) or what the imported one
        gives (a score changed elsewhere); anything else was typed there."""
        reports = (self._report(self.embedded), self._report(self.document))
        expected = [_computed_parts(r, self.labels) for r in reports if r]
        if not expected:
            return
        found: dict = {("results",): [self._texts(self.computed_results)],
                       ("intro",): self.overview_intro, ("back",): self.back_page}
        if self.comparison_rows is not None:
            found[("comparison",)] = _computed_columns(self.comparison_rows, self.labels)
        for area, points in self.box_points.items():
            found[("box", area)] = points
        for area, table in self.overview.items():
            found[("overview", area)] = [[table.cell_text(r, c) for c in range(1, len(table.rows[r]))][-1:]
                                         for r in range(1, len(table.rows) - 1)] + \
                                        [[table.cell_text(len(table.rows) - 1, c)
                                          for c in range(1, len(table.rows[-1]))]]
        what = {"results": lambda k: say("docx_computed_results", title=self.labels("summary_results")),
                "intro": lambda k: say("docx_computed_intro"),
                "back": lambda k: say("docx_computed_back"),
                "comparison": lambda k: say("docx_computed_comparison"),
                "box": lambda k: say("docx_computed_box", area=k[1]),
                "overview": lambda k: say("docx_computed_overview", area=k[1])}
        if not self.embedded:  # the charts and the comparison also depend on figures only the source holds
            found = {k: v for k, v in found.items() if k[0] not in ("results", "comparison")}
        for key, value in found.items():
            options = [parts[key] for parts in expected if key in parts]
            if not options or value in options:
                continue
            if isinstance(value, list) and all(isinstance(o, list) and len(o) == len(value) for o in options):
                # Part by part: one part may show the old figures, another the new ones.
                edited = [(v, options[-1][i]) for i, v in enumerate(value) if v not in [o[i] for o in options]]
            else:
                edited = [(value, options[-1])]
            for found_value, expected_value in edited:
                self.state.warn("", say("docx_computed", what=what[key[0]](key), found=_short(_flat(found_value)),
                                        expected=_short(_flat(expected_value))))

    def _stand_in(self, text: str | None) -> bool:
        """Text that stands in for what is not written yet (see ``__init__``)."""
        return bool(text) and (text in self.instructions or any(p.match(text) for p in self.draft_notes))

    def _report(self, data: dict):
        """The report ``data`` gives, as a draft if it is not complete; None if it gives none."""
        from pydantic import ValidationError

        from reportgen.draft import without_blanks
        from reportgen.evaluation import DraftEvaluation, Evaluation
        from reportgen.report import build_report

        if not data:
            return None
        try:
            return build_report(Evaluation.model_validate(data), self.framework)
        except (ValidationError, KeyError, ValueError, TypeError, ArithmeticError):
            pass
        try:
            return build_report(DraftEvaluation.model_validate(without_blanks(data)), self.framework, draft=True)
        except (ValidationError, KeyError, ValueError, TypeError, ArithmeticError):
            return None  # not even a draft: nothing to compare with

    @staticmethod
    def _texts(blocks: list[Para | Tbl]) -> list[str]:
        return [b.text for b in blocks if isinstance(b, Para) and b.text]

    # --- narrative text ----------------------------------------------------------------------------

    def _narrative(self, blocks: list[Para | Tbl], where: str) -> str:
        """A part's paragraphs, lists and quotes as Markdown (ending in a newline), or ``""``."""
        units = self._units(blocks, where)
        return "\n\n".join(units) + "\n" if units else ""

    def _units(self, blocks: list[Para | Tbl], where: str, report: bool = True) -> list[str]:
        """Markdown per top-level block: a paragraph, a whole list, a quote."""
        units: list[str] = []
        items: list[ListItem] = []
        quote: list[str] = []
        last_list: ListItem | None = None

        def flush() -> None:
            nonlocal items, quote, last_list
            if items:
                # Two numbered lists in a row stay two lists only with another delimiter.
                alternate = last_list is not None and last_list.ordered == items[0].ordered
                units.append(render_list(items, alternate))
                last_list, items = items[0], []
            if quote:
                units.append("\n>\n".join("> " + q for q in quote))
                quote = []

        for block in blocks:
            if isinstance(block, Tbl):
                if report:
                    self._unplaced(block, where)
                continue
            if block.picture and report:
                self.state.warn(where, say("docx_picture", place=_place(block)))
            if block.note and report:
                self.state.warn(where, say("docx_note", place=_place(block)))
            if not block.text or self._stand_in(block.text):
                continue
            text = markdown_inline(block.spans)
            item = self._item(block, text)
            if item is not None:
                if quote:
                    flush()
                previous = next((i for i in reversed(items) if i.level == 0), None)
                if previous and item.level == 0 and item.ordered and previous.ordered and item.restart and \
                        item.list != previous.list:
                    flush()  # numbering starts again: another list (Word and LibreOffice both mark it so)
                items.append(item)
                continue
            if _CONTINUE_STYLE.match(block.style) and items:
                items.append(ListItem(-1, False, "", text))
                continue
            if block.style.lower() in ("quote", "intense quote"):
                if items:
                    flush()
                quote.append(escape_line_start(text))
                continue
            flush()
            last_list = None
            if block.style.lower() not in _TEXT_STYLES and report:
                self.state.warn(where, say("docx_unknown_style", style=block.style, place=_place(block)))
            units.append(escape_line_start(text))
        flush()
        return units

    def _item(self, block: Para, text: str) -> "ListItem | None":
        """A list paragraph (by list style, or numbered directly) as an item, else None."""
        listed = _LIST_STYLE.match(block.style)
        if listed is None and (block.num is None or block.style.lower() not in _TEXT_STYLES):
            return None
        style_level = int(listed[2] or 1) - 1 if listed else 0
        level = max(style_level, block.num[1]) if block.num else style_level
        levels = self.numbering.get(block.num[0], {}) if block.num else {}
        ordered, start, restart = levels.get(level, (False, 1, False))
        if listed:
            ordered = listed[1].lower() == "number"
        return ListItem(level, ordered, block.num[0] if block.num else block.style, text, start, restart)

    def _unplaced(self, block: Para | Tbl, where: str) -> None:
        if isinstance(block, Tbl):
            self.state.warn(where, say("docx_foreign_table", place=_place(block),
                                       text=_short(" | ".join(block.first_row()))))
        elif block.picture:
            self.state.warn(where, say("docx_picture", place=_place(block)))
        elif block.text:
            self.state.warn(where, say("docx_unplaced_text", place=_place(block), text=_short(block.text)))


def _equivalent(a: str | None, b: str | None) -> bool:
    return parse_markdown(a) == parse_markdown(b)


def _kept(original, text: str) -> str | None:
    """The embedded text when the read text says the same (its exact wording kept), else None."""
    if isinstance(original, str) and _equivalent(original, text):
        return original
    return None


def _kept_inline(originals, text: str) -> str:
    for original in originals or []:
        if isinstance(original, str) and parse_inline(original) == parse_inline(text):
            return original
    return text


def _computed_columns(rows: list[list[str]], labels: Labels) -> list[str]:
    """The comparison table's computed cells, column by column: this evaluation's points and the change."""
    header = [c.casefold() for c in rows[0]] if rows else []
    columns = [1] + [i for i, c in enumerate(header) if c == labels("comparison_change").casefold()]
    return [row[i] if i < len(row) else "" for i in columns for row in rows[1:]]


def _computed_parts(report, labels: Labels) -> dict:
    """The computed parts of a report as the reader sees them, keyed like ``_Reader._computed``."""
    from reportgen import tree

    parts: dict = {}
    section, area, overview = "", 0, 0
    results: list[str] = []
    for block in report.blocks:
        if isinstance(block, tree.Heading):
            section = block.anchor
            found = re.fullmatch(r"area-(\d+)", block.anchor)
            area = int(found[1]) if found else area
        elif isinstance(block, tree.TopicBox):
            parts[("box", area)] = block.points
        elif isinstance(block, tree.Table) and block.role == "comparison":
            parts[("comparison",)] = _computed_columns([list(block.header), *map(list, block.rows),
                                                        *map(list, block.footer)], labels)
        elif isinstance(block, tree.Table) and block.role == "area-scores":
            overview += 1
            parts[("overview", overview)] = [[row[-1]] for row in block.rows] + [list(block.footer[0][1:])]
        elif section == "summary-results" and isinstance(block, tree.Paragraph):
            results.append(tree.inline_text(block.content))
        elif section == "summary-results" and isinstance(block, tree.Chart):
            results.append(block.caption)
        elif isinstance(block, tree.BackPage):
            parts[("back",)] = [tree.inline_text(b.content) for b in block.blocks if isinstance(b, tree.Paragraph)]
        elif section == "chapter-4" and isinstance(block, tree.Paragraph) and ("intro",) not in parts:
            parts[("intro",)] = tree.inline_text(block.content)
    parts[("results",)] = [results]
    return parts


def _flat(value) -> str:
    if isinstance(value, list):
        return " ".join(_flat(v) for v in value)
    return str(value)


# --- small helpers -------------------------------------------------------------------------------

def _follows(blocks: list[Para | Tbl], previous: Tbl, index: int) -> bool:
    """The table at ``index`` has the columns of ``previous`` and comes right after it (only empty
    paragraphs between): the second part of a split table, not a table of its own."""
    at = blocks.index(previous)
    table = blocks[index]
    if not isinstance(table, Tbl) or not table.rows or len(table.rows[0]) != len(previous.rows[-1]):
        return False
    return all(isinstance(b, Para) and not b.text and not b.picture for b in blocks[at + 1:index])


def _place(block: Para | Tbl) -> str:
    text = block.text if isinstance(block, Para) else " | ".join(block.first_row())
    return say("docx_place" if text else "docx_place_empty", number=block.number, heading=_short(block.under, 40),
               text=_short(text, 40))


def _iso(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
