from django.urls import path

from . import views

app_name = "kennis"

urlpatterns = [
    path("adviseur/edities/<int:pk>/lessen/", views.lijst, name="lessen"),
    path("adviseur/edities/<int:pk>/lessen/nieuw/", views.les_nieuw, name="les-nieuw"),
    path("adviseur/lessen/<int:pk>/wijzigen/", views.les_wijzigen, name="les-wijzigen"),
    path("adviseur/lessen/<int:pk>/beoordelen/", views.les_beoordelen, name="les-beoordelen"),
    path("p/<str:token>/lessen/", views.link_lessen, name="link-lessen"),
    path("praktijken/<int:pk>/lessen/", views.praktijk_lessen, name="praktijk-lessen"),
]
