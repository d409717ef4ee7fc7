"""Pages for the knowledge product: the advisor's editor (sections, order, status, comments,
consent) and HTML preview, and the review page for participants (personal link, no login) and
for logged-in officials. No JavaScript needed: every action is a form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bijeenkomsten.deelname_views import persoonlijke_pagina
from bijeenkomsten.links import link_zoeken
from bijeenkomsten.models import PersoonlijkeLink
from intake.permissions import kan_dashboard_zien
from intake.selectors import editie_voor_adviseur
from portal.exceptions import PortaalFout
from trajecten.models import Editie

from . import permissions, producten
from . import product_selectors as selectors
from .models import Kennisproduct, Opmerking, Sectie, Toestemming
from .product_forms import (
    OmslagForm,
    OpmerkingForm,
    ProductAanmakenForm,
    SectieForm,
    SectieToevoegenForm,
    ToestemmingForm,
)
from .weergave import anonimiseren, product_html, secties_weergeven, te_anonimiseren

P = Kennisproduct.Status


def _editie(request, pk) -> Editie:
    try:
        editie = editie_voor_adviseur(user=request.user, pk=pk)
    except Editie.DoesNotExist as exc:
        raise Http404 from exc
    if not kan_dashboard_zien(user=request.user, traject=editie.traject):
        raise PermissionDenied
    return editie


def _product(request, pk) -> Kennisproduct:
    try:
        product = selectors.product_voor_adviseur(user=request.user, pk=pk)
    except Kennisproduct.DoesNotExist as exc:
        raise Http404 from exc
    if not kan_dashboard_zien(user=request.user, traject=product.editie.traject):
        raise PermissionDenied
    return product


def _sectie(product, pk) -> Sectie:
    sectie = selectors.sectie_van(product=product, pk=pk)
    if sectie is None:
        raise Http404
    return sectie


def _versie(request) -> int:
    try:
        return int(request.POST.get("versie", "-1"))
    except ValueError:
        return -1


def _naar_editor(product, anker: str = ""):
    return redirect(reverse("kennisproduct:editor", kwargs={"pk": product.pk}) + anker)


# --- Advisor -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def editie_product(request, pk):
    """The edition's knowledge products; start one. With only the edition-wide product, its
    editor opens at once, unless the advisor asks for a group's product (``?nieuw=1``)."""
    editie = _editie(request, pk)
    bestaand = list(selectors.producten_van(editie))
    bezet = {p.leergroep_id for p in bestaand}
    alleen_editie = len(bestaand) == 1 and bestaand[0].leergroep_id is None
    if request.method == "GET" and alleen_editie and not request.GET.get("nieuw"):
        return _naar_editor(bestaand[0])
    vrij = editie.leergroepen.exclude(pk__in=[i for i in bezet if i])
    kan_editie = None not in bezet
    form = ProductAanmakenForm(request.POST or None, leergroepen=vrij, kan_editie=kan_editie)
    if request.method == "POST" and form.is_valid():
        try:
            product = producten.product_aanmaken(
                editie=editie, leergroep=form.cleaned_data["leergroep"], door=request.user
            )
        except PortaalFout as fout:
            form.add_error(None, fout.bericht)
        else:
            messages.success(request, _("Het kennisproduct is gemaakt. Vul nu de secties."))
            return _naar_editor(product)
    return render(
        request,
        "kennis/product_editie.html",
        {
            "editie": editie,
            "producten": bestaand,
            "form": form,
            "kan_maken": kan_editie or vrij.exists(),
        },
    )


@login_required
@require_GET
def editor(request, pk):
    product = _product(request, pk)
    secties = list(selectors.secties_van(product, met_opmerkingen=True))
    return render(
        request,
        "kennis/product_editor.html",
        {
            "editie": product.editie,
            "product": product,
            "secties": secties,
            "open_opmerkingen": sum(
                1 for s in secties for o in s.opmerkingen.all() if not o.afgehandeld
            ),
            "toestemmingen": selectors.toestemmingen_van(product),
            "toevoegen_form": SectieToevoegenForm(),
            "bewerkbaar": product.status in producten.BEWERKBAAR,
            "overgangen": sorted(producten.OVERGANGEN[product.status] - {P.GEPUBLICEERD}),
            "kan_publiceren": P.GEPUBLICEERD in producten.OVERGANGEN[product.status],
            "aantal_lessen": selectors.goedgekeurde_lessen(product).count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def omslag(request, pk):
    """Title and subtitle of the cover."""
    product = _product(request, pk)
    form = OmslagForm(
        request.POST if request.method == "POST" else None,
        initial={"titel": product.titel, "ondertitel": product.ondertitel},
    )
    if request.method == "POST" and form.is_valid():
        try:
            producten.product_wijzigen(
                product=product,
                titel=form.cleaned_data["titel"],
                ondertitel=form.cleaned_data["ondertitel"],
                versie=_versie(request),
                door=request.user,
            )
        except PortaalFout as fout:
            form.add_error(None, fout.bericht)
        else:
            messages.success(request, _("De titel is opgeslagen."))
            return redirect("kennisproduct:editor", pk=product.pk)
    return render(
        request,
        "kennis/product_omslag.html",
        {"editie": product.editie, "product": product, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sectie(request, pk, sectie_pk):
    product = _product(request, pk)
    sectie = _sectie(product, sectie_pk)
    form = SectieForm(
        request.POST if request.method == "POST" else None,
        initial={"titel": sectie.titel, "tekst": sectie.tekst},
    )
    if request.method == "POST":
        actie = request.POST.get("actie", "opslaan")
        try:
            bericht = _sectie_verwerken(request, product, sectie, form, actie)
        except PortaalFout as fout:
            if actie == "opslaan":
                form.add_error(None, fout.bericht)
            else:
                messages.error(request, fout.bericht)
                return redirect("kennisproduct:sectie", pk=product.pk, sectie_pk=sectie.pk)
        else:
            if bericht and actie == "verwijderen":
                messages.success(request, bericht)
                return _naar_editor(product)
            if bericht:
                messages.success(request, bericht)
                return redirect("kennisproduct:sectie", pk=product.pk, sectie_pk=sectie.pk)
    return render(
        request,
        "kennis/product_sectie.html",
        {
            "editie": product.editie,
            "product": product,
            "sectie": sectie,
            "form": form,
            "opmerkingen": sectie.opmerkingen.select_related("deelnemer", "user"),
            "bewerkbaar": product.status in producten.BEWERKBAAR,
            "schrijftip": producten.schrijftip(sectie.soort),
        },
    )


def _sectie_verwerken(request, product, sectie, form, actie) -> str | None:
    versie, door = _versie(request), request.user
    if actie == "lessen":
        aantal = producten.lessen_invoegen(sectie=sectie, versie=versie, door=door)
        return ngettext("%(aantal)d les ingevoegd.", "%(aantal)d lessen ingevoegd.", aantal) % {
            "aantal": aantal
        }
    if actie == "praktijken":
        aantal = producten.praktijken_invoegen(sectie=sectie, versie=versie, door=door)
        return ngettext(
            "%(aantal)d praktijk ingevoegd.", "%(aantal)d praktijken ingevoegd.", aantal
        ) % {"aantal": aantal}
    if actie == "verwijderen":
        producten.sectie_verwijderen(sectie=sectie, versie=versie, door=door)
        return _("De sectie is verwijderd.")
    if not form.is_valid():
        return None
    producten.sectie_wijzigen(
        sectie=sectie,
        titel=form.cleaned_data["titel"],
        tekst=form.cleaned_data["tekst"],
        versie=versie,
        door=door,
    )
    return _("De sectie is opgeslagen.")


@login_required
@require_POST
def volgorde(request, pk):
    product = _product(request, pk)
    sectie = _sectie(product, request.POST.get("sectie") or 0)
    try:
        producten.sectie_verschuiven(
            sectie=sectie,
            richting=request.POST.get("richting", ""),
            versie=_versie(request),
            door=request.user,
        )
    except PortaalFout as fout:
        messages.error(request, fout.bericht)
    return _naar_editor(product, f"#s{sectie.pk}")


@login_required
@require_POST
def sectie_nieuw(request, pk):
    product = _product(request, pk)
    form = SectieToevoegenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Geef de nieuwe sectie een titel van hoogstens 200 tekens."))
        return _naar_editor(product, "#toevoegen")
    try:
        sectie = producten.sectie_toevoegen(
            product=product,
            titel=form.cleaned_data["titel"],
            versie=_versie(request),
            door=request.user,
        )
    except PortaalFout as fout:
        messages.error(request, fout.bericht)
        return _naar_editor(product, "#toevoegen")
    messages.success(request, _("De sectie is toegevoegd. Schrijf nu de tekst."))
    return redirect("kennisproduct:sectie", pk=product.pk, sectie_pk=sectie.pk)


STATUS_BERICHTEN = {
    P.CONCEPT: gettext_lazy("Het kennisproduct is weer een concept. U kunt het verder aanpassen."),
    P.TER_REVIEW: gettext_lazy(
        "De deelnemers kunnen nu meelezen. Zij krijgen een e-mail met hun link."
    ),
    P.VASTGESTELD: gettext_lazy("Het kennisproduct is vastgesteld."),
    P.GEPUBLICEERD: gettext_lazy("Het kennisproduct is gepubliceerd."),
}


@login_required
@require_http_methods(["GET", "POST"])
def status(request, pk):
    """Change the status. GET shows the confirmation page for publishing."""
    product = _product(request, pk)
    naar = request.POST.get("naar") or request.GET.get("naar") or P.GEPUBLICEERD
    if naar not in P.values:
        raise Http404
    if request.method == "POST":
        try:
            producten.status_zetten(
                product=product, naar=naar, versie=_versie(request), door=request.user
            )
        except PortaalFout as fout:
            messages.error(request, fout.bericht)
        else:
            messages.success(request, str(STATUS_BERICHTEN[naar]))
        return _naar_editor(product)
    return render(
        request,
        "kennis/product_publiceren.html",
        {
            "editie": product.editie,
            "product": product,
            "kan_publiceren": P.GEPUBLICEERD in producten.OVERGANGEN[product.status],
            "zonder_toestemming": [
                t
                for t in selectors.toestemmingen_van(product)
                if t.status != Toestemming.Status.GEGEVEN
            ],
            "lege_secties": [
                s.titel for s in selectors.secties_van(product) if not s.tekst.strip()
            ],
        },
    )


@login_required
@require_POST
def opmerking_afhandelen(request, pk, opmerking_pk):
    product = _product(request, pk)
    opmerking = get_object_or_404(Opmerking, pk=opmerking_pk, sectie__product=product)
    afgehandeld = request.POST.get("afgehandeld") == "ja"
    producten.opmerking_afhandelen(opmerking=opmerking, door=request.user, afgehandeld=afgehandeld)
    if request.POST.get("terug") == "sectie":
        return redirect(
            reverse(
                "kennisproduct:sectie", kwargs={"pk": product.pk, "sectie_pk": opmerking.sectie_id}
            )
            + "#opmerkingen"
        )
    return _naar_editor(product, f"#s{opmerking.sectie_id}")


@login_required
@require_POST
def toestemming(request, pk, toestemming_pk):
    """The advisor records a municipality's answer."""
    product = _product(request, pk)
    gevonden = selectors.toestemming_van(product=product, pk=toestemming_pk)
    if gevonden is None:
        raise Http404
    form = ToestemmingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Kies 'Naam mag erin' of 'Zonder naam'."))
    else:
        try:
            producten.toestemming_geven(
                toestemming=gevonden, besluit=form.cleaned_data["besluit"], door=request.user
            )
        except PortaalFout as fout:
            messages.error(request, fout.bericht)
        else:
            messages.success(request, _("Het antwoord is vastgelegd."))
    return _naar_editor(product, "#toestemming")


@login_required
@require_GET
def voorbeeld(request, pk):
    """Exactly the HTML that goes into the PDF, with the print stylesheet."""
    product = _product(request, pk)
    response = HttpResponse(product_html(product))
    response["Cache-Control"] = "no-store"
    return response


# --- Review: participants and officials -------------------------------------------------------


def _opmerking_verwerken(request, product, **schrijver) -> tuple[bool, object]:
    """Handle the comment form of one section. Returns (saved, the form with errors or None)."""
    sectie = selectors.sectie_van(product=product, pk=_getal(request.POST.get("sectie")))
    if sectie is None:
        raise Http404
    labels = te_anonimiseren(product)
    form = OpmerkingForm(
        request.POST, prefix=f"s{sectie.pk}", titel=anonimiseren(sectie.titel, labels)
    )
    if form.is_valid():
        try:
            producten.opmerking_plaatsen(
                sectie=sectie, tekst=form.cleaned_data["tekst"], **schrijver
            )
        except PortaalFout as fout:
            form.add_error("tekst", fout.bericht)
        else:
            messages.success(request, _("Bedankt! Uw opmerking is opgeslagen."))
            return True, sectie
    form.sectie = sectie
    return False, form


def _getal(waarde) -> int:
    try:
        return int(waarde)
    except (TypeError, ValueError):
        return 0


def _review_context(product, *, fout_form, mag_opmerken, eigen) -> dict:
    secties = secties_weergeven(product, met_lege=True)
    for sectie in secties:
        pk = sectie["sectie"].pk
        if fout_form is not None and fout_form.sectie.pk == pk:
            sectie["form"] = fout_form
        elif mag_opmerken:
            sectie["form"] = OpmerkingForm(prefix=f"s{pk}", titel=sectie["titel"])
        sectie["eigen"] = [o for o in eigen if o.sectie_id == pk]
    return {
        "product": product,
        "secties": secties,
        "form": fout_form,
        "mag_opmerken": mag_opmerken,
    }


@persoonlijke_pagina
@require_http_methods(["GET", "POST"])
def link_review(request, token, pk):
    link = link_zoeken(token=token, soort=PersoonlijkeLink.Soort.ROOSTER)
    product = link and selectors.product_voor_deelnemer(deelnemer=link.deelnemer, pk=pk)
    if not product:
        return render(request, "bijeenkomsten/deelname/link_onbekend.html", status=404)
    deelnemer = link.deelnemer
    fout_form = None
    if request.method == "POST":
        opgeslagen, resultaat = _opmerking_verwerken(request, product, deelnemer=deelnemer)
        if opgeslagen:
            return redirect(request.path + f"#s{resultaat.pk}")
        fout_form = resultaat
    context = _review_context(
        product,
        fout_form=fout_form,
        mag_opmerken=permissions.mag_opmerken(product=product, deelnemer=deelnemer),
        eigen=list(selectors.eigen_opmerkingen(product=product, deelnemer=deelnemer)),
    )
    context.update({"deelnemer": deelnemer, "token": token})
    return render(request, "kennis/product_review.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk):
    """The draft for logged-in officials and participants in scope, with consent per
    practice for officials."""
    product = selectors.product_voor_ambtenaar(user=request.user, pk=pk)
    if product is None:
        raise Http404
    fout_form = None
    if request.method == "POST" and request.POST.get("actie") == "toestemming":
        return _toestemming_verwerken(request, product)
    if request.method == "POST":
        opgeslagen, resultaat = _opmerking_verwerken(request, product, user=request.user)
        if opgeslagen:
            return redirect(request.path + f"#s{resultaat.pk}")
        fout_form = resultaat
    context = _review_context(
        product,
        fout_form=fout_form,
        mag_opmerken=permissions.mag_opmerken(product=product, user=request.user),
        eigen=list(selectors.eigen_opmerkingen(product=product, user=request.user)),
    )
    context["toestemmingen"] = [
        (t, ToestemmingForm(prefix=f"t{t.pk}", initial={"besluit": t.status}))
        for t in selectors.toestemmingen_van(product)
        if permissions.kan_toestemming_geven(user=request.user, toestemming=t)
    ]
    return render(request, "kennis/product_review.html", context)


def _toestemming_verwerken(request, product):
    gevonden = selectors.toestemming_van(
        product=product, pk=_getal(request.POST.get("toestemming"))
    )
    if gevonden is None:
        raise Http404
    form = ToestemmingForm(request.POST, prefix=f"t{gevonden.pk}")
    if not form.is_valid():
        messages.error(request, _("Kies ja of nee. Klik daarna op Antwoord opslaan."))
    else:
        try:
            producten.toestemming_geven(
                toestemming=gevonden, besluit=form.cleaned_data["besluit"], door=request.user
            )
        except PortaalFout as fout:
            messages.error(request, fout.bericht)
        else:
            messages.success(request, _("Bedankt! Uw antwoord is opgeslagen."))
    return redirect(request.path + "#toestemming")
