from django.conf import settings

from .permissions import is_adviseur_of_beheerder


def portal(request):
    user = getattr(request, "user", None)
    return {
        "portal_toon_beheer": bool(user and user.is_authenticated and user.is_staff),
        "portal_is_adviseur": bool(user and is_adviseur_of_beheerder(user)),
        "portal_contact_email": settings.PORTAL_CONTACT_EMAIL,
    }
