"""The visible text of a fetched page, without source positions, by lxml's C parser.

Pages are only searched for quotes, so they need no map back to their source;
:func:`page_text_fast` reads them about ten times faster than the position-keeping
reader (:mod:`factlib.text.html`), hiding and breaking the same elements
(:mod:`factlib.text.htmlrules`).
"""

from __future__ import annotations

import re

from factlib.text.htmlrules import BLOCK, HIDDEN, HIDING_STYLE

# Break marks in the page text: lone surrogates, which no text lxml gives can hold (it reads only
# valid UTF-8): U+D800 for a block's edge, U+D801 for a <br>. A run of marks, with the spaces
# between and around them, becomes one break: a paragraph when it holds a block's edge or two
# <br>, else a line.
_BLOCK_MARK, _BR_MARK = "\ud800", "\ud801"
_BR_RUN = re.compile(" ?\ud801[ \ud801]*")
_MANY_SPACES = re.compile("  +")
# controls that reach the text through character references ("&#1;"), which html_text drops
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")
# lxml refuses a str that begins with an XML declaration naming an encoding (the text is decoded
# already, so the declaration says nothing); other processing instructions are dropped anyway,
# and one never closed runs to the end, as in browsers
_XML_DECLARATIONS = re.compile(r"(?:<\?xml[^>]*(?:>|\Z))+")
# characters libxml2 cannot hold: it would read each C0 control as U+FFFD (a form feed, which is
# HTML whitespace, too) and stops reading at a lone surrogate, losing the rest of the page
_UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


# <head> itself is not skipped: libxml2 leaves the elements it does not know (section, main, nav,
# article...) in a <head> that was never closed, where a browser starts the body with them. What
# html_text hides as head content is hidden here by its own tag (title, script, style...), and
# meta, link and base hold no text.
_PAGE_HIDDEN = HIDDEN - {"head"}


def _readable(m: re.Match) -> str:
    c = m.group()
    return " " if c == "\f" else "\ufffd" if c >= "\ud800" else ""  # other controls are not seen


def _br_break(m: re.Match) -> str:
    return "\n\n" if m.group().count(_BR_MARK) > 1 else "\n"


def _page_layout(text: str) -> str:
    """Whitespace runs as one space, and break marks as paragraph and line breaks.

    String methods do what two regular expressions did at a tenth of the cost: a pattern that
    cannot start with a literal is tried at every character, and pages are mostly plain text.
    """
    text = text.replace("\t", " ").replace("\n", " ").replace("\r", " ").replace("\f", " ")
    if "  " in text:
        text = _MANY_SPACES.sub(" ", text)
    paragraphs = []
    for part in text.split(_BLOCK_MARK):
        part = part.strip(" " + _BR_MARK)
        if part:
            paragraphs.append(_BR_RUN.sub(_br_break, part) if _BR_MARK in part else part)
    return "\n\n".join(paragraphs)


def page_text_fast(source: str) -> tuple[str, str] | None:
    """The visible text and title of a fetched page, without source positions, by lxml's C parser.

    Pages are only searched for quotes, so they need no map back to their source; the same
    rules as :func:`html_text` decide what is hidden and where paragraphs break, and the two
    give the same words, paragraph breaks and title. Differences that no quote search sees are
    left: whitespace inside ``<pre>`` and ``<textarea>`` collapses here; C0 control characters
    are dropped, a lone surrogate reads as U+FFFD and a reference to a noncharacter ("&#xFFFE;")
    is kept (html_text keeps raw controls and drops such references). About ten times
    faster than the position-keeping parser; None when lxml is missing or cannot read the whole page
    (markup nested deeper than libxml2's limit of 2048 elements), and the caller falls
    back to :func:`html_text`. Never raises.
    """
    try:  # imported here: drafts read HTML without it, and it costs start-up time
        from lxml import etree
    except ImportError:  # a declared dependency; a broken install still reads pages, by html_text
        return None
    source = _UNREADABLE.sub(_readable, source)
    declarations = _XML_DECLARATIONS.match(source)
    if declarations:
        source = source[declarations.end():]
    # plain etree elements: lxml.html's element classes cost a Python call per element;
    # huge_tree lifts libxml2's depth limit from 256 to 2048 elements (and its text size limits)
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=True)
    try:
        root = etree.fromstring(source, parser)
    except (ValueError, etree.LxmlError):
        return None
    if parser.error_log.filter_types([etree.ErrorTypes.ERR_RESOURCE_LIMIT]):
        return None  # libxml2 stopped reading (too deep): the rest of the page would be lost
    if root is None:  # nothing but whitespace, comments, processing instructions or a doctype
        return ("", "")
    title = " ".join(_CONTROLS.sub("", root.findtext(".//title") or "").split())
    parts: list[str] = []
    walk = etree.iterwalk(root, events=("start", "end"))
    for event, el in walk:
        tag = el.tag
        if event == "start":
            if not isinstance(tag, str):  # a comment or processing instruction: only its tail is text
                continue
            if tag in _PAGE_HIDDEN or (el.keys() and (  # most elements have no attributes to look up
                    el.get("hidden") is not None
                    or (el.get("aria-hidden") or "").strip(" \t\n\r\f").lower() == "true"
                    or HIDING_STYLE.search(el.get("style") or ""))):
                walk.skip_subtree()  # its end event still comes, with its tail
                if tag in BLOCK:
                    parts.append(_BLOCK_MARK)  # a hidden block still ends a paragraph, as in html_text
                continue
            if tag in BLOCK:
                parts.append(_BLOCK_MARK)
            elif tag == "br":
                parts.append(_BR_MARK)
            if el.text:
                parts.append(el.text)
        else:
            if tag in BLOCK:
                parts.append(_BLOCK_MARK)
            if el.tail and el is not root:
                parts.append(el.tail)
    return _page_layout(_CONTROLS.sub("", "".join(parts))), title
