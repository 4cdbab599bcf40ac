"""Scheme and address rules: every address class, IPv4 and IPv6, and what --allow-network lifts."""

from __future__ import annotations

import pytest

from factlib.errors import UsageError
from factlib.links.netsafety import (
    address_refusal,
    addresses_refusal,
    classify,
    parse_networks,
    scheme_refusal,
)


@pytest.mark.parametrize(
    "address, cls",
    [
        ("0.0.0.0", "unspecified"),
        ("0.1.2.3", "unspecified"),
        ("127.0.0.1", "loopback"),
        ("127.255.255.254", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.255", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "shared"),
        ("100.127.255.254", "shared"),
        ("169.254.169.254", "link-local"),
        ("169.254.0.1", "link-local"),
        ("100.100.100.200", "metadata"),
        ("224.0.0.1", "multicast"),
        ("239.255.255.250", "multicast"),
        ("240.0.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("192.0.2.10", "reserved"),
        ("198.18.0.1", "reserved"),
        ("203.0.113.5", "reserved"),
        ("::", "unspecified"),
        ("::1", "loopback"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("fc00::1", "private"),
        ("fd12:3456::1", "private"),
        ("fd00:ec2::254", "metadata"),
        ("fec0::1", "private"),
        ("ff02::1", "multicast"),
        ("2001:db8::1", "reserved"),
        ("::127.0.0.1", "reserved"),  # IPv4-compatible, deprecated: Python calls it global
        ("100::1", "reserved"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped: judged as the IPv4 address
        ("::ffff:10.0.0.1", "private"),
        ("::ffff:169.254.169.254", "link-local"),
        ("::ffff:100.64.0.1", "shared"),
        ("2002:7f00:1::", "loopback"),  # 6to4 around 127.0.0.1
        ("2002:c0a8:101::", "private"),  # 6to4 around 192.168.1.1
        ("64:ff9b::a9fe:a9fe", "link-local"),  # NAT64 around 169.254.169.254
        ("[::1]", "loopback"),
    ],
)
def test_non_global_addresses_are_classified(address, cls):
    assert classify(address) == cls
    assert address_refusal(address) is not None


@pytest.mark.parametrize(
    "address",
    ["93.184.216.34", "8.8.8.8", "1.1.1.1", "100.128.0.1", "172.32.0.1", "2606:4700:4700::1111",
     "2a00:1450:4009:81f::200e", "::ffff:93.184.216.34", "2002:5db8:d822::", "64:ff9b::808:808"],
)
def test_global_addresses_are_allowed(address):
    assert classify(address) is None
    assert address_refusal(address) is None


def test_refusal_names_the_address_and_its_class():
    assert address_refusal("10.0.0.5") == "10.0.0.5 is a private address (see --allow-network)"
    reason = address_refusal("::ffff:127.0.0.1")
    assert "::ffff:127.0.0.1" in reason and "127.0.0.1" in reason and "loopback" in reason


def test_allow_network_lifts_only_the_named_networks():
    allow = parse_networks(["127.0.0.0/8", "10.1.0.0/16"])
    assert address_refusal("127.0.0.2", allow) is None
    assert address_refusal("10.1.2.3", allow) is None
    assert address_refusal("10.2.0.1", allow) is not None
    assert address_refusal("192.168.0.1", allow) is not None
    assert address_refusal("::1", allow) is not None  # IPv6 loopback is another network


def test_allow_network_covers_ipv4_mapped_forms():
    allow = parse_networks(["127.0.0.0/8"])
    assert address_refusal("::ffff:127.0.0.1", allow) is None
    assert address_refusal("::ffff:10.0.0.1", allow) is not None


def test_link_local_stays_refused_unless_named_exactly():
    for broad in (["0.0.0.0/0"], ["169.0.0.0/8"], ["128.0.0.0/1"], ["::/0"], ["::ffff:0:0/96"]):
        assert address_refusal("169.254.169.254", parse_networks(broad)) is not None, broad
        assert address_refusal("::ffff:169.254.169.254", parse_networks(broad)) is not None, broad
    assert address_refusal("169.254.169.254", parse_networks(["169.254.169.254/32"])) is None
    assert address_refusal("169.254.169.254", parse_networks(["169.254.169.254"])) is None  # bare address: /32
    assert address_refusal("169.254.169.254", parse_networks(["169.254.0.0/16"])) is None
    assert address_refusal("169.254.1.1", parse_networks(["169.254.169.254/32"])) is not None
    assert address_refusal("fe80::1", parse_networks(["::/0"])) is not None
    assert address_refusal("fe80::1", parse_networks(["fe80::/10"])) is None


def test_metadata_addresses_need_their_own_network():
    assert address_refusal("100.100.100.200", parse_networks(["100.64.0.0/10"])) is not None
    assert address_refusal("100.100.100.200", parse_networks(["100.100.100.200/32"])) is None
    assert address_refusal("100.64.0.1", parse_networks(["100.64.0.0/10"])) is None
    assert address_refusal("fd00:ec2::254", parse_networks(["fc00::/7"])) is not None
    assert address_refusal("fd00:ec2::1", parse_networks(["fc00::/7"])) is None


def test_everything_allowed_still_refuses_link_local_but_not_the_rest():
    allow = parse_networks(["0.0.0.0/0", "::/0"])
    assert address_refusal("10.0.0.1", allow) is None
    assert address_refusal("::1", allow) is None
    assert address_refusal("169.254.169.254", allow) is not None


def test_any_refused_address_refuses_the_host():
    assert addresses_refusal(["93.184.216.34", "2606:4700::1"]) is None
    assert "10.0.0.1" in addresses_refusal(["93.184.216.34", "10.0.0.1"])
    assert addresses_refusal([]) == "the host resolved to no address"
    assert addresses_refusal(["not-an-ip"]) is not None


@pytest.mark.parametrize("value", ["nonsense", "300.1.1.1/8", "10.0.0.0/33", ""])
def test_bad_allow_network_is_a_usage_error(value):
    with pytest.raises(UsageError, match="allow-network"):
        parse_networks([value])


def test_non_strict_networks_are_accepted():
    assert [str(n) for n in parse_networks(["127.0.0.1/8", " 10.0.0.0/8 "])] == ["127.0.0.0/8", "10.0.0.0/8"]


@pytest.mark.parametrize(
    "url, refused",
    [
        ("http://example.org/", False),
        ("HTTPS://example.org/", False),
        ("file:///etc/passwd", True),
        ("ftp://example.org/file", True),
        ("data:text/html,<h1>hi</h1>", True),
        ("javascript:alert(1)", True),
        ("gopher://example.org/", True),
        ("example.org/page", True),
        ("//example.org/page", True),
    ],
)
def test_only_http_and_https_schemes(url, refused):
    assert (scheme_refusal(url) is not None) is refused
