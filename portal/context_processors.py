from django.conf import settings


def portal(request):
    user = getattr(request, "user", None)
    return {
        "portal_toon_beheer": bool(user and user.is_authenticated and user.is_staff),
        "portal_contact_email": settings.PORTAL_CONTACT_EMAIL,
    }
