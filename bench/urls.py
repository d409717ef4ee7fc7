"""The portal's URLs plus ``/bench/leeg/``: the ceiling the pages are measured against."""

from django.http import HttpResponse
from django.urls import include, path


def leeg(request):
    """A trivial view: every middleware runs, no query, no template."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("bench/leeg/", leeg, name="bench-leeg"),
    path("", include("portal.urls")),
]

handler403 = "portal.views.fout_403"
handler404 = "portal.views.fout_404"
handler500 = "portal.views.fout_500"
