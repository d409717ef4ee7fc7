from django.contrib import admin

from .models import (
    Editie,
    MethodeStap,
    Programma,
    Publiek,
    Thema,
    Traject,
    TrajectContact,
    TrajectOnderdeel,
)


class TrajectOnderdeelInline(admin.TabularInline):
    model = TrajectOnderdeel
    extra = 0


class MethodeStapInline(admin.TabularInline):
    model = MethodeStap
    extra = 0


class TrajectContactInline(admin.StackedInline):
    model = TrajectContact
    extra = 0


class EditieInline(admin.TabularInline):
    model = Editie
    extra = 0
    fields = [
        "naam",
        "slug",
        "status",
        "aanmelding_vanaf",
        "aanmelding_tot",
        "startdatum",
        "plaatsen",
    ]
    show_change_link = True


@admin.register(Traject)
class TrajectAdmin(admin.ModelAdmin):
    list_display = ["code", "titel", "soort", "status", "programma"]
    list_filter = ["soort", "status", "programma", "organisaties"]
    search_fields = ["code", "titel", "ondertitel", "samenvatting"]
    prepopulated_fields = {"slug": ["titel"]}
    filter_horizontal = ["organisaties", "themas", "publieken"]
    inlines = [TrajectOnderdeelInline, MethodeStapInline, TrajectContactInline, EditieInline]
    list_select_related = ["programma"]


@admin.register(Editie)
class EditieAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "status",
        "aanmelding_vanaf",
        "aanmelding_tot",
        "startdatum",
        "plaatsen",
    ]
    list_filter = ["status", "traject"]
    search_fields = ["naam", "traject__titel"]
    list_select_related = ["traject"]


@admin.register(Programma)
class ProgrammaAdmin(admin.ModelAdmin):
    list_display = ["naam"]
    filter_horizontal = ["organisaties"]
    prepopulated_fields = {"slug": ["naam"]}


@admin.register(Thema)
class ThemaAdmin(admin.ModelAdmin):
    list_display = ["naam", "soort"]
    list_filter = ["soort"]
    search_fields = ["naam"]
    prepopulated_fields = {"slug": ["naam"]}


@admin.register(Publiek)
class PubliekAdmin(admin.ModelAdmin):
    list_display = ["naam", "volgorde"]
    prepopulated_fields = {"slug": ["naam"]}
