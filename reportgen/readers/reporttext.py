"""Report text: parses the text of a report (such as Kommunkompassen's) back into an evaluation document.

The input is the report's text as extracted from its PDF: paragraphs separated by
blank lines, list items as ``- item`` or ``1. item``, italics as ``*text*``, and the
boxes and tables as tab-separated lines (``<ul>`` lists with ``•`` items in the
*Rubriker* and *Styrkor* boxes, as SKR's published PDFs extract). Headings are
recognised by the label catalogue (and the older wordings it lists), so this reader and
the writers agree on the words.

When no framework is given, the report's own overview says which it is: the revision
whose sub-questions (or, where those are unknown, area names) match, else an earlier
revision known only from the report, whose area names and sub-questions (id, name, max)
the document then declares. Every pattern here runs on untrusted text: each is anchored,
bounded, or applied only to short lines, so none backtracks over a long input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from babel.dates import format_date, get_month_names

from reportgen.catalogue import Labels
from reportgen.framework import Framework, available_versions, load_framework
from reportgen.messages import say
from reportgen.problems import Problem

_COLUMNS = re.compile(r"\t+| {3,}")
_LIST_ITEM = re.compile(r"^(?:[-•–] |(\d+)\. )(.*)$")
_UL = re.compile(r"<ul[^>]{0,200}>")
_TERMINAL = ".:;,!?”\")"
_HEADING_LENGTH = 300  # longer blocks are never taken for a heading (and never run a heading pattern)
# A score cell: a whole or half number (12, 12,5, 12.5), maybe with a footnote mark after it.
_SCORE = re.compile(r"([0-9]{1,6}(?:[.,][05])?)\s?([¹²³⁴⁵⁶⁷⁸⁹⁰*†]{0,3})")
_FOOTNOTE = "¹²³⁴⁵⁶⁷⁸⁹⁰*†"


@dataclass
class Block:
    """A paragraph-sized piece of the text and the line it starts on."""

    text: str
    line: int


@dataclass
class Parsed:
    """What the reader found: the document's fields, the warnings, and the errors."""

    document: dict = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


def blocks_of(text: str) -> list[Block]:
    """Paragraph blocks: runs of non-blank lines, joined by spaces (table lines keep their own lines)."""
    blocks: list[Block] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        if line.strip():
            if not current:
                start = number
            current.append(line.rstrip())
        elif current:
            blocks.append(Block(_join(current), start))
            current = []
    if current:
        blocks.append(Block(_join(current), start))
    return blocks


def _join(lines: list[str]) -> str:
    if any(_COLUMNS.search(line.strip()) or line.lstrip().startswith("<ul") for line in lines):
        return "\n".join(line.strip() for line in lines)
    if all(_LIST_ITEM.match(line.strip()) for line in lines):
        return "\n".join(line.strip() for line in lines)
    return " ".join(line.strip() for line in lines)


def _pattern(label: str, prefix: str = "", **groups: str) -> re.Pattern:
    """A regex from a catalogue label: placeholders become groups, case and spacing tolerated."""
    parts = re.split(r"(\{\w+\})", label)
    regex = "".join(groups.get(p[1:-1], r"(.+?)") if p.startswith("{") else re.escape(p) for p in parts)
    regex = regex.replace(r"\ ", r"\s+")
    return re.compile(rf"^{prefix}{regex}$", re.IGNORECASE)


def _any_of(labels: Labels, key: str, prefix: str = "", **groups: str) -> list[re.Pattern]:
    """Patterns for a label and the older wordings the catalogue lists for it."""
    texts = labels.all_of(key, **{name: "{" + name + "}" for name in groups})
    return [_pattern(text, prefix, **groups) for text in dict.fromkeys(texts)]


def _heading(text: str) -> str | None:
    """A block as a heading candidate: one short line with its spacing made single, else None."""
    if len(text) > _HEADING_LENGTH or "\n" in text:
        return None
    return " ".join(text.split())


def _matches(patterns: list[re.Pattern], text: str) -> re.Match | None:
    candidate = _heading(text)
    if candidate is None or candidate.endswith("."):  # a sentence that starts like a heading is not one
        return None
    return next((m for m in (p.match(candidate) for p in patterns) if m), None)


_CHAPTER = r"(\d{1,2})\.?\s+"
_NUMBERED = re.compile(r"^(\d{1,2})\.?\s+(\S.*)$")


class _Reader:
    def __init__(self, text: str, source: str, framework: Framework | None, labels: Labels):
        self.source = source
        self.framework = framework
        self.labels = labels
        self.blocks = _without_furniture(blocks_of(text), _furniture(labels))
        self.parsed = Parsed()
        self.chapters = [
            _any_of(labels, "chapter_introduction", _CHAPTER),
            _any_of(labels, "chapter_summary", _CHAPTER, municipality=r"(.+?)"),
            _any_of(labels, "chapter_areas", _CHAPTER),
            _any_of(labels, "chapter_overview", _CHAPTER),
        ]
        self.key_facts_heading = _any_of(labels, "chapter_key_facts", rf"(?:{_CHAPTER})?", municipality=r"(.+?)")
        self.area_heading = _pattern(labels.entries["area_heading"], number=r"(\d{1,2})", name=r"(.+?)")
        self.summary_headings = {key: _pattern(labels(key)) for key in
                                 ("summary_evaluation", "summary_results", "summary_comparisons", "summary_comments")}
        self.overview_rows: dict[int, dict[str, tuple[str, float, float]]] = {}
        self.overview_names: dict[int, str] = {}
        self.heading_names: dict[int, str] = {}

    def warn(self, line: int | None, field_path: str, message: str, expected: str = "") -> None:
        self.parsed.warnings.append(Problem(self.source, line, None, field_path, message, expected, "warning"))

    def error(self, line: int | None, field_path: str, message: str, expected: str = "") -> None:
        self.parsed.errors.append(Problem(self.source, line, None, field_path, message, expected))

    # --- the whole report ----------------------------------------------------------------------------

    def read(self) -> Parsed:
        starts = self._chapter_starts()
        if starts is None:
            return self.parsed
        one, two, three, four = starts
        ends = sorted({*starts, *self.extra_starts, self.back_page, len(self.blocks)})
        end = lambda start: next(e for e in ends if e > start)  # noqa: E731 - where the chapter ends
        self._cover(self.blocks[:one])
        self._read_overview(self.blocks[four + 1:end(four)])
        self._read_area_names(self.blocks[three + 1:end(three)])
        if not self._settle_framework():
            return self.parsed
        self._introduction(self.blocks[one + 1:end(one)])
        self._summary(self.blocks[two + 1:end(two)])
        self._areas(self.blocks[three + 1:end(three)])
        self._overview()
        for start in self.extra_starts:
            if start in self.key_facts_starts:
                self._key_facts(self.blocks[start + 1:end(start)])
            else:
                block = self.blocks[start]
                self.warn(block.line, "", say("import_extra_chapter", title=block.text[:80]))
        return self.parsed

    def _chapter_starts(self) -> tuple[int, int, int, int] | None:
        """Where the four chapters start, and any other chapter (Kortfakta, or one the framework's report
        does not have). The contents list the same headings (with a page number, or followed straight by
        the next chapter's heading), so those places are passed over."""
        found: list[int] = []
        numbers: list[int] = []
        position = 0
        for number, patterns in enumerate(self.chapters, start=1):
            index, match = next(((i, m) for i in range(position, len(self.blocks))
                                 if (m := _matches(patterns, self.blocks[i].text)) and not self._in_contents(i, number)),
                                (None, None))
            if index is None:
                title = (self.labels("chapter_introduction"), self.labels("chapter_summary", municipality="…"),
                         self.labels("chapter_areas"), self.labels("chapter_overview"))[number - 1]
                self.error(None, "", say("import_chapter_missing", number=number, title=title),
                           say("import_chapter_missing_expected", family=self.labels.context.get("family", "")))
                return None
            if number == 2:
                self.parsed.document["municipality"] = match.group(2).strip()
            found.append(index)
            numbers.append(int(match.group(1)))
            position = index + 1
        self.extra_starts: list[int] = []
        self.key_facts_starts: set[int] = set()
        # a chapter between two of the four, numbered in the gap their numbers leave (the last such
        # heading: a chart's labels in the chapter before can look like one)
        for (start, first), (stop, second) in zip(zip(found, numbers), zip(found[1:], numbers[1:])):
            wanted = set(range(first + 1, second))
            for i in range(stop - 1, start, -1):
                numbered = _NUMBERED.match(_heading(self.blocks[i].text) or "")
                if numbered and int(numbered.group(1)) in wanted and self._chapter_like(i):
                    self.extra_starts.append(i)
                    wanted.discard(int(numbered.group(1)))
        self.extra_starts.sort()
        # the back page repeats the cover's publisher line: the report's text ends there
        cover = {block.text.casefold() for block in self.blocks[:found[0]]}
        self.back_page = next((i for i in range(found[3] + 1, len(self.blocks))
                               if self.blocks[i].text.casefold() in cover), len(self.blocks))
        # after the overview: Kortfakta, and any further numbered chapter
        for i in range(found[3] + 1, self.back_page):
            if _matches(self.key_facts_heading, self.blocks[i].text):
                self.extra_starts.append(i)
                self.key_facts_starts.add(i)
                continue
            numbered = _NUMBERED.match(_heading(self.blocks[i].text) or "")
            if numbered and int(numbered.group(1)) > numbers[3] and self._chapter_like(i) and \
                    not _COLUMNS.search(self.blocks[i].text):
                self.extra_starts.append(i)
        self.extra_starts.sort()
        return found[0], found[1], found[2], found[3]

    def _chapter_like(self, index: int) -> bool:
        """A numbered heading, not an item of a numbered list (whose neighbours are numbered too)."""
        text = self.blocks[index].text
        if not _looks_like_heading(_NUMBERED.match(text).group(2), None, need_following=False):
            return False
        neighbours = [self.blocks[j].text for j in (index - 1, index + 1) if 0 <= j < len(self.blocks)]
        return not any(_LIST_ITEM.match(n) for n in neighbours)

    def _in_contents(self, index: int, number: int) -> bool:
        text = self.blocks[index].text
        if _contents_entry(text) is not None:
            return True
        following = self.blocks[index + 1].text if index + 1 < len(self.blocks) else ""
        return number < 4 and _matches(self.chapters[number], _strip_page(following)) is not None

    # --- which framework -----------------------------------------------------------------------------

    def _read_overview(self, blocks: list[Block]) -> None:
        """Chapter 4's rows: per area its name, and per sub-question its name, points and max."""
        current: int | None = None
        self.sums: dict[int, float] = {}
        for block in blocks:
            for line in block.text.split("\n"):
                cells = [c.strip() for c in _COLUMNS.split(line.strip()) if c.strip()]
                if not cells:
                    continue
                head = re.match(r"^(\d{1,2})\.?\s+(\S.*)$", cells[0])  # "1. Name" or "1 Name"
                row = re.match(r"^(\d{1,2})\.(\d{1,2})(?:\s+(\S.*))?$", cells[0])
                if row and row.group(3) is None and len(cells) >= 4:
                    cells = [f"{cells[0]} {cells[1]}", *cells[2:]]  # the id in a cell of its own
                    row = re.match(r"^(\d{1,2})\.(\d{1,2})\s+(\S.*)$", cells[0])
                achieved, maximum = (self._score_cell(cells[-2], block.line), self._score_cell(cells[-1], block.line)) \
                    if len(cells) >= 2 else (None, None)
                if head and not row and len(cells) >= 3 and achieved is None:
                    current = int(head.group(1))
                    self.overview_names[current] = head.group(2).strip()
                elif row and row.group(3) and len(cells) >= 3 and achieved is not None and maximum is not None:
                    area = int(row.group(1))
                    qid = f"{area}.{row.group(2)}"
                    self.overview_rows.setdefault(area, {})[qid] = (row.group(3).strip(), achieved, maximum)
                    current = area
                elif current and len(cells) >= 2 and achieved is not None and maximum is not None and (
                        len(cells) == 2 or cells[0].lower() in (self.labels("sum_row").lower(), "")):
                    self.sums[current] = achieved

    def _score_cell(self, text: str, line: int) -> float | None:
        """A cell's points; a footnote mark after them is dropped with a warning."""
        match = _SCORE.fullmatch(text.strip())
        if not match:
            return None
        if match.group(2):
            self.warn(line, "", say("import_footnote_mark", cell=text.strip()))
        number = float(match.group(1).replace(",", "."))
        return int(number) if number.is_integer() else number

    def _read_area_names(self, blocks: list[Block]) -> None:
        for block in blocks:
            match = _matches([self.area_heading], block.text)
            if match:
                self.heading_names.setdefault(int(match.group(1)), match.group(2).strip())

    def _settle_framework(self) -> bool:
        """The framework given, or the one the report's own overview and area headings say."""
        if self.framework is None:
            self.framework = self._inferred()
        declared: dict[int, dict] = {}
        names = {**self.overview_names, **self.heading_names}
        for number in sorted({*names, *self.overview_rows, *(a.id for a in self.framework.areas)}):
            area = next((a for a in self.framework.areas if a.id == number), None)
            entry: dict = {}
            if (area is None or not area.name) and number in names:
                entry["name"] = names[number]
            if (area is None or not area.questions) and self.overview_rows.get(number):
                entry["questions"] = [{"id": qid, "name": name, "max": maximum}
                                      for qid, (name, _, maximum) in self.overview_rows[number].items()]
            if entry:
                declared[number] = entry
        self.declared = declared
        self.framework = self.framework.with_declared({n: (e.get("name"), tuple(
            _question(q) for q in e.get("questions", ()))) for n, e in declared.items()})
        self.parsed.document["framework"] = self.framework.document_name
        return True

    def _inferred(self) -> Framework:
        """The family's revision that matches the overview, else a revision known only from this report."""
        shipped = [load_framework(name).localized(self.labels.language) for name in available_versions()]
        shipped = [f for f in shipped if f.family.name == self.labels.context.get("family", f.family.name)]
        rows = {a: {q: m for q, (_, _, m) in r.items()} for a, r in self.overview_rows.items()}
        for framework in shipped:  # the sub-questions and their max points match
            if framework.complete and rows == {a.id: {q.id: q.max for q in a.questions} for a in framework.areas}:
                return framework
        names = {n: _plain(t) for n, t in {**self.overview_names, **self.heading_names}.items()}
        matching = lambda f: sum(names.get(a.id) == _plain(a.name) for a in f.areas)  # noqa: E731
        best = max(shipped, key=matching, default=None)  # most area names match: a damaged row is an error
        if best is not None and matching(best) * 2 > len(best.areas):
            return best
        year = str(self.parsed.document.get("report_date", date.today()).year)
        revision = year if year not in available_versions() else year + "b"
        framework = load_framework(revision, open_revision=True)
        self.warn(None, "framework", say("import_framework_inferred", framework=framework.id))
        return framework

    # --- cover ---------------------------------------------------------------------------------------

    def _cover(self, blocks: list[Block]) -> None:
        document = self.parsed.document
        document["framework"] = ""  # settled once the overview is read; first in the document
        document["language"] = self.labels.language
        for index, block in enumerate(blocks):
            if block.text.strip().lower() == self.labels("contents").lower():
                break
            found = _date_in(block.text, self.labels.locale)
            if found and "report_date" not in document:
                day, rest = found
                if not rest.strip() and index + 1 < len(blocks):
                    rest = blocks[index + 1].text  # the evaluators on a line of their own
                document["report_date"] = day
                rest = " ".join(rest.split())  # single spaces: the split below never backtracks
                conjunction = re.escape(self.labels("list_and"))
                names = [n.strip() for n in re.split(rf", ?| {conjunction} ", rest) if n.strip()]
                if names:
                    document["evaluators"] = names
        if "report_date" not in document:
            example = format_date(date(2023, 2, 21), format="long", locale=self.labels.locale)
            self.error(blocks[0].line if blocks else 1, "report_date", say("import_no_date"),
                       say("import_no_date_expected", example=example))
        if "evaluators" not in document:
            self.warn(blocks[0].line if blocks else 1, "evaluators", say("import_no_evaluators"),
                      say("import_no_evaluators_expected"))
            document["evaluators"] = [self.labels("unknown_evaluator")]

    # --- chapter 1 -----------------------------------------------------------------------------------

    def _introduction(self, blocks: list[Block]) -> None:
        text = _markdown(blocks)
        standard = self.framework.texts(self.labels.language).introduction
        if standard is not None and _same(text, standard):
            return
        self.parsed.document["introduction"] = text + "\n"
        if standard is not None:
            self.warn(blocks[0].line if blocks else None, "introduction", say("import_introduction_differs"))

    # --- chapter 2 -----------------------------------------------------------------------------------

    def _summary(self, blocks: list[Block]) -> None:
        sections: dict[str, list[Block]] = {}
        current: str | None = None
        for block in blocks:
            key = next((k for k, p in self.summary_headings.items() if _matches([p], block.text)), None)
            if key:
                current = key
                sections[current] = []
            elif current:
                sections[current].append(block)
            else:
                self.warn(block.line, "summary", say("import_text_before_section", text=block.text[:50]))
        summary: dict[str, str] = {}
        for key, field_name in (("summary_evaluation", "evaluation"), ("summary_comparisons", "comparisons"),
                                ("summary_comments", "comments")):
            text = _markdown([b for b in sections.get(key, []) if not _is_table(b.text)])
            if text:
                summary[field_name] = text + "\n"
            elif field_name != "comparisons":
                self.error(blocks[0].line if blocks else None, f"summary.{field_name}",
                           say("import_section_missing", section=self.labels(key)))
        phrase = self.labels("first_evaluation_phrase").casefold()
        self.parsed.document["first_evaluation"] = phrase in " ".join(summary.get("evaluation", "").split()).casefold()
        self.parsed.document["summary"] = summary
        # An average known only as a total has no column in the comparison table; the bar
        # chart's caption states it ("… poäng under genomsnittet, 475.").
        stated = _pattern(self.labels.entries["caption_total_vs_reference"].strip(), gap=r"\d+", direction=r"\w+",
                          reference_total=r"(\d+)").pattern[1:-1]
        found = re.search(stated, " ".join(b.text for b in sections.get("summary_results", [])), re.IGNORECASE)
        self.reference_total = int(found.group(1)) if found else None
        for block in sections.get("summary_comparisons", []):
            if _is_table(block.text):
                self._comparison_table(block)

    def _comparison_table(self, block: Block) -> None:
        """The comparison table's reference average and previous evaluation, where it has them."""
        rows = [[c.strip() for c in _COLUMNS.split(line)] for line in block.text.split("\n")]
        header = rows[0]
        reference_column = next((i for i, c in enumerate(header)
                                 if c.lower() == self.labels("comparison_reference").lower()), None)
        years = [i for i, c in enumerate(header) if re.fullmatch(r"[0-9]{4}", c)]
        previous_column = years[1] if len(years) > 1 else None
        reference: dict[int, float] = {}
        previous: dict[int, float] = {}
        reference_total = getattr(self, "reference_total", None)
        for row in rows[1:]:
            area = re.match(r"^(\d{1,2})\.?\s", row[0])
            reference_value, previous_value = self._cell(row, reference_column), self._cell(row, previous_column)
            if area:
                if reference_value is not None:
                    reference[int(area.group(1))] = reference_value
                if previous_value is not None:
                    previous[int(area.group(1))] = previous_value
            elif row[0].lower() == self.labels("comparison_total").lower() and reference_value is not None:
                reference_total = reference_value
        areas = len(self.framework.areas)
        if reference or reference_total is not None:
            average: dict = {"description": self.labels("comparison_reference")}
            if len(reference) == areas:
                average["areas"] = reference
            elif reference_total is not None:
                average["total"] = reference_total
            self.parsed.document["reference_average"] = average
        if previous_column is not None and len(previous) == areas:
            self.parsed.document["previous_evaluation"] = {"year": int(header[previous_column]), "areas": previous}

    def _cell(self, row: list[str], index: int | None) -> float | None:
        """The number in a table cell, or None for a missing or empty one."""
        return self._score_cell(row[index], 0) if index is not None and index < len(row) else None

    # --- chapter 3 -----------------------------------------------------------------------------------

    def _areas(self, blocks: list[Block]) -> None:
        starts = [(i, _matches([self.area_heading], b.text)) for i, b in enumerate(blocks)]
        starts = [(i, m) for i, m in starts if m]
        areas: dict[str, dict] = {}
        for n, (index, match) in enumerate(starts):
            end = starts[n + 1][0] if n + 1 < len(starts) else len(blocks)
            number = int(match.group(1))
            known = next((a for a in self.framework.areas if a.id == number), None)
            if known is None:
                self.warn(blocks[index].line, f"areas.{number}", say("import_no_such_area", area=number))
                continue
            areas[str(number)] = self._area(known, blocks[index + 1:end], blocks[index].line)
        for area in self.framework.areas:
            if str(area.id) not in areas:
                self.error(None, f"areas.{area.id}", say("import_area_missing", area=area.id, name=area.name),
                           say("import_area_missing_expected",
                               heading=self.labels("area_heading", number=area.id, name=area.name)))
        self.parsed.document["areas"] = areas

    def _area(self, area, blocks: list[Block], line: int) -> dict:
        result: dict = {}
        labels = self.labels
        topics: list[str] = []
        points: float | None = None
        body: list[Block] = []
        strengths: list[str] = []
        improvements: list[str] = []
        i = 0
        while i < len(blocks):
            block = blocks[i]
            cells = [c.lower() for c in _COLUMNS.split(block.text.split("\n")[0])[:2]]
            if cells in ([labels("topics").lower(), labels("points").lower()],
                         [labels("strengths").lower(), labels("improvements").lower()]):
                rest = "\n".join(block.text.split("\n")[1:]) or (blocks[i + 1].text if i + 1 < len(blocks) else "")
                if not block.text.count("\n") and i + 1 < len(blocks):
                    i += 1
                if cells[0] == labels("topics").lower():
                    topics, points = self._topic_box(rest)
                else:
                    strengths, improvements = _two_lists(rest)
            else:
                body.append(block)
            i += 1
        if points is None:
            self.warn(line, f"areas.{area.id}", say("import_no_box", topics=labels("topics"), points=labels("points")))
        general_blocks, sections = self._sections(body, topics, area.id)
        general = _markdown(general_blocks)
        standard = self.framework.texts(self.labels.language).general.get(area.id)
        if general and standard is None:
            result["general"] = general + "\n"  # the revision has no standard text: the report's is the text
        elif general and not _same(general, standard):
            if _same(general[: len(standard) + 200], standard) or _starts_with(general, standard):
                addendum = _markdown(general_blocks[len(blocks_of(standard)):])
                result["general_addendum"] = addendum + "\n"
            else:
                result["general"] = general + "\n"
                self.warn(general_blocks[0].line, f"areas.{area.id}.general",
                          say("import_general_differs", general=labels("general")))
        result["scores"] = {}
        headings = [s["heading"] for s in sections]
        if topics and [" ".join(t.split()) for t in topics] != [" ".join(h.split()) for h in headings]:
            result["headings"] = topics  # as published, case included
        result["sections"] = sections
        result["strengths"] = strengths
        result["improvements"] = improvements
        if points is not None:
            result["_points"] = (points, line)
        return result

    def _topic_box(self, text: str) -> tuple[list[str], float | None]:
        """The box's headings and its points (the number at its end)."""
        body = text.rstrip()
        cut = len(body)
        while cut and body[cut - 1] in "0123456789.,":
            cut -= 1
        points = self._score_cell(body[cut:].lstrip(".,"), 0) if cut < len(body) else None
        return _bullets(body[:cut] if points is not None else text), points

    def _sections(self, blocks: list[Block], topics: list[str], area: int) -> tuple[list[Block], list[dict]]:
        """The general blocks, then (heading, Markdown) sections; headings are short unpunctuated lines.
        A report whose area has no general part starts straight with a section."""
        general_label = self.labels("general").lower()
        general: list[Block] = []
        sections: list[dict] = []
        current: list[Block] | None = None
        topic_set = {_plain(t) for t in topics}
        for index, block in enumerate(blocks):
            text = block.text
            if text.lower() == general_label:
                current = general
                continue
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if _looks_like_heading(text, following) or _plain(text) in topic_set and len(text) < 120:
                sections.append({"heading": text, "blocks": []})
                current = sections[-1]["blocks"]
                continue
            if current is None:
                self.warn(block.line, f"areas.{area}", say("import_text_before_general", text=text[:50],
                                                           general=self.labels("general")))
                continue
            current.append(block)
        return general, [{"heading": s["heading"], "text": _markdown(s["blocks"]) + "\n"} for s in sections]

    # --- chapter 4 -----------------------------------------------------------------------------------

    def _overview(self) -> None:
        areas = self.parsed.document.get("areas", {})
        for area in self.framework.areas:
            scores = {qid: achieved for qid, (_, achieved, _) in self.overview_rows.get(area.id, {}).items()}
            missing = [q.id for q in area.questions if q.id not in scores] or ([] if area.questions else ["–"])
            if missing:
                self.error(None, f"areas.{area.id}.scores",
                           say("import_score_table", area=area.id, missing=", ".join(missing)),
                           say("import_score_table_expected"))
                continue
            if str(area.id) in areas:
                entry = areas[str(area.id)]
                entry["scores"] = {q.id: scores[q.id] for q in area.questions}
                declared = self.declared.get(area.id, {})
                for key in ("questions", "name"):
                    if key in declared:
                        entry[key] = declared[key]
            total = _number(sum(scores[q.id] for q in area.questions))
            if area.id in self.sums and self.sums[area.id] != total:
                self.warn(None, f"areas.{area.id}.scores",
                          say("import_sum_differs", total=total, sum=self.sums[area.id]))
        for number, area in areas.items():
            points = area.pop("_points", None)
            if points and area.get("scores") and _number(sum(area["scores"].values())) != points[0]:
                self.warn(points[1], f"areas.{number}", say("import_box_differs", points=points[0],
                                                            total=_number(sum(area["scores"].values()))))

    # --- Kortfakta -----------------------------------------------------------------------------------

    def _key_facts(self, blocks: list[Block]) -> None:
        """Key figures from rows (``label<tab>value`` or ``Label: value``), the rest as text."""
        figures: dict[str, str] = {}
        text: list[Block] = []
        header = [self.labels("key_facts_item").lower(), self.labels("key_facts_value").lower()]
        for block in blocks:
            lines = block.text.split("\n")
            if _is_table(block.text) or all(_figure_line(line) for line in lines):
                for line in lines:
                    cells = [c.strip() for c in _COLUMNS.split(line.strip()) if c.strip()]
                    if len(cells) < 2:
                        cells = [c.strip() for c in line.split(":", 1)]
                    if [c.lower() for c in cells] == header or len(cells) < 2:
                        continue
                    figures[cells[0]] = " ".join(cells[1:])
            else:
                text.append(block)
        facts: dict = {}
        if figures:
            facts["figures"] = figures
        if text:
            facts["text"] = _markdown(text) + "\n"
        if facts:
            self.parsed.document["key_facts"] = facts


def read_report_text(text: str, source: str, framework: Framework | None, labels: Labels) -> Parsed:
    """Parse a report's text; the result holds the document, warnings and errors.

    ``framework=None`` infers it from the report (see the module's description)."""
    return _Reader(text, source, framework, labels).read()


# --- helpers -----------------------------------------------------------------------------------------

def _question(entry: dict):
    from reportgen.framework import Question

    return Question(entry["id"], entry["name"], entry["max"])


def _number(value: float) -> float:
    return int(value) if float(value).is_integer() else value


def _furniture(labels: Labels):
    """A test for running headers and footers left in the text: a short line that ends in a page label
    ("… 5 (42)"), such as SKL's "Sveriges Kommuner och Landsting 2012-05-03 5 (42)"."""
    label = re.escape(labels.entries.get("page_number", "{page} ({pages})"))
    label = label.replace(r"\{page\}", r"[0-9]{1,4}").replace(r"\{pages\}", r"[0-9]{1,4}").replace(r"\ ", r"\s?")
    pattern = re.compile(rf"(?:^|\s){label}$")

    def is_furniture(text: str) -> bool:
        candidate = _heading(text)
        return candidate is not None and len(candidate) <= 120 and bool(pattern.search(candidate[-20:]))

    return is_furniture


def _without_furniture(blocks: list[Block], is_furniture) -> list[Block]:
    """The blocks without running headers and footers; a paragraph they split is joined again."""
    kept: list[Block] = []
    dropped = False
    for block in blocks:
        if is_furniture(block.text):
            dropped = True
            continue
        if dropped and kept and block.text[:1].islower() and not _is_table(kept[-1].text):
            kept[-1] = Block(kept[-1].text + " " + block.text, kept[-1].line)
        else:
            kept.append(block)
        dropped = False
    return kept


def _contents_entry(text: str) -> str | None:
    """The title of a contents line ("Title<tab>5", "Title.....5"), or None for another line.

    Plain string operations: a regex here backtracked over long runs of dots."""
    body = text.rstrip()
    digits = len(body) - len(body.rstrip("0123456789"))
    if not digits:
        return None
    before = body[: len(body) - digits]
    title = before.rstrip()
    if "\t" in before[len(title):]:
        return title.strip()
    if title.endswith("..."):
        return title.rstrip(".").strip()
    return None


def _strip_page(text: str) -> str:
    title = _contents_entry(text)
    return text.strip() if title is None else title


def _is_table(text: str) -> bool:
    return bool(_COLUMNS.search(text)) or text.startswith("<ul")


def _figure_line(line: str) -> bool:
    label, colon, value = line.partition(":")
    return bool(colon and value.strip()) and 0 < len(label.strip()) <= 60


def _date_in(text: str, locale: str) -> tuple[date, str] | None:
    """A date at the start of a line (ISO or written out) and the text after it."""
    text = text.lstrip()
    iso = re.match(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(.*)$", text, re.S)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3])), iso[4].strip()
        except ValueError:
            return None
    written = re.match(r"([0-9]{1,2})\.? (\w{1,20}) ([0-9]{4})(.*)$", text, re.S)  # "21 februari", "21. februar"
    if written:
        months = {name.lower(): number for number, name in get_month_names("wide", locale=locale).items()}
        if written[2].lower() in months:
            try:
                return date(int(written[3]), months[written[2].lower()], int(written[1])), written[4].strip()
            except ValueError:
                return None
    return None


def _looks_like_heading(text: str, following: Block | None, need_following: bool = True) -> bool:
    """A short line that starts with a capital, ends without punctuation and has text after it."""
    return ((following is not None or not need_following) and len(text) <= 90 and "\n" not in text
            and not (following is not None and following.text[:1].islower())  # a paragraph's continuation
            and not _is_table(text) and text[:1].isupper() and text[-1:] not in _TERMINAL
            and not _LIST_ITEM.match(text))


def _two_lists(text: str) -> tuple[list[str], list[str]]:
    columns = [c for c in _UL.split(text) if c.strip()]
    if len(columns) < 2 and "\t" in text:
        columns = text.split("\t")
    columns += [""] * (2 - len(columns))
    return _bullets(columns[0]), _bullets(columns[1])


def _bullets(text: str) -> list[str]:
    text = _UL.sub("", text)
    return [" ".join(item.split()) for item in text.split("•") if item.strip()]


def _markdown(blocks: list[Block]) -> str:
    """Blocks as Markdown: paragraphs split by a page break joined, consecutive list items together."""
    pieces: list[str] = []
    kinds: list[str] = []
    for block in blocks:
        for line in block.text.split("\n") if "\n" in block.text else [block.text]:
            item = _LIST_ITEM.match(line)
            if item:
                marker = f"{item.group(1)}. " if item.group(1) else "- "
                pieces.append(marker + item.group(2).strip())
                kinds.append("item")
            elif line[:1].islower() and kinds and kinds[-1] == "paragraph":
                pieces[-1] += " " + line  # a page break had split the paragraph
            else:
                pieces.append(line)
                kinds.append("paragraph")
    out = ""
    for index, (piece, kind) in enumerate(zip(pieces, kinds)):
        if index:
            out += "\n" if kind == "item" and kinds[index - 1] == "item" else "\n\n"
        out += piece
    return out


def _plain(text: str) -> str:
    return " ".join(text.replace("*", "").split()).casefold()


def _same(a: str, b: str) -> bool:
    return _plain(a) == _plain(b)


def _starts_with(text: str, prefix: str) -> bool:
    return _plain(text).startswith(_plain(prefix))
