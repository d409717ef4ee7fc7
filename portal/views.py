from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from trajecten import selectors as trajecten_selectors

from . import health


def home(request):
    return render(request, "portal/home.html", {"open_edities": trajecten_selectors.open_edities()})


def toegankelijkheid(request):
    return render(request, "portal/toegankelijkheid.html")


def privacy(request):
    return render(request, "portal/privacy.html")


def contact(request):
    return render(request, "portal/contact.html")


@never_cache
@require_GET
def health_view(request):
    onderdelen = health.status()
    gezond = all(ok for ok, _ in onderdelen.values())
    return JsonResponse(
        {
            "status": "ok" if gezond else "fout",
            "onderdelen": {
                naam: {"ok": ok, "detail": detail} for naam, (ok, detail) in onderdelen.items()
            },
        },
        status=200 if gezond else 503,
    )


def fout_404(request, exception):
    return render(request, "404.html", status=404)


def fout_403(request, exception):
    return render(request, "403.html", status=403)


def fout_500(request):
    # No request context: the database may be the reason for the error.
    return HttpResponseServerError(loader.get_template("500.html").render())
