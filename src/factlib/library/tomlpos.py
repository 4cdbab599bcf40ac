"""Where each field of a TOML file stands: field path -> line number.

tomllib gives values, not positions; messages need both. This scanner walks
the text once, tracking tables, arrays of tables, inline tables and arrays,
and records the line on which each key (or array element) begins. It is only
run when a message needs a line, so it favours clarity over speed.
"""

from __future__ import annotations

import re

_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def field_lines(text: str) -> dict[str, int]:
    """Map every field path ("source.url", "facts[1].figures[0].value") to its 1-based line."""
    return _Scanner(text).run()


class SourceLines:
    """Field path -> line for the fact files of sources, read and scanned only when first asked."""

    def __init__(self) -> None:
        self._cache: dict[str, dict[str, int]] = {}

    def __call__(self, source, field: str) -> int:
        """The line of `field` ("source.url", "facts[2].quote") in the file `source` was read from."""
        if source.path not in self._cache:
            try:
                with open(source.path, encoding="utf-8-sig") as f:
                    self._cache[source.path] = field_lines(f.read())
            except OSError:
                self._cache[source.path] = {}
        return line_of(self._cache[source.path], field)


def line_of(lines: dict[str, int], path: str) -> int:
    """The line of a path, or of its nearest ancestor that has one; 0 when none does."""
    while path:
        if path in lines:
            return lines[path]
        cut = max(path.rfind("."), path.rfind("["))
        if cut <= 0:
            break
        path = path[:cut]
    return lines.get(path, 0)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.line = 1
        self.out: dict[str, int] = {}
        self.counts: dict[str, int] = {}  # array-of-tables path -> elements seen

    def run(self) -> dict[str, int]:
        table = ""
        n = len(self.text)
        while self.i < n:
            self._skip_blank()
            if self.i >= n:
                break
            c = self.text[self.i]
            if c == "[":
                table = self._header()
            elif c == "#":
                self._skip_comment()
            else:
                self._key_value(table)
        return self.out

    # -- lexical helpers -------------------------------------------------
    def _advance(self, k: int = 1) -> None:
        chunk = self.text[self.i : self.i + k]
        self.line += chunk.count("\n")
        self.i += k

    def _skip_blank(self) -> None:
        while self.i < len(self.text):
            c = self.text[self.i]
            if c in " \t\r\n":
                self._advance()
            elif c == "#":
                self._skip_comment()
            else:
                break

    def _skip_space(self) -> None:
        while self.i < len(self.text) and self.text[self.i] in " \t":
            self.i += 1

    def _skip_comment(self) -> None:
        end = self.text.find("\n", self.i)
        self.i = len(self.text) if end < 0 else end

    def _key(self) -> list[str]:
        parts = []
        while True:
            self._skip_space()
            c = self.text[self.i : self.i + 1]
            if c in ('"', "'"):
                parts.append(self._string())
            else:
                m = _BARE_KEY.match(self.text, self.i)
                if not m:
                    break
                parts.append(m.group())
                self.i = m.end()
            self._skip_space()
            if self.text[self.i : self.i + 1] == ".":
                self.i += 1
                continue
            break
        return parts

    def _string(self) -> str:
        q = self.text[self.i]
        if self.text.startswith(q * 3, self.i):
            end = self.text.find(q * 3, self.i + 3)
            end = len(self.text) if end < 0 else end + 3
            while self.text.startswith(q, end) and end < len(self.text):
                end += 1  # """a"""" : closing quotes may be followed by quotes of the string
            value = self.text[self.i + 3 : end - 3]
            self._advance(end - self.i)
            return value
        j = self.i + 1
        while j < len(self.text) and self.text[j] != q and self.text[j] != "\n":
            if q == '"' and self.text[j] == "\\":
                j += 1
            j += 1
        value = self.text[self.i + 1 : j]
        self._advance(min(j + 1, len(self.text)) - self.i)
        return value

    # -- structure -------------------------------------------------------
    def _header(self) -> str:
        double = self.text.startswith("[[", self.i)
        self.i += 2 if double else 1
        line = self.line
        parts = self._key()
        path = ""
        for n, part in enumerate(parts):
            path = f"{path}.{part}" if path else part
            if n < len(parts) - 1 and path in self.counts:
                path = f"{path}[{self.counts[path] - 1}]"  # inside the latest element
        self._skip_space()
        self.i += 2 if double else 1
        if double:
            index = self.counts.get(path, 0)
            self.counts[path] = index + 1
            path = f"{path}[{index}]"
        self.out.setdefault(path, line)
        return path

    def _key_value(self, table: str) -> None:
        line = self.line
        key = self._key()
        if not key:  # not a key: skip the rest of the line
            end = self.text.find("\n", self.i)
            self.i = len(self.text) if end < 0 else end
            return
        path = _join(table, key)
        self.out.setdefault(path, line)
        self._skip_space()
        if self.text[self.i : self.i + 1] == "=":
            self.i += 1
            self._skip_space()
            self._value(path)

    def _value(self, path: str) -> None:
        c = self.text[self.i : self.i + 1]
        if c in ('"', "'"):
            self._string()
        elif c == "[":
            self._array(path)
        elif c == "{":
            self._inline_table(path)
        else:
            m = re.compile(r"[^,\]\}\n#]*").match(self.text, self.i)
            assert m is not None  # the pattern matches the empty string
            self.i = m.end()

    def _array(self, path: str) -> None:
        self.i += 1
        index = 0
        while self.i < len(self.text):
            self._skip_blank()
            c = self.text[self.i : self.i + 1]
            if c == "]":
                self.i += 1
                return
            if c == ",":
                self.i += 1
                index += 1
                continue
            if not c:
                return
            element = f"{path}[{index}]"
            self.out.setdefault(element, self.line)
            self._value(element)

    def _inline_table(self, path: str) -> None:
        self.i += 1
        while self.i < len(self.text):
            self._skip_blank()
            c = self.text[self.i : self.i + 1]
            if c == "}":
                self.i += 1
                return
            if c == ",":
                self.i += 1
                continue
            line = self.line
            key = self._key()
            if not key:
                self.i += 1
                continue
            sub = _join(path, key)
            self.out.setdefault(sub, line)
            self._skip_space()
            if self.text[self.i : self.i + 1] == "=":
                self.i += 1
                self._skip_space()
                self._value(sub)


def _join(table: str, key: list[str]) -> str:
    path = ".".join(key)
    return f"{table}.{path}" if table else path
