"""The cache across processes: chart images, font faces, hyphenation patterns and templates, keyed by content, written atomically."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from pathlib import Path

import pyphen
import pytest

from conftest import ROOT
from reportgen import cache, charts, hyphenation
from reportgen.evaluation import read_evaluation
from reportgen.report import build_report
from reportgen.tree import Chart

SAMPLE = ROOT / "samples" / "alingsas-2023.yaml"


@pytest.fixture()
def folder(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv(cache.ENVIRONMENT_VARIABLE, str(tmp_path))
    return tmp_path


def _charts() -> list[Chart]:
    evaluation, framework, _ = read_evaluation(SAMPLE)
    return [b for b in build_report(evaluation, framework).blocks if isinstance(b, Chart)]


def test_a_chart_image_is_made_once_and_then_read_from_the_cache(folder, monkeypatch):
    chart = _charts()[0]
    charts.chart_png.cache_clear()
    made = charts.chart_png(chart, 450)
    stored = list((folder / "charts").iterdir())
    assert [p.read_bytes() for p in stored] == [made]
    assert not [p for p in folder.rglob(".*")]  # no temporary file left behind

    import resvg_py

    def never(**_):
        raise AssertionError("rasterised again although the chart did not change")

    monkeypatch.setattr(resvg_py, "svg_to_bytes", never)
    charts.chart_png.cache_clear()  # as a new process would
    assert charts.chart_png(chart, 450) == made
    charts.chart_png.cache_clear()  # another definition, the same drawing (the caption is not drawn): the same entry
    assert charts.chart_png(dataclasses.replace(chart, caption="another caption"), 450) == made
    with pytest.raises(AssertionError, match="rasterised again"):
        charts.chart_png(chart, 300)  # another size is another image
    charts.chart_png.cache_clear()


def test_a_new_process_reads_the_image_another_process_made(folder):
    probe = ("import sys; from pathlib import Path; sys.path.insert(0, 'tests');"
             "from test_cache import _charts; from reportgen.charts import chart_png;"
             "sys.stdout.buffer.write(chart_png(_charts()[1], 450))")
    first = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, check=True).stdout
    entry = next((folder / "charts").iterdir())
    second = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, check=True).stdout
    assert first == second == entry.read_bytes() and first.startswith(b"\x89PNG")


def test_cache_off_and_an_unwritable_folder_still_build(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENVIRONMENT_VARIABLE, "off")
    assert cache.folder() is None
    assert cache.cached("x", "k", lambda: b"made") == b"made"
    blocked = tmp_path / "file"
    blocked.write_bytes(b"")
    monkeypatch.setenv(cache.ENVIRONMENT_VARIABLE, str(blocked))  # a file where the folder should be
    assert cache.cached("x", "k", lambda: b"made") == b"made"


def test_hyphenation_patterns_from_the_cache_equal_pyphens_own(folder):
    path = pyphen.LANGUAGES[pyphen.language_fallback("sv_SE")]
    own = pyphen.HyphDict(path)
    pyphen.hdcache.pop(path, None)
    made = hyphenation._pyphen("sv_SE")  # parses and stores
    pyphen.hdcache.pop(path, None)
    read = hyphenation._pyphen("sv_SE")  # reads the stored patterns
    assert len(list((folder / "hyphenation").iterdir())) == 1
    assert read.hd.patterns == made.hd.patterns == own.patterns and read.hd.maxlen == own.maxlen
    for word in ("kommunstyrelsen", "medborgardialog", "förtroendevalda", "utvärderingen"):
        assert read.positions(word) == pyphen.Pyphen(filename=path, cache=False).positions(word)


def test_keys_differ_for_different_parts():
    assert cache.key("ab", "c") != cache.key("a", "bc")
    assert cache.key(b"x") == cache.key("x")


def test_a_font_face_from_the_cache_equals_reportlabs_own_parse(folder):
    from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

    from reportgen import fonts
    from reportgen.theme import load_theme

    path = load_theme().fonts.bold_italic
    own = TTFontFace(str(path))
    fonts.face.cache_clear()
    made = fonts.face(path)  # parses and stores
    fonts.face.cache_clear()
    read = fonts.face(path)  # as a new process would: from the stored entry
    fonts.face.cache_clear()
    assert len(list((folder / "fonts").iterdir())) == 1 and read is not made
    for face in (made, read):
        mine, theirs = vars(face).copy(), vars(own).copy()
        scale, own_scale = mine.pop("_pdfScale"), theirs.pop("_pdfScale")
        assert mine == theirs
        assert [scale(v) for v in (0, 1, 733, -293)] == [own_scale(v) for v in (0, 1, 733, -293)]
        assert {name: type(value) for name, value in vars(face).items() if name != "_pdfScale"} == {
            name: type(value) for name, value in vars(own).items() if name != "_pdfScale"}
    subset = [*range(32, 127), *map(ord, "åäöÅÄÖé–’")]
    assert made.makeSubset(subset) == read.makeSubset(subset) == TTFontFace(str(path)).makeSubset(subset)
    # the registered font carries what reportlab's constructor sets, with the cached face
    font, reference = fonts._font("Probe", path), TTFont("Probe", str(path))
    assert set(vars(font)) == set(vars(reference))
    for name in set(vars(font)) - {"face", "state", "encoding"}:
        assert getattr(font, name) == getattr(reference, name), name
    assert font.stringWidth("Återställning ÅÄÖ", 10) == reference.stringWidth("Återställning ÅÄÖ", 10)


def test_a_damaged_font_entry_is_parsed_again(folder):
    from reportgen import fonts
    from reportgen.theme import load_theme

    path = load_theme().fonts.italic
    fonts.face.cache_clear()
    fonts.face(path)
    entry = next((folder / "fonts").iterdir())
    entry.write_bytes(entry.read_bytes()[:100])
    fonts.face.cache_clear()
    assert fonts.face(path).charToGlyph == fonts.TTFontFace(str(path)).charToGlyph
    fonts.face.cache_clear()


def test_template_data_is_kept_by_content_and_each_reader_gets_its_own_copy(folder, tmp_path):
    import datetime

    from reportgen.framework import read_template

    template = tmp_path / "t.yaml"
    template.write_text("name: Område\nitems: [1, 2.5, yes, null]\n", "utf-8")
    first = read_template(template)
    assert len(list((folder / "templates").iterdir())) == 1
    first["name"] = "changed"  # a caller may change what it got (the catalogue pops keys)
    assert read_template(template) == {"name": "Område", "items": [1, 2.5, True, None]}
    template.write_text("name: Annat\n", "utf-8")  # new content, new entry: never stale
    assert read_template(template) == {"name": "Annat"}
    template.write_text("day: 2024-03-15\n", "utf-8")  # a date is not plain data for marshal: not kept
    assert read_template(template) == {"day": datetime.date(2024, 3, 15)}
    assert len(list((folder / "templates").iterdir())) == 2
    for entry in (folder / "templates").iterdir():
        entry.write_bytes(b"\xff")  # damaged entries are parsed again
    template.write_text("name: Område\n", "utf-8")
    assert read_template(template) == {"name": "Område"}
