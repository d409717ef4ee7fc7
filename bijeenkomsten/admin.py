from django.contrib import admin

from .models import Koppeleis, Leergroep, Plaatsing, Samenstelling


class PlaatsingInline(admin.TabularInline):
    model = Plaatsing
    extra = 0
    raw_id_fields = ["aanmelding"]


@admin.register(Leergroep)
class LeergroepAdmin(admin.ModelAdmin):
    list_display = ["naam", "editie", "adviseur", "score"]
    list_filter = ["editie"]
    search_fields = ["naam"]
    list_select_related = ["editie__traject", "adviseur"]
    inlines = [PlaatsingInline]


@admin.register(Samenstelling)
class SamenstellingAdmin(admin.ModelAdmin):
    list_display = ["editie", "versie", "gepubliceerd_op", "gewijzigd_door"]
    readonly_fields = ["versie", "gepubliceerd_op", "gewijzigd_door"]


@admin.register(Koppeleis)
class KoppeleisAdmin(admin.ModelAdmin):
    list_display = ["__str__", "editie", "soort"]
    list_filter = ["soort", "editie"]
    raw_id_fields = ["eerste", "tweede"]
