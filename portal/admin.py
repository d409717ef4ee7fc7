from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Gemeente, GemeenteLidmaatschap, Organisatie, Provincie, User

admin.site.site_header = _("Trajectportaal – beheer")
admin.site.site_title = _("Trajectportaal")
admin.site.index_title = _("Beheer van het portaal")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "naam", "rol", "organisatie", "is_active", "last_login"]
    list_filter = ["rol", "organisatie", "is_active", "is_staff"]
    search_fields = ["email", "naam"]
    list_select_related = ["organisatie"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Persoon"), {"fields": ("naam", "rol", "organisatie")}),
        (
            _("Rechten"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Belangrijke data"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "naam", "rol", "organisatie", "password1", "password2"),
            },
        ),
    )


@admin.register(Provincie)
class ProvincieAdmin(admin.ModelAdmin):
    list_display = ["naam", "code"]
    search_fields = ["naam", "code"]


@admin.register(Gemeente)
class GemeenteAdmin(admin.ModelAdmin):
    list_display = ["naam", "cbs_code", "provincie", "samenwerking", "einddatum", "opgegaan_in"]
    list_filter = ["provincie", ("einddatum", admin.EmptyFieldListFilter)]
    search_fields = ["naam", "cbs_code", "samenwerking"]
    list_select_related = ["provincie", "opgegaan_in"]
    autocomplete_fields = ["opgegaan_in"]
    list_per_page = 50


@admin.register(Organisatie)
class OrganisatieAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort", "voert_trajecten_uit", "website"]
    list_filter = ["soort", "voert_trajecten_uit"]
    search_fields = ["naam"]
    prepopulated_fields = {"slug": ["naam"]}


@admin.register(GemeenteLidmaatschap)
class GemeenteLidmaatschapAdmin(admin.ModelAdmin):
    list_display = ["user", "gemeente", "status", "functie", "bevestigd_op"]
    list_filter = ["status"]
    search_fields = ["user__email", "user__naam", "gemeente__naam"]
    list_select_related = ["user", "gemeente"]
    autocomplete_fields = ["user", "gemeente"]
    readonly_fields = ["created_at", "bevestigd_door", "bevestigd_op"]
