from django.contrib import admin

from .models import Les


@admin.register(Les)
class LesAdmin(admin.ModelAdmin):
    list_display = ["__str__", "editie", "soort", "status", "praktijk", "created_at"]
    list_filter = ["status", "soort", "themas", "editie"]
    search_fields = ["tekst"]
    list_select_related = ["editie__traject", "praktijk__aanmelding__gemeente"]
    raw_id_fields = [
        "bijeenkomst",
        "praktijk",
        "ingediend_door_user",
        "ingediend_door_deelnemer",
        "beoordeeld_door",
    ]
    filter_horizontal = ["themas"]
    readonly_fields = ["created_at", "updated_at"]
