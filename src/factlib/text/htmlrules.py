"""Which HTML elements hide their content, break paragraphs, keep whitespace or imply end tags.

Shared by the position-keeping reader (:mod:`factlib.text.html`) and the fast reader of fetched
pages (:mod:`factlib.text.pagehtml`), so both hide and break the same elements.
"""

from __future__ import annotations

import re

VOID = frozenset(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source track wbr".split()
)
HIDDEN = frozenset(
    "script style template noscript noembed noframes head title iframe object svg canvas audio video datalist".split()
)
# (not html and body: they enclose all the text, and a second <body> tag, or text after
# </body>, continues the same body in browsers)
BLOCK = frozenset(
    """address article aside blockquote caption center dd details dialog dir div dl dt fieldset
    figcaption figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup hr legend li listing
    main menu nav ol optgroup option p pre section summary table tbody td tfoot th thead tr ul""".split()
)
PRE = frozenset(("pre", "textarea", "listing", "plaintext"))
DROPS_FIRST_NEWLINE = frozenset(("pre", "textarea", "listing"))  # a newline right after the start tag
# start tags that close an open <p> (HTML's "p in button scope" rule, simplified)
CLOSES_P = frozenset(
    """address article aside blockquote center details dialog dir div dl fieldset figcaption figure
    footer form h1 h2 h3 h4 h5 h6 header hgroup hr main menu nav ol p pre section summary table ul""".split()
)
HEAD_CONTENT = frozenset("base basefont bgsound link meta noscript script style template title".split())
SCOPE = frozenset("html body table td th caption button object template".split())
LIST_SCOPE = SCOPE | {"ul", "ol"}
DL_SCOPE = SCOPE | {"dl"}
ROW_SCOPE = frozenset(("tr", "table", "html"))
TABLE_SCOPE = frozenset(("table", "html"))
SELECT_SCOPE = SCOPE | {"select"}
END_TAG_SCOPE = {"li": LIST_SCOPE} | dict.fromkeys("caption table tbody td tfoot th thead tr".split(), TABLE_SCOPE)

HIDING_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
