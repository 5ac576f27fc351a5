"""Report text: parses the text of a Kommunkompassen report back into an evaluation document.

The input is the report's text as extracted from its PDF: paragraphs separated by
blank lines, list items as ``- item`` or ``1. item``, italics as ``*text*``, and the
boxes and tables as tab-separated lines (``<ul>`` lists with ``•`` items in the
*Rubriker* and *Styrkor* boxes, as SKR's published PDFs extract). Headings are
recognised by the label catalogue, so this reader and the writers agree on the words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from babel.dates import get_month_names

from reportgen.catalogue import Labels
from reportgen.framework import Framework
from reportgen.problems import Problem

_COLUMNS = re.compile(r"\t+| {3,}")
_LIST_ITEM = re.compile(r"^(?:[-•–] |(\d+)\. )(.*)$")
_TERMINAL = ".:;,!?”\")"


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


class _Reader:
    def __init__(self, text: str, source: str, framework: Framework, labels: Labels):
        self.source = source
        self.framework = framework
        self.labels = labels
        self.blocks = blocks_of(text)
        self.parsed = Parsed()
        chapter = r"\d\.?\s+"
        self.chapters = [
            _pattern(labels("chapter_introduction"), chapter),
            _pattern(labels("chapter_summary", municipality="{municipality}"), chapter),
            _pattern(labels("chapter_areas"), chapter),
            _pattern(labels("chapter_overview"), chapter),
        ]
        self.area_heading = _pattern(labels.entries["area_heading"], number=r"(\d)", name=r"(.+?)")
        self.summary_headings = {key: _pattern(labels(key)) for key in
                                 ("summary_evaluation", "summary_results", "summary_comparisons", "summary_comments")}

    def warn(self, line: int, field_path: str, message: str, expected: str = "") -> None:
        self.parsed.warnings.append(Problem(self.source, line, None, field_path, message, expected, "warning"))

    def error(self, line: int | None, field_path: str, message: str, expected: str = "") -> None:
        self.parsed.errors.append(Problem(self.source, line, None, field_path, message, expected))

    # --- the whole report ----------------------------------------------------------------------------

    def read(self) -> Parsed:
        starts = self._chapter_starts()
        if starts is None:
            return self.parsed
        one, two, three, four = starts
        self._cover(self.blocks[:one])
        self._introduction(self.blocks[one + 1:two])
        self._summary(self.blocks[two + 1:three])
        self._areas(self.blocks[three + 1:four])
        self._overview(self.blocks[four + 1:])
        return self.parsed

    def _chapter_starts(self) -> tuple[int, int, int, int] | None:
        """Where the four chapters start. The contents list the same headings (with a page number,
        or followed straight by the next chapter's heading), so those places are passed over."""
        found: list[int] = []
        position = 0
        for number, pattern in enumerate(self.chapters, start=1):
            index = next((i for i in range(position, len(self.blocks))
                          if pattern.match(self.blocks[i].text) and not self._in_contents(i, number)), None)
            if index is None:
                title = (self.labels("chapter_introduction"), self.labels("chapter_summary", municipality="…"),
                         self.labels("chapter_areas"), self.labels("chapter_overview"))[number - 1]
                self.error(None, "", f"chapter {number} was not found (a heading like “{number} {title}”)",
                           "a complete Kommunkompassen report")
                return None
            if number == 2:
                self.parsed.document["municipality"] = self.chapters[1].match(self.blocks[index].text).group(1).strip()
            found.append(index)
            position = index + 1
        return found[0], found[1], found[2], found[3]

    def _in_contents(self, index: int, number: int) -> bool:
        text = self.blocks[index].text
        if _is_contents_line(text):
            return True
        following = self.blocks[index + 1].text if index + 1 < len(self.blocks) else ""
        return number < 4 and bool(self.chapters[number].match(_strip_page(following)))

    # --- cover ---------------------------------------------------------------------------------------

    def _cover(self, blocks: list[Block]) -> None:
        document = self.parsed.document
        document.setdefault("framework", self.framework.version)
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
                conjunction = re.escape(self.labels("list_and"))
                names = [n.strip() for n in re.split(rf",\s*|\s+{conjunction}\s+", rest) if n.strip()]
                if names:
                    document["evaluators"] = names
        if "report_date" not in document:
            self.error(blocks[0].line if blocks else 1, "report_date", "the report's date was not found on the cover",
                       "a date such as 2023-02-21 or 21 februari 2023 on the cover")
        if "evaluators" not in document:
            self.warn(blocks[0].line if blocks else 1, "evaluators", "the evaluators were not found on the cover",
                      "fill in `evaluators` by hand")
            document["evaluators"] = [self.labels("unknown_evaluator")]

    # --- chapter 1 -----------------------------------------------------------------------------------

    def _introduction(self, blocks: list[Block]) -> None:
        text = _markdown(blocks)
        if _same(text, self.framework.texts(self.labels.language).introduction):
            return
        self.parsed.document["introduction"] = text + "\n"
        self.warn(blocks[0].line if blocks else None, "introduction",
                  "chapter 1 differs from the framework's standard text; kept as an override")

    # --- chapter 2 -----------------------------------------------------------------------------------

    def _summary(self, blocks: list[Block]) -> None:
        sections: dict[str, list[Block]] = {}
        current: str | None = None
        for block in blocks:
            key = next((k for k, p in self.summary_headings.items() if p.match(block.text)), None)
            if key:
                current = key
                sections[current] = []
            elif current:
                sections[current].append(block)
            else:
                self.warn(block.line, "summary", f"text before the first section is left out: {block.text[:50]}")
        summary: dict[str, str] = {}
        for key, field_name in (("summary_evaluation", "evaluation"), ("summary_comparisons", "comparisons"),
                                ("summary_comments", "comments")):
            text = _markdown([b for b in sections.get(key, []) if not _is_table(b.text)])
            if text:
                summary[field_name] = text + "\n"
            elif field_name != "comparisons":
                self.error(blocks[0].line if blocks else None, f"summary.{field_name}",
                           f"the section {self.labels(key)} was not found or is empty")
        phrase = re.escape(self.labels("first_evaluation_phrase"))
        self.parsed.document["first_evaluation"] = bool(re.search(rf"\b{phrase}", summary.get("evaluation", ""),
                                                                  re.I))
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
        reference_column = next((i for i, c in enumerate(header) if c.lower() == self.labels("comparison_reference").lower()), None)
        years = [i for i, c in enumerate(header) if re.fullmatch(r"\d{4}", c)]
        previous_column = years[1] if len(years) > 1 else None
        reference: dict[int, int] = {}
        previous: dict[int, int] = {}
        reference_total = getattr(self, "reference_total", None)
        for row in rows[1:]:
            area = re.match(r"^(\d)\.?\s", row[0])
            reference_value, previous_value = _number(row, reference_column), _number(row, previous_column)
            if area:
                if reference_value is not None:
                    reference[int(area.group(1))] = reference_value
                if previous_value is not None:
                    previous[int(area.group(1))] = previous_value
            elif row[0].lower() == self.labels("comparison_total").lower() and reference_value is not None:
                reference_total = reference_value
        if reference or reference_total is not None:
            average: dict = {"description": self.labels("comparison_reference")}
            if len(reference) == len(self.framework.areas):
                average["areas"] = reference
            elif reference_total is not None:
                average["total"] = reference_total
            self.parsed.document["reference_average"] = average
        if previous_column is not None and len(previous) == len(self.framework.areas):
            self.parsed.document["previous_evaluation"] = {"year": int(header[previous_column]), "areas": previous}

    # --- chapter 3 -----------------------------------------------------------------------------------

    def _areas(self, blocks: list[Block]) -> None:
        starts = [(i, self.area_heading.match(b.text)) for i, b in enumerate(blocks)]
        starts = [(i, m) for i, m in starts if m]
        areas: dict[str, dict] = {}
        for n, (index, match) in enumerate(starts):
            end = starts[n + 1][0] if n + 1 < len(starts) else len(blocks)
            number = int(match.group(1))
            known = next((a for a in self.framework.areas if a.id == number), None)
            if known is None:
                self.warn(blocks[index].line, f"areas.{number}", f"there is no area {number}; its text is left out")
                continue
            areas[str(number)] = self._area(known, blocks[index + 1:end], blocks[index].line)
        for area in self.framework.areas:
            if str(area.id) not in areas:
                self.error(None, f"areas.{area.id}", f"area {area.id} ({area.name}) was not found in the report",
                           f"a heading “{self.labels('area_heading', number=area.id, name=area.name)}”")
        self.parsed.document["areas"] = areas

    def _area(self, area, blocks: list[Block], line: int) -> dict:
        result: dict = {}
        labels = self.labels
        topics: list[str] = []
        points: int | None = None
        body: list[Block] = []
        strengths: list[str] = []
        improvements: list[str] = []
        i = 0
        while i < len(blocks):
            block = blocks[i]
            cells = _COLUMNS.split(block.text.split("\n")[0])
            if [c.lower() for c in cells[:2]] == [labels("topics").lower(), labels("points").lower()]:
                rest = "\n".join(block.text.split("\n")[1:]) or (blocks[i + 1].text if i + 1 < len(blocks) else "")
                if not block.text.count("\n") and i + 1 < len(blocks):
                    i += 1
                topics, points = _topic_box(rest)
            elif [c.lower() for c in cells[:2]] == [labels("strengths").lower(), labels("improvements").lower()]:
                rest = "\n".join(block.text.split("\n")[1:]) or (blocks[i + 1].text if i + 1 < len(blocks) else "")
                if not block.text.count("\n") and i + 1 < len(blocks):
                    i += 1
                strengths, improvements = _two_lists(rest)
            else:
                body.append(block)
            i += 1
        if points is None:
            self.warn(line, f"areas.{area.id}", "the Rubriker/Poäng box was not found")
        general_blocks, sections = self._sections(body, topics, area.id)
        general = _markdown(general_blocks)
        standard = self.framework.texts(self.labels.language).general[area.id]
        if general and not _same(general, standard):
            if _same(general[: len(standard) + 200], standard) or _starts_with(general, standard):
                addendum = _markdown(general_blocks[len(blocks_of(standard)):])
                result["general_addendum"] = addendum + "\n"
            else:
                result["general"] = general + "\n"
                self.warn(general_blocks[0].line, f"areas.{area.id}.general",
                          "the Allmänt text differs from the framework's; kept as an override")
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

    def _sections(self, blocks: list[Block], topics: list[str], area: int) -> tuple[list[Block], list[dict]]:
        """The Allmänt blocks, then (heading, Markdown) sections; headings are short unpunctuated lines."""
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
                self.warn(block.line, f"areas.{area}", f"text before Allmänt is left out: {text[:50]}")
                continue
            current.append(block)
        return general, [{"heading": s["heading"], "text": _markdown(s["blocks"]) + "\n"} for s in sections]

    # --- chapter 4 -----------------------------------------------------------------------------------

    def _overview(self, blocks: list[Block]) -> None:
        areas = self.parsed.document.get("areas", {})
        found: dict[int, dict[str, int]] = {}
        sums: dict[int, tuple[int, int]] = {}
        current: int | None = None
        for block in blocks:
            for line in block.text.split("\n"):
                cells = [c.strip() for c in _COLUMNS.split(line.strip()) if c.strip()]
                if not cells:
                    continue
                head = re.match(r"^(\d)\.\s+\S", cells[0])
                row = re.match(r"^(\d)\.(\d+)\s+\S", cells[0])
                if head and not row and len(cells) >= 3 and not cells[1].isdigit():
                    current = int(head.group(1))
                    found.setdefault(current, {})
                elif row and len(cells) >= 3 and cells[-2].isdigit() and cells[-1].isdigit():
                    area = int(row.group(1))
                    found.setdefault(area, {})[f"{area}.{row.group(2)}"] = int(cells[-2])
                    current = area
                elif current and len(cells) >= 2 and cells[-2].isdigit() and cells[-1].isdigit() and (
                        len(cells) == 2 or cells[0].lower() in (self.labels("sum_row").lower(), "")):
                    sums[current] = (int(cells[-2]), int(cells[-1]))
        for area in self.framework.areas:
            scores = found.get(area.id, {})
            missing = [q.id for q in area.questions if q.id not in scores]
            if missing:
                self.error(None, f"areas.{area.id}.scores",
                           f"the score table of area {area.id} could not be read (no row for {', '.join(missing)})",
                           "rows such as “1.1 Name<tab>11<tab>20” in chapter 4")
                continue
            if str(area.id) in areas:
                areas[str(area.id)]["scores"] = {q.id: scores[q.id] for q in area.questions}
            total = sum(scores[q.id] for q in area.questions)
            if area.id in sums and sums[area.id][0] != total:
                self.warn(None, f"areas.{area.id}.scores",
                          f"the sub-question scores add up to {total}, the table's sum row says {sums[area.id][0]}")
        for number, area in areas.items():
            points = area.pop("_points", None)
            if points and area.get("scores") and sum(area["scores"].values()) != points[0]:
                self.warn(points[1], f"areas.{number}",
                          f"the box gives {points[0]} points, the scores add up to {sum(area['scores'].values())}")


def read_report_text(text: str, source: str, framework: Framework, labels: Labels) -> Parsed:
    """Parse a report's text; the result holds the document, warnings and errors."""
    return _Reader(text, source, framework, labels).read()


# --- helpers -----------------------------------------------------------------------------------------

def _number(row: list[str], index: int | None) -> int | None:
    """The whole number in a table cell, or None for a missing or empty one."""
    return int(row[index]) if index is not None and index < len(row) and row[index].isdigit() else None


def _is_contents_line(text: str) -> bool:
    return bool(re.search(r"(\t|\.{3,})\s*\d+$", text))


def _strip_page(text: str) -> str:
    return re.sub(r"(\t|\.{3,})\s*\d+$", "", text).strip()


def _is_table(text: str) -> bool:
    return bool(_COLUMNS.search(text)) or text.startswith("<ul")


def _date_in(text: str, locale: str) -> tuple[date, str] | None:
    """A date at the start of a line (ISO or written out) and the text after it."""
    iso = re.match(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*(.*)$", text, re.S)
    if iso:
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3])), iso[4]
        except ValueError:
            return None
    written = re.match(r"^\s*(\d{1,2}) (\w+) (\d{4})\s*(.*)$", text, re.S)
    if written:
        months = {name.lower(): number for number, name in get_month_names("wide", locale=locale).items()}
        if written[2].lower() in months:
            try:
                return date(int(written[3]), months[written[2].lower()], int(written[1])), written[4]
            except ValueError:
                return None
    return None


def _looks_like_heading(text: str, following: Block | None) -> bool:
    """A short line that starts with a capital, ends without punctuation and has text after it."""
    return (following is not None and len(text) <= 90 and "\n" not in text and not _is_table(text)
            and text[:1].isupper() and text[-1:] not in _TERMINAL and not _LIST_ITEM.match(text))


def _topic_box(text: str) -> tuple[list[str], int | None]:
    points = re.search(r"(\d+)\s*$", text)
    items = _bullets(text[: points.start()] if points else text)
    return items, int(points.group(1)) if points else None


def _two_lists(text: str) -> tuple[list[str], list[str]]:
    columns = [c for c in re.split(r"<ul[^>]*>", text) if c.strip()]
    if len(columns) < 2 and "\t" in text:
        columns = text.split("\t")
    columns += [""] * (2 - len(columns))
    return _bullets(columns[0]), _bullets(columns[1])


def _bullets(text: str) -> list[str]:
    text = re.sub(r"<ul[^>]*>", "", text)
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
