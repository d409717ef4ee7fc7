"""Pages for participants: the practice page of officials and advisors, the personal-link page
with its calendar feed (no login), and "Mijn bijeenkomsten" for logged-in users.

Pages under ``/p/<token>/`` are rate limited per client address, never stored by browsers and
send no referrer to other sites, so the token does not leak. Nothing here logs a request path."""

import datetime
import re
import time
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import audit, paginacache, rediscache
from portal.cacheversie import CSRF_PLAATSHOUDER, csrf_invullen, csrf_uitknippen
from portal.clientadres import client_adres
from portal.exceptions import PortaalFout
from portal.ics import ics_agenda

from . import deelname as services
from . import deelname_selectors as selectors
from . import weergavecache
from .bereik import bijeenkomst_event
from .deelname_forms import AntwoordForm, DeelnemerForm, StemForm
from .links import feed_praktijk_zoeken, link_token, link_zoeken, pagina_link_zoeken
from .models import Bijeenkomst, LokalePraktijk, PersoonlijkeLink

LIMIET_PER_MINUUT = 60
TOKEN_PLAATSHOUDER = "@@token-van-de-link@@"  # noqa: S105 (a placeholder, not a secret)
AGENDA_PLAATSHOUDER = "@@token-van-de-agenda-link@@"
_PLAATSHOUDERS = (CSRF_PLAATSHOUDER, TOKEN_PLAATSHOUDER, AGENDA_PLAATSHOUDER)
_PLAATSHOUDER = re.compile("(" + "|".join(map(re.escape, _PLAATSHOUDERS)) + ")")


def _te_veel_verzoeken(request) -> bool:
    limiet = getattr(settings, "DEELNAME_LIMIET_PER_MINUUT", LIMIET_PER_MINUUT)
    sleutel = f"deelname:verzoeken:{client_adres(request)}:{int(time.time() // 60)}"
    return rediscache.tellen(sleutel, seconden=90) > limiet


def persoonlijke_pagina(view):
    @wraps(view)
    def wrapper(request, token, *args, **kwargs):
        if _te_veel_verzoeken(request):
            response = render(request, "bijeenkomsten/deelname/te_veel.html", status=429)
            response["Retry-After"] = "60"
        else:
            response = view(request, token, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        # Pages with forms cannot use "no-referrer": browsers then send "Origin: null" with the
        # POST and Django's CSRF check refuses it. "same-origin" still keeps the token from
        # every other site; external links also carry rel="noreferrer".
        heeft_formulieren = response.status_code == 200 and response.get(
            "Content-Type", ""
        ).startswith("text/html")
        response["Referrer-Policy"] = "same-origin" if heeft_formulieren else "no-referrer"
        return response

    return wrapper


def _onbekend(request):
    return render(request, "bijeenkomsten/deelname/link_onbekend.html", status=404)


def _kaarten(bijeenkomsten, deelnemer_voor, berichten=None) -> list[dict]:
    """Per meeting: the own invitation, the answer and vote forms for whoever answers, and the
    messages about it (``berichten``: by meeting id)."""
    kaarten = []
    for bijeenkomst in bijeenkomsten:
        deelnemer = deelnemer_voor(bijeenkomst)
        uitnodiging = next(
            (
                u
                for u in bijeenkomst.eigen_uitnodigingen
                if deelnemer and u.deelnemer_id == deelnemer.pk
            ),
            None,
        )
        opties = list(bijeenkomst.datumopties.all())
        kaart = {
            "b": bijeenkomst,
            "uitnodiging": uitnodiging,
            "opties": opties,
            "berichten": (berichten or {}).get(bijeenkomst.pk, []),
        }
        if deelnemer and bijeenkomst.status == Bijeenkomst.Status.VASTGESTELD:
            kaart["antwoord_form"] = AntwoordForm(
                prefix=f"b{bijeenkomst.pk}",
                initial={"antwoord": uitnodiging.antwoord if uitnodiging else None},
            )
        if deelnemer and bijeenkomst.status == Bijeenkomst.Status.IN_OVERLEG and opties:
            kaart["stem_form"] = StemForm(
                prefix=f"s{bijeenkomst.pk}",
                opties=opties,
                initial={
                    f"optie_{o.pk}": s.antwoord
                    for o in opties
                    for s in o.eigen_stemmen
                    if s.deelnemer_id == deelnemer.pk
                },
            )
        kaarten.append(kaart)
    return kaarten


def _kaart_tag(bijeenkomst) -> str:
    """Messages about one meeting are shown in its card, where the page scrolls to after saving
    (``#b<pk>``); ``templates/portal/_messages.html`` leaves them out at the top."""
    return f"kaart kaart-b{bijeenkomst.pk}"


def _kaartberichten(request) -> dict[int, list]:
    berichten = {}
    for bericht in messages.get_messages(request):
        for tag in bericht.extra_tags.split():
            if tag.startswith("kaart-b"):
                berichten.setdefault(int(tag.removeprefix("kaart-b")), []).append(bericht)
    return berichten


def _verwerk_antwoord(request, *, deelnemer, bijeenkomst) -> None:
    form = AntwoordForm(request.POST, prefix=f"b{bijeenkomst.pk}")
    if not form.is_valid():
        messages.error(
            request,
            _("Kies ja, nee of misschien. Klik daarna op Antwoord opslaan."),
            extra_tags=_kaart_tag(bijeenkomst),
        )
        return
    try:
        services.antwoord_geven(
            deelnemer=deelnemer, bijeenkomst=bijeenkomst, antwoord=form.cleaned_data["antwoord"]
        )
    except PortaalFout as fout:
        messages.error(request, fout.bericht, extra_tags=_kaart_tag(bijeenkomst))
    else:
        messages.success(
            request,
            _("Uw antwoord is opgeslagen. U kunt het later nog veranderen."),
            extra_tags=_kaart_tag(bijeenkomst),
        )


def _verwerk_stem(request, *, deelnemer, bijeenkomst) -> None:
    form = StemForm(request.POST, prefix=f"s{bijeenkomst.pk}", opties=bijeenkomst.datumopties.all())
    if not form.is_valid():
        messages.error(
            request,
            _("Kies bij elke datum ja, als het moet of nee."),
            extra_tags=_kaart_tag(bijeenkomst),
        )
        return
    try:
        services.stemmen(deelnemer=deelnemer, bijeenkomst=bijeenkomst, antwoorden=form.antwoorden())
    except PortaalFout as fout:
        messages.error(request, fout.bericht, extra_tags=_kaart_tag(bijeenkomst))
    else:
        messages.success(
            request, _("Bedankt! Uw keuze is opgeslagen."), extra_tags=_kaart_tag(bijeenkomst)
        )


# --- Personal link: no login -------------------------------------------------------------------


def _rooster_maken(request, *, deelnemer, token: str, berichten) -> tuple[str, int]:
    """The participant's meeting cards, and the seconds until the first coming one is over."""
    komend, voorbij = selectors.komend_en_voorbij(selectors.rooster_van_deelnemer(deelnemer))
    html = render_to_string(
        "bijeenkomsten/deelname/_rooster.html",
        {
            "token": token,
            "komend": _kaarten(komend, lambda b: deelnemer, berichten),
            "voorbij": _kaarten(voorbij, lambda b: deelnemer, berichten),
        },
        request=request,
    )
    return html, _seconden_tot_voorbij(komend)


def _rooster_html(request, *, deelnemer, token: str) -> SafeString:
    """The participant's meeting cards. From the shared cache (one entry per participant and
    language), unless a message waits to be shown in a card: the entry holds placeholders for
    the CSRF token and the link's token, filled in per request, and lives until the next card
    moves from "coming" to "past" at the latest."""
    berichten = _kaartberichten(request)

    def maken() -> tuple[str, int]:
        return _rooster_maken(request, deelnemer=deelnemer, token=token, berichten=berichten)

    if berichten:
        html, _duur = maken()
        return SafeString(html)
    html, _duur = weergavecache.ophalen(
        f"rooster:{get_language()}:{deelnemer.pk}",
        lambda: _met_plaatshouders(maken(), token),
        duur=lambda waarde: waarde[1],
    )
    # Rendered (and escaped) by the template engine; the token is hex, the CSRF token plain.
    return SafeString(csrf_invullen(html, request).replace(TOKEN_PLAATSHOUDER, token))


def _met_plaatshouders(waarde: tuple[str, int], token: str) -> tuple[str, int]:
    html, duur = waarde
    return csrf_uitknippen(html).replace(token, TOKEN_PLAATSHOUDER), duur


def _seconden_tot_voorbij(komend) -> int:
    """Seconds until the first coming meeting is over (and moves to "past"); a day at most."""
    nu = timezone.now()
    eindes = [(b.eind or b.start) - nu for b in komend if b.eind or b.start]
    return max(1, int(min([*eindes, datetime.timedelta(days=1)]).total_seconds()) + 1)


def _link_pagina_html(request, *, deelnemer, token: str, agenda_token, rooster) -> str:
    feed = ""
    if agenda_token is not None:
        feed = services.portaal_url(reverse("deelname:agenda-feed", kwargs={"token": agenda_token}))
    return render_to_string(
        "bijeenkomsten/deelname/link_pagina.html",
        {
            "deelnemer": deelnemer,
            "token": token,
            "rooster": rooster,
            "feed_https": feed,
            "feed_webcal": "webcal://" + feed.split("://", 1)[-1] if feed else "",
        },
        request=request,
    )


def _pagina_deelbaar(request) -> bool:
    """Whether the whole page may come from the shared cache. For a visitor without a session
    (so not logged in, no message waiting) and without a query string, the page depends only
    on the participant, the language, the data and the three tokens (CSRF, link, calendar
    link), and those are filled in per request. The layout shows the path (the language link
    goes back to it): hence no query string."""
    return paginacache.zonder_bezoeker(request) and not request.META.get("QUERY_STRING")


def _gedeelde_link_pagina(request, token: str):
    """The page from the shared cache, one entry per participant, language and whether there is
    a calendar link. The link is looked up on every request (revoking it is an update that
    raises no version); the entry holds placeholders for the tokens and lives until the next
    card moves to "past", or midnight (the certificate link reads the date), at the latest."""
    gevonden = pagina_link_zoeken(token=token)
    if gevonden is None:
        return _onbekend(request)
    deelnemer_id, agenda_token = gevonden

    def maken() -> tuple[tuple | None, int]:
        link = link_zoeken(token=token, soort=PersoonlijkeLink.Soort.ROOSTER)
        if link is None:  # revoked since the lookup above
            return None, 0
        rooster, tot_voorbij = _rooster_maken(
            request, deelnemer=link.deelnemer, token=token, berichten={}
        )
        html = _link_pagina_html(
            request,
            deelnemer=link.deelnemer,
            token=token,
            agenda_token=agenda_token,
            rooster=SafeString(rooster),
        )
        if isinstance(getattr(request, "_csp_nonce", None), str):
            return (html.encode(),), 0  # a nonce is this response's own: not stored
        html = csrf_uitknippen(html).replace(token, TOKEN_PLAATSHOUDER)
        if agenda_token is not None:
            html = html.replace(agenda_token, AGENDA_PLAATSHOUDER)
        return _in_stukken(html), min(tot_voorbij, weergavecache.seconden_tot_middernacht())

    soort = "agenda" if agenda_token is not None else "zonder-agenda"
    stukken, _duur = weergavecache.ophalen(
        f"linkpagina:{get_language()}:{deelnemer_id}:{soort}", maken, duur=lambda waarde: waarde[1]
    )
    if stukken is None:
        return _onbekend(request)
    invullen = {
        TOKEN_PLAATSHOUDER: token.encode(),
        AGENDA_PLAATSHOUDER: (agenda_token or "").encode(),
    }
    if CSRF_PLAATSHOUDER in stukken:
        invullen[CSRF_PLAATSHOUDER] = get_token(request).encode()
    return HttpResponse(b"".join(invullen.get(stuk, stuk) for stuk in stukken))


def _in_stukken(html: str) -> tuple:
    """``html`` as its encoded text between the placeholders, and the placeholders themselves:
    a hit joins them with this request's tokens, without searching or encoding the page."""
    return tuple(
        stuk if stuk in _PLAATSHOUDERS else stuk.encode()
        for stuk in _PLAATSHOUDER.split(html)
        if stuk
    )


@persoonlijke_pagina
@require_GET
def link_pagina(request, token):
    if _pagina_deelbaar(request):
        return _gedeelde_link_pagina(request, token)
    link = link_zoeken(token=token, soort=PersoonlijkeLink.Soort.ROOSTER)
    if link is None:
        return _onbekend(request)
    deelnemer = link.deelnemer
    agenda = deelnemer.links.filter(
        soort=PersoonlijkeLink.Soort.AGENDA, ingetrokken_op__isnull=True
    ).first()
    html = _link_pagina_html(
        request,
        deelnemer=deelnemer,
        token=token,
        agenda_token=agenda and link_token(agenda),
        rooster=_rooster_html(request, deelnemer=deelnemer, token=token),
    )
    return HttpResponse(html)


def _bijeenkomst_via_link(token, pk):
    link = link_zoeken(token=token, soort=PersoonlijkeLink.Soort.ROOSTER)
    if link is None:
        return None, None
    bijeenkomst = selectors.bijeenkomsten_van_deelnemer(link.deelnemer).filter(pk=pk).first()
    return link.deelnemer, bijeenkomst


@persoonlijke_pagina
@require_POST
def link_antwoord(request, token, pk):
    deelnemer, bijeenkomst = _bijeenkomst_via_link(token, pk)
    if bijeenkomst is None:
        return _onbekend(request)
    _verwerk_antwoord(request, deelnemer=deelnemer, bijeenkomst=bijeenkomst)
    return redirect(reverse("deelname:link", kwargs={"token": token}) + f"#b{pk}")


@persoonlijke_pagina
@require_POST
def link_stem(request, token, pk):
    deelnemer, bijeenkomst = _bijeenkomst_via_link(token, pk)
    if bijeenkomst is None:
        return _onbekend(request)
    _verwerk_stem(request, deelnemer=deelnemer, bijeenkomst=bijeenkomst)
    return redirect(reverse("deelname:link", kwargs={"token": token}) + f"#b{pk}")


@persoonlijke_pagina
@require_POST
def link_agenda_vernieuwen(request, token):
    link = link_zoeken(token=token, soort=PersoonlijkeLink.Soort.ROOSTER)
    if link is None:
        return _onbekend(request)
    services.agenda_vernieuwen(deelnemer=link.deelnemer)
    messages.success(request, _("U heeft een nieuwe agenda-link. De oude link werkt niet meer."))
    return redirect(reverse("deelname:link", kwargs={"token": token}) + "#agenda")


@persoonlijke_pagina
@require_GET
def agenda_feed(request, token):
    praktijk_id = feed_praktijk_zoeken(token=token)
    if praktijk_id is None:
        return _onbekend(request)

    def maken() -> bytes:
        praktijk = LokalePraktijk.objects.select_related("aanmelding").get(pk=praktijk_id)
        events = [bijeenkomst_event(b) for b in selectors.feed_van_praktijk(praktijk)]
        return ics_agenda(events, methode="PUBLISH", naam=_("Mijn bijeenkomsten"))

    # The feed is the same for everyone of a practice, and names no one.
    inhoud = weergavecache.ophalen(f"feed:{get_language()}:{praktijk_id}", maken)
    response = HttpResponse(inhoud, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="bijeenkomsten.ics"'
    return response


# --- Logged in ---------------------------------------------------------------------------------


@login_required
@require_GET
def mijn_bijeenkomsten(request):
    deelnemers = selectors.eigen_deelnemers(request.user)
    bijeenkomsten = selectors.rooster_van_user(request.user, deelnemers)
    komend, voorbij = selectors.komend_en_voorbij(bijeenkomsten)
    kiezen = lambda b: selectors.deelnemer_voor(b, deelnemers)  # noqa: E731
    berichten = _kaartberichten(request)
    return render(
        request,
        "bijeenkomsten/deelname/mijn_bijeenkomsten.html",
        {
            "komend": _kaarten(komend, kiezen, berichten),
            "voorbij": _kaarten(voorbij, kiezen, berichten),
            "praktijken": selectors.praktijken_van(request.user),
        },
    )


def _eigen_bijeenkomst(request, pk):
    deelnemers = selectors.eigen_deelnemers(request.user)
    bijeenkomst = selectors.rooster_van_user(request.user, deelnemers).filter(pk=pk).first()
    deelnemer = bijeenkomst and selectors.deelnemer_voor(bijeenkomst, deelnemers)
    if not deelnemer:
        raise Http404
    return deelnemer, bijeenkomst


@login_required
@require_POST
def mijn_antwoord(request, pk):
    deelnemer, bijeenkomst = _eigen_bijeenkomst(request, pk)
    _verwerk_antwoord(request, deelnemer=deelnemer, bijeenkomst=bijeenkomst)
    return redirect(reverse("deelname:mijn-bijeenkomsten") + f"#b{pk}")


@login_required
@require_POST
def mijn_stem(request, pk):
    deelnemer, bijeenkomst = _eigen_bijeenkomst(request, pk)
    _verwerk_stem(request, deelnemer=deelnemer, bijeenkomst=bijeenkomst)
    return redirect(reverse("deelname:mijn-bijeenkomsten") + f"#b{pk}")


# --- The practice page ---------------------------------------------------------------------------


def _praktijk_of_404(request, pk):
    praktijk = selectors.praktijk_voor_beheer(user=request.user, pk=pk)
    if praktijk is None:
        raise Http404
    return praktijk


@login_required
@require_http_methods(["GET", "POST"])
def praktijk(request, pk):
    praktijk = _praktijk_of_404(request, pk)
    form = DeelnemerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            deelnemer = services.deelnemer_toevoegen(
                praktijk=praktijk, door=request.user, **form.cleaned_data
            )
        except PortaalFout as fout:
            form.add_error("email", fout.bericht)
        else:
            audit.vastleggen(request, audit.DEELNEMER_TOEGEVOEGD, deelnemer)
            messages.success(
                request,
                _("%(naam)s doet nu mee. Stuur de persoonlijke link als u klaar bent.")
                % {"naam": deelnemer.naam},
            )
            return redirect("deelname:praktijk", pk=praktijk.pk)
    audit.vastleggen(request, audit.DEELNEMERS_BEKEKEN, praktijk)
    return render(
        request,
        "bijeenkomsten/deelname/praktijk.html",
        {"praktijk": praktijk, "deelnemers": selectors.deelnemers_van(praktijk), "form": form},
    )


def _deelnemer_of_404(request, pk, deelnemer_pk):
    praktijk = _praktijk_of_404(request, pk)
    deelnemer = selectors.deelnemer_van_praktijk(praktijk=praktijk, pk=deelnemer_pk)
    if deelnemer is None:
        raise Http404
    return praktijk, deelnemer


@login_required
@require_POST
def deelnemer_link_versturen(request, pk, deelnemer_pk):
    praktijk, deelnemer = _deelnemer_of_404(request, pk, deelnemer_pk)
    try:
        services.link_versturen(deelnemer=deelnemer, door=request.user)
    except PortaalFout as fout:
        messages.error(request, fout.bericht)
    else:
        audit.vastleggen(request, audit.DEELNEMER_LINK_VERSTUURD, deelnemer)
        messages.success(
            request, _("De link is verstuurd naar %(email)s.") % {"email": deelnemer.email}
        )
    return redirect("deelname:praktijk", pk=praktijk.pk)


@login_required
@require_POST
def deelnemer_uitzetten(request, pk, deelnemer_pk):
    praktijk, deelnemer = _deelnemer_of_404(request, pk, deelnemer_pk)
    services.deelnemer_uitzetten(deelnemer=deelnemer, door=request.user)
    audit.vastleggen(request, audit.DEELNEMER_GEWIJZIGD, deelnemer)
    messages.success(
        request,
        _(
            "%(naam)s doet niet meer mee. De links werken niet meer. Was dit een vergissing? "
            "Kies dan 'Weer laten meedoen'."
        )
        % {"naam": deelnemer.naam},
    )
    return redirect("deelname:praktijk", pk=praktijk.pk)


@login_required
@require_POST
def deelnemer_aanzetten(request, pk, deelnemer_pk):
    praktijk, deelnemer = _deelnemer_of_404(request, pk, deelnemer_pk)
    services.deelnemer_aanzetten(deelnemer=deelnemer, door=request.user)
    audit.vastleggen(request, audit.DEELNEMER_GEWIJZIGD, deelnemer)
    messages.success(
        request,
        _("%(naam)s doet weer mee. Stuur een nieuwe link, want de oude werkt niet meer.")
        % {"naam": deelnemer.naam},
    )
    return redirect("deelname:praktijk", pk=praktijk.pk)


@login_required
@require_http_methods(["GET", "POST"])
def deelnemer_link_intrekken(request, pk, deelnemer_pk):
    praktijk, deelnemer = _deelnemer_of_404(request, pk, deelnemer_pk)
    if request.method == "POST":
        try:
            if request.POST.get("actie") == "vernieuwen":
                services.link_vernieuwen(deelnemer=deelnemer, door=request.user)
                bericht = _("De oude link werkt niet meer. De nieuwe link is verstuurd.")
            else:
                services.links_intrekken(deelnemer=deelnemer, door=request.user)
                bericht = _("De link werkt niet meer.")
        except PortaalFout as fout:
            messages.error(request, fout.bericht)
        else:
            audit.vastleggen(request, audit.DEELNEMER_LINK_INGETROKKEN, deelnemer)
            messages.success(request, bericht)
        return redirect("deelname:praktijk", pk=praktijk.pk)
    return render(
        request,
        "bijeenkomsten/deelname/link_intrekken.html",
        {"praktijk": praktijk, "deelnemer": deelnemer},
    )
