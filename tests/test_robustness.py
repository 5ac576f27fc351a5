"""Text is data, odd text never breaks a build, output is atomic, and random damage ends cleanly."""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path

import pytest
import yaml
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from typer.testing import CliRunner

from conftest import ROOT, SAMPLE
from pdftext import squash
from reportgen.cli import app
from reportgen.output import write_atomically
from reportgen.evaluation import read_evaluation
from reportgen.problems import InvalidInput
from reportgen.yamlfile import read_yaml

runner = CliRunner()
HOSTILE = ['<img src="/etc/passwd"/>', '<a href="javascript:alert(1)">x</a>', '<font face="x">', "<para>",
           "A & B < C > D", "&amp;lt;", "<onDraw name='x'/>", "]]>"]
ODD = ["Café e\u0301 a\u0308", "Привет – ”citat” …",
       "https://www.exempelby.se/" + "mycket-lang-adress-utan-mellanslag" * 8]


def sample_data() -> dict:
    return read_yaml(SAMPLE).data


def build(tmp_path: Path, data: dict, formats: str = "pdf") -> tuple[int, Path, str]:
    source = tmp_path / "doc.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = runner.invoke(app, ["build", str(source), "-f", formats, "-o", str(tmp_path / "ut") + "/"])
    return result.exit_code, tmp_path / "ut" / "doc.pdf", result.output


def test_markup_in_text_prints_literally_and_loads_nothing(tmp_path):
    data = sample_data()
    data["municipality"] = "Exempel<by> & <b>kommun</b>"
    data["summary"]["comments"] = "\n\n".join(HOSTILE)
    data["areas"]["1"]["strengths"] = HOSTILE
    data["areas"]["1"]["sections"][0]["heading"] = HOSTILE[0]
    code, pdf, output = build(tmp_path, data, "pdf,docx")
    assert code == 0, output
    reader = PdfReader(pdf)
    text = squash("\n".join(page.extract_text() for page in reader.pages))
    for hostile in HOSTILE + ["Exempel<by> & <b>kommun</b>"]:
        assert squash(hostile) in text, hostile
    for page in reader.pages:
        for annotation in page.get("/Annots", []):
            annotation = annotation.get_object()
            assert "/A" not in annotation or annotation["/A"].get("/S") not in ("/URI", "/JavaScript")
        xobjects = page["/Resources"].get("/XObject") or {}
        assert not [x for x in xobjects.values() if x.get_object()["/Subtype"] == "/Image"]
    assert "/JavaScript" not in str(reader.trailer["/Root"])
    word = "\n".join(p.text for p in Document(pdf.with_suffix(".docx")).paragraphs)
    for hostile in HOSTILE:
        assert hostile in word


def test_accents_and_long_words_build_and_stay_on_the_page(tmp_path):
    # Scripts the font lacks (Arabic, Hebrew, emoji) are refused by check: test_validation.py.
    data = sample_data()
    data["areas"]["2"]["sections"][0]["text"] = "\n\n".join(ODD)
    data["areas"]["2"]["strengths"] = ODD
    data["evaluators"] = ["Åsa Öberg", "Ελένη Παπαδοπούλου", "José Ñúñez"]
    code, pdf, output = build(tmp_path, data, "pdf,docx")
    assert code == 0, output
    reader = PdfReader(pdf)
    lines = [line for page in reader.pages for line in page.extract_text().splitlines()]
    url = ODD[-1]
    assert squash(url) in squash("\n".join(lines))
    assert not any(url in line for line in lines)  # the long word was broken over lines
    width = float(reader.pages[0].mediabox.width)
    for page in reader.pages:
        def visit(text, cm, tm, font, size):
            if text.strip():
                assert 0 <= tm[4] * cm[0] + cm[4] < width, text
        page.extract_text(visitor_text=visit)


def test_a_failing_writer_leaves_the_old_file_and_no_partial_one(tmp_path):
    target = tmp_path / "rapport.pdf"
    target.write_bytes(b"old report")

    def half_then_fail(stream):
        stream.write(b"%PDF-1.4 half")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        write_atomically(target, half_then_fail)
    assert target.read_bytes() == b"old report"
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.pdf"]


def test_a_document_ten_times_the_sample_builds(tmp_path):
    spec = importlib.util.spec_from_file_location("long_document", ROOT / "bench" / "long_document.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    source = tmp_path / "lang.yaml"
    source.write_text(module.long_document(10), "utf-8")
    assert source.stat().st_size > 9 * SAMPLE.stat().st_size
    result = runner.invoke(app, ["build", str(source), "-o", str(tmp_path / "lang.pdf")])
    assert result.exit_code == 0, result.output
    assert len(PdfReader(tmp_path / "lang.pdf").pages) > 200


# --- hostile YAML: a small file never takes the machine down ----------------------------------

@pytest.fixture(autouse=True)
def english(language):
    language("en")


def _check(tmp_path: Path, text: str) -> tuple[int, str]:
    source = tmp_path / "doc.yaml"
    source.write_text(text, "utf-8")
    result = runner.invoke(app, ["check", str(source)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result.exit_code, result.output


def test_an_alias_bomb_ends_in_a_message(tmp_path):
    # 360 bytes that expand to 9^9 values: the old reader took a minute and 3.9 GB, then a MemoryError
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        name, below = chr(ord("a") + level), chr(ord("a") + level - 1)
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{below}"] * 9) + "]")
    code, output = _check(tmp_path, "\n".join(levels) + "\n")
    assert code == 1
    assert "doc.yaml:6:12: " in output and "the document has more than 200000 values" in output


@pytest.mark.parametrize("text, message", [
    ("x: &a [*a]\n", "doc.yaml:1:8: `*a` refers to itself"),
    ("x: &a {b: *a}\n", "doc.yaml:1:11: `*a` refers to itself"),
    ("x: " + "[" * 990 + "]" * 990 + "\n", "doc.yaml:1:23: the fields are nested more than 20 levels deep"),
    ("".join("  " * i + f"k{i}:\n" for i in range(990)), "doc.yaml:21:41: the fields are nested more than 20 levels"),
    ("".join(f"k{i}: &k{i} x\n" for i in range(101)) + "y: [" + ", ".join(f"*k{i}" for i in range(101)) + "]\n",
     "more than 100 references with `*`"),
    ("t: &t " + "a" * 1_000_000 + "\nx: [*t, *t]\n", "doc.yaml:2:5: the document holds more than 2 MB of text"),
    ("x: *nothing\n", "doc.yaml:1:4: a text that starts with `*` needs quotes"),
    ("x: !!python/object:os.system ls\n", "doc.yaml:1:4: a text that starts with `!` needs quotes"),
    ("a: 1\n---\nb: 2\n", "doc.yaml:2:1: a second document starts here (a line `---`)"),
])
def test_self_references_deep_nesting_and_odd_yaml_end_in_a_message(tmp_path, text, message):
    code, output = _check(tmp_path, text)
    assert code == 1
    assert message in output
    assert "Error" not in output and "Traceback" not in output


PIECES = st.sampled_from(["\n", "  ", "\t", ": ", "- ", "#", "*", "&a", "*a", "!", "[", "]", "{", "}", "'", '"', "|",
                          ">", "\\", "\x00", "\x0b", "\x85", "\u2028", "\r\n", "---", "~", "1.1", "ö", "👍", "\ufeff"])


@settings(max_examples=300, deadline=None)
@given(cuts=st.lists(st.tuples(st.integers(0, SAMPLE.stat().st_size), PIECES), min_size=1, max_size=6))
def test_any_damage_to_the_text_ends_in_data_or_a_placed_message(cuts):
    text = SAMPLE.read_text("utf-8")
    for index, piece in cuts:
        index = min(index, len(text))
        text = text[:index] + piece + text[index:]
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "doc.yaml"
        source.write_text(text, "utf-8", errors="surrogatepass")
        try:
            read_evaluation(source)
        except InvalidInput as invalid:
            for problem in invalid.problems:
                assert problem.message and problem.file == str(source)
                assert problem.line is None or 1 <= problem.line <= text.count("\n") + 2, problem


def test_a_few_aliases_still_work(tmp_path):
    text = SAMPLE.read_text("utf-8").replace("  - Jessica Rööf", "  - &jr Jessica Rööf", 1)
    text = text.replace("  - Ulrika Elming", "  - Ulrika Elming\n  - *jr", 1)
    code, output = _check(tmp_path, text)
    assert code == 0, output


# --- random damage -------------------------------------------------------------------------------

INJECTED = st.sampled_from(HOSTILE + ODD + ["", " ", "\x00\x07\x1b", "\ud800", "x" * 20000, "- a\n- b", "# x",
                                            "1.", "{", "null", "true", "3.5"])
REPLACEMENT = st.one_of(INJECTED, st.integers(-5, 500), st.none(), st.booleans(), st.lists(st.integers(), max_size=2),
                        st.dictionaries(st.sampled_from(["a", "scores", "text"]), st.integers(), max_size=2))


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, prefix + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, prefix + (index,))


def _mutate(data, path, action, value):
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    key = path[-1]
    if action == "delete":
        del parent[key]
    elif action == "replace":
        parent[key] = value
    elif action == "append" and isinstance(parent[key], str):
        parent[key] = parent[key] + str(value)
    else:
        parent[key] = value


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_damage_ends_in_a_report_or_a_clean_error(data):
    # Either sample: Exempelby has the comparison figures (reference areas, a previous evaluation).
    document = read_yaml(data.draw(st.sampled_from([SAMPLE, ROOT / "samples" / "exempelkommun.yaml"]))).data
    paths = [p for p in _paths(document) if p]
    for _ in range(data.draw(st.integers(1, 3))):
        paths = [p for p in _paths(document) if p]
        path = data.draw(st.sampled_from(paths))
        action = data.draw(st.sampled_from(["delete", "replace", "append"]))
        _mutate(document, path, action, data.draw(REPLACEMENT))
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        source = folder / "doc.yaml"
        source.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8", errors="replace")
        result = runner.invoke(app, ["build", str(source), "-o", str(folder / "ut") + "/"])
        assert result.exit_code in (0, 1), result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        assert "Traceback" not in result.output
        out = folder / "ut"
        files = sorted(p.name for p in out.iterdir()) if out.exists() else []
        if result.exit_code == 0:
            assert files == ["doc.pdf"] and (out / "doc.pdf").read_bytes().startswith(b"%PDF")
        else:
            assert files == [], files  # no partial file
            assert "could not be built" not in result.output, result.output  # invalid input is named, not a crash
