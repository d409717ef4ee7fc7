"""The advisor's screens to plan meetings: the edition calendar, a meeting with its date options
and votes, create, change (move), cancel, and the report afterwards. No JavaScript needed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from intake.permissions import kan_dashboard_zien
from intake.selectors import editie_voor_adviseur, toegang_van
from portal.cacheversie import vraag_sleutel
from portal.exceptions import PortaalFout
from trajecten.models import Editie

from . import planning, selectors, weergavecache
from .models import Bijeenkomst
from .planning_forms import BijeenkomstForm, FilterForm, TijdForm, VerslagForm

KALENDER_PER_PAGINA = 50

S = Bijeenkomst.Status


def _editie(request, pk) -> Editie:
    """The edition, if the user may plan it: ``editie_voor_adviseur`` finds only editions of
    the tracks ``kan_dashboard_zien`` allows (the organisation's, every track for beheerders),
    in the same query; 404 for any other."""
    try:
        return editie_voor_adviseur(user=request.user, pk=pk)
    except Editie.DoesNotExist as exc:
        raise Http404 from exc


def _bijeenkomst(request, pk) -> Bijeenkomst:
    try:
        bijeenkomst = planning.bijeenkomst_voor_adviseur(user=request.user, pk=pk)
    except Bijeenkomst.DoesNotExist as exc:
        raise Http404 from exc
    if not kan_dashboard_zien(user=request.user, traject=bijeenkomst.editie.traject):
        raise PermissionDenied
    return bijeenkomst


def _versie(request) -> int:
    try:
        return int(request.POST.get("versie", "-1"))
    except ValueError:
        return -1


def _tellingen(editie: Editie) -> dict[str, list[planning.Telling]]:
    return weergavecache.ophalen(f"tellingen:{editie.pk}", lambda: planning.tellingen(editie))


def _samenvatting(tellingen: list[planning.Telling]) -> dict[str, int]:
    return {
        "te_weinig": sum(t.te_weinig for t in tellingen),
        "te_veel": sum(t.te_veel for t in tellingen),
        "totaal": len(tellingen),
    }


@login_required
@require_http_methods(["GET"])
def kalender(request, pk):
    toegang = toegang_van(request.user)
    if toegang is None:
        raise Http404  # as for an edition of another organisation's track

    def inhoud() -> tuple[Editie, str, str] | None:
        try:
            editie = editie_voor_adviseur(user=request.user, pk=pk)
        except Editie.DoesNotExist:
            return None  # a track of another organisation: a 404 (asked again each time)
        kruimelpad = render_to_string(
            "bijeenkomsten/planning/_kruimelpad.html", {"editie": editie}, request=request
        )
        keuzes = weergavecache.ophalen(
            f"filterkeuzes:{editie.pk}", lambda: selectors.filterkeuzes(editie)
        )
        filter_form = FilterForm(request.GET or None, keuzes=keuzes)
        # In pages: an edition with every municipality has thousands of meetings.
        pagina = Paginator(
            planning.bijeenkomsten_van(editie, filters=filter_form.filters()), KALENDER_PER_PAGINA
        ).get_page(request.GET.get("pagina"))
        html = render_to_string(
            "bijeenkomsten/planning/_kalender_inhoud.html",
            {
                "editie": editie,
                "filter_form": filter_form,
                "bijeenkomsten": pagina,
                "pagina": pagina,
                "paginanummers": pagina.paginator.get_elided_page_range(
                    pagina.number, on_each_side=1, on_ends=1
                ),
                "samenvatting": {
                    soort: _samenvatting(rijen) for soort, rijen in _tellingen(editie).items()
                },
            },
            request=request,
        )
        return editie, kruimelpad, html

    # Shared by everyone with the same access (``toegang_van``: every beheerder, or the advisors
    # of one organisation) until the meeting data change; the user's name and messages are in
    # the layout around it. The access rule itself is part of the entry (found or not), and so
    # are the edition for the title and the breadcrumbs: the version rises with every change of
    # a track, an edition or a track's organisations. A hit is one round trip.
    gevonden = weergavecache.ophalen(
        f"kalender:{pk}:{toegang}:{get_language()}:{vraag_sleutel(request)}", inhoud
    )
    if gevonden is None:
        raise Http404
    editie, kruimelpad, html = gevonden
    return render(
        request,
        "bijeenkomsten/planning/kalender.html",
        {"editie": editie, "kruimelpad": mark_safe(kruimelpad), "inhoud": mark_safe(html)},
    )


@login_required
@require_http_methods(["GET"])
def tellingen(request, pk):
    """Planned vs asked for every learning group and every municipality of the edition: the
    calendar shows only the totals, this page the full tables."""
    editie = _editie(request, pk)
    traject = editie.traject
    return render(
        request,
        "bijeenkomsten/planning/tellingen.html",
        {
            "editie": editie,
            "tellingen": _tellingen(editie),
            "gevraagd_groep": {
                "minimum": traject.uitwisselingen_min,
                "maximum": traject.uitwisselingen_max,
            },
            "gevraagd_praktijk": {
                "minimum": traject.lokale_bijeenkomsten_min,
                "maximum": traject.lokale_bijeenkomsten_max,
            },
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def bijeenkomst_nieuw(request, pk):
    editie = _editie(request, pk)
    form = BijeenkomstForm(request.POST or None, editie=editie, nieuw=True)
    if request.method == "POST" and form.is_valid():
        try:
            bijeenkomst = planning.bijeenkomst_aanmaken(
                editie=editie,
                soort=form.cleaned_data["soort"],
                leergroep=form.cleaned_data["leergroep"],
                praktijk=form.cleaned_data["praktijk"],
                door=request.user,
                **form.velden(),
            )
        except PortaalFout as fout:
            form.add_error(None, fout.bericht)
        else:
            messages.success(request, _("De bijeenkomst is aangemaakt. Kies nu de datum."))
            return redirect("planning:bijeenkomst", pk=bijeenkomst.pk)
    return render(
        request, "bijeenkomsten/planning/bijeenkomst_form.html", {"editie": editie, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def bijeenkomst(request, pk):
    """The meeting: details, date options with the votes, fix a date, who is invited."""
    bijeenkomst = _bijeenkomst(request, pk)
    form = TijdForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        try:
            bericht = _datum_verwerken(request, bijeenkomst, form)
        except PortaalFout as fout:
            messages.error(request, fout.bericht)
            return redirect("planning:bijeenkomst", pk=bijeenkomst.pk)
        if bericht:
            messages.success(request, bericht)
            return redirect("planning:bijeenkomst", pk=bijeenkomst.pk)
    return render(
        request,
        "bijeenkomsten/planning/bijeenkomst.html",
        {
            "editie": bijeenkomst.editie,
            "bijeenkomst": bijeenkomst,
            "opties": planning.stemmen_telling(bijeenkomst),
            "aantal_in_bereik": planning.deelnemers_in_bereik(bijeenkomst).count(),
            "uitnodigingen": bijeenkomst.uitnodigingen.select_related("deelnemer").order_by(
                "deelnemer__naam"
            ),
            "form": form,
            "in_overleg": bijeenkomst.status == S.IN_OVERLEG,
            "wijzigbaar": bijeenkomst.status in (S.IN_OVERLEG, S.VASTGESTELD),
            "verslag_mogelijk": bijeenkomst.status in (S.VASTGESTELD, S.GEHOUDEN)
            and bijeenkomst.start <= timezone.now(),
        },
    )


def _datum_verwerken(request, bijeenkomst, form) -> str | None:
    actie, versie = request.POST.get("actie"), _versie(request)
    huidige = [(o.start, o.eind) for o in bijeenkomst.datumopties.all()]
    if actie == "vastleggen_optie":
        optie = get_object_or_404(bijeenkomst.datumopties, pk=request.POST.get("optie"))
        planning.datum_vastleggen(
            bijeenkomst=bijeenkomst, optie=optie, versie=versie, door=request.user
        )
        return _("De datum staat vast. Alle deelnemers krijgen een uitnodiging.")
    if actie == "stemverzoek":
        aantal = planning.stemverzoek_versturen(
            bijeenkomst=bijeenkomst, versie=versie, door=request.user
        )
        if aantal:
            return ngettext(
                "%(aantal)s deelnemer krijgt een e-mail met de vraag om te kiezen.",
                "%(aantal)s deelnemers krijgen een e-mail met de vraag om te kiezen.",
                aantal,
            ) % {"aantal": aantal}
        return _("Iedereen heeft deze vraag met deze datums al gekregen.")
    if actie == "optie_weg":
        weg = get_object_or_404(bijeenkomst.datumopties, pk=request.POST.get("optie"))
        opties = [(s, e) for s, e in huidige if s != weg.start]
        planning.datumopties_zetten(
            bijeenkomst=bijeenkomst, opties=opties, versie=versie, door=request.user
        )
        return _("De datumoptie is verwijderd.")
    if actie not in ("optie", "vastleggen"):
        raise PortaalFout(_("Onbekende actie."))
    if not form.is_valid():
        return None
    start, eind = form.cleaned_data["start"], form.cleaned_data["eind"]
    if actie == "optie":
        planning.datumopties_zetten(
            bijeenkomst=bijeenkomst,
            opties=[*huidige, (start, eind)],
            versie=versie,
            door=request.user,
        )
        return _("De datumoptie is toegevoegd. De deelnemers kunnen nu kiezen.")
    planning.datum_vastleggen(
        bijeenkomst=bijeenkomst, start=start, eind=eind, versie=versie, door=request.user
    )
    return _("De datum staat vast. Alle deelnemers krijgen een uitnodiging.")


@login_required
@require_http_methods(["GET", "POST"])
def bijeenkomst_wijzigen(request, pk):
    bijeenkomst = _bijeenkomst(request, pk)
    if bijeenkomst.status not in (S.IN_OVERLEG, S.VASTGESTELD):
        messages.error(request, _("Deze bijeenkomst is voorbij of gaat niet door."))
        return redirect("planning:bijeenkomst", pk=bijeenkomst.pk)
    versie = _versie(request) if request.method == "POST" else bijeenkomst.versie
    form = BijeenkomstForm(
        request.POST or None,
        instance=Bijeenkomst.objects.get(pk=bijeenkomst.pk),
        editie=bijeenkomst.editie,
        nieuw=False,
        met_tijd=bijeenkomst.status == S.VASTGESTELD,
    )
    if request.method == "POST" and form.is_valid():
        try:
            nieuw = planning.bijeenkomst_wijzigen(
                bijeenkomst=bijeenkomst, versie=versie, door=request.user, **form.velden()
            )
        except PortaalFout as fout:
            messages.error(request, fout.bericht)
            return redirect("planning:bijeenkomst", pk=bijeenkomst.pk)
        if nieuw.sequence != bijeenkomst.sequence:
            messages.success(
                request, _("De bijeenkomst is gewijzigd. De deelnemers krijgen bericht.")
            )
        else:
            messages.success(request, _("De bijeenkomst is gewijzigd."))
        return redirect("planning:bijeenkomst", pk=bijeenkomst.pk)
    return render(
        request,
        "bijeenkomsten/planning/bijeenkomst_form.html",
        {"editie": bijeenkomst.editie, "bijeenkomst": bijeenkomst, "form": form, "versie": versie},
    )


@login_required
@require_http_methods(["GET", "POST"])
def bijeenkomst_annuleren(request, pk):
    bijeenkomst = _bijeenkomst(request, pk)
    if request.method == "POST":
        try:
            gevolg = planning.bijeenkomst_annuleren(
                bijeenkomst=bijeenkomst, versie=_versie(request), door=request.user
            )
        except PortaalFout as fout:
            messages.error(request, fout.bericht)
            return redirect("planning:bijeenkomst", pk=bijeenkomst.pk)
        if gevolg.sequence == bijeenkomst.sequence and not gevolg.stemverzoek_verstuurd_op:
            messages.success(
                request, _("De bijeenkomst gaat niet door. Er was nog niemand uitgenodigd.")
            )
        else:
            messages.success(
                request, _("De bijeenkomst gaat niet door. De deelnemers krijgen bericht.")
            )
        return redirect("planning:bijeenkomst", pk=bijeenkomst.pk)
    return render(
        request,
        "bijeenkomsten/planning/bijeenkomst_annuleren.html",
        {"editie": bijeenkomst.editie, "bijeenkomst": bijeenkomst},
    )


@login_required
@require_http_methods(["GET", "POST"])
def bijeenkomst_verslag(request, pk):
    bijeenkomst = _bijeenkomst(request, pk)
    uitnodigingen = bijeenkomst.uitnodigingen.select_related("deelnemer").order_by(
        "deelnemer__naam"
    )
    form = VerslagForm(
        request.POST or None,
        uitnodigingen=uitnodigingen,
        initial={
            "verslag": bijeenkomst.verslag,
            "aanwezig": [u for u in uitnodigingen if u.aanwezig],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            planning.verslag_vastleggen(
                bijeenkomst=bijeenkomst,
                verslag=form.cleaned_data["verslag"],
                aanwezig={u.pk for u in form.cleaned_data["aanwezig"]},
                versie=_versie(request),
                door=request.user,
            )
        except PortaalFout as fout:
            form.add_error(None, fout.bericht)
        else:
            messages.success(request, _("Het verslag en de aanwezigheid zijn opgeslagen."))
            return redirect("planning:bijeenkomst", pk=bijeenkomst.pk)
    return render(
        request,
        "bijeenkomsten/planning/bijeenkomst_verslag.html",
        {"editie": bijeenkomst.editie, "bijeenkomst": bijeenkomst, "form": form},
    )
