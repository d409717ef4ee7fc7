"""Pages of the enrolment journey (officials) and the intake and decision screens (advisors)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal import audit
from portal.exceptions import PortaalFout
from portal.models import User
from portal.selectors import bevestigde_gemeenten
from trajecten.models import Traject

from . import meldingen, permissions, selectors, services
from .forms import (
    AanvullingForm,
    BesluitForm,
    IntakePlanForm,
    IntakeVerslagForm,
    StapForm,
    StartForm,
    TerugtrekkenForm,
    VraagstukFormSet,
)
from .models import Aanmelding, Intakegesprek
from .stappen import ontbrekend, stappen_voor


def _aanmelding(request, pk) -> Aanmelding:
    try:
        return selectors.aanmelding_voor_pagina(user=request.user, pk=pk)
    except Aanmelding.DoesNotExist as exc:
        raise Http404 from exc


def _stappen_context(aanmelding, actief=None):
    stappen = stappen_voor(aanmelding.traject)
    return {
        "stappen": stappen,
        "actieve_stap": actief,
        "stapnummer": stappen.index(actief) + 1 if actief in stappen else len(stappen) + 1,
        "aantal_stappen": len(stappen) + 1,
    }


# --- Officials -----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def aanmelding_start(request, traject):
    traject = get_object_or_404(Traject.objects.gepubliceerd(), slug=traject)
    gemeente_qs = bevestigde_gemeenten(request.user)
    edities = None if traject.is_op_aanvraag else traject.edities.aanmelding_open()
    if not gemeente_qs.exists():
        return render(request, "intake/aanmelding_geen_gemeente.html", {"traject": traject})
    if edities is not None and not edities.exists():
        return render(request, "intake/aanmelding_gesloten.html", {"traject": traject})
    form = StartForm(request.POST or None, gemeenten=gemeente_qs, edities=edities)
    if edities is not None and edities.count() == 1:
        form.fields["editie"].initial = edities.first()
    if gemeente_qs.count() == 1:
        form.fields["gemeente"].initial = gemeente_qs.first()
    if request.method == "POST" and form.is_valid():
        try:
            aanmelding = services.aanmelding_starten(
                traject=traject,
                editie=form.cleaned_data.get("editie"),
                gemeente=form.cleaned_data["gemeente"],
                door=request.user,
            )
        except PortaalFout as fout:
            form.add_error(None, fout.bericht)
        else:
            if aanmelding.status != Aanmelding.Status.CONCEPT:
                messages.info(
                    request, _("Uw gemeente heeft zich al aangemeld. Hier ziet u de aanmelding.")
                )
                return redirect(aanmelding)
            eerste = stappen_voor(traject)[0]
            return redirect("intake:aanmelding-stap", pk=aanmelding.pk, stap=eerste.slug)
    return render(request, "intake/aanmelding_start.html", {"traject": traject, "form": form})


@login_required
@require_GET
def mijn_aanmeldingen(request):
    return render(
        request,
        "intake/mijn_aanmeldingen.html",
        {"aanmeldingen": selectors.mijn_aanmeldingen(request.user)},
    )


def _detail_context(request, aanmelding: Aanmelding, *, aanvulling_form=None) -> dict:
    user = request.user
    stappen = stappen_voor(aanmelding.traject)
    slugs = [s.slug for s in stappen]
    if aanmelding.laatste_stap in slugs:
        index = slugs.index(aanmelding.laatste_stap) + 1
        volgende_stap = stappen[index] if index < len(stappen) else None
    else:
        volgende_stap = stappen[0]
    actieve_intake = next(
        (i for i in aanmelding.intakes.all() if i.status != Intakegesprek.Status.GEANNULEERD), None
    )
    return {
        "aanmelding": aanmelding,
        "intake": actieve_intake,
        "mag_invullen": permissions.kan_aanmelding_invullen(user=user, aanmelding=aanmelding),
        "mag_aanvullen": permissions.kan_aanvulling_geven(user=user, aanmelding=aanmelding),
        "mag_terugtrekken": permissions.kan_terugtrekken(user=user, aanmelding=aanmelding),
        "mag_intake_beheren": permissions.kan_intake_beheren(user=user, aanmelding=aanmelding),
        "mag_notities_zien": permissions.kan_notities_zien(user=user, aanmelding=aanmelding),
        "aanvulling_form": aanvulling_form or AanvullingForm(),
        "volgende_stap": volgende_stap,
        # Prefetched, so the last request is taken in Python (querysets do not index from the end).
        "aanvullingsverzoek": next(reversed(aanmelding.aanvullingsverzoeken.all()), None),
    }


@login_required
@require_GET
def aanmelding_detail(request, pk):
    aanmelding = _aanmelding(request, pk)
    context = _detail_context(request, aanmelding)
    if context["mag_notities_zien"] and context["intake"] and context["intake"].notities:
        audit.vastleggen(request, audit.INTAKE_NOTITIES_BEKEKEN, context["intake"])
    return render(request, "intake/aanmelding_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def aanmelding_stap(request, pk, stap):
    aanmelding = _aanmelding(request, pk)
    if not permissions.kan_aanmelding_invullen(user=request.user, aanmelding=aanmelding):
        raise PermissionDenied
    stappen = stappen_voor(aanmelding.traject)
    huidige = next((s for s in stappen if s.slug == stap), None)
    if huidige is None:
        raise Http404
    form = StapForm(
        request.POST or None, instance=aanmelding, stap=huidige, traject=aanmelding.traject
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.aanmelding_stap_opslaan(
                aanmelding=aanmelding,
                stap=huidige.slug,
                gegevens=form.stapgegevens(),
                partners=form.cleaned_data.get("partners") if "partners" in form.fields else None,
                door=request.user,
            )
        except PortaalFout as fout:
            form.add_error("partners" if "partners" in form.fields else None, fout.bericht)
        else:
            if "opslaan" in request.POST:
                messages.success(request, _("Opgeslagen. U kunt later verder gaan."))
                return redirect(aanmelding)
            index = stappen.index(huidige)
            if index + 1 < len(stappen):
                return redirect(
                    "intake:aanmelding-stap", pk=aanmelding.pk, stap=stappen[index + 1].slug
                )
            return redirect("intake:aanmelding-controleren", pk=aanmelding.pk)
    vorige = stappen[stappen.index(huidige) - 1] if stappen.index(huidige) > 0 else None
    return render(
        request,
        "intake/aanmelding_stap.html",
        {
            "aanmelding": aanmelding,
            "form": form,
            "stap": huidige,
            "vorige": vorige,
            **_stappen_context(aanmelding, huidige),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def aanmelding_controleren(request, pk):
    aanmelding = _aanmelding(request, pk)
    if not permissions.kan_aanmelding_invullen(user=request.user, aanmelding=aanmelding):
        if aanmelding.status != Aanmelding.Status.CONCEPT:
            return redirect(aanmelding)
        raise PermissionDenied
    fout = None
    if request.method == "POST":
        try:
            services.aanmelding_indienen(aanmelding=aanmelding, door=request.user)
        except PortaalFout as exc:
            fout = exc.bericht
        else:
            messages.success(
                request, _("Uw aanmelding is verstuurd. U krijgt een bevestiging per e-mail.")
            )
            return redirect(aanmelding)
    return render(
        request,
        "intake/aanmelding_controleren.html",
        {
            "aanmelding": aanmelding,
            "tekorten": ontbrekend(aanmelding),
            "fout": fout,
            **_stappen_context(aanmelding),
        },
    )


@login_required
@require_POST
def aanvulling_geven(request, pk):
    aanmelding = _aanmelding(request, pk)
    if not permissions.kan_aanvulling_geven(user=request.user, aanmelding=aanmelding):
        raise PermissionDenied
    form = AanvullingForm(request.POST)
    if form.is_valid():
        try:
            services.aanvulling_beantwoorden(
                aanmelding=aanmelding, antwoord=form.cleaned_data["antwoord"], door=request.user
            )
        except PortaalFout as fout:
            form.add_error("antwoord", fout.bericht)
        else:
            messages.success(request, _("Uw antwoord is verstuurd naar de adviseur."))
            return redirect(aanmelding)
    # Show the page again with the answer kept and the error beside it: nothing typed is lost.
    context = _detail_context(request, aanmelding, aanvulling_form=form)
    return render(request, "intake/aanmelding_detail.html", {**context, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def aanmelding_terugtrekken(request, pk):
    aanmelding = _aanmelding(request, pk)
    if not permissions.kan_terugtrekken(user=request.user, aanmelding=aanmelding):
        raise PermissionDenied
    form = TerugtrekkenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.aanmelding_terugtrekken(
                aanmelding=aanmelding, door=request.user, reden=form.cleaned_data["reden"]
            )
        except PortaalFout as fout:
            form.add_error(None, fout.bericht)
        else:
            audit.vastleggen(request, audit.AANMELDING_TERUGGETROKKEN, aanmelding)
            messages.success(request, _("De aanmelding is teruggetrokken."))
            return redirect(aanmelding)
    return render(
        request, "intake/aanmelding_terugtrekken.html", {"aanmelding": aanmelding, "form": form}
    )


@login_required
@require_GET
def intake_ics(request, pk):
    aanmelding = _aanmelding(request, pk)
    intake = aanmelding.intakes.exclude(status=Intakegesprek.Status.GEANNULEERD).first()
    if intake is None:
        intake = aanmelding.intakes.order_by("-created_at").first()
    if intake is None:
        raise Http404
    response = HttpResponse(
        meldingen.intake_ics(intake), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="intakegesprek.ics"'
    return response


# --- Advisors ------------------------------------------------------------------------------------


def _adviseur_aanmelding(request, pk) -> Aanmelding:
    aanmelding = _aanmelding(request, pk)
    if not permissions.kan_intake_beheren(user=request.user, aanmelding=aanmelding):
        audit.vastleggen(
            request, audit.INTAKE_TOEGANG, aanmelding, audit.AuditRegel.Resultaat.GEWEIGERD
        )
        raise PermissionDenied
    return aanmelding


def _adviseurs_voor(aanmelding):
    return User.objects.filter(
        rol=User.Rol.ADVISEUR, organisatie__in=aanmelding.traject.organisaties.all(), is_active=True
    ).order_by("naam")


@login_required
@require_http_methods(["GET", "POST"])
def intake_plannen(request, pk):
    aanmelding = _adviseur_aanmelding(request, pk)
    intake = aanmelding.intakes.filter(status=Intakegesprek.Status.GEPLAND).first()
    initial = {"adviseurs": [request.user.pk], "vorm": Intakegesprek.Vorm.OP_LOCATIE}
    if intake is not None:
        start = timezone.localtime(intake.start)
        initial = {
            "datum": start.date(),
            "begintijd": start.time(),
            "eindtijd": timezone.localtime(intake.eind).time(),
            "vorm": intake.vorm,
            "adres": intake.adres,
            "online_link": intake.online_link,
            "adviseurs": list(intake.adviseurs.values_list("pk", flat=True)),
        }
    form = IntakePlanForm(
        request.POST or None, initial=initial, adviseurs=_adviseurs_voor(aanmelding)
    )
    if request.method == "POST" and form.is_valid():
        gegevens = form.cleaned_data
        try:
            services.intake_plannen(
                aanmelding=aanmelding,
                start=gegevens["start"],
                eind=gegevens["eind"],
                vorm=gegevens["vorm"],
                adres=gegevens.get("adres", ""),
                online_link=gegevens.get("online_link", ""),
                adviseurs=list(gegevens["adviseurs"]),
                door=request.user,
            )
        except PortaalFout as fout:
            form.add_error(None, fout.bericht)
        else:
            audit.vastleggen(request, audit.INTAKE_GEPLAND, aanmelding)
            messages.success(
                request, _("Het intakegesprek is gepland. De gemeente krijgt een uitnodiging.")
            )
            return redirect(aanmelding)
    return render(
        request,
        "intake/intake_plannen.html",
        {"aanmelding": aanmelding, "form": form, "intake": intake},
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake_afzeggen(request, pk):
    aanmelding = _adviseur_aanmelding(request, pk)
    intake = get_object_or_404(aanmelding.intakes, status=Intakegesprek.Status.GEPLAND)
    form = TerugtrekkenForm(request.POST or None)
    form.fields["reden"].label = _("Waarom zegt u het gesprek af?")
    if request.method == "POST" and form.is_valid():
        try:
            services.intake_annuleren(
                intake=intake, door=request.user, reden=form.cleaned_data["reden"]
            )
        except PortaalFout as fout:
            form.add_error(None, fout.bericht)
        else:
            audit.vastleggen(request, audit.INTAKE_AFGEZEGD, intake)
            messages.success(request, _("Het gesprek is afgezegd. De gemeente krijgt bericht."))
            return redirect(aanmelding)
    return render(
        request,
        "intake/intake_afzeggen.html",
        {"aanmelding": aanmelding, "intake": intake, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake_verslag(request, pk):
    aanmelding = _adviseur_aanmelding(request, pk)
    intake = aanmelding.intakes.exclude(status=Intakegesprek.Status.GEANNULEERD).first()
    if intake is None:
        messages.warning(request, _("Plan eerst een intakegesprek."))
        return redirect(aanmelding)
    onderdelen = aanmelding.traject.onderdelen.filter(intake_check=True)
    initial = {
        "aanwezigen": intake.aanwezigen,
        "notities": intake.notities,
        "advies": intake.advies,
        "cofinanciering_bedrag": intake.cofinanciering_bedrag,
    }
    for check in intake.checks.all():
        initial[f"check_{check.onderdeel_id}"] = check.resultaat
        initial[f"toelichting_{check.onderdeel_id}"] = check.toelichting
    form = IntakeVerslagForm(
        request.POST or None,
        initial=initial,
        onderdelen=onderdelen,
        met_cofinanciering=aanmelding.traject.cofinanciering_percentage is not None,
    )
    bestaande = [
        {
            "titel": v.titel,
            "beschrijving": v.beschrijving,
            "themas": list(v.themas.all()),
            "doelgroepen": list(v.doelgroepen.all()),
        }
        for v in intake.vraagstukken.all()
    ]
    formset = VraagstukFormSet(request.POST or None, initial=bestaande, prefix="vraagstuk")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        vraagstukken = [f.cleaned_data for f in formset.forms if f.cleaned_data.get("titel")]
        try:
            services.intake_vastleggen(
                intake=intake,
                aanwezigen=form.cleaned_data["aanwezigen"],
                notities=form.cleaned_data["notities"],
                checks=form.checks(),
                vraagstukken=vraagstukken,
                advies=form.cleaned_data["advies"],
                cofinanciering_bedrag=form.cleaned_data.get("cofinanciering_bedrag"),
                door=request.user,
            )
        except PortaalFout as fout:
            form.add_error(None, fout.bericht)
        else:
            audit.vastleggen(request, audit.INTAKE_VERSLAG_VASTGELEGD, intake)
            messages.success(request, _("Het verslag van de intake is opgeslagen."))
            return redirect(aanmelding)
    # Reading the notes is a read of personal data: on the form page, too.
    audit.vastleggen(request, audit.INTAKE_VERSLAG_BEKEKEN, intake)
    return render(
        request,
        "intake/intake_verslag.html",
        {"aanmelding": aanmelding, "intake": intake, "form": form, "formset": formset},
    )


@login_required
@require_http_methods(["GET", "POST"])
def aanmelding_besluit(request, pk):
    aanmelding = _adviseur_aanmelding(request, pk)
    form = BesluitForm(request.POST or None, initial={"prioriteit": aanmelding.prioriteit})
    if request.method == "POST" and form.is_valid():
        gegevens = form.cleaned_data
        try:
            if (
                gegevens.get("prioriteit") is not None
                and gegevens["prioriteit"] != aanmelding.prioriteit
            ):
                services.wachtlijst_prioriteit_zetten(
                    aanmelding=aanmelding, prioriteit=gegevens["prioriteit"], door=request.user
                )
            aanmelding = services.aanmelding_besluiten(
                aanmelding=aanmelding,
                besluit=gegevens["besluit"],
                reden=gegevens["reden"],
                vraag=gegevens["vraag"],
                toezeggingen_vrijstellen=gegevens["toezeggingen_vrijstellen"],
                door=request.user,
            )
        except PortaalFout as fout:
            form.add_error(None, fout.bericht)
        else:
            audit.vastleggen(request, audit.AANMELDING_BESLOTEN, aanmelding)
            messages.success(
                request,
                _("Besluit vastgelegd. De aanmelding heeft nu de status '%(status)s'.")
                % {"status": aanmelding.get_status_display()},
            )
            return redirect(aanmelding)
    plaatsen_bezet = services.bezette_plaatsen(aanmelding.editie) if aanmelding.editie else None
    return render(
        request,
        "intake/aanmelding_besluit.html",
        {"aanmelding": aanmelding, "form": form, "plaatsen_bezet": plaatsen_bezet},
    )
