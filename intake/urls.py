from django.urls import path

from . import dashboard, views

app_name = "intake"

urlpatterns = [
    path("aanmelden/<slug:traject>/", views.aanmelding_start, name="aanmelding-start"),
    path("aanmeldingen/", views.mijn_aanmeldingen, name="mijn-aanmeldingen"),
    path("aanmeldingen/<int:pk>/", views.aanmelding_detail, name="aanmelding-detail"),
    path("aanmeldingen/<int:pk>/stap/<slug:stap>/", views.aanmelding_stap, name="aanmelding-stap"),
    path(
        "aanmeldingen/<int:pk>/controleren/",
        views.aanmelding_controleren,
        name="aanmelding-controleren",
    ),
    path("aanmeldingen/<int:pk>/aanvulling/", views.aanvulling_geven, name="aanvulling-geven"),
    path(
        "aanmeldingen/<int:pk>/terugtrekken/",
        views.aanmelding_terugtrekken,
        name="aanmelding-terugtrekken",
    ),
    path("aanmeldingen/<int:pk>/intake.ics", views.intake_ics, name="intake-ics"),
    path("aanmeldingen/<int:pk>/intake/plannen/", views.intake_plannen, name="intake-plannen"),
    path("aanmeldingen/<int:pk>/intake/afzeggen/", views.intake_afzeggen, name="intake-afzeggen"),
    path("aanmeldingen/<int:pk>/intake/verslag/", views.intake_verslag, name="intake-verslag"),
    path("aanmeldingen/<int:pk>/besluit/", views.aanmelding_besluit, name="aanmelding-besluit"),
    path("adviseur/", dashboard.adviseur_start, name="adviseur-start"),
    path("adviseur/edities/<int:pk>/", dashboard.editie_dashboard, name="editie-dashboard"),
    path(
        "adviseur/edities/<int:pk>/aanmeldingen.<str:formaat>",
        dashboard.editie_export,
        name="editie-export",
    ),
]
