"""Response headers every page gets: a permissions policy, and no caching of pages shown to a
logged-in person (the Content-Security-Policy comes from django-csp, see CONTENT_SECURITY_POLICY
in the settings); Dutch first; and a plain 503 instead of a 500 when Redis is down."""

import logging

import redis
from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            response.headers["Cache-Control"] = "no-store, " + response.headers["Cache-Control"]
        return response


class DutchFirstLocaleMiddleware(LocaleMiddleware):
    """Dutch unless the person chose another language with the language switch (cookie).

    Django's own middleware follows the browser's Accept-Language header, which would show an
    English portal to most Dutch officials whose browser happens to be set to English.
    """

    def process_request(self, request):
        taal = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if taal not in dict(settings.LANGUAGES):
            taal = settings.LANGUAGE_CODE
        translation.activate(taal)
        request.LANGUAGE_CODE = translation.get_language()


class RedisStoringMiddleware:
    """A page that needs Redis (the rate limits of logging in and of personal links) while
    Redis is down answers 503 with a plain page that says to try again shortly, not a 500.
    Pages that do not need Redis are not affected. The failure is logged."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (redis.ConnectionError, redis.TimeoutError)):
            return None
        logger.error("Redis unreachable while serving %s: %s", request.path, exception)
        response = render(request, "503.html", status=503)
        response["Retry-After"] = "60"
        return response
