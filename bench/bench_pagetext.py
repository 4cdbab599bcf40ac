"""Benchmark: the text of a fetched page, by lxml (what `links` uses), by the position-keeping reader,
and by selectolax/lexbor (an HTML5 parser, tried for issue 8; measured only when selectolax is installed).

    python bench/bench_pagetext.py [--kb 400]

Prints each reader's time on a synthetic news page (navigation, scripts, styles, paragraphs, lists,
tables, hidden blocks) as a ratio to lxml's, measured in the same run, and whether each gives the
same words and paragraph breaks as the position-keeping reader.

Measured for issue 8 (2 shared cores, noisy): lexbor took 1.2x to 3.4x lxml's time on 50 and 400 kB
pages (the per-node walk in Python costs more than lxml's iterwalk), and it fails one parity test of
tests/test_htmltext.py ("<td>1<td>2" outside a table: lexbor drops the stray cells, as HTML5 says,
and reads "12"; html_text reads two cells). So fetched pages stay with lxml.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import best_of  # noqa: E402

_ARTICLE = """
<article><h2>Section {i}</h2>
<p>Online grooming crimes recorded by police rose by about 70% in three years, from 3,217 in
2017/18 to 5,441 in 2020/21 &mdash; the <a href="/report/{i}">NSPCC said</a> on <time>24 August</time>.</p>
<p>Snapchat was used in <em>over a quarter</em> of cases where the platform was known;
Instagram in 32%.<br>Facebook-owned apps and Snapchat together: <strong>74%</strong>.</p>
<ul><li>1 in 7 endangered runaways<li>about 3,600 of 25,000<li>&pound;25 a month</ul>
<table><tr><th>Year<th>Offences</tr><tr><td>2017/18<td>3,217</tr><tr><td>2020/21<td>5,441</tr></table>
<div hidden><p>99% hidden</p></div><script>var x = "<p>99%</p>";</script>
<aside style="display:none">sponsored 99%</aside><noscript><p>enable scripts</p></noscript>
</article>
"""
_HEAD = """<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Record grooming crimes &amp; more</title>
<style>body { font: 16px sans-serif } .nav a::after { content: " | " }</style>
<script>window.dataLayer = [];</script></head><body>
<nav class=nav><a href=/>Home</a><a href=/news>News</a><a href=/about>About</a></nav><main>"""


def page(kb: int) -> str:
    parts = [_HEAD]
    i = 0
    while sum(map(len, parts)) < kb * 1000:
        parts.append(_ARTICLE.format(i=i))
        i += 1
    parts.append("</main><footer>&copy; 2026</footer></body></html>")
    return "".join(parts)


def reading(text: str) -> str:
    return "\n".join(re.sub(" +", " ", line).strip(" ") for line in text.split("\n"))


def lexbor_reader():
    """The page text by selectolax/lexbor, with the same hiding and break rules; None without selectolax."""
    try:
        from selectolax.lexbor import LexborHTMLParser
    except ImportError:
        return None
    from factlib.text import pagehtml
    from factlib.text.htmlrules import BLOCK, HIDDEN, HIDING_STYLE

    def page_text(source: str) -> tuple[str, str]:
        source = source[1:] if source.startswith("\ufeff") else source
        tree = LexborHTMLParser(re.sub("[\ud800-\udfff]", "\ufffd", source), scripting=True)
        title_node = tree.css_first("title")
        title = " ".join(pagehtml._CONTROLS.sub("", title_node.text() if title_node else "").split())
        parts: list[str] = []
        stack = [(tree.root, False)] if tree.root is not None else []
        while stack:
            node, closing = stack.pop()
            tag = node.tag
            if closing:
                if tag in BLOCK:
                    parts.append(pagehtml._BLOCK_MARK)
                continue
            if tag == "-text":
                parts.append(node.text_content or "")
                continue
            if tag[0] in "-#":
                continue
            attrs = node.attributes
            if tag in HIDDEN or (attrs and ("hidden" in attrs or HIDING_STYLE.search(attrs.get("style") or "")
                                            or (attrs.get("aria-hidden") or "").strip().lower() == "true")):
                if tag in BLOCK:
                    parts.append(pagehtml._BLOCK_MARK)
                continue
            parts.append(pagehtml._BLOCK_MARK if tag in BLOCK else pagehtml._BR_MARK if tag == "br" else "")
            stack.append((node, True))
            children = []
            child = node.child
            while child is not None:
                children.append(child)
                child = child.next
            stack.extend((c, False) for c in reversed(children))
        return pagehtml._page_layout(pagehtml._CONTROLS.sub("", "".join(parts))), title

    return page_text


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=400)
    args = parser.parse_args()

    from factlib.text.html import html_text
    from factlib.text.pagehtml import page_text_fast

    source = page(args.kb)
    expected = html_text(source)
    readers = {"lxml (page_text_fast)": lambda s: page_text_fast(s),
               "position-keeping (html_text)": lambda s: (html_text(s).text, html_text(s).title)}
    lexbor = lexbor_reader()
    if lexbor is not None:
        readers["selectolax/lexbor"] = lexbor
    print(f"page: {len(source) / 1000:.0f} kB, {len(expected.text.split()):,} words")
    base = None
    for name, read in readers.items():
        if name.startswith("position"):
            seconds = best_of(lambda: html_text(source))
        else:
            seconds = best_of(lambda: read(source))
        base = base or seconds
        text, title = read(source) or ("", "")
        same = text.split() == expected.text.split() and reading(text) == reading(expected.text) and title == expected.title
        print(f"{name:<30} {seconds * 1000:8.1f} ms  {seconds / base:5.2f}x lxml  same reading: {same}")
    if lexbor is None:
        print("selectolax/lexbor: not installed (pip install selectolax to measure it)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
