from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseServerError, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from intake import selectors as intake_selectors
from trajecten import selectors as trajecten_selectors

from . import health
from .exceptions import PortaalFout
from .forms import LidmaatschapForm
from .lidmaatschap import lidmaatschap_aanvragen, lidmaatschap_beoordelen
from .models import GemeenteLidmaatschap
from .nieuws import nieuws_instellen
from .selectors import te_beoordelen_lidmaatschappen


@require_GET
def home(request):
    return render(request, "portal/home.html", {"open_edities": trajecten_selectors.open_edities()})


@require_GET
def toegankelijkheid(request):
    return render(request, "portal/toegankelijkheid.html")


@require_GET
def privacy(request):
    return render(request, "portal/privacy.html")


@require_GET
def contact(request):
    return render(request, "portal/contact.html")


@require_GET
def taal_kiezen(request, taal):
    """The language link in the header: remember ``taal`` in the language cookie and go back to
    the page (``volgende``, only an address on this site). A link, not a form, so the public
    pages need no CSRF token and can be served whole from the cache; choosing a language
    changes nothing but the texts, so another site that links here can do no harm."""
    if taal not in dict(settings.LANGUAGES):
        raise Http404
    volgende = request.GET.get("volgende", "")
    if not url_has_allowed_host_and_scheme(
        volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        volgende = reverse("portal:home")
    response = redirect(volgende)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        taal,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    response["X-Robots-Tag"] = "noindex"
    return response


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


@login_required
@require_http_methods(["GET", "POST"])
def mijn(request):
    """The official's start page: memberships, enrolments, a request to join a municipality and
    the choice to get news about knowledge products (its own small form, ``formulier=nieuws``)."""
    if request.method == "POST" and request.POST.get("formulier") == "nieuws":
        aan = request.POST.get("nieuws_ontvangen") == "aan"
        nieuws_instellen(user=request.user, aan=aan)
        if aan:
            messages.success(
                request, _("U krijgt nu een e-mail als er een nieuw kennisproduct is.")
            )
        else:
            messages.success(request, _("U krijgt geen e-mail meer over nieuwe kennisproducten."))
        return redirect("portal:mijn")
    form = LidmaatschapForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            lidmaatschap = lidmaatschap_aanvragen(
                user=request.user,
                gemeente=form.cleaned_data["gemeente"],
                functie=form.cleaned_data["functie"],
            )
        except PortaalFout as fout:
            form.add_error("gemeente", fout.bericht)
        else:
            if lidmaatschap.status == GemeenteLidmaatschap.Status.BEVESTIGD:
                messages.success(
                    request,
                    _("U bent gekoppeld aan %(gemeente)s.") % {"gemeente": lidmaatschap.gemeente},
                )
            else:
                messages.success(
                    request,
                    _(
                        "Uw aanvraag is verstuurd. Een collega of adviseur bevestigt dat u "
                        "bij %(gemeente)s werkt."
                    )
                    % {"gemeente": lidmaatschap.gemeente},
                )
            return redirect("portal:mijn")
    lidmaatschappen = list(request.user.lidmaatschappen.select_related("gemeente__provincie"))
    return render(
        request,
        "portal/mijn.html",
        {
            "form": form,
            "lidmaatschappen": lidmaatschappen,
            # The news choice is open to everyone; the mail only goes to confirmed officials.
            "heeft_bevestigde_gemeente": any(
                lid.status == GemeenteLidmaatschap.Status.BEVESTIGD for lid in lidmaatschappen
            ),
            "aanmeldingen": intake_selectors.mijn_aanmeldingen(request.user),
            "te_beoordelen": te_beoordelen_lidmaatschappen(request.user).count(),
        },
    )


@login_required
@require_GET
def lidmaatschappen(request):
    """Membership requests the user may confirm or refuse."""
    return render(
        request,
        "portal/lidmaatschappen.html",
        {
            "aanvragen": te_beoordelen_lidmaatschappen(request.user).select_related(
                "user", "gemeente"
            )
        },
    )


@login_required
@require_POST
def lidmaatschap_beoordelen_view(request, pk):
    lidmaatschap = get_object_or_404(te_beoordelen_lidmaatschappen(request.user), pk=pk)
    bevestigen = request.POST.get("besluit") == "bevestigen"
    try:
        lidmaatschap_beoordelen(lidmaatschap=lidmaatschap, bevestigen=bevestigen, door=request.user)
    except PortaalFout as fout:
        messages.error(request, fout.bericht)
    else:
        if bevestigen:
            messages.success(
                request,
                _("%(naam)s is nu lid van %(gemeente)s.")
                % {"naam": lidmaatschap.user, "gemeente": lidmaatschap.gemeente},
            )
        else:
            messages.success(
                request, _("De aanvraag van %(naam)s is afgewezen.") % {"naam": lidmaatschap.user}
            )
    return redirect("portal:lidmaatschappen")
