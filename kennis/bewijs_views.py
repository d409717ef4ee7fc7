"""Downloads of the certificate of participation (deelnamebewijs).

Officials of the municipality and the track's advisors download the practice's certificate; a
participant downloads their own through the personal link. Before the end of the edition both
get a 404 page that says when the certificate comes; so do people who may not see the practice
(as the practice page itself: a 404 reveals nothing)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from bijeenkomsten.deelname_selectors import praktijk_voor_beheer
from bijeenkomsten.deelname_views import persoonlijke_pagina
from bijeenkomsten.links import link_zoeken
from bijeenkomsten.models import PersoonlijkeLink

from .deelnamebewijs import NogNietBeschikbaar, deelnamebewijs_maken


def _downloaden(request, *, praktijk, deelnemer=None) -> HttpResponse:
    try:
        bewijs = deelnamebewijs_maken(praktijk=praktijk, deelnemer=deelnemer)
    except NogNietBeschikbaar as fout:
        return render(request, "kennis/bewijs_nog_niet.html", {"uitleg": fout.bericht}, status=404)
    response = HttpResponse(bewijs.inhoud, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{bewijs.bestandsnaam}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def praktijk_bewijs(request, pk):
    praktijk = praktijk_voor_beheer(user=request.user, pk=pk)
    if praktijk is None:
        raise Http404
    return _downloaden(request, praktijk=praktijk)


@persoonlijke_pagina
@require_GET
def link_bewijs(request, token):
    link = link_zoeken(token=token, soort=PersoonlijkeLink.Soort.ROOSTER)
    if link is None:
        return render(request, "bijeenkomsten/deelname/link_onbekend.html", status=404)
    deelnemer = link.deelnemer
    return _downloaden(request, praktijk=deelnemer.praktijk, deelnemer=deelnemer)
