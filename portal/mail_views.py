"""The mail overview for advisors and beheerders: outbox rows that need a person, the reason in
plain words, and a form to correct the address and send the mail again.

A ``Mail`` row does not know which track it belongs to, so every advisor sees all rows that need
attention; officials never see this page. The writes go through ``portal.mail``."""

import re
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from .exceptions import PortaalFout
from .mail import MAX_POGINGEN, WACHTRIJ_WACHTTIJD, adres_corrigeren, mails_opnieuw_versturen
from .models import Mail
from .permissions import is_adviseur_of_beheerder, is_beheerder

PER_PAGINA = 25
S = Mail.Status
#: Rows a person can resend (``mails_opnieuw_versturen`` takes only these).
HERSTELBAAR = (S.MISLUKT, S.OPNIEUW)


# --- Read -------------------------------------------------------------------------------------


def zichtbare_mails(user) -> QuerySet[Mail]:
    """A beheerder sees every mail; an advisor only the mail about tracks of their own
    organisation (``Mail.organisaties``), never another organisation's or a membership mail."""
    if is_beheerder(user):
        return Mail.objects.all()
    return Mail.objects.filter(organisaties=user.organisatie_id)


def mails_met_aandacht(*, user, nu: datetime, status: str = "", zoek: str = "") -> QuerySet[Mail]:
    """Failed, retrying and held-back rows, and rows that wait in the queue longer than the
    sweeper allows (their task was lost), newest first, of the mail this user may see. Without
    the mail text."""
    mails = zichtbare_mails(user).filter(
        Q(status__in=[*HERSTELBAAR, S.TEGENGEHOUDEN])
        | Q(status=S.WACHTRIJ, created_at__lte=nu - WACHTRIJ_WACHTTIJD)
    )
    if status:
        mails = mails.filter(status=status)
    if zoek:
        mails = mails.filter(Q(aan__icontains=zoek) | Q(onderwerp__icontains=zoek))
    return mails.defer("tekst", "html", "bijlagen").order_by("-created_at", "-pk")


_SMTP_CODE = re.compile(r"\((\d{3}),")
_VERBINDING = ("ConnectionRefusedError", "SMTPServerDisconnected", "TimeoutError", "OSError")


def uitleg(mail: Mail) -> str:
    """What went wrong, for an advisor: no SMTP codes, but what it means and what to do."""
    fout = mail.laatste_fout
    if mail.status == S.TEGENGEHOUDEN:
        return _("Niet verstuurd. Het portaal stuurt geen e-mail naar dit domein.")
    if mail.status == S.WACHTRIJ:
        return _("Deze e-mail wacht langer dan normaal. Het portaal probeert het vanzelf opnieuw.")
    code = _SMTP_CODE.search(fout)
    if "SMTPRecipientsRefused" in fout or (code and code.group(1) in ("550", "551", "553")):
        return _(
            "De mailserver van de ontvanger kent dit adres niet of weigert het. "
            "Controleer het adres, verbeter het en verstuur de e-mail opnieuw."
        )
    if code and code.group(1).startswith("5"):
        return _(
            "De mailserver van de ontvanger weigert deze e-mail. "
            "Controleer het adres of vraag de ontvanger of hun mailserver e-mail van ons toelaat."
        )
    if mail.status == S.MISLUKT and mail.pogingen >= MAX_POGINGEN:
        return _(
            "Het portaal heeft het vaak geprobeerd, maar het lukte niet. "
            "Controleer het adres en verstuur de e-mail opnieuw."
        )
    if code and code.group(1).startswith("4"):
        return _(
            "De mailserver van de ontvanger was even niet beschikbaar. "
            "Het portaal probeert het later vanzelf opnieuw."
        )
    if fout.startswith("Stuck while sending"):
        return _("Het versturen werd onderbroken. Het portaal probeert het vanzelf opnieuw.")
    if fout.startswith(_VERBINDING):
        return _(
            "De mailserver van het portaal was niet bereikbaar. "
            "Het portaal probeert het later vanzelf opnieuw."
        )
    return _("Het versturen lukte niet. Verstuur de e-mail opnieuw of vraag de beheerder om hulp.")


# --- Forms ------------------------------------------------------------------------------------


class MailFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("", gettext_lazy("Alle e-mails die aandacht nodig hebben")),
            (S.MISLUKT, S.MISLUKT.label),
            (S.OPNIEUW, S.OPNIEUW.label),
            (S.TEGENGEHOUDEN, S.TEGENGEHOUDEN.label),
            (S.WACHTRIJ, gettext_lazy("Wacht te lang")),
        ],
    )
    q = forms.CharField(
        label=gettext_lazy("Zoek op e-mailadres of onderwerp"), required=False, max_length=200
    )


class AdresForm(forms.Form):
    """One per row, with the row in its prefix so that every field id on the page is unique."""

    adres = forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        max_length=254,
        error_messages={
            "required": gettext_lazy("Vul het e-mailadres in."),
            "invalid": gettext_lazy("Vul een geldig e-mailadres in, zoals naam@gemeente.nl."),
        },
    )

    def __init__(self, *args, mail: Mail, **kwargs):
        super().__init__(*args, prefix=f"mail{mail.pk}", **kwargs)
        self.fields["adres"].initial = mail.aan[0] if mail.aan else ""


@dataclass
class Rij:
    mail: Mail
    uitleg: str
    form: AdresForm | None
    alleen_opnieuw: bool = False


# --- View -------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def mail_overzicht(request):
    if not is_adviseur_of_beheerder(request.user):
        raise PermissionDenied
    nu = timezone.now()
    fout_form = None
    if request.method == "POST":
        mail = _mail_uit(request)
        if mail.status not in HERSTELBAAR:
            messages.info(request, _("Deze e-mail is al verstuurd of wordt nu verstuurd."))
            return redirect(request.get_full_path())
        if len(mail.aan) > 1:  # several recipients: only "send again", no address to change
            _melden(request, mails_opnieuw_versturen(mail_ids=[mail.pk], door=request.user), mail)
            return redirect(request.get_full_path())
        fout_form = AdresForm(request.POST, mail=mail)
        if fout_form.is_valid() and _corrigeren_en_versturen(request, mail, fout_form):
            return redirect(request.get_full_path())
    filter_form = MailFilterForm(request.GET or None)
    gekozen = filter_form.cleaned_data if filter_form.is_valid() else {}
    mails = mails_met_aandacht(
        user=request.user, nu=nu, status=gekozen.get("status", ""), zoek=gekozen.get("q", "")
    )
    pagina = Paginator(mails, PER_PAGINA).get_page(request.GET.get("pagina"))
    rijen = [
        Rij(
            mail=mail,
            uitleg=uitleg(mail),
            form=(fout_form if fout_form and fout_form.prefix == f"mail{mail.pk}" else None)
            or (
                AdresForm(mail=mail) if mail.status in HERSTELBAAR and len(mail.aan) == 1 else None
            ),
            alleen_opnieuw=mail.status in HERSTELBAAR and len(mail.aan) > 1,
        )
        for mail in pagina
    ]
    return render(
        request,
        "portal/mail_overzicht.html",
        {
            "filter_form": filter_form,
            "fout_form": fout_form,
            "pagina": pagina,
            "rijen": rijen,
            "paginanummers": pagina.paginator.get_elided_page_range(pagina.number),
            "gefilterd": any(gekozen.values()),
        },
    )


def _mail_uit(request) -> Mail:
    try:
        return (
            zichtbare_mails(request.user)
            .defer("tekst", "html", "bijlagen")
            .get(pk=int(request.POST.get("mail", "")))
        )
    except (ValueError, Mail.DoesNotExist) as exc:
        raise Http404 from exc


def _corrigeren_en_versturen(request, mail: Mail, form: AdresForm) -> bool:
    adres = form.cleaned_data["adres"]
    try:
        # One transaction: a corrected address is only stored together with the new attempt.
        with transaction.atomic():
            if mail.aan != [adres]:
                adres_corrigeren(mail=mail, nieuw_adres=adres, door=request.user)
            aantal = mails_opnieuw_versturen(mail_ids=[mail.pk], door=request.user)
    except PortaalFout as fout:
        form.add_error("adres", fout.bericht)
        return False
    mail.aan = [adres]
    _melden(request, aantal, mail)
    return True


def _melden(request, aantal: int, mail: Mail) -> None:
    if aantal:
        messages.success(
            request,
            _("De e-mail aan %(adres)s staat weer klaar. Het portaal verstuurt hem zo.")
            % {"adres": ", ".join(mail.aan)},
        )
    else:
        messages.info(request, _("Deze e-mail is al verstuurd of wordt nu verstuurd."))


# Included by portal/urls.py under "adviseur/mail/" in the "portal" namespace.
urlpatterns = [path("", mail_overzicht, name="mail-overzicht")]
