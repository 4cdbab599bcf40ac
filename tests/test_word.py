"""Word .docx drafts unpack under the draft size cap: declared sizes, ratios and bytes actually read."""

from __future__ import annotations

import tracemalloc
import zipfile
from pathlib import Path

import pytest

from factlib.drafts import word
from factlib.drafts.documents import MAX_BYTES, DocumentError, read_document
from test_documents import make_docx


def with_parts(path: Path, parts: dict[str, int]) -> Path:
    """The leaflet .docx with extra parts of so many zero bytes each (they pack about 1000 times)."""
    make_docx(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as z:
        for name, size in parts.items():
            with z.open(name, "w", force_zip64=True) as f:
                block = bytes(1 << 20)
                for _ in range(size >> 20):
                    f.write(block)
                f.write(bytes(size & ((1 << 20) - 1)))
    return path


def test_a_zip_bomb_is_refused_before_it_is_unpacked(tmp_path):
    path = with_parts(tmp_path / "bomb.docx", {"word/media/image1.png": 60 << 20})
    assert path.stat().st_size < 1 << 20
    tracemalloc.start()
    try:
        with pytest.raises(DocumentError, match=r"bomb\.docx: not a usable \.docx: word/media/image1\.png unpacks "
                                                r"[\d,]+ times its size \(a zip bomb\)$"):
            read_document(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 << 20


def test_many_small_parts_over_the_cap_in_all_are_refused(tmp_path):
    path = with_parts(tmp_path / "many.docx", {f"word/media/p{i}.bin": 900_000 for i in range(60)})
    with pytest.raises(DocumentError, match=rf"many\.docx: too large when unpacked \(drafts are read up to {MAX_BYTES:,} bytes\)$"):
        read_document(path)


def test_the_cap_counts_every_part_declared(tmp_path):
    path = make_docx(tmp_path / "a.docx")
    data = path.read_bytes()
    unpacked = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    word.check_unpacked_size(data, unpacked)  # exactly at the cap: fine
    with pytest.raises(word.Unusable, match="too large when unpacked"):
        word.check_unpacked_size(data, unpacked - 1)


def test_the_cap_counts_bytes_actually_read(tmp_path, monkeypatch):
    # a zip reader that believed a lying size would read on: the bytes read are counted all the same
    path = make_docx(tmp_path / "a.docx")
    data = path.read_bytes()
    unpacked = sum(i.file_size for i in zipfile.ZipFile(path).infolist())
    monkeypatch.setattr(word, "_declared", lambda part: 0)
    with pytest.raises(word.Unusable, match="too large when unpacked"):
        word.check_unpacked_size(data, unpacked - 1)


def test_too_many_parts(tmp_path, monkeypatch):
    monkeypatch.setattr(word, "MAX_PARTS", 5)
    with pytest.raises(DocumentError, match=r"not a usable \.docx: \d+ parts"):
        read_document(make_docx(tmp_path / "a.docx"))


def test_an_ordinary_docx_is_read_whole(tmp_path):
    doc = read_document(make_docx(tmp_path / "a.docx"))
    assert doc.text.startswith("Grooming leaflet\n")
