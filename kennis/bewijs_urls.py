"""URLs of the certificate of participation (namespace ``bewijs``)."""

from django.urls import path

from . import bewijs_views

app_name = "bewijs"

urlpatterns = [
    path("praktijken/<int:pk>/deelnamebewijs.pdf", bewijs_views.praktijk_bewijs, name="praktijk"),
    path("p/<str:token>/deelnamebewijs.pdf", bewijs_views.link_bewijs, name="link"),
]
