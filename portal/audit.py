"""The audit log (BIO 8.15.01): one call per event, ``vastleggen(request, actie, object)``.

Views record changes (status transitions, decisions, participants, exports, erasures) and reads of
personal data (intake notes, participant lists, the enrolment export, privacy exports). Each entry
holds the actor (account and a text that survives the account), the action, the object (type, id
and a short text), the result, the origin (IP address) and the time. The texts never hold more
than the object's own label; an erasure redacts them (``portal.avg``).

Actions are dotted slugs, ``<wat>.<werkwoord>``; the constants below are the ones in use."""

from __future__ import annotations

from django.db import models

from .clientadres import client_adres
from .models import AuditRegel

AANMELDING_BESLOTEN = "aanmelding.besloten"
AANMELDING_TERUGGETROKKEN = "aanmelding.teruggetrokken"
AANMELDINGEN_GEEXPORTEERD = "aanmeldingen.geexporteerd"
INTAKE_GEPLAND = "intake.gepland"
INTAKE_AFGEZEGD = "intake.afgezegd"
INTAKE_VERSLAG_BEKEKEN = "intake.verslag.bekeken"
INTAKE_VERSLAG_VASTGELEGD = "intake.verslag.vastgelegd"
INTAKE_NOTITIES_BEKEKEN = "intake.notities.bekeken"
INTAKE_TOEGANG = "intake.toegang"
DEELNEMERS_BEKEKEN = "deelnemers.bekeken"
DEELNEMER_TOEGEVOEGD = "deelnemer.toegevoegd"
DEELNEMER_GEWIJZIGD = "deelnemer.gewijzigd"
DEELNEMER_LINK_VERSTUURD = "deelnemer.link.verstuurd"
DEELNEMER_LINK_INGETROKKEN = "deelnemer.link.ingetrokken"
PERSOON_OPGEZOCHT = "persoon.opgezocht"
PERSOON_GEEXPORTEERD = "persoon.geexporteerd"
PERSOON_GEWIST = "persoon.gewist"
BEWAARTERMIJN_OPGERUIMD = "bewaartermijn.opgeruimd"


def _ip(request) -> str | None:
    # X-Forwarded-For only from the proxies the portal trusts (portal.clientadres).
    return client_adres(request) or None


def _actor_tekst(user) -> str:
    if user is None or not user.is_authenticated:
        return "anoniem"
    return f"{user.email} (#{user.pk})"


def vastleggen(
    request,
    actie: str,
    object: models.Model | None = None,
    resultaat: str = AuditRegel.Resultaat.GELUKT,
    *,
    actor=None,
    object_tekst: str | None = None,
    kanaal: str = "web",
) -> AuditRegel:
    """Write one audit entry. ``request`` gives the actor and the origin; tasks pass ``None``
    with ``kanaal="taak"`` (and ``actor`` when one is known). ``object`` may be a model
    instance; its type, id and label are stored as text, so the entry outlives the object."""
    if actor is None and request is not None:
        actor = getattr(request, "user", None)
    ingelogd = actor is not None and actor.is_authenticated
    if object is not None:
        object_type = object._meta.label_lower
        object_id = str(object.pk)
        if object_tekst is None:
            object_tekst = str(object)
    else:
        object_type = object_id = ""
    return AuditRegel.objects.create(
        actor=actor if ingelogd else None,
        actor_tekst=_actor_tekst(actor) if request is not None or ingelogd else "systeem",
        actie=actie,
        object_type=object_type,
        object_id=object_id,
        object_tekst=(object_tekst or "")[:300],
        resultaat=resultaat,
        ip=_ip(request),
        kanaal=kanaal,
    )
