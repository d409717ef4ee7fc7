from django.urls import path

from . import product_views as views

app_name = "kennisproduct"

urlpatterns = [
    path("adviseur/edities/<int:pk>/kennisproduct/", views.editie_product, name="editie"),
    path("adviseur/kennisproducten/<int:pk>/", views.editor, name="editor"),
    path("adviseur/kennisproducten/<int:pk>/omslag/", views.omslag, name="omslag"),
    path(
        "adviseur/kennisproducten/<int:pk>/secties/<int:sectie_pk>/",
        views.sectie,
        name="sectie",
    ),
    path(
        "adviseur/kennisproducten/<int:pk>/secties/nieuw/",
        views.sectie_nieuw,
        name="sectie-nieuw",
    ),
    path("adviseur/kennisproducten/<int:pk>/volgorde/", views.volgorde, name="volgorde"),
    path("adviseur/kennisproducten/<int:pk>/status/", views.status, name="status"),
    path(
        "adviseur/kennisproducten/<int:pk>/opmerkingen/<int:opmerking_pk>/afhandelen/",
        views.opmerking_afhandelen,
        name="opmerking-afhandelen",
    ),
    path(
        "adviseur/kennisproducten/<int:pk>/toestemmingen/<int:toestemming_pk>/",
        views.toestemming,
        name="toestemming",
    ),
    path("adviseur/kennisproducten/<int:pk>/voorbeeld/", views.voorbeeld, name="voorbeeld"),
    path("kennisproducten/<int:pk>/meelezen/", views.review, name="review"),
    path("p/<str:token>/kennisproduct/<int:pk>/", views.link_review, name="link-review"),
]
