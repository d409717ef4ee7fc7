"""Pages for lessons: the advisor's list per edition (search, filters, approve or reject), adding
and correcting a lesson, and the page to propose one: for participants behind their personal
link, for officials of the practice with their account.
No JavaScript needed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bijeenkomsten.deelname_selectors import praktijk_voor_beheer
from bijeenkomsten.deelname_views import persoonlijke_pagina
from bijeenkomsten.links import link_zoeken
from bijeenkomsten.models import PersoonlijkeLink
from intake.permissions import kan_dashboard_zien
from intake.selectors import editie_voor_adviseur
from portal.exceptions import PortaalFout
from portal.permissions import is_adviseur_of_beheerder
from trajecten.models import Editie

from . import lessen, selectors
from .forms import LesFilterForm, LesForm
from .models import Les

PER_PAGINA = 25


def _editie(request, pk) -> Editie:
    if not is_adviseur_of_beheerder(request.user):
        raise PermissionDenied
    try:
        editie = editie_voor_adviseur(user=request.user, pk=pk)
    except Editie.DoesNotExist as exc:
        raise Http404 from exc
    if not kan_dashboard_zien(user=request.user, traject=editie.traject):
        raise PermissionDenied
    return editie


def _les(request, pk) -> Les:
    if not is_adviseur_of_beheerder(request.user):
        raise PermissionDenied
    try:
        return selectors.les_voor_adviseur(user=request.user, pk=pk)
    except Les.DoesNotExist as exc:
        raise Http404 from exc


def _naar_lijst(editie_pk: int, terug: str):
    """Back to the list with the filters and page the advisor came from. Only the query string
    is taken over, so this cannot redirect anywhere else."""
    query = QueryDict(terug.removeprefix("?")).urlencode()
    url = reverse("kennis:lessen", kwargs={"pk": editie_pk})
    return redirect(f"{url}?{query}" if query else url)


@login_required
@require_GET
def lijst(request, pk):
    editie = _editie(request, pk)
    filter_form = LesFilterForm(
        request.GET or None,
        themas=selectors.themas_voor_filter(editie),
        gemeenten=selectors.gemeenten_van(editie),
    )
    gekozen = filter_form.filters()
    pagina = Paginator(selectors.lessen_van(editie, **gekozen), PER_PAGINA).get_page(
        request.GET.get("pagina")
    )
    return render(
        request,
        "kennis/lessen.html",
        {
            "editie": editie,
            "filter_form": filter_form,
            "gefilterd": bool(gekozen),
            "pagina": pagina,
            "paginanummers": pagina.paginator.get_elided_page_range(
                pagina.number, on_each_side=1, on_ends=1
            ),
            "terug": request.GET.urlencode(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def les_nieuw(request, pk):
    editie = _editie(request, pk)
    form = LesForm(
        request.POST or None,
        themas=selectors.themas_voor(editie),
        bijeenkomsten=selectors.bijeenkomsten_voor_les(editie),
        praktijken=selectors.praktijken_voor_les(editie),
    )
    if request.method == "POST" and form.is_valid():
        try:
            lessen.les_vastleggen(editie=editie, door=request.user, **form.cleaned_data)
        except PortaalFout as fout:
            form.add_error(None, fout.bericht)
        else:
            messages.success(request, _("De les is opgeslagen."))
            return redirect("kennis:lessen", pk=editie.pk)
    return render(request, "kennis/lessen_form.html", {"editie": editie, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def les_wijzigen(request, pk):
    les = _les(request, pk)
    form = LesForm(
        request.POST or None,
        themas=selectors.themas_voor(les.editie),
        initial={"tekst": les.tekst, "soort": les.soort, "themas": list(les.themas.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            lessen.les_wijzigen(les=les, door=request.user, **form.cleaned_data)
        except PortaalFout as fout:
            form.add_error(None, fout.bericht)
        else:
            messages.success(request, _("De les is gewijzigd."))
            return redirect("kennis:lessen", pk=les.editie_id)
    return render(
        request, "kennis/lessen_form.html", {"editie": les.editie, "les": les, "form": form}
    )


@login_required
@require_POST
def les_beoordelen(request, pk):
    les = _les(request, pk)
    besluit = request.POST.get("besluit", "")
    try:
        lessen.les_beoordelen(les=les, besluit=besluit, door=request.user)
    except PortaalFout as fout:
        messages.error(request, fout.bericht)
    else:
        if besluit == "goedkeuren":
            messages.success(
                request, _("De les is goedgekeurd. Hij kan nu in het kennisproduct komen.")
            )
        else:
            messages.success(request, _("De les is afgewezen. Hij komt niet in het kennisproduct."))
    return _naar_lijst(les.editie_id, request.POST.get("terug", ""))


@persoonlijke_pagina
@require_http_methods(["GET", "POST"])
def link_lessen(request, token):
    """The participant's page to propose a lesson, behind their personal link (no login)."""
    link = link_zoeken(token=token, soort=PersoonlijkeLink.Soort.ROOSTER)
    if link is None or link.deelnemer.praktijk.aanmelding.editie_id is None:
        return render(request, "bijeenkomsten/deelname/link_onbekend.html", status=404)
    deelnemer = link.deelnemer
    editie = deelnemer.praktijk.aanmelding.editie
    form = LesForm(
        request.POST or None,
        themas=selectors.themas_voor(editie),
        bijeenkomsten=selectors.bijeenkomsten_voor_voorstel(deelnemer),
    )
    if request.method == "POST" and form.is_valid():
        try:
            lessen.les_voorstellen(deelnemer=deelnemer, **form.cleaned_data)
        except PortaalFout as fout:
            form.add_error(None, fout.bericht)
        else:
            messages.success(request, _("Bedankt! Uw les is verstuurd. De adviseur kijkt ernaar."))
            return redirect("kennis:link-lessen", token=token)
    return render(
        request,
        "kennis/lessen_deelnemer.html",
        {
            "naam": deelnemer.naam,
            "gemeente": deelnemer.praktijk.aanmelding.gemeente,
            "terug_url": reverse("deelname:link", kwargs={"token": token}),
            "terug_tekst": _("Terug naar mijn bijeenkomsten"),
            "form": form,
            "eigen_lessen": selectors.lessen_van_deelnemer(deelnemer),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def praktijk_lessen(request, pk):
    """An official of the practice (logged in) proposes a lesson for their municipality."""
    praktijk = praktijk_voor_beheer(user=request.user, pk=pk)
    if praktijk is None or praktijk.aanmelding.editie_id is None:
        raise Http404
    form = LesForm(
        request.POST or None,
        themas=selectors.themas_voor(praktijk.aanmelding.editie),
        bijeenkomsten=selectors.bijeenkomsten_voor_praktijk(praktijk),
    )
    if request.method == "POST" and form.is_valid():
        try:
            lessen.les_voorstellen_als_user(
                user=request.user, praktijk=praktijk, **form.cleaned_data
            )
        except PortaalFout as fout:
            form.add_error(None, fout.bericht)
        else:
            messages.success(request, _("Bedankt! Uw les is verstuurd. De adviseur kijkt ernaar."))
            return redirect("kennis:praktijk-lessen", pk=praktijk.pk)
    return render(
        request,
        "kennis/lessen_deelnemer.html",
        {
            "naam": request.user.get_short_name(),
            "gemeente": praktijk.aanmelding.gemeente,
            "terug_url": reverse("deelname:praktijk", kwargs={"pk": praktijk.pk}),
            "terug_tekst": _("Terug naar de lokale praktijk"),
            "form": form,
            "eigen_lessen": selectors.lessen_van_user(user=request.user, praktijk=praktijk),
        },
    )
