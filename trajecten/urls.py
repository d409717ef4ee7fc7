from django.urls import path

from . import views

app_name = "trajecten"

urlpatterns = [
    path("", views.catalogus, name="catalogus"),
    path("<slug:slug>/", views.traject_detail, name="traject-detail"),
]
