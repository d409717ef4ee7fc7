from django.urls import path

from . import deelname_views as views

app_name = "deelname"

urlpatterns = [
    path("p/<str:token>/", views.link_pagina, name="link"),
    path("p/<str:token>/agenda.ics", views.agenda_feed, name="agenda-feed"),
    path("p/<str:token>/agenda/", views.link_agenda_vernieuwen, name="link-agenda"),
    path(
        "p/<str:token>/bijeenkomsten/<int:pk>/antwoord/", views.link_antwoord, name="link-antwoord"
    ),
    path("p/<str:token>/bijeenkomsten/<int:pk>/stemmen/", views.link_stem, name="link-stem"),
    path("mijn/bijeenkomsten/", views.mijn_bijeenkomsten, name="mijn-bijeenkomsten"),
    path("mijn/bijeenkomsten/<int:pk>/antwoord/", views.mijn_antwoord, name="mijn-antwoord"),
    path("mijn/bijeenkomsten/<int:pk>/stemmen/", views.mijn_stem, name="mijn-stem"),
    path("praktijken/<int:pk>/", views.praktijk, name="praktijk"),
    path(
        "praktijken/<int:pk>/deelnemers/<int:deelnemer_pk>/versturen/",
        views.deelnemer_link_versturen,
        name="deelnemer-versturen",
    ),
    path(
        "praktijken/<int:pk>/deelnemers/<int:deelnemer_pk>/uitzetten/",
        views.deelnemer_uitzetten,
        name="deelnemer-uitzetten",
    ),
    path(
        "praktijken/<int:pk>/deelnemers/<int:deelnemer_pk>/aanzetten/",
        views.deelnemer_aanzetten,
        name="deelnemer-aanzetten",
    ),
    path(
        "praktijken/<int:pk>/deelnemers/<int:deelnemer_pk>/intrekken/",
        views.deelnemer_link_intrekken,
        name="deelnemer-intrekken",
    ),
]
