"""Which URLs the link checker may connect to: schemes and addresses.

Pure rules, no I/O. :mod:`factlib.links.http` asks them before the first request
and after every redirect, on the addresses the host name resolved to; a
refusal is reported as the ``unsafe`` link verdict and nothing is sent.

By default only http(s) URLs whose host resolves to globally routable
addresses are allowed. ``--allow-network CIDR`` lifts the refusal for the
networks it names, except for link-local and cloud-metadata addresses, which
must be named by a network inside their own block (``169.254.169.254/32`` or
``169.254.0.0/16``): ``0.0.0.0/0`` or ``::/0`` never reach them.

The tables are explicit rather than taken from :mod:`ipaddress`'s ``is_*``
flags, whose answers differ between Python versions (3.11 calls
``::127.0.0.1`` global, for one).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Union
from urllib.parse import urlsplit

from factlib.errors import UsageError

Address = Union[ipaddress.IPv4Address, ipaddress.IPv6Address]
Network = Union[ipaddress.IPv4Network, ipaddress.IPv6Network]

ALLOWED_SCHEMES = ("http", "https")

# Classes whose addresses stay refused unless a network inside their own block is named.
STRICT_CLASSES = ("link-local", "metadata")


def _nets(*cidrs: str) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(c) for c in cidrs)


# Cloud instance-metadata endpoints outside 169.254.0.0/16 (AWS IPv6, Alibaba).
_METADATA = _nets("fd00:ec2::254/128", "100.100.100.200/32")

# (class, networks), first match wins.
_V4_CLASSES: tuple[tuple[str, tuple[Network, ...]], ...] = (
    ("unspecified", _nets("0.0.0.0/8")),
    ("loopback", _nets("127.0.0.0/8")),
    ("link-local", _nets("169.254.0.0/16")),
    ("metadata", tuple(n for n in _METADATA if n.version == 4)),
    ("private", _nets("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")),
    ("shared", _nets("100.64.0.0/10")),
    ("multicast", _nets("224.0.0.0/4")),
    (
        "reserved",
        _nets(
            "192.0.0.0/24",  # IETF protocol assignments
            "192.0.2.0/24",  # documentation
            "192.88.99.0/24",  # 6to4 relay anycast (deprecated)
            "198.18.0.0/15",  # benchmarking
            "198.51.100.0/24",  # documentation
            "203.0.113.0/24",  # documentation
            "240.0.0.0/4",  # future use, and the broadcast address
        ),
    ),
)

_V6_CLASSES: tuple[tuple[str, tuple[Network, ...]], ...] = (
    ("unspecified", _nets("::/128")),
    ("loopback", _nets("::1/128")),
    ("link-local", _nets("fe80::/10")),
    ("metadata", tuple(n for n in _METADATA if n.version == 6)),
    ("private", _nets("fc00::/7", "fec0::/10", "64:ff9b:1::/48")),
    ("multicast", _nets("ff00::/8")),
    (
        "reserved",
        _nets(
            "::/8",  # includes the deprecated IPv4-compatible ::a.b.c.d
            "100::/64",  # discard-only
            "2001::/23",  # IETF protocol assignments, Teredo included
            "2001:db8::/32",  # documentation
            "3fff::/20",  # documentation
            "5f00::/16",  # SRv6 SIDs
        ),
    ),
)

_GLOBAL_UNICAST_V6 = ipaddress.ip_network("2000::/3")
_SIX_TO_FOUR = ipaddress.ip_network("2002::/16")
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def parse_address(address: str | Address) -> Address:
    """An address from text (IPv6 zone ids and brackets accepted); ValueError if it is not one."""
    if isinstance(address, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
        return address
    text = address.strip()
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    return ipaddress.ip_address(text)


def _effective(ip: Address) -> Address:
    """The IPv4 address an IPv4-mapped IPv6 address stands for; the address itself otherwise."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def _embedded_v4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if ip in _SIX_TO_FOUR:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _match(ip: Address) -> tuple[str, Network | None] | None:
    table = _V4_CLASSES if ip.version == 4 else _V6_CLASSES
    for name, nets in table:
        for net in nets:
            if ip in net:
                return name, net
    return None


def classify(address: str | Address) -> str | None:
    """The class of an address that is not publicly routable, or None for a global one.

    Classes: ``unspecified``, ``loopback``, ``link-local``, ``metadata``,
    ``private``, ``shared`` (CGNAT 100.64.0.0/10), ``multicast``,
    ``reserved``. IPv4-mapped IPv6 addresses are judged as the IPv4 address
    they carry; 6to4 and NAT64 addresses by the IPv4 address they embed.
    """
    ip = _effective(parse_address(address))
    if ip.version == 6:
        inner = _embedded_v4(ip)
        if inner is not None:
            return classify(inner)
    found = _match(ip)
    if found:
        return found[0]
    if ip.version == 6:
        if ip not in _GLOBAL_UNICAST_V6:
            return "reserved"
    elif not ip.is_global:  # belt and braces for anything the table misses
        return "reserved"
    return None


def parse_networks(cidrs: Iterable[str]) -> tuple[Network, ...]:
    """Networks from ``--allow-network`` values; a bare address means just that address.

    Raises UsageError naming the value that is not a network.
    """
    nets = []
    for cidr in cidrs:
        try:
            nets.append(ipaddress.ip_network(str(cidr).strip(), strict=False))
        except ValueError:
            raise UsageError(
                f"allow-network: {cidr!r} is not a network; write it as CIDR, e.g. 127.0.0.0/8"
            ) from None
    return tuple(nets)


def _strict_block(ip: Address) -> Network:
    """The block a link-local or metadata address belongs to; an allowed network must lie inside it.

    For 6to4 and NAT64 addresses this is the embedded IPv4 block, which no
    IPv6 network lies inside: such addresses are never allowed.
    """
    inner = _embedded_v4(ip) if ip.version == 6 else None
    found = _match(inner if inner is not None else ip)
    assert found is not None and found[1] is not None
    return found[1]


def _within(inner: Network, outer: Network) -> bool:
    return inner.version == outer.version and inner.subnet_of(outer)  # type: ignore[arg-type]


def address_refusal(address: str | Address, allow: Iterable[Network] = ()) -> str | None:
    """Why the checker must not connect to ``address``, or None when it may.

    ``allow`` lifts the refusal for the networks it names; link-local and
    metadata addresses are lifted only by a network inside their own block.
    """
    try:
        raw = parse_address(address)
    except ValueError:
        return f"{address!r} is not an IP address"
    ip = _effective(raw)
    cls = classify(ip)
    if cls is None:
        return None
    strict = _strict_block(ip) if cls in STRICT_CLASSES else None
    for net in allow:
        if not (ip in net or raw in net):
            continue
        if strict is None or _within(net, strict):
            return None
    text = address.strip() if isinstance(address, str) else str(raw)
    shown = text if raw == ip else f"{text} ({ip})"
    hint = "name it exactly with --allow-network" if strict is not None else "see --allow-network"
    return f"{shown} is a {cls} address ({hint})"


def addresses_refusal(addresses: Iterable[str | Address], allow: Iterable[Network] = ()) -> str | None:
    """Why a host that resolved to ``addresses`` is refused: any refused address refuses the host."""
    allow = tuple(allow)
    seen = False
    for address in addresses:
        seen = True
        reason = address_refusal(address, allow)
        if reason:
            return reason
    return None if seen else "the host resolved to no address"


def scheme_refusal(url: str) -> str | None:
    """Why a URL's scheme is refused (anything but http and https), or None."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return "not a URL"
    if scheme in ALLOWED_SCHEMES:
        return None
    if not scheme:
        return "the URL has no scheme (http and https only)"
    return f"scheme {scheme!r} is not allowed (http and https only)"
