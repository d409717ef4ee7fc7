from django.urls import path

from . import views

app_name = "bijeenkomsten"

urlpatterns = [
    path("adviseur/edities/<int:pk>/leergroepen/", views.leergroepen, name="leergroepen"),
]
