"""The command line, as a user runs it: building, drafts, messages in Swedish and English, output
names, `new`, `watch` and the everyday conventions (-V, --quiet, --verbose, --debug, help)."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from conftest import SAMPLE

REPORTGEN = Path(sys.executable).with_name("reportgen")
COMMANDS = ("build", "check", "new", "watch", "batch", "import", "extract")


def run(*args: str, cwd: Path, lang: str | None = None) -> subprocess.CompletedProcess:
    """reportgen as a user runs it; ``lang`` sets REPORTGEN_LANG (None: the default, Swedish)."""
    env = {k: v for k, v in os.environ.items() if k != "REPORTGEN_LANG"}
    if lang:
        env["REPORTGEN_LANG"] = lang
    return subprocess.run([str(REPORTGEN), *args], cwd=cwd, capture_output=True, text=True, timeout=180, env=env)


def pdf_text(path: Path) -> list[str]:
    """Each page's text with line breaks (and the hyphens line breaking added) undone."""
    return [" ".join(page.extract_text().replace("-\n", "").split()) for page in PdfReader(path).pages]


def test_build_writes_the_report_into_the_current_folder(tmp_path):
    result = run("build", str(SAMPLE), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / "alingsas-2023.pdf"
    assert "Analys av Alingsås kommun" in PdfReader(pdf).pages[0].extract_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alingsas-2023.pdf"]  # no temporary left
    assert result.stdout == "Skrev alingsas-2023.pdf\n"


def test_python_dash_m_and_output_to_a_folder_or_file(tmp_path):
    folder = tmp_path / "ut"
    folder.mkdir()
    result = subprocess.run([sys.executable, "-m", "reportgen", "build", str(SAMPLE), "-o", str(folder)],
                            capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (folder / "alingsas-2023.pdf").stat().st_size > 50_000
    result = run("build", str(SAMPLE), "-o", str(tmp_path / "rapport.pdf"), cwd=tmp_path)
    assert result.returncode == 0
    assert len(PdfReader(tmp_path / "rapport.pdf").pages) > 30


def test_invalid_document_exit_1_with_place_and_no_output(tmp_path):
    broken = tmp_path / "alingsas-2023.yaml"
    broken.write_text(SAMPLE.read_text("utf-8").replace("      2.2: 14\n", "      2.2: 31\n"), "utf-8")
    result = run("build", str(broken), cwd=tmp_path)
    assert result.returncode == 1
    assert "alingsas-2023.yaml:104:12: areas.2.scores.2.2: 31 är mer än maxpoängen 30 — ett heltal från 0 till 30\n" \
        in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "--draft" not in result.stdout  # a wrong score is a mistake, not a gap: no draft hint
    assert sorted(p.name for p in tmp_path.iterdir()) == ["alingsas-2023.yaml"]


def test_failing_build_leaves_an_existing_report_byte_for_byte(tmp_path):
    existing = tmp_path / "alingsas-2023.pdf"
    existing.write_bytes(b"%PDF-1.4 the report that was here before")
    broken = tmp_path / "alingsas-2023.yaml"
    broken.write_text(SAMPLE.read_text("utf-8").replace("report_date: 2023-02-21", "report_date: 2023-02-30"),
                      "utf-8")
    result = run("build", str(broken), cwd=tmp_path)
    assert result.returncode == 1
    assert ("alingsas-2023.yaml:11:14: report_date: `2023-02-30` är inget datum — ett datum som ÅÅÅÅ-MM-DD, "
            "till exempel 2023-02-21\n") in result.stderr
    assert existing.read_bytes() == b"%PDF-1.4 the report that was here before"


def test_check_and_usage_errors(tmp_path):
    assert run("check", str(SAMPLE), cwd=tmp_path).returncode == 0
    assert run("check", str(tmp_path / "missing.yaml"), cwd=tmp_path).returncode == 1
    assert run("build", cwd=tmp_path).returncode == 2
    assert run("build", str(SAMPLE), "--format", "odt", cwd=tmp_path).returncode == 2
    help_text = run("--help", cwd=tmp_path).stdout
    assert "build" in help_text and "check" in help_text


def test_logo_named_by_the_document_is_on_the_cover(tmp_path):
    from PIL import Image

    Image.new("RGB", (300, 120), (22, 55, 92)).save(tmp_path / "logga.png")
    document = tmp_path / "med-logga.yaml"
    document.write_text(SAMPLE.read_text("utf-8").replace("first_evaluation: true",
                                                          "first_evaluation: true\nlogo: logga.png"), "utf-8")
    result = run("build", str(document), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    cover = PdfReader(tmp_path / "med-logga.pdf").pages[0]
    images = [x for x in cover["/Resources"]["/XObject"].values() if x.get_object()["/Subtype"] == "/Image"]
    assert len(images) == 1

    document.write_text(SAMPLE.read_text("utf-8").replace("first_evaluation: true",
                                                          "first_evaluation: true\nlogo: saknas.png"), "utf-8")
    result = run("build", str(document), cwd=tmp_path)
    assert result.returncode == 1
    assert "med-logga.yaml:14:7: logo: det finns ingen fil saknas.png — en PNG- eller JPEG-bild" in result.stderr


def test_both_formats_from_one_model(tmp_path):
    from docx import Document

    result = run("build", str(SAMPLE), "--format", "pdf,docx", "-o", str(tmp_path / "ut") + "/", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    pdf, word = tmp_path / "ut" / "alingsas-2023.pdf", tmp_path / "ut" / "alingsas-2023.docx"
    assert "Analys av Alingsås kommun" in PdfReader(pdf).pages[0].extract_text()
    assert Document(word).core_properties.title == "Kommunkompassen: Analys av Alingsås kommun"
    assert Document(word).sections[0].header.paragraphs[0].text == "Kommunkompassen – Alingsås kommun"  # no mark
    result = run("build", str(SAMPLE), "-f", "docx,pdf", "-o", str(tmp_path / "rapport.pdf"), cwd=tmp_path)
    assert result.returncode == 0
    assert (tmp_path / "rapport.pdf").exists() and (tmp_path / "rapport.docx").exists()


# --- drafts ---------------------------------------------------------------------------------------

def new_document(folder: Path, filled: tuple[int, ...] = (1, 2), drop: tuple[int, ...] = ()) -> Path:
    """`reportgen new` for Vänersborg 2024, then areas ``filled`` written in full as an evaluator
    would (scores, texts, strengths, improvements) and areas ``drop`` deleted."""
    result = run("new", "Vänersborgs kommun", "--year", "2024", cwd=folder)
    assert result.returncode == 0, result.stderr
    path = folder / "vanersborg-2024.yaml"
    data = yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)  # every scalar stays text
    from reportgen.framework import load_framework

    for area in load_framework("2020").areas:
        given = data["areas"][str(area.id)]
        if area.id in drop:
            del data["areas"][str(area.id)]
        elif area.id in filled:
            given["scores"] = {q.id: str(q.max // 2) for q in area.questions}
            for section in given["sections"]:
                section["text"] = f"Vänersborg arbetar med {section['heading'].lower()}."
            given["strengths"] = [f"Styrka i område {area.id}"]
            given["improvements"] = [f"Förbättring i område {area.id}"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


PROGRESS_SV = ("9 av 36 delfrågor har poäng, 2 av 8 områden har text, 2 av 8 har styrkor och "
               "förbättringsmöjligheter, 0 av 2 sammanfattande texter är skrivna.")
PROGRESS_EN = ("9 of 36 sub-questions have scores, 2 of 8 areas have text, 2 of 8 have strengths and "
               "improvements, 0 of 2 summary texts are written.")


def test_a_draft_with_two_areas_builds_in_both_formats_marked_and_with_placeholders(tmp_path):
    from docx import Document

    document = new_document(tmp_path, filled=(1, 2), drop=(8,))
    result = run("build", "--draft", str(document), "-f", "pdf,docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Skrev vanersborg-2024.pdf (utkast)\nSkrev vanersborg-2024.docx (utkast)\n"

    pdf = tmp_path / "vanersborg-2024.pdf"
    pages = pdf_text(pdf)
    assert all("UTKAST" in page for page in pages), [i for i, p in enumerate(pages) if "UTKAST" not in p]
    reader = PdfReader(pdf)
    assert reader.metadata.title == "UTKAST – Kommunkompassen: Analys av Vänersborgs kommun"
    assert reader.metadata["/Keywords"].endswith(", UTKAST")
    assert reader.xmp_metadata.dc_title["x-default"].startswith("UTKAST – ")
    assert re.search(r":draft>true</", reader.xmp_metadata.stream.get_data().decode())  # the report's facts say so
    text = "\n".join(pages)
    # The two written areas: their texts and full sums (area 1: 2+...; half of each max).
    assert "Vänersborg arbetar med" in text and "Styrka i område 1" in text
    # Missing parts are visible, never an empty heading.
    assert "[Texten är inte skriven ännu.]" in text              # summary texts, unwritten sections
    assert "[Området är inte ifyllt ännu: poäng och text saknas.]" in text  # area 8, deleted
    assert "[Utvärderare saknas]" in pages[0]
    assert "[Inte ifyllt ännu]" in text                          # strengths of areas 3-7
    # Points: summed from what is scored and marked incomplete.
    area3 = next(p for p in pages if "Område 3 Styrning och kontroll" in p and "Rubriker" in p)
    assert "0*" in area3 and "* Ofullständigt: 0 av 5 delfrågor har poäng, och summan räknar bara dem." in area3
    assert "* Utkast: 9 av 36 delfrågor har poäng. Alla summor och diagram räknar bara dem." in text
    assert "Vänersborg 2024" in text and "Vänersborgs 2024" not in text  # the chart legend's short name

    word = Document(tmp_path / "vanersborg-2024.docx")
    assert word.core_properties.title == "UTKAST – Kommunkompassen: Analys av Vänersborgs kommun"
    assert word.sections[0].header.paragraphs[0].text.startswith("UTKAST")
    assert word.sections[0].first_page_header.paragraphs[0].text.startswith("UTKAST")  # the cover too
    body = "\n".join(p.text for p in word.paragraphs)
    assert "[Texten är inte skriven ännu.]" in body and "[Området är inte ifyllt ännu" in body


def test_a_draft_web_page_is_marked_too(tmp_path):
    document = new_document(tmp_path)
    result = run("build", "--draft", document.name, "-f", "html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "vanersborg-2024.html").read_text("utf-8")
    assert '<p class="draft-mark" role="note">UTKAST</p>' in page  # on screen, kept in view
    assert "<title>UTKAST – Kommunkompassen: Analys av Vänersborgs kommun</title>" in page
    assert re.search(r'@top-right \{ content: "UTKAST"', page)  # on every printed page
    assert "[Texten är inte skriven ännu.]" in page
    final = run("build", str(SAMPLE), "-f", "html", cwd=tmp_path)
    assert final.returncode == 0 and "draft-mark\"" not in (tmp_path / "alingsas-2023.html").read_text("utf-8")


def test_check_ends_with_progress_and_build_names_draft_in_swedish_and_english(tmp_path):
    document = new_document(tmp_path)
    result = run("check", document.name, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == (PROGRESS_SV + "\nDokumentet är inte färdigt. Ett utkast går att bygga redan nu: "
                             "reportgen build --draft vanersborg-2024.yaml\n")
    result = run("check", "--draft", document.name, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == f"vanersborg-2024.yaml: OK som utkast\n{PROGRESS_SV}\n"
    result = run("check", "--draft", document.name, cwd=tmp_path, lang="en")
    assert result.stdout == f"vanersborg-2024.yaml: OK as a draft\n{PROGRESS_EN}\n"

    result = run("build", document.name, cwd=tmp_path, lang="en")
    assert result.returncode == 1
    assert result.stdout == (PROGRESS_EN + "\nThe document is not finished. A draft can be built already: "
                             "reportgen build --draft vanersborg-2024.yaml\n")
    assert not (tmp_path / "vanersborg-2024.pdf").exists()
    result = run("build", "--draft", document.name, cwd=tmp_path, lang="en")
    assert result.returncode == 0 and result.stdout == "Wrote vanersborg-2024.pdf (draft)\n"
    complete = run("check", str(SAMPLE), cwd=tmp_path, lang="en").stdout
    assert complete.endswith("36 of 36 sub-questions have scores, 8 of 8 areas have text, 8 of 8 have strengths "
                             "and improvements, 2 of 2 summary texts are written.\n")


def test_a_draft_still_refuses_real_mistakes(tmp_path):
    document = new_document(tmp_path)
    data = yaml.load(document.read_text("utf-8"), Loader=yaml.BaseLoader)
    data["areas"]["1"]["scores"]["1.1"] = "55"
    document.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    result = run("build", "--draft", str(document), cwd=tmp_path)
    assert result.returncode == 1
    assert "areas.1.scores.1.1" in result.stderr
    assert not (tmp_path / "vanersborg-2024.pdf").exists()


# --- nothing a user wrote is interpreted by the terminal -------------------------------------------

def test_paths_and_text_are_printed_literally_never_as_markup_or_emoji(tmp_path):
    folder = tmp_path / "a[bold]b"
    folder.mkdir()
    document = folder / ":100:.yaml"
    comments = "# [bold]\n" * 99
    document.write_text(comments + '"[red]x[/red] :smile:": 1\n' + SAMPLE.read_text("utf-8"), "utf-8")  # line 100
    result = run("check", str(document.relative_to(tmp_path)), cwd=tmp_path)
    assert result.returncode == 1
    assert "a[bold]b/:100:.yaml:100:1:" in result.stderr
    assert "[red]x[/red] :smile:" in result.stderr
    assert "💯" not in result.stderr and "😄" not in result.stderr

    document.write_text(SAMPLE.read_text("utf-8"), "utf-8")
    result = run("build", str(document.relative_to(tmp_path)), "-o", "a[bold]b/", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "Skrev a[bold]b/:100:.pdf\n"


# --- output names ----------------------------------------------------------------------------------

def test_an_extension_that_contradicts_the_format_is_refused(tmp_path):
    result = run("build", str(SAMPLE), "-o", "slutlig.pdf", "-f", "docx", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == ("slutlig.pdf: filnamnet slutar på .pdf, men formatet är docx. Skriv till exempel "
                             "-o slutlig.docx, eller välj formatet med -f. Ett namn utan filändelse, eller som "
                             "slutar på /, är en mapp.\n")
    result = run("build", str(SAMPLE), "-o", "slutlig.pdf", "-f", "docx", cwd=tmp_path, lang="en")
    assert result.stderr == ("slutlig.pdf: the file name ends in .pdf, but the format is docx. Write for example "
                             "-o slutlig.docx, or choose the format with -f. A name without an extension, or "
                             "ending in /, is a folder.\n")
    result = run("new", "Vänersborgs kommun", "-o", "ny.pdf", cwd=tmp_path, lang="en")
    assert result.returncode == 1 and "an evaluation document is a .yaml file" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_name_without_extension_is_a_folder(tmp_path):
    result = run("build", str(SAMPLE), "-o", "rapporter", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "rapporter" / "alingsas-2023.pdf").is_file()
    assert result.stdout == "Skrev rapporter/alingsas-2023.pdf\n"


def test_batch_takes_dash_o_and_still_the_old_out(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.yaml").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    result = run("batch", "in", "-o", "ut", "-j", "1", cwd=tmp_path, lang="en")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 built, 0 unchanged, 0 failed; manifest: ut/manifest.json")
    result = run("batch", "in", "--out", "ut", "-j", "1", cwd=tmp_path, lang="en")
    assert result.stdout.startswith("0 built, 1 unchanged, 0 failed")
    help_text = run("batch", "--help", cwd=tmp_path).stdout
    assert "-o, --output" in help_text and "--out " not in help_text  # one name shown, the old one hidden


# --- new ---------------------------------------------------------------------------------------------

def test_new_names_the_municipality_and_takes_year_and_date(tmp_path):
    result = run("new", "Vänersborgs kommun", "--date", "2024-03-15", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ("Skrev vanersborg-2024.yaml. Fyll i det, bygg ett utkast med: "
                             "reportgen build --draft vanersborg-2024.yaml\n")
    text = (tmp_path / "vanersborg-2024.yaml").read_text("utf-8")
    assert 'short_name: "Vänersborg"' in text
    assert "report_date: 2024-03-15\n" in text and "evaluation_period: 2024-03" in text
    assert "Exempelby" not in text and "för Vänersborgs kommun." in text
    result = run("new", "Vänersborgs kommun", "--year", "2023", "-o", "ut/", cwd=tmp_path, lang="en")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "ut" / "vanersborg-2023.yaml").read_text("utf-8")
    assert "report_date: 2023-12-31\n" in text
    assert "# Kommunkompassen: the evaluation document for Vänersborgs kommun." in text
    conflict = run("new", "Vänersborgs kommun", "--year", "2023", "--date", "2024-03-15", cwd=tmp_path, lang="en")
    assert conflict.returncode == 2 and "--year 2023 and --date 2024-03-15 name different years" in conflict.stderr
    again = run("new", "Vänersborgs kommun", "--date", "2024-03-15", cwd=tmp_path)
    assert again.returncode == 1
    assert again.stderr == "vanersborg-2024.yaml: filen finns redan; välj en annan -o eller lägg till --force\n"


def test_short_names_drop_the_genitive_but_keep_a_name_s():
    from reportgen.catalogue import load_labels

    labels = load_labels("sv")
    assert [labels.short_name(n) for n in ("Vänersborgs kommun", "Alingsås kommun", "Göteborgs stad",
                                           "Hofors kommun", "Region Gotland", "Mora kommun", "Grums kommun")] == \
        ["Vänersborg", "Alingsås", "Göteborg", "Hofors", "Gotland", "Mora", "Grums"]


# --- everyday conventions ----------------------------------------------------------------------------

def test_version_help_completion_and_exit_codes(tmp_path):
    from reportgen import __version__

    assert run("-V", cwd=tmp_path).stdout == f"reportgen {__version__}\n"
    main_help = run("--help", cwd=tmp_path).stdout
    assert "Slutkoder: 0 klart, 1 ogiltigt dokument eller misslyckat bygge, 2 fel använt kommando, 130 avbrutet" \
        in " ".join(main_help.split())
    assert "Exit codes: 0 done, 1 invalid document or failed build, 2 wrong usage, 130 interrupted" \
        in " ".join(run("--lang", "en", "--help", cwd=tmp_path).stdout.split())
    for command in COMMANDS:
        text = run(command, "--help", cwd=tmp_path, lang="en").stdout
        for option in ("--quiet", "--verbose", "--debug", "--lang", "Exit codes:"):
            assert option in text, (command, option)
        assert not re.search(r"<[a-z]+(\[[^]]*\])?>|\{\w+\}", text), (command, text)  # no <path>, {document}
    assert "--install-completion" in main_help
    # Completion as the shell asks for it (click's protocol), so the test needs no parent shell to
    # detect: the script the shell sources, then the words it offers after "reportgen bu".
    environment = dict(os.environ, _REPORTGEN_COMPLETE="source_bash")
    script = subprocess.run([str(REPORTGEN)], env=environment, capture_output=True, text=True, timeout=60).stdout
    assert "_REPORTGEN_COMPLETE=complete_bash" in script
    environment.update(_REPORTGEN_COMPLETE="complete_bash", COMP_WORDS="reportgen bu", COMP_CWORD="1")
    offered = subprocess.run([str(REPORTGEN)], env=environment, capture_output=True, text=True, timeout=60).stdout
    assert offered.split() == ["build"]


def test_quiet_verbose_and_debug(tmp_path, monkeypatch):
    quiet = run("build", str(SAMPLE), "-q", cwd=tmp_path)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""
    verbose = run("build", str(SAMPLE), "--verbose", cwd=tmp_path, lang="en")
    assert re.search(r"^The build took \d+(\.\d)? s\.$", verbose.stdout, re.M)
    verbose = run("build", str(SAMPLE), "-v", cwd=tmp_path)
    assert re.search(r"^Bygget tog \d+(,\d)? s\.$", verbose.stdout, re.M)

    from typer.testing import CliRunner

    from reportgen import cli, messages, pipeline

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(pipeline, "build", broken)
    monkeypatch.setenv("REPORTGEN_LANG", "en")
    try:
        result = CliRunner().invoke(cli.app, ["build", str(SAMPLE), "-o", str(tmp_path / "x.pdf")])
        assert result.exit_code == 1
        assert result.output == ("The report could not be built: RuntimeError: boom "
                                 "(run again with --debug for details)\n")
        result = CliRunner().invoke(cli.app, ["build", str(SAMPLE), "-o", str(tmp_path / "x.pdf"), "--debug"])
        assert isinstance(result.exception, RuntimeError)
    finally:
        messages.set_language(None)


# --- watch -------------------------------------------------------------------------------------------

class Lines:
    """The lines a running process prints, waited for with a bound (never a fixed sleep)."""

    def __init__(self, process: subprocess.Popen):
        self.seen: list[str] = []
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self._lines.put(line) for line in process.stdout], daemon=True).start()

    def wait_for(self, pattern: str, timeout: float = 120) -> str:
        while True:
            try:
                line = self._lines.get(timeout=timeout)
            except queue.Empty:
                raise AssertionError(f"no line matching {pattern!r} within {timeout} s; seen: {self.seen}") from None
            self.seen.append(line)
            if re.search(pattern, line):
                return line


WATCH_TEXTS = {
    "sv": {"built": r"\d\d:\d\d:\d\d Byggde ut/doc\.pdf på \d+(,\d)? s\n",
           "ready": "Bevakar doc.yaml. Rapporten byggs om varje gång du sparar; avsluta med Ctrl-C.\n",
           "failed": "Rapporten byggdes inte; den senaste fungerande ligger kvar: ut/doc.pdf\n",
           "stopped": "Bevakningen avslutad.\n"},
    "en": {"built": r"\d\d:\d\d:\d\d Built ut/doc\.pdf in \d+(\.\d)? s\n",
           "ready": "Watching doc.yaml. The report is rebuilt each time you save; stop with Ctrl-C.\n",
           "failed": "The report was not built; the last good one is still there: ut/doc.pdf\n",
           "stopped": "Stopped watching.\n"},
}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_watch_rebuilds_on_save_and_keeps_the_last_good_report(tmp_path, lang):
    texts = WATCH_TEXTS[lang]
    document = tmp_path / "doc.yaml"
    original = SAMPLE.read_text("utf-8")
    document.write_text(original, "utf-8")
    pdf = tmp_path / "ut" / "doc.pdf"
    env = {**os.environ, "REPORTGEN_LANG": lang, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([str(REPORTGEN), "watch", "doc.yaml", "-o", "ut"], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    built = texts["built"].split(" ", 1)[1].split(" ")[0]  # "Byggde" / "Built": the line to wait for
    try:
        lines = Lines(process)
        assert re.fullmatch(texts["built"], lines.wait_for(built))
        assert lines.wait_for(texts["ready"].split(" ")[0]) == texts["ready"]
        assert "21 februari 2023" in PdfReader(pdf).pages[0].extract_text()

        document.write_text(original.replace("report_date: 2023-02-21", "report_date: 2023-03-21"), "utf-8")
        assert re.fullmatch(texts["built"], lines.wait_for(built))
        assert "21 mars 2023" in PdfReader(pdf).pages[0].extract_text()
        good = pdf.read_bytes()

        document.write_text(original.replace("report_date: 2023-02-21", "report_date: 2023-02-30"), "utf-8")
        assert "report_date: `2023-02-30`" in lines.wait_for(r"report_date")
        assert lines.wait_for(texts["failed"].split(";")[0]) == texts["failed"]
        assert pdf.read_bytes() == good

        document.write_text(original.replace("report_date: 2023-02-21", "report_date: 2023-04-21"), "utf-8")
        lines.wait_for(built)
        assert "21 april 2023" in PdfReader(pdf).pages[0].extract_text()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode == 0
    assert lines.wait_for(texts["stopped"].strip()) == texts["stopped"]


def test_watch_rebuilds_for_a_new_logo_and_stops_when_asked(tmp_path):
    from PIL import Image

    from reportgen.watch import watch

    document = tmp_path / "doc.yaml"
    document.write_text(SAMPLE.read_text("utf-8").replace("first_evaluation: true",
                                                          "first_evaluation: true\nlogo: logga.png"), "utf-8")
    Image.new("RGB", (60, 30), (10, 20, 30)).save(tmp_path / "logga.png")
    outcomes: queue.Queue = queue.Queue()
    ready, stop = threading.Event(), threading.Event()
    targets = {"pdf": tmp_path / "doc.pdf"}
    thread = threading.Thread(target=watch, args=(document, targets, False, outcomes.put, ready.set, stop))
    thread.start()
    try:
        assert outcomes.get(timeout=120).built and ready.wait(timeout=120)
        first = targets["pdf"].read_bytes()
        Image.new("RGB", (60, 30), (200, 20, 30)).save(tmp_path / "ny-logga.part", format="PNG")
        os.replace(tmp_path / "ny-logga.part", tmp_path / "logga.png")  # whole at once, as an editor saves
        assert outcomes.get(timeout=120).built
        assert targets["pdf"].read_bytes() != first  # the new logo is in
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not thread.is_alive()


# --- the command-line framework's own words (reportgen/cliwords.py) -------------------------------

def test_help_headings_and_markers_are_swedish_by_default(tmp_path):
    result = run("build", "--help", cwd=tmp_path)
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Användning: reportgen build [ALTERNATIV] DOKUMENT"
    assert "Argument:" in lines and "Alternativ:" in lines
    assert re.search(r"^  DOKUMENT +Utvärderingsdokumentet \(\.yaml\)\.  \[krävs\]$", result.stdout, re.M)
    assert "[förval: pdf]" in result.stdout
    assert re.search(r"^  --help +Visa den här hjälpen och avsluta\.$", result.stdout, re.M)
    top = run("--help", cwd=tmp_path).stdout
    assert top.splitlines()[0] == "Användning: reportgen [ALTERNATIV] KOMMANDO [ARGUMENT]..."
    assert "Kommandon:" in top.splitlines()
    assert "Installera kompletteringen (Tab) för det aktuella" in top
    for english in ("Usage", "Options", "Arguments", "Commands", "default:", "required", "Show this message",
                    "Install completion"):
        assert english not in result.stdout + top


def test_help_is_english_with_lang_en(tmp_path):
    result = run("--lang", "en", "build", "--help", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert lines[0] == "Usage: reportgen build [OPTIONS] DOCUMENT"
    assert "Arguments:" in lines and "Options:" in lines
    assert "[default: pdf]" in result.stdout and "[required]" in result.stdout
    assert "Show this message and exit." in result.stdout


@pytest.mark.parametrize("lang, args, expected", [
    (None, ["build"], ["Användning: reportgen build [ALTERNATIV] DOKUMENT",
                       "Skriv 'reportgen build --help' för hjälp.", "",
                       "Fel: Argumentet 'DOKUMENT' saknas."]),
    (None, ["build", "--forma", "pdf", "x.yaml"], ["Användning: reportgen build [ALTERNATIV] DOKUMENT",
                                                   "Skriv 'reportgen build --help' för hjälp.", "",
                                                   "Fel: Alternativet --forma finns inte. Menade du --format?"]),
    (None, ["bild"], ["Användning: reportgen [ALTERNATIV] KOMMANDO [ARGUMENT]...",
                      "Skriv 'reportgen --help' för hjälp.", "",
                      "Fel: Kommandot 'bild' finns inte. Menade du 'build'?"]),
    ("en", ["build"], ["Usage: reportgen build [OPTIONS] DOCUMENT", "Try 'reportgen build --help' for help.", "",
                       "Error: Missing argument 'DOCUMENT'."]),
    ("en", ["bild"], ["Usage: reportgen [OPTIONS] COMMAND [ARGS]...", "Try 'reportgen --help' for help.", "",
                      "Error: No such command 'bild'. Did you mean 'build'?"]),
])
def test_usage_errors_in_the_message_language(tmp_path, lang, args, expected):
    result = run(*args, cwd=tmp_path, lang=lang)
    assert result.returncode == 2
    assert result.stderr.splitlines() == expected
    assert result.stdout == ""


def test_a_bad_option_value_names_the_option_in_swedish(tmp_path):
    result = run("build", "x.yaml", "-f", "xls", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith("Fel: Ogiltigt värde för '--format' / '-f': xls ")


@pytest.mark.parametrize("lang, args, last", [
    (None, ["batch", ".", "-j", "0"], "Fel: Ogiltigt värde för '--jobs' / '-j': 0 är för litet; minst 1."),
    (None, ["batch", ".", "-j", "1.5"], "Fel: Ogiltigt värde för '--jobs' / '-j': '1.5' är inget heltal."),
    (None, ["new", "Ale", "--year", "2101"], "Fel: Ogiltigt värde för '--year': 2101 är för stort; högst 2100."),
    (None, ["new", "Ale", "--date", "2023-13-01"],
     "Fel: Ogiltigt värde för '--date': '2023-13-01' går inte som rapportdatum; skriv ÅÅÅÅ-MM-DD med ett år från 2000 till 2100, till exempel 2023-02-21."),
    (None, ["new", "Ale", "--date", "20230221"],
     "Fel: Ogiltigt värde för '--date': '20230221' går inte som rapportdatum; skriv ÅÅÅÅ-MM-DD med ett år från 2000 till 2100, till exempel 2023-02-21."),
    (None, ["new", "Ale", "--date", "2023-2-21"],
     "Fel: Ogiltigt värde för '--date': '2023-2-21' går inte som rapportdatum; skriv ÅÅÅÅ-MM-DD med ett år från 2000 till 2100, till exempel 2023-02-21."),
    (None, ["new", "Ale", "--date", "1999-02-21"],
     "Fel: Ogiltigt värde för '--date': '1999-02-21' går inte som rapportdatum; skriv ÅÅÅÅ-MM-DD med ett år från 2000 till 2100, till exempel 2023-02-21."),
    (None, ["build", "x.yaml", "--draft=ja"], "Fel: Alternativet --draft tar inget värde."),
    (None, ["build", "x.yaml", "-o"], "Fel: Alternativet -o behöver ett värde."),
    (None, ["build", "a.yaml", "b.yaml"], "Fel: Fler argument än kommandot tar: b.yaml"),
    ("en", ["batch", ".", "-j", "x"], "Error: Invalid value for '--jobs' / '-j': 'x' is not a whole number."),
    ("en", ["build", "a.yaml", "b.yaml"], "Error: More arguments than the command takes: b.yaml"),
])
def test_values_the_command_line_cannot_convert_are_explained_in_the_message_language(tmp_path, lang, args, last):
    # typer converts through pydantic and click's parser words its own errors: both in English
    result = run(*args, cwd=tmp_path, lang=lang)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == last


def test_an_output_that_is_the_input_is_refused_and_the_input_kept(tmp_path):
    document = tmp_path / "doc.pdf"  # YAML under another name, so the extension check lets it through
    document.write_bytes(SAMPLE.read_bytes())
    result = run("build", "doc.pdf", "-o", "doc.pdf", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "doc.pdf: rapporten skulle skriva över utvärderingsdokumentet; välj en annan -o\n"
    assert document.read_bytes() == SAMPLE.read_bytes()
    report = tmp_path / "rapport.yaml"
    report.write_bytes(b"%PDF-1.7 a report")
    result = run("import", "rapport.yaml", "-o", "rapport.yaml", "--force", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr == "rapport.yaml: dokumentet skulle skriva över rapporten som läses in; välj en annan -o\n"
    assert report.read_bytes() == b"%PDF-1.7 a report"


def test_no_arguments_shows_the_help_not_an_error(tmp_path):
    result = run(cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith("Användning: reportgen [ALTERNATIV] KOMMANDO [ARGUMENT]...\n\n  Gör den färdiga")
    assert "Fel:" not in result.stderr
