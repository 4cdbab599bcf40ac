"""Finding drafts: .gitignore globs, unreadable paths in their place, empty folders, each draft once."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factlib.drafts.walk import Unreadable, iter_drafts, missing

ALL = ["**/*.md", "**/*.html"]


def tree(root: Path, *names: str) -> None:
    for name in names:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text("x")


def names(items, root: Path) -> list[str]:
    return [f"!{i.path.relative_to(root).as_posix()}: {i.message}" if isinstance(i, Unreadable)
            else i.relative_to(root).as_posix() for i in items]


def test_folders_are_walked_for_include_globs_minus_ignore(tmp_path):
    tree(tmp_path, "d/a.md", "d/b.html", "d/c.png", "d/old/x.md", "d/.git/y.md", "d/.hidden.md", "d/sub/z.md")
    found = iter_drafts([tmp_path / "d"], ALL, ["d/old/**"], tmp_path)
    assert names(found, tmp_path) == ["d/a.md", "d/b.html", "d/sub/z.md"]


@pytest.mark.parametrize("ignore, kept", [
    (["draft[12].md"], ["d/draft3.md", "d/keep.md"]),  # a character class
    (["*.md", "!keep.md"], ["d/keep.md"]),  # a later "!" takes a path back
    (["/d/draft1.md"], ["d/draft2.md", "d/draft3.md", "d/keep.md"]),  # anchored at the root
    (["d"], []),
])
def test_gitignore_rules(tmp_path, ignore, kept):
    tree(tmp_path, "d/draft1.md", "d/draft2.md", "d/draft3.md", "d/keep.md")
    found = names(iter_drafts([tmp_path / "d"], ALL, ignore, tmp_path), tmp_path)
    if kept:
        assert found == kept
    else:
        assert [f.split(":")[0] for f in found] == ["!d"]


def test_include_globs_with_classes(tmp_path):
    tree(tmp_path, "d/draft1.md", "d/draft2.md", "d/draft3.md")
    assert names(iter_drafts([tmp_path / "d"], ["draft[12].md"], [], tmp_path), tmp_path) == ["d/draft1.md", "d/draft2.md"]


def test_named_files_are_kept_unless_ignored(tmp_path):
    tree(tmp_path, "a.txt", "old/b.md")
    found = iter_drafts([tmp_path / "a.txt", tmp_path / "old/b.md"], ALL, ["old/**"], tmp_path)
    assert names(found, tmp_path) == ["a.txt"]  # named: checked whatever its name


def test_each_draft_once(tmp_path):
    tree(tmp_path, "d/a.md", "d/b.md")
    os.symlink(tmp_path / "d/a.md", tmp_path / "link.md")
    paths = [tmp_path / "d/a.md", tmp_path / "d", tmp_path / "d/a.md", tmp_path / "link.md", tmp_path / "d"]
    assert names(iter_drafts(paths, ALL, [], tmp_path), tmp_path) == ["d/a.md", "d/b.md"]


def test_an_empty_folder_says_so(tmp_path):
    (tmp_path / "empty").mkdir()
    tree(tmp_path, "pics/a.png")
    found = list(iter_drafts([tmp_path / "empty", tmp_path / "pics"], ALL, [], tmp_path))
    assert [(i.path.name, i.empty, i.folder) for i in found] == [("empty", True, True), ("pics", True, True)]
    assert found[0].message.startswith("no drafts in this folder")


def test_an_unreadable_subfolder_is_reported_in_its_place(tmp_path, monkeypatch):
    tree(tmp_path, "d/a.md", "d/locked/secret.md", "d/z.md")
    real = os.scandir

    def scandir(path="."):
        if Path(path) == tmp_path / "d/locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(iter_drafts([tmp_path / "d"], ALL, [], tmp_path))
    assert names(found, tmp_path) == ["d/a.md", "!d/locked: permission denied", "d/z.md"]
    assert found[1].folder and not found[1].empty


def test_a_named_path_that_cannot_be_looked_at(tmp_path, monkeypatch):
    tree(tmp_path, "ok.md")
    secret = tmp_path / "secret.md"
    real = os.stat

    def stat(path, *args, **kwargs):
        if Path(path) == secret:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", stat)
    assert missing([secret, tmp_path / "ok.md"]) == []
    found = names(iter_drafts([secret, tmp_path / "ok.md"], ALL, [], tmp_path), tmp_path)
    assert found == ["!secret.md: permission denied", "ok.md"]


def test_missing_paths(tmp_path):
    tree(tmp_path, "a.md")
    assert missing([tmp_path / "a.md", tmp_path / "nope.md", tmp_path / "a.md/x"]) == [tmp_path / "nope.md",
                                                                                      tmp_path / "a.md/x"]
