"""Rebuild the Word and PDF examples: python docs/examples/make_binaries.py (needs python-docx and fpdf2)."""

from pathlib import Path

from docx import Document
from fpdf import FPDF

HERE = Path(__file__).resolve().parent

WORD = [
    "Briefing for councillors: children, social media and trafficking",
    "A survey of 51 practitioners found most organisations ill-prepared to respond.",
    "Online grooming crimes recorded by police in England and Wales rose by 69 per cent between 2017/18 and 2020/21.",
    "Instagram was flagged in 42% of grooming offences where the platform was known.",
    "According to the We Are Social Digital 2020 report, over 4.5 billion people use the internet.",
]

PDF = [
    "Stop online grooming",
    "Online grooming crimes reported by police have increased by approximately 70% since 2021.",
    "Almost half of the offences used Facebook owned apps.",
    "Snapchat was used in over half of offences.",
    "Nearly 60% of the world population uses the internet.",
    "Donate today: 25 pounds pays for a teacher to be trained.",
]


def word() -> None:
    doc = Document()
    doc.add_heading(WORD[0], level=1)
    for text in WORD[1:]:
        doc.add_paragraph(text)
    doc.core_properties.author = "factlib examples"
    doc.save(HERE / "briefing.docx")


def pdf() -> None:
    out = FPDF()
    out.set_creation_date(__import__("datetime").datetime(2026, 11, 20, tzinfo=__import__("datetime").timezone.utc))
    out.add_page()
    out.set_font("Helvetica", size=12)
    for text in PDF:
        out.multi_cell(0, 8, text, new_x="LMARGIN", new_y="NEXT")
    out.output(str(HERE / "leaflet.pdf"))


if __name__ == "__main__":
    word()
    pdf()
