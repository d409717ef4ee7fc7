"""The PDF versions of a knowledge product: the advisor's status page (make a PDF, try a failed
one again), its JSON state for the page script, and the download.

The status page works without JavaScript (a "Vernieuwen" link while something is on its way);
``static/js/weergave-status.js`` polls ``stand.json`` and updates the rows in place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.exceptions import PortaalFout

from . import render as services
from .models import Kennisproduct, Weergave


def _product_of_404(request, pk) -> Kennisproduct:
    product = (
        Kennisproduct.objects.select_related("editie__traject", "leergroep").filter(pk=pk).first()
    )
    if product is None or not services.kan_weergaven_beheren(user=request.user, product=product):
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
            messages.success(
                request,
                _("Versie %(nummer)d staat klaar om gemaakt te worden. Dit duurt even.")
                % {"nummer": weergave.nummer},
            )
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
    if not services.kan_weergave_downloaden(user=request.user, weergave=weergave):
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
    if not services.is_openbaar(weergave):
        response["Cache-Control"] = "private, no-store"
    return response
