"""Who is on the other end of a request: the one answer for lockouts, throttles and audit.

Behind a reverse proxy REMOTE_ADDR is the proxy's own address, so every visitor would share
one lockout and one throttle. The proxy says who it was talking to in X-Forwarded-For, but
anyone can send that header: it is believed only when the request comes from a proxy listed
in LRBA_TRUSTED_PROXIES, and then only as far back as the chain passes through proxies
listed there.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted_networks() -> list[Network]:
    return [
        ipaddress.ip_network(entry, strict=False)
        for entry in getattr(settings, "LRBA_TRUSTED_PROXIES", [])
    ]


def _is_trusted(address: Address, networks: list[Network]) -> bool:
    return any(address in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the client that made `request` ("" when there is none).

    Walks X-Forwarded-For from the right (each proxy appends the address it heard from) and
    returns the first address that is not a trusted proxy: entries further left were written
    by that untrusted party and may be forged. An entry that is not an address ends the walk
    at the last address known to be real.
    """
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return ""
    networks = _trusted_networks()
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    client = remote
    chain = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(chain.split(",") if chain else []):
        hop = _address(entry)
        if hop is None:
            break
        client = hop
        if not _is_trusted(hop, networks):
            break
    return str(client)


def ratelimit_ip(request: HttpRequest) -> str:
    """The address django-ratelimit counts (RATELIMIT_IP_META_KEY): `client_ip`, or
    "0.0.0.0" for a request with no address at all (gunicorn on a Unix socket), so such
    requests share one budget instead of failing with a server error."""
    return client_ip(request) or "0.0.0.0"
