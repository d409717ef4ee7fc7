"""Who may see and change enrolments and intakes. Views call these; templates get the results."""

from portal.permissions import (
    bevestigde_gemeente_ids,
    is_adviseur,
    is_adviseur_of_beheerder,
    is_beheerder,
)
from trajecten.models import Traject

from .models import Aanmelding


def is_adviseur_van_traject(*, user, traject: Traject) -> bool:
    """Advisors see the tracks their organisation runs; beheerders see everything."""
    if is_beheerder(user):
        return True
    if not is_adviseur(user):
        return False
    return traject.organisaties.filter(pk=user.organisatie_id).exists()


def is_ambtenaar_van(*, user, aanmelding: Aanmelding) -> bool:
    gemeente_ids = bevestigde_gemeente_ids(user)
    if not gemeente_ids:
        return False
    return aanmelding.deelnemers.filter(gemeente_id__in=gemeente_ids).exists()


def kan_aanmelding_zien(*, user, aanmelding: Aanmelding) -> bool:
    return is_adviseur_van_traject(user=user, traject=aanmelding.traject) or is_ambtenaar_van(
        user=user, aanmelding=aanmelding
    )


def kan_aanmelding_invullen(*, user, aanmelding: Aanmelding) -> bool:
    return aanmelding.status == Aanmelding.Status.CONCEPT and is_ambtenaar_van(
        user=user, aanmelding=aanmelding
    )


def kan_aanvulling_geven(*, user, aanmelding: Aanmelding) -> bool:
    return aanmelding.status == Aanmelding.Status.AANVULLING_GEVRAAGD and is_ambtenaar_van(
        user=user, aanmelding=aanmelding
    )


def kan_terugtrekken(*, user, aanmelding: Aanmelding) -> bool:
    if aanmelding.status not in Aanmelding.OPEN_STATUSSEN:
        return False
    return is_ambtenaar_van(user=user, aanmelding=aanmelding) or is_adviseur_van_traject(
        user=user, traject=aanmelding.traject
    )


def kan_intake_beheren(*, user, aanmelding: Aanmelding) -> bool:
    """Plan, move, cancel and record intakes, and decide: advisors of the track, beheerders."""
    return is_adviseur_van_traject(user=user, traject=aanmelding.traject)


def kan_notities_zien(*, user, aanmelding: Aanmelding) -> bool:
    """Intake notes are for advisors only, never for officials."""
    return is_adviseur_van_traject(user=user, traject=aanmelding.traject)


def kan_dashboard_zien(*, user, traject: Traject) -> bool:
    return is_adviseur_of_beheerder(user) and is_adviseur_van_traject(user=user, traject=traject)
