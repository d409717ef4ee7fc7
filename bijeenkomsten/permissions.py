"""Who may manage a local practice and its participants. Views and services call these; see
``portal.permissions`` for the list of all permission modules."""

from intake.permissions import is_adviseur_van_traject, is_ambtenaar_van

from .models import LokalePraktijk


def kan_praktijk_beheren(*, user, praktijk: LokalePraktijk) -> bool:
    """The practice's confirmed officials and the track's advisors and beheerders."""
    if not user.is_authenticated:
        return False
    aanmelding = praktijk.aanmelding
    return is_ambtenaar_van(user=user, aanmelding=aanmelding) or is_adviseur_van_traject(
        user=user, traject=aanmelding.traject
    )
