from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.paginacache import openbaar_gecachet

from . import selectors
from .forms import CatalogusFilterForm
from .models import Traject


@require_GET
@openbaar_gecachet
def catalogus(request):
    form = CatalogusFilterForm(request.GET or None, **selectors.facetten())
    filters = form.cleaned_data if form.is_valid() else {}
    trajecten = selectors.trajecten_voor_catalogus(
        zoekterm=filters.get("q", ""),
        soorten=filters.get("soort"),
        themas=filters.get("thema"),
        publieken=filters.get("publiek"),
        organisaties=filters.get("organisatie"),
    )
    return render(
        request,
        "trajecten/catalogus.html",
        {"form": form, "trajecten": list(trajecten), "gefilterd": bool(request.GET)},
    )


@require_GET
@openbaar_gecachet
def traject_detail(request, slug):
    try:
        traject = selectors.traject_voor_pagina(slug=slug)
    except Traject.DoesNotExist as exc:
        raise Http404 from exc
    return render(request, "trajecten/traject_detail.html", {"traject": traject})
