"""Markdown block structure: which lines are code, by CommonMark's rules (markdown-it-py).

A figure in a fenced or indented code block is not prose: "    rate = 70%" is a line of code, while the
same indentation inside a list item is the item's paragraph. Telling the two apart is CommonMark's block
grammar (list items, block quotes, lazy continuation lines), so it is left to markdown-it-py, the parser
that typer's own dependencies already bring, with its inline rules switched off: only block structure is read.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# a whitespace-only line (blanked front matter, say) starts no code block: not worth a parse
_MAYBE_CODE = re.compile(r"^(?:[ \t]*(?:>[ \t]?)*(?:`{3}|~{3})|(?: {4}|\t)[ \t]*\S)", re.MULTILINE)
# the same, at the start of the text and after a newline: the engine skips from newline to newline
_CODE_START = re.compile(_MAYBE_CODE.pattern[1:])
_CODE_LINE = re.compile("\n" + _MAYBE_CODE.pattern[1:])
_CODE_TOKENS = frozenset({"fence", "code_block"})


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").disable(["inline", "text_join"])


def code_spans(src: str) -> list[tuple[int, int]]:
    """The character spans of `src` that are fenced or indented code blocks, whole lines each.

    Lines are counted as markdown-it counts them (CR LF, CR and LF each end a line), so the spans are
    offsets into `src` itself.
    """
    if not (_CODE_START.match(src) or _CODE_LINE.search(src)):  # _MAYBE_CODE.search(src)
        return []  # no fence and no indented line: nothing can be code
    starts = [0] + [m.end() for m in _LINE_BREAK.finditer(src)]
    spans: list[tuple[int, int]] = []
    for token in _parser().parse(src):
        if token.type in _CODE_TOKENS and token.map:
            first, last = token.map
            end = starts[last] if last < len(starts) else len(src)
            spans.append((starts[first], end))
    return spans
