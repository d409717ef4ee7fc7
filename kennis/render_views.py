"""The PDF versions of a knowledge product: the advisor's status page (make a PDF, try a failed
one again), its JSON state for the page script, and the download; and the public library of
published products (``/kennisbibliotheek/``), where that download is offered; it filters on
track, theme, province and, once populations are known, the size of a named municipality.

The status page works without JavaScript (a "Vernieuwen" link while something is on its way);
``static/js/weergave-status.js`` polls ``stand.json`` and updates the rows in place."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import default_storage
from django.db.models import Exists, OuterRef
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.exceptions import PortaalFout
from portal.gemeenten import GROOTTEKLASSEN, grootteklasse_bereik
from portal.models import Provincie
from portal.paginacache import openbaar_gecachet
from trajecten.models import Thema, Traject

from . import permissions
from . import render as services
from .models import Kennisproduct, Toestemming, Weergave
from .weergave import product_context


def _product_of_404(request, pk) -> Kennisproduct:
    product = (
        Kennisproduct.objects.select_related("editie__traject", "leergroep").filter(pk=pk).first()
    )
    if product is None or not permissions.kan_weergaven_beheren(user=request.user, product=product):
        raise Http404
    return product


def _rij(weergave: Weergave) -> dict:
    """One version as the page and the JSON show it: texts ready to put in the cells."""
    klaar = weergave.status == Weergave.Status.KLAAR
    return {
        "nummer": weergave.nummer,
        "status": weergave.status,
        "status_tekst": str(weergave.get_status_display()),
        "aangevraagd_tekst": formats.date_format(
            timezone.localtime(weergave.created_at), "DATETIME_FORMAT"
        ),
        "paginas_tekst": (
            ngettext("%(aantal)d pagina", "%(aantal)d pagina's", weergave.paginas)
            % {"aantal": weergave.paginas}
            if klaar and weergave.paginas
            else ""
        ),
        "grootte_tekst": str(filesizeformat(weergave.bytes)) if klaar and weergave.bytes else "",
        "reden": weergave.reden if weergave.status == Weergave.Status.MISLUKT else "",
        "download": (
            reverse(
                "weergave:download",
                kwargs={"slug": weergave.product.slug, "nummer": weergave.nummer},
            )
            if klaar
            else ""
        ),
    }


@login_required
@require_http_methods(["GET", "POST"])
def overzicht(request, pk):
    product = _product_of_404(request, pk)
    if request.method == "POST":
        try:
            weergave = services.weergave_aanvragen(product=product, door=request.user)
        except PortaalFout as fout:
            messages.error(request, fout.bericht)
        else:
            if weergave.status == Weergave.Status.KLAAR:
                bericht = _(
                    "Er is niets veranderd sinds versie %(nummer)d. U kunt die PDF downloaden."
                )
            else:
                bericht = _("Versie %(nummer)d wordt gemaakt. Dit duurt even.")
            messages.success(request, bericht % {"nummer": weergave.nummer})
        return redirect("weergave:overzicht", pk=product.pk)
    weergaven = list(services.weergaven_van(product).select_related("product"))
    return render(
        request,
        "kennis/render_overzicht.html",
        {
            "product": product,
            "rijen": [_rij(w) for w in weergaven],
            "onderweg": any(w.status in services.BEZIG_OF_WACHTRIJ for w in weergaven),
        },
    )


@login_required
@require_POST
def opnieuw(request, pk, nummer):
    product = _product_of_404(request, pk)
    weergave = product.weergaven.filter(nummer=nummer).first()
    if weergave is None:
        raise Http404
    try:
        services.weergave_opnieuw(weergave=weergave, door=request.user)
    except PortaalFout as fout:
        messages.error(request, fout.bericht)
    else:
        messages.success(
            request, _("Versie %(nummer)d wordt opnieuw gemaakt.") % {"nummer": weergave.nummer}
        )
    return redirect("weergave:overzicht", pk=product.pk)


@login_required
@require_GET
def stand(request, pk):
    product = _product_of_404(request, pk)
    weergaven = list(services.weergaven_van(product).select_related("product"))
    response = JsonResponse(
        {
            "onderweg": any(w.status in services.BEZIG_OF_WACHTRIJ for w in weergaven),
            "weergaven": [_rij(w) for w in weergaven],
        }
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def download(request, slug, nummer):
    weergave = (
        Weergave.objects.select_related("product__editie__traject")
        .filter(product__slug=slug, nummer=nummer, status=Weergave.Status.KLAAR)
        .first()
    )
    if weergave is None:
        raise Http404
    if not permissions.kan_weergave_downloaden(user=request.user, weergave=weergave):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    try:
        bestand = default_storage.open(weergave.bestand.name, "rb")
    except FileNotFoundError as fout:  # removed from the storage by hand
        raise Http404 from fout
    response = FileResponse(
        bestand,
        content_type="application/pdf",
        filename=f"{slug}-versie-{nummer}.pdf",
    )
    if not permissions.is_openbaar(weergave):
        response["Cache-Control"] = "private, no-store"
    return response


# --- The public library --------------------------------------------------------------------------


class BibliotheekFilter(forms.Form):
    verberg_niet_verplicht = True

    traject = forms.ModelChoiceField(
        label=_("Traject"), queryset=Traject.objects.none(), required=False, empty_label=_("Alle")
    )
    thema = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Thema.objects.order_by("naam"),
        required=False,
        empty_label=_("Alle"),
    )
    provincie = forms.ModelChoiceField(
        label=_("Provincie"),
        queryset=Provincie.objects.order_by("naam"),
        required=False,
        empty_label=_("Alle"),
        help_text=_("Waar een van de genoemde gemeenten ligt."),
    )
    grootte = forms.ChoiceField(
        label=_("Grootte van de gemeente"),
        required=False,
        help_text=_("Zoek gemeenten die ongeveer even groot zijn als uw gemeente."),
    )

    def __init__(self, *args, met_grootte: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["traject"].queryset = (
            Traject.objects.filter(
                edities__kennisproducten__status=Kennisproduct.Status.GEPUBLICEERD
            )
            .distinct()
            .order_by("volgorde", "code")
        )
        if met_grootte:
            self.fields["grootte"].choices = [("", _("Alle"))] + [
                (slug, _("%(klasse)s inwoners") % {"klasse": naam})
                for _ondergrens, slug, naam in GROOTTEKLASSEN
            ]
        else:
            del self.fields["grootte"]


def _genoemde_gemeenten_met_inwoners():
    """Consent "gegeven" only, like the province filter: the size of an anonymised
    municipality is not used."""
    return Toestemming.objects.filter(
        status=Toestemming.Status.GEGEVEN,
        praktijk__aanmelding__deelnemers__gemeente__inwoners__isnull=False,
    )


def _van_grootte(producten, slug: str):
    """Products of which one named municipality falls in the size band ``slug``. Both bounds in
    one ``filter()``, so they hold for the same municipality."""
    ondergrens, bovengrens = grootteklasse_bereik(slug)
    pad = "praktijk__aanmelding__deelnemers__gemeente__inwoners"
    grenzen = {f"{pad}__gte": ondergrens}
    if bovengrens is not None:
        grenzen[f"{pad}__lt"] = bovengrens
    genoemd = Toestemming.objects.filter(
        status=Toestemming.Status.GEGEVEN, product=OuterRef("pk"), **grenzen
    )
    return producten.filter(Exists(genoemd))


@require_GET
@openbaar_gecachet
def bibliotheek(request):
    # The size filter only once a named municipality of a published product has a population:
    # until a beheerder fills it in (CBS's list carries none), it could only ever find nothing.
    met_grootte = (
        _genoemde_gemeenten_met_inwoners()
        .filter(product__status=Kennisproduct.Status.GEPUBLICEERD)
        .exists()
    )
    form = BibliotheekFilter(request.GET or None, met_grootte=met_grootte)
    filters, grootte = {}, ""
    if form.is_bound and form.is_valid():
        grootte = form.cleaned_data.pop("grootte", "")
        filters = {f"{naam}_id": waarde.pk for naam, waarde in form.cleaned_data.items() if waarde}
    producten = services.gepubliceerde_producten(**filters)
    if grootte:
        producten = _van_grootte(producten, grootte)
    return render(
        request,
        "kennis/bibliotheek.html",
        {
            "form": form,
            "producten": list(producten),
            "gefilterd": bool(filters or grootte),
        },
    )


@require_GET
@openbaar_gecachet
def bibliotheek_product(request, slug):
    product = services.gepubliceerd_product(slug)
    if product is None:
        raise Http404
    weergave = services.laatste_openbare_weergave(product)
    return render(
        request,
        "kennis/bibliotheek_product.html",
        {"product": product, "weergave": weergave, **product_context(product)},
    )
