"""Who may see and do what: the roles, and where each rule lives.

Plain functions; views call them (or a selector scoped with them) and templates receive their
results. The roles:

- anonymous: the public pages only (home, catalogue, track pages, library, contact, privacy,
  accessibility statement, health);
- official (``bevestigde_gemeente_ids``): a confirmed member of a municipality sees its
  enrolments, practices and the knowledge products in their scope; an unconfirmed member
  (membership requested) sees nothing of the municipality yet;
- participant: no account, a personal link ``/p/<token>/`` to their own meetings, lessons,
  review and certificate (``bijeenkomsten.links.link_zoeken``);
- advisor (``is_adviseur``): everything of the tracks their organisation runs, nothing of other
  organisations' tracks;
- beheerder (``is_beheerder``): every track, and the privacy page.

The rules, one module per app:

- ``portal.permissions`` (this module): roles, memberships;
- ``intake.permissions``: enrolments, intakes, the edition dashboard (``kan_dashboard_zien``,
  also the rule for the advisor's pages of an edition: groups, meetings, lessons, products);
- ``bijeenkomsten.permissions``: local practices and their participants;
- ``kennis.permissions``: knowledge products, review comments, consent and PDFs.

``tests/test_toegangsmatrix.py`` requests every route as every role to check them."""

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
