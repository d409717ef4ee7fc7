"""The advisor's screen to compose, adjust and publish the learning groups of an edition."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from intake.permissions import kan_dashboard_zien
from intake.selectors import editie_voor_adviseur
from portal.exceptions import PortaalFout
from trajecten.models import Editie

from . import samenstelling as algoritme
from . import selectors, services
from .forms import KoppeleisForm, indeling_uit_post
from .models import Samenstelling


@login_required
@require_http_methods(["GET", "POST"])
def leergroepen(request, pk):
    try:
        editie = editie_voor_adviseur(user=request.user, pk=pk)
    except Editie.DoesNotExist as exc:
        raise Http404 from exc
    if not kan_dashboard_zien(user=request.user, traject=editie.traject):
        raise PermissionDenied
    aanmeldingen = services.plaatsbare_aanmeldingen(editie)
    koppel_form = KoppeleisForm(
        request.POST if request.POST.get("actie") == "koppeleis" else None,
        aanmeldingen=aanmeldingen,
    )
    if request.method == "POST":
        try:
            bericht = _verwerk(request, editie, aanmeldingen, koppel_form)
        except PortaalFout as fout:
            messages.error(request, fout.bericht)
        else:
            if bericht:
                messages.success(request, bericht)
                return redirect("bijeenkomsten:leergroepen", pk=editie.pk)

    samenstelling = Samenstelling.objects.filter(editie=editie).first()
    groepen = list(selectors.leergroepen_van(editie))
    deelnemers, eisen = services.deelnemers_en_eisen(editie)
    indeling = [[p.aanmelding_id for p in g.plaatsingen.all()] for g in groepen]
    geplaatst = {i for groep in indeling for i in groep}
    voorstel = None
    if request.GET.get("voorstel"):
        voorstel = algoritme.voorstel_maken(deelnemers, eisen)
    elif request.GET.get("herverdelen") and indeling:
        voorstel = algoritme.herverdelen(indeling, deelnemers, eisen)
    namen = {d.id: d.naam for d in deelnemers}
    return render(
        request,
        "bijeenkomsten/leergroepen.html",
        {
            "editie": editie,
            "samenstelling": samenstelling,
            "versie": samenstelling.versie if samenstelling else 0,
            "groepen": groepen,
            "aanmeldingen": aanmeldingen,
            "onverdeeld": [a for a in aanmeldingen if a.pk not in geplaatst],
            "groep_van": {
                i: nummer for nummer, groep in enumerate(indeling, start=1) for i in groep
            },
            "keuzes": range(1, len(groepen) + 2),
            "problemen": algoritme.controleren(indeling, deelnemers, eisen) if indeling else [],
            "voorstel": voorstel,
            "voorstel_groepen": [
                {"nummer": n, "groep": g, "namen": [namen[i] for i in g.leden]}
                for n, g in enumerate(voorstel.groepen, start=1)
            ]
            if voorstel
            else [],
            "tegels": selectors.overzicht_per_provincie(groepen),
            "koppel_form": koppel_form,
            "koppeleisen": editie.koppeleisen.select_related(
                "eerste__gemeente", "tweede__gemeente"
            ),
            "form": koppel_form,
        },
    )


def _verwerk(request, editie, aanmeldingen, koppel_form) -> str | None:
    actie = request.POST.get("actie")
    try:
        versie = int(request.POST.get("versie", "-1"))
    except ValueError:
        versie = -1
    if actie == "opslaan":
        indeling = indeling_uit_post(request.POST, {a.pk for a in aanmeldingen})
        _samenstelling, problemen = services.samenstelling_opslaan(
            editie=editie, groepen=indeling, versie=versie, door=request.user
        )
        if problemen:
            return _("De leergroepen zijn opgeslagen, maar er klopt nog iets niet. Zie hieronder.")
        return _("De leergroepen zijn opgeslagen.")
    if actie == "publiceren":
        services.samenstelling_publiceren(editie=editie, versie=versie, door=request.user)
        return _("De leergroepen zijn gepubliceerd. De gemeenten krijgen een e-mail.")
    if actie == "koppeleis":
        if not koppel_form.is_valid():
            return None
        services.koppeleis_toevoegen(
            editie=editie,
            soort=koppel_form.cleaned_data["soort"],
            eerste=koppel_form.cleaned_data["eerste"],
            tweede=koppel_form.cleaned_data["tweede"],
            door=request.user,
        )
        return _("De wens is opgeslagen. Vraag een nieuw voorstel om hem mee te nemen.")
    if actie == "hernoemen":
        leergroep = get_object_or_404(editie.leergroepen, pk=request.POST.get("groep"))
        leergroep = services.leergroep_hernoemen(
            leergroep=leergroep, naam=request.POST.get("naam", ""), versie=versie, door=request.user
        )
        return _("De groep heet nu %(naam)s.") % {"naam": leergroep.naam}
    if actie == "koppeleis_weg":
        eis = get_object_or_404(editie.koppeleisen, pk=request.POST.get("eis"))
        services.koppeleis_verwijderen(eis=eis, door=request.user)
        return _("De wens is verwijderd.")
    raise PortaalFout(_("Onbekende actie."))
