"""Privacy page for beheerders (``/beheer-privacy/``): find a person by e-mail address, see what the
portal holds about them, export it as a zip (inzage) or erase it after a confirm step.

The address travels in the POST body only, never in a URL: URLs end up in access logs. The
services are in ``portal.privacy``; every search, export and erasure is in the audit log."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from . import audit, privacy
from .exceptions import PortaalFout
from .permissions import is_beheerder


class PersoonForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        help_text=gettext_lazy("Van een account of van een deelnemer zonder account."),
    )


class WissenForm(forms.Form):
    email = forms.EmailField(widget=forms.HiddenInput)
    bevestigd = forms.BooleanField(
        label=gettext_lazy("Ik weet dat wissen niet ongedaan kan worden"),
        error_messages={
            "required": gettext_lazy("Vink aan dat u de gegevens echt wilt wissen."),
        },
    )


def _alleen_beheerder(request) -> None:
    if not is_beheerder(request.user):
        raise PermissionDenied


def _overzicht(persoon: privacy.Persoon) -> dict:
    """Counts for the preview: what an export holds and an erasure touches."""
    return {
        "persoon": persoon,
        "aantal_mails": len(privacy._mails(persoon)),
        "aantal_auditregels": persoon.auditregels().count(),
        "aantal_lidmaatschappen": len(privacy._lidmaatschappen(persoon)),
        "aanmeldingen": privacy._aanmeldingen(persoon)["aanmeldingen"],
    }


@sensitive_post_parameters("email")
@login_required
@require_http_methods(["GET", "POST"])
def zoeken(request):
    _alleen_beheerder(request)
    form = PersoonForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        persoon = privacy.persoon_zoeken(email=form.cleaned_data["email"])
        audit.vastleggen(
            request,
            audit.PERSOON_OPGEZOCHT,
            persoon.user,
            object_tekst=privacy._object_tekst(persoon),
        )
        context.update(_overzicht(persoon))
    return render(request, "portal/privacy_zoeken.html", context)


@sensitive_post_parameters("email")
@login_required
@require_POST
def exporteren(request):
    _alleen_beheerder(request)
    form = PersoonForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/privacy_zoeken.html", {"form": form}, status=400)
    persoon = privacy.persoon_zoeken(email=form.cleaned_data["email"])
    inhoud = privacy.persoon_exporteren(persoon=persoon, door=request.user, request=request)
    response = HttpResponse(inhoud, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="persoonsgegevens.zip"'
    response["Cache-Control"] = "no-store"
    return response


@sensitive_post_parameters("email")
@login_required
@require_POST
def wissen(request):
    _alleen_beheerder(request)
    if "bevestigd" not in request.POST and "bevestigen" not in request.POST:
        # First step: coming from the preview, show what will be erased and ask to confirm.
        form = WissenForm(initial={"email": request.POST.get("email", "")})
    else:
        form = WissenForm(request.POST)
        if form.is_valid():
            persoon = privacy.persoon_zoeken(email=form.cleaned_data["email"])
            try:
                privacy.persoon_wissen(persoon=persoon, door=request.user, request=request)
            except PortaalFout as fout:
                form.add_error(None, fout.bericht)
            else:
                messages.success(request, _("De gegevens zijn gewist."))
                return redirect("portal:privacy-zoeken")
    persoon = privacy.persoon_zoeken(email=form["email"].value() or "")
    return render(request, "portal/privacy_wissen.html", {"form": form, **_overzicht(persoon)})


urlpatterns = [
    path("", zoeken, name="privacy-zoeken"),
    path("exporteren/", exporteren, name="privacy-exporteren"),
    path("wissen/", wissen, name="privacy-wissen"),
]
