from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from . import sessie, views

# The admin has no login of its own: everyone logs in through allauth (rate limits, second factor).
admin.site.login = login_required(admin.site.login)

portal_patterns = (
    [
        path("", views.home, name="home"),
        path("toegankelijkheidsverklaring/", views.toegankelijkheid, name="toegankelijkheid"),
        path("privacy/", views.privacy, name="privacy"),
        path("contact/", views.contact, name="contact"),
        path("mijn/", views.mijn, name="mijn"),
        path("lidmaatschappen/", views.lidmaatschappen, name="lidmaatschappen"),
        path(
            "lidmaatschappen/<int:pk>/beoordelen/",
            views.lidmaatschap_beoordelen_view,
            name="lidmaatschap-beoordelen",
        ),
        path("adviseur/mail/", include("portal.mail_views")),
        path("beheer-privacy/", include("portal.privacy_views")),
    ],
    "portal",
)

urlpatterns = [
    path("", include(portal_patterns)),
    path("health/", views.health_view, name="health"),
    path("taal/<str:taal>/", views.taal_kiezen, name="taal-kiezen"),
    path("sessie/", sessie.stand, name="sessie-stand"),
    path("sessie/verlengen/", sessie.verlengen, name="sessie-verlengen"),
    path("trajecten/", include("trajecten.urls")),
    # Before the other includes without a prefix: Django tries the patterns in order, and the
    # public knowledge library is among the most visited pages (its patterns overlap with no
    # other; the access-matrix test resolves every route).
    path("", include("kennis.render_urls")),
    path("", include("intake.urls")),
    path("", include("bijeenkomsten.urls")),
    path("", include("bijeenkomsten.deelname_urls")),
    path("", include("bijeenkomsten.planning_urls")),
    path("", include("kennis.urls")),
    path("", include("kennis.bewijs_urls")),
    path("", include("kennis.product_urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
]

handler403 = "portal.views.fout_403"
handler404 = "portal.views.fout_404"
handler500 = "portal.views.fout_500"
