"""The address a request came from, in one place for every use: the login lockout (axes),
allauth's rate limits, the rate limit on personal links and the audit log.

Without trusted proxies (``VERTROUWDE_PROXIES=0``, the default) that is the connection's own
address, ``REMOTE_ADDR``; a client-supplied ``X-Forwarded-For`` is ignored, because a browser can
fill it with anything and so get a fresh count for every attempt. Behind a load balancer set
``VERTROUWDE_PROXIES`` to the number of proxies in front of the portal that you run yourself:
then the address that the outermost of them saw is taken from the right of ``X-Forwarded-For``
(allauth reads the same setting, ``ALLAUTH_TRUSTED_PROXY_COUNT``). Without this, every visitor
would share the load balancer's address, and one person's wrong passwords would lock out or
rate-limit everyone."""

from allauth.core.internal.httpkit import get_client_ip
from django.core.exceptions import ImproperlyConfigured


def client_adres(request) -> str:
    if request is None:
        return ""
    try:
        return get_client_ip(request) or ""
    except ImproperlyConfigured:
        # Fewer X-Forwarded-For entries than trusted proxies: the request did not come through
        # them all. Count it by the connection, rather than failing the request.
        return request.META.get("REMOTE_ADDR", "")
