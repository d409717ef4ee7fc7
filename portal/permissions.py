"""Who may do what with accounts and municipalities. Plain functions; views call them and
templates receive their results."""

from .models import Gemeente, GemeenteLidmaatschap, User


def is_adviseur(user) -> bool:
    return bool(user.is_authenticated and user.rol == User.Rol.ADVISEUR and user.is_active)


def is_beheerder(user) -> bool:
    return bool(user.is_authenticated and user.rol == User.Rol.BEHEERDER and user.is_active)


def is_adviseur_of_beheerder(user) -> bool:
    return is_adviseur(user) or is_beheerder(user)


def bevestigde_gemeente_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        GemeenteLidmaatschap.objects.filter(
            user=user, status=GemeenteLidmaatschap.Status.BEVESTIGD
        ).values_list("gemeente_id", flat=True)
    )


def is_bevestigd_lid(*, user, gemeente: Gemeente) -> bool:
    return gemeente.pk in bevestigde_gemeente_ids(user)


def kan_lidmaatschap_beoordelen(*, user, lidmaatschap: GemeenteLidmaatschap) -> bool:
    """Advisors, beheerders and confirmed officials of that municipality confirm a request."""
    if lidmaatschap.user_id == user.pk:
        return False
    return is_adviseur_of_beheerder(user) or is_bevestigd_lid(
        user=user, gemeente=lidmaatschap.gemeente
    )
