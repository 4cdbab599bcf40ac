"""factlib: a citation-checked fact library for campaign organisations."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/factlib/factlib"
