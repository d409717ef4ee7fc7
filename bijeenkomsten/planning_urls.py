from django.urls import path

from . import planning_views as views

app_name = "planning"

urlpatterns = [
    path("adviseur/edities/<int:pk>/bijeenkomsten/", views.kalender, name="kalender"),
    path("adviseur/edities/<int:pk>/bijeenkomsten/aantallen/", views.tellingen, name="tellingen"),
    path(
        "adviseur/edities/<int:pk>/bijeenkomsten/nieuw/",
        views.bijeenkomst_nieuw,
        name="bijeenkomst-nieuw",
    ),
    path("adviseur/bijeenkomsten/<int:pk>/", views.bijeenkomst, name="bijeenkomst"),
    path(
        "adviseur/bijeenkomsten/<int:pk>/wijzigen/",
        views.bijeenkomst_wijzigen,
        name="bijeenkomst-wijzigen",
    ),
    path(
        "adviseur/bijeenkomsten/<int:pk>/annuleren/",
        views.bijeenkomst_annuleren,
        name="bijeenkomst-annuleren",
    ),
    path(
        "adviseur/bijeenkomsten/<int:pk>/verslag/",
        views.bijeenkomst_verslag,
        name="bijeenkomst-verslag",
    ),
]
