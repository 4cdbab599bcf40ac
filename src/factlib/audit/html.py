"""The audit as one self-contained HTML file: inline style and script, sortable and filterable tables.

Jinja2 with autoescaping on: every value from a fact file, a page or a draft is
escaped; the only unescaped text is factlib's own CSS and JavaScript.
"""

from __future__ import annotations

from importlib import resources

import jinja2
from markupsafe import Markup

from factlib.audit.records import Audit


def asset(name: str) -> str:
    """One of the audit package's static files (table.js, table.css), as text."""
    return resources.files("factlib.audit").joinpath("static", name).read_text(encoding="utf-8")


def environment(*packages: str) -> jinja2.Environment:
    """A Jinja2 environment over the templates of these packages (and the audit's), autoescaping everything."""
    loaders = [jinja2.PackageLoader(p, "templates") for p in (*packages, "factlib.audit")]
    return jinja2.Environment(loader=jinja2.ChoiceLoader(loaders), autoescape=True, undefined=jinja2.StrictUndefined,
                              trim_blocks=False, lstrip_blocks=False)


def to_html(audit: Audit) -> str:
    template = environment().get_template("audit.html")
    # our own assets; "</" cannot occur in them, so they cannot end the element early
    return template.render(audit=audit, css=Markup(asset("table.css")), js=Markup(asset("table.js")))
