"""Batch regeneration: parallel, resumable, reproducible, with the source inside each PDF."""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLE

REPORTGEN = Path(sys.executable).with_name("reportgen")


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(REPORTGEN), *args], cwd=cwd, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "REPORTGEN_LANG": "en", **(env or {})})  # asserts English


def synthetic(count: int, folder: Path) -> list[Path]:
    spec = importlib.util.spec_from_file_location("bench_batch", ROOT / "bench" / "batch.py")
    module = sys.modules.setdefault("bench_batch", importlib.util.module_from_spec(spec))  # its dataclasses need it there
    spec.loader.exec_module(module)
    folder.mkdir(parents=True, exist_ok=True)
    return module.synthetic_documents(count, folder)


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text("utf-8"))


def test_a_broken_document_is_reported_and_the_rest_complete(tmp_path):
    documents = synthetic(4, tmp_path / "in" / "2024")
    (tmp_path / "in" / "trasig.yaml").write_text("framework: '2020'\nmunicipality: Trasig kommun\n", "utf-8")
    (tmp_path / "in" / "inte-ett-dokument.yaml").write_text("något: annat\n", "utf-8")  # skipped, and said so
    result = run("batch", "in", "--out", "ut", "-j", "2", cwd=tmp_path)
    assert result.returncode == 1
    assert "4 built, 0 unchanged, 1 failed" in result.stdout
    assert "failed: in/trasig.yaml:" in result.stderr and "is missing" in result.stderr
    assert "skipped: in/inte-ett-dokument.yaml: no framework key" in result.stderr
    for document in documents:
        assert (tmp_path / "ut" / "2024" / f"{document.stem}.pdf").is_file()  # the folder structure is kept
    text = (tmp_path / "ut" / "manifest.json").read_text("utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, indent=2) + "\n"  # assembled from cached entries
    entries = manifest(tmp_path / "ut")["documents"]
    assert list(entries) == sorted(entries)
    assert entries["trasig"]["status"] == "failed" and entries["trasig"]["outputs"] == {}
    assert entries["2024/syntetby-0001"]["status"] == "built"
    assert len(entries["2024/syntetby-0001"]["outputs"]["pdf"]["sha256"]) == 64


def test_rerun_skips_the_unchanged_and_force_rebuilds(tmp_path):
    documents = synthetic(3, tmp_path / "in")
    assert run("batch", "in/*.yaml", "--out", "ut", "-f", "pdf,docx", cwd=tmp_path).returncode == 0
    built = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "ut").iterdir()}
    documents[1].write_text(documents[1].read_text("utf-8").replace("Syntetby 2 kommun", "Nyby kommun"), "utf-8")
    result = run("batch", "in", "--out", "ut", "-f", "pdf,docx", cwd=tmp_path)
    assert result.returncode == 0 and "1 built, 2 unchanged, 0 failed" in result.stdout
    after = {p.name: p.stat().st_mtime_ns for p in (tmp_path / "ut").iterdir()}
    assert after["syntetby-0001.pdf"] == built["syntetby-0001.pdf"]  # not touched
    assert after["syntetby-0002.pdf"] != built["syntetby-0002.pdf"]
    (tmp_path / "ut" / "syntetby-0003.docx").write_bytes(b"damaged")  # an output that no longer matches
    result = run("batch", "in", "--out", "ut", "-f", "pdf,docx", cwd=tmp_path)
    assert "1 built, 2 unchanged" in result.stdout
    result = run("batch", "in", "--out", "ut", "-f", "pdf,docx", "--force", cwd=tmp_path)
    assert "3 built, 0 unchanged" in result.stdout


def test_same_input_gives_byte_identical_files_across_processes(tmp_path):
    for run_number, seed in ((1, "1"), (2, "4242")):
        result = run("build", str(SAMPLE), "-f", "pdf,docx", "-o", f"r{run_number}/", cwd=tmp_path,
                     env={"PYTHONHASHSEED": seed, "TZ": "Asia/Tokyo" if run_number == 2 else "UTC"})
        assert result.returncode == 0, result.stderr
    for suffix in ("pdf", "docx"):
        first = (tmp_path / "r1" / f"alingsas-2023.{suffix}").read_bytes()
        assert first == (tmp_path / "r2" / f"alingsas-2023.{suffix}").read_bytes(), suffix


def test_batch_writes_the_same_bytes_as_a_single_build(tmp_path):
    """Workers forked from a warm process, builds of many documents in one worker: no state leaks
    from one document into the next."""
    documents = synthetic(4, tmp_path / "in")
    result = run("batch", "in", "-o", "ut", "-j", "2", "-f", "pdf,docx,html", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for document in documents:
        single = run("build", str(document), "-f", "pdf,docx,html", "-o", "single/", cwd=tmp_path)
        assert single.returncode == 0, single.stderr
        for suffix in ("pdf", "docx", "html"):
            name = f"{document.stem}.{suffix}"
            assert (tmp_path / "ut" / name).read_bytes() == (tmp_path / "single" / name).read_bytes(), name


def test_the_smallest_document_is_built_first_then_the_largest():
    from reportgen import batch

    jobs = [batch.Job(path, path.stem) for path in sorted((ROOT / "samples").glob("*.yaml"))]
    sizes = {job.stem: job.source.stat().st_size for job in jobs}
    order = [job.stem for job in batch._schedule(jobs)]
    assert sorted(order) == sorted(sizes) and len(order) >= 2
    assert sizes[order[0]] == min(sizes.values())
    assert [sizes[stem] for stem in order[1:]] == sorted((sizes[stem] for stem in order[1:]), reverse=True)


@pytest.mark.parametrize("text, document", [
    ("framework: '2020'\n", True),
    ("# a comment\nmunicipality: X\nareas: {1: {framework: no}}\n'framework' : 2020\n", True),
    ("? [complex, key]\n: value\nframework: '2020'\n", True),
    ("municipality: framework\nframework_notes: x\n", False),  # a value, and another key
    ("areas:\n  framework: '2020'\n", False),  # not at the top level
    ("- framework: '2020'\n", False),
    ("", False),
    ("first: &a {framework: 1}\nsecond: *a\n", False),
])
def test_a_document_is_a_mapping_with_a_top_level_framework_key(tmp_path, text, document):
    from reportgen import batch

    path = tmp_path / "x.yaml"
    path.write_text(text, "utf-8")
    assert (batch.not_a_document(path) == "") is document


def test_extract_then_build_gives_the_identical_pdf(tmp_path):
    assert run("build", str(SAMPLE), "-o", "original.pdf", cwd=tmp_path).returncode == 0
    (tmp_path / "ut").mkdir()
    result = run("extract", str(tmp_path / "original.pdf"), cwd=tmp_path / "ut")
    assert result.returncode == 0, result.stderr
    extracted = tmp_path / "ut" / "alingsas-2023.yaml"
    assert extracted.read_bytes() == SAMPLE.read_bytes()
    assert run("build", str(extracted), "-o", "again.pdf", cwd=tmp_path).returncode == 0
    assert (tmp_path / "again.pdf").read_bytes() == (tmp_path / "original.pdf").read_bytes()
    assert run("extract", str(tmp_path / "original.pdf"), cwd=tmp_path / "ut").returncode == 1  # no overwrite


def test_ctrl_c_mid_batch_leaves_no_partial_file_and_a_rerun_completes(tmp_path):
    synthetic(16, tmp_path / "in")
    process = subprocess.Popen([str(REPORTGEN), "batch", "in", "--out", "ut", "-j", "1"], cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "REPORTGEN_LANG": "en"})
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if (tmp_path / "ut" / "manifest.json").exists() and len(manifest(tmp_path / "ut")["documents"]) >= 2:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "Interrupted:" in stderr
    files = list((tmp_path / "ut").iterdir())
    assert not [f for f in files if f.name.endswith(".part") or f.name.startswith(".")], files
    assert "stopping…" in stderr and "Traceback" not in stderr
    entries = manifest(tmp_path / "ut")["documents"]
    assert 2 <= len(entries) < 16
    pdfs = sorted(f.name for f in files if f.suffix == ".pdf")
    assert pdfs == sorted(e["outputs"]["pdf"]["file"] for e in entries.values())  # manifest matches the disk
    result = run("batch", "in", "--out", "ut", "-j", "2", cwd=tmp_path)
    assert result.returncode == 0
    assert f"{16 - len(entries)} built, {len(entries)} unchanged, 0 failed" in result.stdout


def test_a_new_logo_rebuilds_and_a_byte_order_mark_is_still_a_document(tmp_path):
    from PIL import Image

    (tmp_path / "in").mkdir()
    Image.new("RGB", (40, 20), (10, 20, 30)).save(tmp_path / "in" / "logo.png")
    text = SAMPLE.read_text("utf-8").replace("first_evaluation: true", "first_evaluation: true\nlogo: logo.png")
    (tmp_path / "in" / "med-logga.yaml").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert "1 built" in run("batch", "in", "--out", "ut", cwd=tmp_path).stdout
    Image.new("RGB", (40, 20), (200, 20, 30)).save(tmp_path / "in" / "logo.png")
    assert "1 built, 0 unchanged" in run("batch", "in", "--out", "ut", cwd=tmp_path).stdout


def start_batch(tmp_path: Path, *args: str) -> subprocess.Popen:
    """A batch in its own process group, so a signal reaches it and its workers as Ctrl-C would."""
    return subprocess.Popen([str(REPORTGEN), "batch", *args], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True,
                            env={**os.environ, "REPORTGEN_LANG": "en"})


def wait_for(condition, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def recorded(out: Path) -> int:
    try:
        return len(manifest(out)["documents"])
    except (OSError, ValueError):
        return 0


def test_documents_are_found_by_parsing_and_every_other_yaml_is_listed_with_its_reason(tmp_path, monkeypatch):
    from reportgen import batch

    folder = tmp_path / "in"
    folder.mkdir()
    text = SAMPLE.read_text("utf-8")
    (folder / "citerad.yaml").write_text(text.replace('framework: "2020"', '"framework": "2020"'), "utf-8")
    (folder / "mellanslag.yml").write_text(text.replace('framework: "2020"', 'framework : "2020"'), "utf-8")
    (folder / "inställningar.yaml").write_text("theme: dark\n", "utf-8")
    (folder / "lista.yaml").write_text("- framework\n", "utf-8")
    (folder / "trasig.yaml").write_text("framework: [2020\n", "utf-8")  # broken, but meant as a document
    (folder / "oläslig.yaml").write_text(text, "utf-8")
    real = Path.read_bytes

    def unreadable(path):  # chmod 000 does not stop root, so the error is made here
        if path.name == "oläslig.yaml":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", unreadable)
    found = batch.find_documents([str(folder)])
    monkeypatch.undo()
    assert sorted(job.stem for job in found.jobs) == ["citerad", "mellanslag", "trasig"]
    reasons = {item.path.name: item.reason for item in found.skipped}
    assert set(reasons) == {"inställningar.yaml", "lista.yaml", "oläslig.yaml"}
    assert "framework" in reasons["inställningar.yaml"] and "Permission denied" in reasons["oläslig.yaml"]
    summary = batch.run_batch(found.jobs, tmp_path / "out", ("pdf",), 1, False)  # the rest builds
    assert {o.stem: o.status for o in summary.outcomes} == {"citerad": "built", "mellanslag": "built",
                                                            "trasig": "failed"}


def test_the_cli_lists_skipped_files_and_builds_the_rest(tmp_path):
    synthetic(1, tmp_path / "in")
    (tmp_path / "in" / "config.yaml").write_text("x: 1\n", "utf-8")
    result = run("batch", "in", "--out", "ut", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "skipped: in/config.yaml: no framework key: not an evaluation document" in result.stderr
    assert "1 built" in result.stdout


@pytest.mark.parametrize("damage", ['{"documents": []}', '{"documents": {"syntetby-0001": "built"}}', "[1, 2]",
                                    '{"documents": {"syntetby-0001": {"status": "built", "outputs": 7}}}', "{",
                                    "folder"])
def test_a_damaged_manifest_costs_a_rebuild_never_a_traceback(tmp_path, damage):
    synthetic(2, tmp_path / "in")
    assert run("batch", "in", "--out", "ut", cwd=tmp_path).returncode == 0
    path = tmp_path / "ut" / "manifest.json"
    path.unlink()
    if damage == "folder":
        path.mkdir()
        result = run("batch", "in", "--out", "ut", cwd=tmp_path)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "ut/manifest.json: this is a folder" in result.stderr
        return
    path.write_text(damage, "utf-8")
    result = run("batch", "in", "--out", "ut", cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert "2 built, 0 unchanged, 0 failed" in result.stdout
    assert set(manifest(tmp_path / "ut")["documents"]) == {"syntetby-0001", "syntetby-0002"}


def test_the_manifest_is_never_trusted_beyond_the_output_folder(tmp_path):
    synthetic(1, tmp_path / "in")
    assert run("batch", "in", "--out", "ut", cwd=tmp_path).returncode == 0
    report = tmp_path / "ut" / "syntetby-0001.pdf"
    decoy = tmp_path / "decoy.pdf"
    report.rename(decoy)  # the report is gone; a copy sits outside the output folder
    data = manifest(tmp_path / "ut")
    data["documents"]["syntetby-0001"]["outputs"]["pdf"]["file"] = "../decoy.pdf"
    (tmp_path / "ut" / "manifest.json").write_text(json.dumps(data), "utf-8")
    result = run("batch", "in", "--out", "ut", cwd=tmp_path)
    assert "1 built, 0 unchanged" in result.stdout
    assert report.read_bytes() == decoy.read_bytes()
    assert manifest(tmp_path / "ut")["documents"]["syntetby-0001"]["outputs"]["pdf"]["file"] == "syntetby-0001.pdf"


def test_a_failed_document_loses_its_stale_reports_and_the_manifest_says_so(tmp_path):
    (document,) = synthetic(1, tmp_path / "in")
    assert run("batch", "in", "--out", "ut", "-f", "pdf,docx", cwd=tmp_path).returncode == 0
    document.write_text(document.read_text("utf-8").replace("municipality:", "kommun:"), "utf-8")
    result = run("batch", "in", "--out", "ut", "-f", "pdf,docx", cwd=tmp_path)
    assert result.returncode == 1 and "0 built, 0 unchanged, 1 failed" in result.stdout
    assert "previous report files were removed: syntetby-0001.pdf, syntetby-0001.docx" in result.stderr
    assert sorted(p.name for p in (tmp_path / "ut").iterdir()) == ["manifest.json"]
    entry = manifest(tmp_path / "ut")["documents"]["syntetby-0001"]
    assert entry["status"] == "failed" and entry["outputs"] == {}
    assert entry["removed"] == ["syntetby-0001.pdf", "syntetby-0001.docx"]


def test_a_second_batch_into_the_same_folder_is_refused_clearly(tmp_path):
    import fcntl

    synthetic(1, tmp_path / "in")
    (tmp_path / "ut").mkdir()
    holder = os.open(tmp_path / "ut", os.O_RDONLY)  # as a running batch holds it
    try:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        result = run("batch", "in", "--out", "ut", cwd=tmp_path)
    finally:
        os.close(holder)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "ut: another batch is writing into this folder" in result.stderr
    assert not (tmp_path / "ut" / "syntetby-0001.pdf").exists()
    assert run("batch", "in", "--out", "ut", cwd=tmp_path).returncode == 0  # free again once released


def test_two_batches_at_once_never_lose_manifest_entries(tmp_path):
    synthetic(6, tmp_path / "in")
    first, second = (start_batch(tmp_path, "in", "--out", "ut", "-j", "1") for _ in range(2))
    results = [(p.wait(timeout=300), p.communicate()[1]) for p in (first, second)]
    assert sorted(code for code, _ in results) in ([0, 0], [0, 1])
    for code, stderr in results:
        assert code == 0 or "another batch is writing into this folder" in stderr
    assert len(manifest(tmp_path / "ut")["documents"]) == 6


def children(pid: int) -> set[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(p) for p in path.read_text().split()} if path.exists() else set()


def gone(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].startswith("Z")  # a zombie is dead
    except (OSError, IndexError):
        return True


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads process children from /proc")
def test_workers_die_with_the_batch_when_it_is_killed(tmp_path):
    synthetic(12, tmp_path / "in")
    process = start_batch(tmp_path, "in", "--out", "ut", "-j", "2")
    wait_for(lambda: len(children(process.pid)) >= 2 and recorded(tmp_path / "ut") >= 1)
    workers = children(process.pid)
    process.kill()  # kill -9: no handler of ours runs
    process.wait()
    try:
        wait_for(lambda: all(gone(pid) for pid in workers), seconds=30)
    finally:  # on a version where they outlive it, do not leave them running
        for pid in workers:
            if not gone(pid):
                os.kill(pid, signal.SIGKILL)


def test_ctrl_c_says_stopping_at_once_and_a_second_one_keeps_the_manifest_true(tmp_path):
    synthetic(16, tmp_path / "in")
    process = start_batch(tmp_path, "in", "--out", "ut", "-j", "2")
    wait_for(lambda: recorded(tmp_path / "ut") >= 2 and len(children(process.pid)) >= 2)
    workers = children(process.pid)  # before the batch ends: /proc no longer lists them afterwards
    os.killpg(process.pid, signal.SIGINT)
    time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # the impatient second Ctrl-C
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130 and "Traceback" not in stderr, stderr
    assert "stopping…" in stderr
    entries = manifest(tmp_path / "ut")["documents"]
    on_disk = sorted(p.name for p in (tmp_path / "ut").iterdir() if p.name != "manifest.json")
    assert on_disk == sorted(e["outputs"]["pdf"]["file"] for e in entries.values())
    assert workers
    wait_for(lambda: all(gone(pid) for pid in workers), seconds=30)


@pytest.mark.parametrize("delay", [0.0, 0.05, 0.1, 0.2, 0.4])
def test_ctrl_c_right_after_start_gives_no_traceback(tmp_path, delay):
    """From the moment reportgen's own code runs. Before that, Python itself starts (its site
    imports), and a Ctrl-C there is Python's own; that time is measured and waited out."""
    synthetic(2, tmp_path / "in")
    start = time.monotonic()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    interpreter = time.monotonic() - start
    process = start_batch(tmp_path, "in", "--out", "ut", "-j", "2")
    time.sleep(3 * interpreter + delay)  # with margin: the machine may be busier a moment later
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert "Traceback" not in stderr and "Error" not in stderr, stderr
    assert process.returncode in (0, 130, -signal.SIGINT)  # done already, or stopped


def test_a_document_unreadable_since_the_last_run_is_not_taken_as_unchanged(tmp_path, monkeypatch):
    from reportgen import batch

    synthetic(1, tmp_path / "in")
    found = batch.find_documents([str(tmp_path / "in")])
    assert batch.run_batch(found.jobs, tmp_path / "out", ("pdf",), 1, False).count("built") == 1

    def unreadable(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(batch, "input_hash", unreadable)
    assert batch.Manifest(tmp_path / "out").unchanged(found.jobs[0], ("pdf",), tmp_path / "out") is None


def test_a_worker_that_dies_fails_its_document_and_the_rest_complete(tmp_path, monkeypatch, language):
    from reportgen import batch

    language("en")
    synthetic(5, tmp_path / "in")
    real = batch.build_one

    def dying(source, stem, *rest):
        if stem == "syntetby-0002":
            os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's out-of-memory killer would
        return real(source, stem, *rest)

    monkeypatch.setattr(batch, "build_one", dying)  # the workers are forked from this process
    found = batch.find_documents([str(tmp_path / "in")])
    summary = batch.run_batch(found.jobs, tmp_path / "out", ("pdf",), 2, False)
    assert {o.stem: o.status for o in summary.outcomes} == {f"syntetby-000{n}": "failed" if n == 2 else "built"
                                                            for n in range(1, 6)}
    (failed,) = [o for o in summary.outcomes if o.status == "failed"]
    assert "syntetby-0002.yaml: the process building it stopped unexpectedly (exit code -9)" in failed.reason
    entries = manifest(tmp_path / "out")["documents"]
    assert entries["syntetby-0002"]["status"] == "failed" and len(entries) == 5
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [f"syntetby-000{n}.pdf" for n in (1, 3, 4, 5)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork is the start method on Linux only")
def test_workers_are_forked_so_they_start_with_reportgen_imported():
    from reportgen import batch

    assert batch._context().get_start_method() == "fork"  # Python 3.14's default, forkserver, re-imports per worker
