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


from conftest import ROOT, SAMPLE

REPORTGEN = Path(sys.executable).with_name("reportgen")


def run(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(REPORTGEN), *args], cwd=cwd, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "REPORTGEN_LANG": "en", **(env or {})})  # asserts English


def synthetic(count: int, folder: Path) -> list[Path]:
    spec = importlib.util.spec_from_file_location("bench_batch", ROOT / "bench" / "batch.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder.mkdir(parents=True, exist_ok=True)
    return module.synthetic_documents(count, folder)


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text("utf-8"))


def test_a_broken_document_is_reported_and_the_rest_complete(tmp_path):
    documents = synthetic(4, tmp_path / "in" / "2024")
    (tmp_path / "in" / "trasig.yaml").write_text("framework: '2020'\nmunicipality: Trasig kommun\n", "utf-8")
    (tmp_path / "in" / "inte-ett-dokument.yaml").write_text("något: annat\n", "utf-8")  # not searched
    result = run("batch", "in", "--out", "ut", "-j", "2", cwd=tmp_path)
    assert result.returncode == 1
    assert "4 built, 0 unchanged, 1 failed" in result.stdout
    assert "failed: in/trasig.yaml:" in result.stderr and "is missing" in result.stderr
    for document in documents:
        assert (tmp_path / "ut" / "2024" / f"{document.stem}.pdf").is_file()  # the folder structure is kept
    entries = manifest(tmp_path / "ut")["documents"]
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
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if (tmp_path / "ut" / "manifest.json").exists() and len(manifest(tmp_path / "ut")["documents"]) >= 2:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 130, stderr
    assert "Avbrutet:" in stderr
    files = list((tmp_path / "ut").iterdir())
    assert not [f for f in files if f.name.endswith(".part") or f.name.startswith(".")], files
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
