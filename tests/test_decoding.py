"""Bytes → str: BOMs, declarations, <meta>, sniffing, detection and the last resort."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factlib.text.decoding import (
    Decoded,
    charset_codec,
    content_type_charset,
    decode,
    looks_binary,
    meta_charset,
    sniff,
)

WESTERN = "The cost was \u00a35 and \u201cquoted\u201d \u2014 it\u2019s 70% of victims, caf\u00e9 na\u00efve.\n"


@pytest.mark.parametrize(
    ("bom", "codec", "label"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
    ],
)
def test_bom_decides_and_is_stripped(bom, codec, label):
    decoded = decode(bom + WESTERN.encode(codec), declared="iso-8859-1", html=True)
    assert decoded == Decoded(WESTERN, label, "bom")


def test_declared_latin1_means_windows_1252_so_curly_quotes_survive():
    decoded = decode(WESTERN.encode("cp1252"), declared="ISO-8859-1")
    assert decoded.text == WESTERN
    assert (decoded.encoding, decoded.origin) == ("windows-1252", "declared")


def test_declared_charset_is_used():
    text = "Zaż\u00f3łć gęślą jaźń, 40% ofiar"
    decoded = decode(text.encode("iso-8859-2"), declared="iso-8859-2")
    assert (decoded.text, decoded.encoding, decoded.origin) == (text, "iso8859-2", "declared")


def test_declared_single_byte_charset_loses_to_valid_utf8():
    decoded = decode(WESTERN.encode("utf-8"), declared="iso-8859-1")
    assert (decoded.text, decoded.encoding) == (WESTERN, "utf-8")


def test_declared_utf8_that_does_not_decode_falls_back_to_sniffing():
    decoded = decode(WESTERN.encode("cp1252"), declared="utf-8")
    assert (decoded.text, decoded.encoding) == (WESTERN, "windows-1252")


def test_unknown_declared_label_is_ignored():
    decoded = decode(WESTERN.encode("utf-8"), declared="x-no-such-charset")
    assert (decoded.text, decoded.origin) == (WESTERN, "sniffed")


@pytest.mark.parametrize(
    "head",
    [
        b'<meta charset="windows-1252">',
        b"<meta charset=windows-1252>",
        b'<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=windows-1252">',
        b'<?xml version="1.0" encoding="windows-1252"?>',
    ],
)
def test_meta_charset_of_a_windows_1252_page(head):
    body = head + b"<html><head></head><body><p>" + WESTERN.encode("cp1252") + b"</p>"
    decoded = decode(body, html=True)
    assert WESTERN in decoded.text
    assert (decoded.encoding, decoded.origin) == ("windows-1252", "meta")


def test_meta_is_read_only_for_html():
    body = b'<meta charset="koi8-r">' + "Привет".encode("koi8-r")
    assert decode(body, html=True).text.endswith("Привет")
    assert decode(body).origin != "meta"


def test_meta_claiming_utf16_on_ascii_compatible_bytes_means_utf8():
    assert meta_charset(b'<meta charset="utf-16">') == "utf-8"


def test_header_charset_beats_meta():
    body = b'<meta charset="utf-8"><p>' + "Привет".encode("cp1251")
    decoded = decode(body, declared="windows-1251", html=True)
    assert decoded.text.endswith("Привет")
    assert decoded.origin == "declared"


def test_sniffs_utf8():
    assert decode(WESTERN.encode("utf-8")) == Decoded(WESTERN, "utf-8", "sniffed")


@pytest.mark.parametrize("text", [WESTERN, "\u00a35", "Über 70 % der Opfer. Größe, Straße.", "«Citation» très"])
def test_short_western_text_reads_as_windows_1252(text):
    # charset-normalizer alone calls short texts like these cp852 or cp1250
    decoded = decode(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding, decoded.origin) == (text, "windows-1252", "detected")


@pytest.mark.parametrize(
    ("text", "codec", "label"),
    [
        ("Zażółć gęślą jaźń — polski tekst o handlu ludźmi, 40% ofiar to kobiety.\n" * 3, "cp1250", "windows-1250"),
        ("Привет, 70% жертв торговли людьми — женщины и девочки.\n" * 3, "cp1251", "windows-1251"),
    ],
)
def test_other_legacy_encodings_are_detected(text, codec, label):
    decoded = decode(text.encode(codec))
    assert (decoded.text, decoded.encoding, decoded.origin) == (text, label, "detected")


def test_bomless_utf16_is_recognised():
    text = "About 70% of victims are women.\n"
    assert decode(text.encode("utf-16-le")).text == text
    assert decode(text.encode("utf-16-be")).text == text
    assert decode("0\x00\x80".encode("utf-8")).text == "0\x00\x80"  # too short to tell: UTF-8


def test_last_resort_is_windows_1252_with_errors_counted():
    data = bytes(range(0x80, 0x100)) * 3
    decoded = sniff(data)
    assert (decoded.encoding, decoded.origin, decoded.errors) == ("windows-1252", "fallback", 15)
    assert len(decoded.text) == len(data)


def test_utf8_cut_inside_a_character_still_reads_as_utf8():
    data = "caf\u00e9 \u2014 70%\u2019".encode("utf-8")[:-1]
    decoded = decode(data)
    assert decoded.encoding == "utf-8"
    assert decoded.text == "caf\u00e9 \u2014 70%\ufffd"


@pytest.mark.parametrize(
    ("header", "charset"),
    [
        ("text/html; charset=UTF-8", "UTF-8"),
        ('text/html; charset="ISO-8859-1"', "ISO-8859-1"),
        ("text/plain;charset=windows-1252;format=flowed", "windows-1252"),
        ("text/html", None),
        (None, None),
        ("", None),
    ],
)
def test_content_type_charset(header, charset):
    assert content_type_charset(header) == charset


@pytest.mark.parametrize(
    ("label", "codec"),
    [("latin1", "windows-1252"), ("US-ASCII", "windows-1252"), ("utf8", "utf-8"),
     ("Shift_JIS", "shift_jis"), ("gb2312", "gbk"), ("no-such", None), ("", None)],
)
def test_charset_codec(label, codec):
    assert charset_codec(label) == codec


def test_looks_binary():
    assert looks_binary("abc\x00def")
    assert looks_binary("\x01\x02\x03\x04\x05\x06\x07\x08" * 20 + "text")
    assert not looks_binary("plain text\twith a tab\r\nand lines\x0c")


@given(st.text().filter(lambda t: "\x00" not in t))  # NULs in every other byte read as BOM-less UTF-16
def test_utf8_round_trips(text):
    assert decode(text.encode("utf-8")).text == text


@given(st.text().filter(lambda t: not t.startswith("\x00")))  # FF FE 00 00 is the UTF-32 BOM
def test_utf16_with_bom_round_trips(text):
    assert decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le")).text == text


@given(st.binary())
def test_never_raises_and_keeps_something_for_every_byte(data):
    decoded = decode(data, declared="utf-8", html=True)
    assert isinstance(decoded.text, str)
    if data and decoded.origin == "fallback":
        assert len(decoded.text) == len(data)
