"""Fact references typed as text, in drafts whose format does not parse them.

Every form of reference works in every draft format (PRODUCT.md §3). Markdown
parses ``[70%](fact:ID)`` and HTML tags itself, and HTML parses its elements;
this module reads the same forms where they are only text: ``[70%](fact:ID)``
and ``<span data-fact="ID">70%</span>`` / ``<a href="fact:ID">70%</a>`` in plain
text, Word and PDF drafts, and ``[70%](fact:ID)`` in an HTML page's text.
"""

from __future__ import annotations

import re

# one line at most; the link text or element content is what the reference binds
_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\([ \t]*fact:([^\s()\[\]]+)[ \t]*\)", re.IGNORECASE)
_TAG = re.compile(
    r"""<([A-Za-z][A-Za-z0-9]*)\b[^<>\n]*?\b(?:data-fact\s*=\s*["']?\s*([^"'\s>]+)["']?"""
    r"""|href\s*=\s*["']?\s*fact:([^"'\s>]+)["']?)[^<>\n]*>([^<>\n]{0,200})</\1\s*>""",
    re.IGNORECASE,
)


def typed_references(text: str, *, tags: bool = True) -> tuple[str, list[tuple[int, int, str]]]:
    """The text with typed references' markup blanked, and (start, end, fact id) of what each binds.

    The link text or element content stays where it is; the markup around it becomes spaces,
    so offsets, lines and columns do not move. ``tags`` reads the HTML forms too.
    """
    found: list[tuple[int, int, str]] = []

    def link(m: re.Match) -> str:
        found.append((m.start(1), m.end(1), m.group(2)))
        return " " + m.group(1) + " " * (m.end() - m.end(1))

    def tag(m: re.Match) -> str:
        found.append((m.start(4), m.end(4), m.group(2) or m.group(3)))
        return " " * (m.start(4) - m.start()) + m.group(4) + " " * (m.end() - m.end(4))

    if "](" in text:
        text = _LINK.sub(link, text)
    if tags and "<" in text:
        text = _TAG.sub(tag, text)
    return text, found
