"""The visitor's address, as every part of the site that counts visitors reads it.

The comment rate limit and the admin login lockout count per *bucket*: one IPv4
address, or one IPv6 /64 (the smallest network a provider hands out, so a visitor
can pick any address inside it).
"""

import ipaddress
import re

from django.conf import settings
from django.core.exceptions import SuspiciousOperation

IPV6_BUCKET_PREFIX = 64

_PORT = re.compile(r"[0-9]{1,5}")


class InvalidClientAddress(SuspiciousOperation):
    """REMOTE_ADDR, or the X-Forwarded-For entry a trusted proxy wrote, is not an address."""


def _without_port(value):
    """The host part of `[v6]`, `[v6]:port`, `v4:port` or a bare address; None if malformed."""
    if value.startswith("["):
        host, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not (rest[0] == ":" and _PORT.fullmatch(rest[1:]))):
            return None
        return host if ":" in host else None  # brackets are for IPv6 only
    if value.count(":") == 1:  # IPv6 has at least two colons: one means a port
        host, _, port = value.partition(":")
        return host if _PORT.fullmatch(port) else None
    return value


def normalise_ip(value):
    """One spelling per address (an ipaddress object), or None if the value is not one.

    Case, leading zeros and `::` no longer matter; an IPv4-mapped IPv6 address is
    the IPv4 address; a port and an IPv6 zone id (`%eth0`, meaningless outside
    the machine) are dropped.
    """
    host = _without_port((value or "").strip())
    if not host:
        return None
    if ":" in host:
        host = host.partition("%")[0]
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def address_bucket(ip):
    """What the rate limit and lockout count on: the IPv4 address, or the IPv6 /64's first address.

    A valid address string either way, so it fits an IP address column.
    """
    if ip is None:
        return None
    address = normalise_ip(str(ip))
    if address is None:
        raise ValueError(f"Not an IP address: {ip!r}")
    if address.version == 4:
        return str(address)
    network = ipaddress.IPv6Network((address, IPV6_BUCKET_PREFIX), strict=False)
    return str(network.network_address)


def client_ip(request):
    """The visitor's address, normalised; None if the server gave none at all.

    X-Forwarded-For is trusted only as far as our own proxies (TRUSTED_PROXY_COUNT):
    the entry the outermost of them appended. A value there (or in REMOTE_ADDR)
    that is not an address raises InvalidClientAddress, which Django answers with 400.
    """
    value = request.META.get("REMOTE_ADDR") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            value = forwarded[-proxies]
    if not value:
        return None
    address = normalise_ip(value)
    if address is None:
        raise InvalidClientAddress(f"Client address is not an IP address: {value[:100]!r}")
    return str(address)


def client_bucket(request):
    """The visitor's counting bucket (see address_bucket); AXES_CLIENT_IP_CALLABLE."""
    return address_bucket(client_ip(request))
