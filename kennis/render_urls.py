"""URLs of the PDF versions of knowledge products and of the public library (namespace
``weergave``)."""

from django.urls import path

from . import render_views as views

app_name = "weergave"

urlpatterns = [
    path("adviseur/kennisproducten/<int:pk>/pdf/", views.overzicht, name="overzicht"),
    path("adviseur/kennisproducten/<int:pk>/pdf/stand.json", views.stand, name="stand"),
    path(
        "adviseur/kennisproducten/<int:pk>/pdf/<int:nummer>/opnieuw/",
        views.opnieuw,
        name="opnieuw",
    ),
    path("kennisproducten/<slug:slug>/pdf/<int:nummer>/", views.download, name="download"),
    path("kennisbibliotheek/", views.bibliotheek, name="bibliotheek"),
    path("kennisbibliotheek/<slug:slug>/", views.bibliotheek_product, name="bibliotheek-product"),
]
