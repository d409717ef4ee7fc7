"""Inzage and erasure of one person (AVG art. 15 and 17), found by e-mail address.

``persoon_zoeken`` gathers what the portal holds about the person: their account, the
participant records with that address (participants need no account), and what hangs from them.
``persoon_exporteren`` writes that as a zip: one JSON file per kind and a README in Dutch. It
holds the person's own data only: rows of other people appear as ids, never with their names or
addresses. ``persoon_wissen`` anonymises the person in one transaction; the numbers (enrolments,
invitations, attendance, votes) stay, audit entries are redacted, not deleted.

The fields involved are listed in ``portal.avg.REGISTER``."""

from __future__ import annotations

import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.sessions.models import Session
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .avg import EIGEN_APPS
from .exceptions import PortaalFout
from .models import AuditRegel, GemeenteLidmaatschap, Mail, User

GEWIST = "[gewist]"
ANDER = "[iemand anders]"


@dataclass
class Persoon:
    """What the portal holds about one e-mail address."""

    email: str
    user: User | None
    deelnemers: list = field(default_factory=list)

    @property
    def gevonden(self) -> bool:
        return self.user is not None or bool(self.deelnemers)

    @property
    def namen(self) -> set[str]:
        namen = {d.naam for d in self.deelnemers}
        if self.user is not None:
            namen.add(self.user.naam)
        # A name of one word or very short would match other words in free text.
        return {n.strip() for n in namen if len(n.strip()) >= 5 and " " in n.strip()}

    def mails(self):
        return Mail.objects.filter(aan__icontains=self.email)

    def auditregels(self):
        over = Q()
        if self.user is not None:
            over |= Q(actor=self.user) | Q(object_type="portal.user", object_id=str(self.user.pk))
        if self.deelnemers:
            over |= Q(
                object_type="bijeenkomsten.deelnemer",
                object_id__in=[str(d.pk) for d in self.deelnemers],
            )
        return AuditRegel.objects.filter(over) if over else AuditRegel.objects.none()


def persoon_zoeken(*, email: str) -> Persoon:
    from bijeenkomsten.models import Deelnemer

    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    wie = Q(email__iexact=email)
    if user is not None:
        wie |= Q(user=user)
    deelnemers = list(
        Deelnemer.objects.filter(wie).select_related("praktijk__aanmelding__gemeente")
    )
    return Persoon(email=email, user=user, deelnemers=deelnemers)


# --- Export -------------------------------------------------------------------------------------

LEESMIJ = """Uw gegevens in het Trajectportaal
==================================

Dit bestand hoort bij de export van {email}, gemaakt op {datum}.
Hierin staat alles wat het Trajectportaal over u bewaart.

De bestanden:

- account.json: uw account. Uw naam, e-mailadres, rol en wanneer u inlogde.
  Uw wachtwoord staat er niet in. Dat bewaren wij alleen versleuteld.
- lidmaatschappen.json: de gemeenten waarvoor u werkt in het portaal.
- aanmeldingen.json: aanmeldingen die u deed, uw gegevens als contactpersoon,
  de antwoorden die u gaf en de besluiten die u nam.
- deelnemers.json: uw deelname aan een lokale praktijk. Met uw antwoorden op
  uitnodigingen, uw stemmen voor een datum en uw persoonlijke links.
  De links zelf staan er niet in: wij bewaren ze niet.
- lessen.json: lessen en opmerkingen die u schreef.
- mails.json: e-mails die het portaal u stuurde.
- auditlog.json: wat er met uw gegevens gebeurde, en wat u deed in het portaal.
- vermeldingen.json: plaatsen waar uw naam of e-mailadres in een tekst staat.

Andere mensen staan niet in deze export. Waar een gegeven bij iemand anders hoort,
ziet u alleen een nummer.

Klopt er iets niet? Of wilt u dat wij uw gegevens wissen? Neem dan contact op met
{contact}.
"""


def _rij(obj: models.Model, velden: list[str]) -> dict:
    return {naam: getattr(obj, naam) for naam in velden}


def _account(persoon: Persoon) -> dict:
    user = persoon.user
    if user is None:
        return {}
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    return {
        **_rij(
            user,
            [
                "id",
                "email",
                "naam",
                "rol",
                "is_active",
                "date_joined",
                "last_login",
                "nieuws_ontvangen",
                "nieuws_gewijzigd_op",
            ],
        ),
        "organisatie": str(user.organisatie) if user.organisatie_id else None,
        "e-mailadressen": [
            _rij(e, ["email", "verified", "primary"])
            for e in EmailAddress.objects.filter(user=user)
        ],
        "tweede_factor": [
            _rij(a, ["type", "created_at", "last_used_at"])
            for a in Authenticator.objects.filter(user=user)
        ],
    }


def _lidmaatschappen(persoon: Persoon) -> list[dict]:
    if persoon.user is None:
        return []
    return [
        {
            "gemeente": str(lid.gemeente),
            **_rij(lid, ["status", "functie", "created_at", "bevestigd_op"]),
        }
        for lid in GemeenteLidmaatschap.objects.filter(user=persoon.user).select_related("gemeente")
    ]


AANMELDING_VELDEN = [
    "id",
    "status",
    "contact_naam",
    "contact_functie",
    "contact_email",
    "contact_telefoon",
    "maatschappelijk_vraagstuk",
    "lopend_project_beschrijving",
    "inclusievraag",
    "projectbeschrijving",
    "vraag",
    "motivatie",
    "toezegging_toelichting",
    "ingediend_op",
    "created_at",
]


def _aanmeldingen(persoon: Persoon) -> dict:
    from intake.models import Aanmelding, Aanvullingsverzoek, Overgang

    wie = Q(contact_email__iexact=persoon.email)
    if persoon.user is not None:
        wie |= Q(aangemaakt_door=persoon.user)
    aanmeldingen = []
    for a in Aanmelding.objects.filter(wie).select_related("gemeente", "traject", "editie"):
        rij = {
            **_rij(a, AANMELDING_VELDEN),
            "gemeente": str(a.gemeente),
            "traject": a.traject.code,
            "editie": str(a.editie) if a.editie_id else None,
            "door_u_aangemaakt": persoon.user is not None
            and a.aangemaakt_door_id == persoon.user.pk,
        }
        if (a.contact_email or "").lower() != persoon.email:
            # Somebody else is the contact person: their details are not the person's data.
            for naam in ("contact_naam", "contact_functie", "contact_email", "contact_telefoon"):
                rij[naam] = None
        aanmeldingen.append(rij)
    if persoon.user is None:
        return {"aanmeldingen": aanmeldingen}
    antwoorden = [
        {"aanmelding": v.aanmelding_id, **_rij(v, ["vraag", "antwoord", "beantwoord_op"])}
        for v in Aanvullingsverzoek.objects.filter(beantwoord_door=persoon.user)
    ]
    besluiten = [
        {"aanmelding": o.aanmelding_id, **_rij(o, ["van", "naar", "reden", "created_at"])}
        for o in Overgang.objects.filter(door=persoon.user)
    ]
    return {"aanmeldingen": aanmeldingen, "antwoorden": antwoorden, "statuswijzigingen": besluiten}


def _deelnemers(persoon: Persoon) -> list[dict]:
    uit = []
    for d in persoon.deelnemers:
        uit.append(
            {
                **_rij(d, ["id", "naam", "email", "telefoon", "rol", "toegankelijkheid"]),
                **_rij(d, ["actief", "created_at"]),
                "gemeente": str(d.praktijk.aanmelding.gemeente),
                "links": [
                    _rij(link, ["soort", "created_at", "ingetrokken_op", "laatst_gebruikt_op"])
                    for link in d.links.all()
                ],
                "uitnodigingen": [
                    {
                        "bijeenkomst": u.bijeenkomst.titel,
                        "start": u.bijeenkomst.start,
                        **_rij(u, ["antwoord", "beantwoord_op", "aanwezig"]),
                    }
                    for u in d.uitnodigingen.select_related("bijeenkomst")
                ],
                "stemmen": [
                    {
                        "bijeenkomst": s.optie.bijeenkomst.titel,
                        "datumoptie": s.optie.start,
                        "antwoord": s.antwoord,
                    }
                    for s in d.stemmen.select_related("optie__bijeenkomst")
                ],
            }
        )
    return uit


def _lessen(persoon: Persoon) -> dict:
    from kennis.models import Les, Opmerking

    lessen = Q(ingediend_door_deelnemer__in=persoon.deelnemers)
    opmerkingen = Q(deelnemer__in=persoon.deelnemers)
    if persoon.user is not None:
        lessen |= Q(ingediend_door_user=persoon.user)
        opmerkingen |= Q(user=persoon.user)
    return {
        "lessen": [
            _rij(les, ["id", "tekst", "soort", "status", "created_at"])
            for les in Les.objects.filter(lessen)
        ],
        "opmerkingen": [
            {"sectie": o.sectie.titel, **_rij(o, ["id", "tekst", "created_at"])}
            for o in Opmerking.objects.filter(opmerkingen).select_related("sectie")
        ],
    }


def _andere_ontvangers(mail: Mail, persoon: Persoon) -> list[str]:
    """The other recipients' addresses and the names that go with them (accounts and
    participants), longest first: a mail to several people must not show the others."""
    from bijeenkomsten.models import Deelnemer

    anderen = [a for a in mail.aan if a.lower() != persoon.email]
    if not anderen:
        return []
    wie = Q()
    for adres in anderen:
        wie |= Q(email__iexact=adres)
    namen = {*User.objects.filter(wie).values_list("naam", flat=True)}
    namen |= {*Deelnemer.objects.filter(wie).values_list("naam", flat=True)}
    return sorted({*anderen, *(n for n in namen if n.strip())}, key=len, reverse=True)


def _mails(persoon: Persoon) -> list[dict]:
    uit = []
    for mail in persoon.mails():
        aan = [a for a in mail.aan if a.lower() == persoon.email]
        if not aan:  # icontains also matches e.g. "xjan@…" for "jan@…"
            continue
        anderen = _andere_ontvangers(mail, persoon)
        uit.append(
            {
                "aan": aan,
                "onderwerp": _vervangen(mail.onderwerp, anderen, ANDER),
                "tekst": _vervangen(mail.tekst, anderen, ANDER),
                **_rij(mail, ["status", "created_at", "verzonden_op"]),
            }
        )
    return uit


def _auditlog(persoon: Persoon) -> list[dict]:
    uit = []
    for regel in persoon.auditregels():
        eigen = persoon.user is not None and regel.actor_id == persoon.user.pk
        uit.append(
            {
                **_rij(regel, ["tijdstip", "actie", "object_type", "object_id", "resultaat"]),
                # Who else acted on the person's data is named by role only; their own
                # entries keep their text and origin.
                "door": regel.actor_tekst if eigen else "medewerker van het portaal",
                "ip": regel.ip if eigen else None,
            }
        )
    return uit


def _tekstvelden():
    """Every text and JSON column of our own apps and of the Django admin log, as (model,
    field). JSON too: mail attachments (ICS) carry the organiser's address."""
    for model in apps.get_models():
        if model._meta.app_label not in (*EIGEN_APPS, "admin") or model is AuditRegel:
            continue
        for veld in model._meta.concrete_fields:
            tekst = isinstance(veld, (models.CharField, models.TextField, models.JSONField))
            if tekst and not veld.choices:
                yield model, veld


def _vermeldingen(persoon: Persoon) -> list[dict]:
    """Where the person's name or address appears in a text field (location only)."""
    termen = [persoon.email, *persoon.namen]
    uit = []
    for model, veld in _tekstvelden():
        filter_ = Q()
        for term in termen:
            filter_ |= Q(**{f"{veld.name}__icontains": term})
        for pk in model._default_manager.filter(filter_).values_list("pk", flat=True):
            uit.append({"model": model._meta.label, "id": pk, "veld": veld.name})
    return uit


def persoon_exporteren(*, persoon: Persoon, door, request=None) -> bytes:
    """The zip with the person's data. Records the export in the audit log."""
    from django.conf import settings

    bestanden = {
        "account.json": _account(persoon),
        "lidmaatschappen.json": _lidmaatschappen(persoon),
        "aanmeldingen.json": _aanmeldingen(persoon),
        "deelnemers.json": _deelnemers(persoon),
        "lessen.json": _lessen(persoon),
        "mails.json": _mails(persoon),
        "auditlog.json": _auditlog(persoon),
        "vermeldingen.json": _vermeldingen(persoon),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zip_:
        zip_.writestr(
            "LEESMIJ.txt",
            LEESMIJ.format(
                email=persoon.email,
                datum=timezone.localtime().strftime("%d-%m-%Y %H:%M"),
                contact=settings.PORTAL_CONTACT_EMAIL,
            ),
        )
        for naam, inhoud in bestanden.items():
            zip_.writestr(
                naam, json.dumps(inhoud, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
            )
    audit.vastleggen(
        request,
        audit.PERSOON_GEEXPORTEERD,
        persoon.user,
        actor=door,
        object_tekst=_object_tekst(persoon),
    )
    return buffer.getvalue()


def _object_tekst(persoon: Persoon) -> str:
    # Never the address itself: the entry must stay free of the person's data after erasure.
    delen = []
    if persoon.user is not None:
        delen.append(f"gebruiker #{persoon.user.pk}")
    if persoon.deelnemers:
        delen.append("deelnemer " + ", ".join(f"#{d.pk}" for d in persoon.deelnemers))
    return "; ".join(delen) or "niets gevonden"


# --- Erasure ------------------------------------------------------------------------------------


def _vervangen(tekst: str, termen: list[str], door: str = GEWIST) -> str:
    for term in termen:
        tekst = re.sub(re.escape(term), door, tekst, flags=re.IGNORECASE)
    return tekst


@transaction.atomic
def persoon_wissen(*, persoon: Persoon, door, request=None) -> None:
    """Anonymise the person everywhere, in one transaction.

    - the account: address ``gewist-<id>@gewist.invalid``, no name, no password, inactive; its
      e-mail addresses, second factors, sessions and memberships are removed;
    - participant records: name, address, phone and needs replaced; personal links removed;
    - contact details in enrolments they are the contact for are emptied;
    - mail to them is removed (mail to several people loses their address and is redacted);
    - every text field of our apps and the admin log: their name and address replaced;
    - audit entries about them or by them are redacted (``AuditRegel.objects.redigeren``).

    Enrolments, invitations, attendance, votes and lessons stay, so the numbers do too. A
    beheerder cannot erase themselves (``PortaalFout``): another beheerder must do it."""
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    from bijeenkomsten.models import Deelnemer, PersoonlijkeLink
    from intake.models import Aanmelding

    if persoon.user is not None and persoon.user.pk == getattr(door, "pk", None):
        raise PortaalFout(
            _("U kunt uw eigen gegevens hier niet wissen. Vraag een andere beheerder.")
        )
    termen = sorted({persoon.email, *persoon.namen}, key=len, reverse=True)
    user = persoon.user
    if user is not None:
        user = User.objects.select_for_update().get(pk=user.pk)
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        GemeenteLidmaatschap.objects.filter(user=user).delete()
        _sessies_wissen(user)
        user.email = f"gewist-{user.pk}@gewist.invalid"
        user.naam = ""
        user.is_active = False
        user.nieuws_ontvangen = False
        user.set_unusable_password()
        user.save()
    wie = Q(contact_email__iexact=persoon.email)
    if user is not None:
        wie |= Q(aangemaakt_door=user, contact_email="")
    Aanmelding.objects.filter(wie).update(
        contact_naam="", contact_functie="", contact_email="", contact_telefoon=""
    )
    for deelnemer in Deelnemer.objects.select_for_update().filter(
        pk__in=[d.pk for d in persoon.deelnemers]
    ):
        PersoonlijkeLink.objects.filter(deelnemer=deelnemer).delete()
        deelnemer.naam = "Gewiste deelnemer"
        deelnemer.email = f"gewist-{deelnemer.pk}@gewist.invalid"
        deelnemer.telefoon = ""
        deelnemer.toegankelijkheid = ""
        deelnemer.actief = False
        deelnemer.save()
    for mail in persoon.mails().select_for_update():
        anderen = [a for a in mail.aan if a.lower() != persoon.email]
        if not anderen:
            mail.delete()
            continue
        Mail.objects.filter(pk=mail.pk).update(
            aan=anderen,
            onderwerp=_vervangen(mail.onderwerp, termen),
            tekst=_vervangen(mail.tekst, termen),
            html=_vervangen(mail.html, termen),
            laatste_fout=_vervangen(mail.laatste_fout, termen),
        )
    for model, veld in _tekstvelden():
        filter_ = Q()
        for term in termen:
            filter_ |= Q(**{f"{veld.name}__icontains": term})
        for pk, waarde in model._default_manager.filter(filter_).values_list("pk", veld.name):
            if isinstance(veld, models.JSONField):
                tekst = json.dumps(waarde, cls=DjangoJSONEncoder, ensure_ascii=False)
                nieuw = json.loads(_vervangen(tekst, termen))
            else:
                nieuw = _vervangen(waarde, termen)
            model._default_manager.filter(pk=pk).update(**{veld.name: nieuw})
    LogEntry.objects.filter(
        Q(object_repr__icontains=persoon.email) | Q(change_message__icontains=persoon.email)
    ).update(object_repr=GEWIST, change_message="")
    tekst = Q()
    for term in termen:
        tekst |= Q(actor_tekst__icontains=term) | Q(object_tekst__icontains=term)
    (persoon.auditregels() | AuditRegel.objects.filter(tekst)).redigeren(vervanging=GEWIST)
    # Their name may stand in texts of cached pages (a meeting's programme in a calendar feed,
    # a public page): none of those may show it after this.
    _caches_legen()
    audit.vastleggen(
        request,
        audit.PERSOON_GEWIST,
        user,
        actor=door,
        object_tekst=_object_tekst(persoon),
    )


def _caches_legen() -> None:
    from bijeenkomsten import weergavecache
    from intake import rapportage

    from . import paginacache

    paginacache.vernieuwen()
    weergavecache.vernieuwen()
    rapportage.vernieuwen()


def _sessies_wissen(user) -> None:
    # Sessions store the user id in their signed data; decode to find the person's own. Ended
    # through the engine, which also removes the cached copy (portal/sessies.py).
    engine = import_module(settings.SESSION_ENGINE)
    for sessie in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(sessie.get_decoded().get("_auth_user_id")) == str(user.pk):
            engine.SessionStore(session_key=sessie.session_key).delete()
