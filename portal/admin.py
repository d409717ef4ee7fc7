from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .mail import mails_opnieuw_versturen
from .models import (
    AuditRegel,
    Gemeente,
    GemeenteLidmaatschap,
    Mail,
    MailOpdracht,
    Organisatie,
    Provincie,
    User,
)

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
    list_display = [
        "naam",
        "cbs_code",
        "provincie",
        "inwoners",
        "samenwerking",
        "einddatum",
        "opgegaan_in",
    ]
    list_filter = [
        "provincie",
        ("einddatum", admin.EmptyFieldListFilter),
        ("inwoners", admin.EmptyFieldListFilter),
    ]
    fields = [
        "cbs_code",
        "naam",
        "provincie",
        "inwoners",
        "samenwerking",
        "website",
        "email_domeinen",
        "einddatum",
        "opgegaan_in",
    ]
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


@admin.register(MailOpdracht)
class MailOpdrachtAdmin(admin.ModelAdmin):
    """Mail jobs, read-only: written and run by ``portal.mailopdrachten``. A failed job shows its
    last error here; its mails were never put in the outbox."""

    list_display = ["functie", "status", "aantal", "pogingen", "created_at", "uitgevoerd_op"]
    list_filter = ["status"]
    date_hierarchy = "created_at"
    fields = [
        "functie",
        "status",
        "aantal",
        "pogingen",
        "volgende_poging_op",
        "laatste_fout",
        "created_at",
        "uitgevoerd_op",
        "gegevens",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Mail)
class MailAdmin(admin.ModelAdmin):
    """The outbox, read-only: mail is written by ``portal.mail`` only. Failed mail can be sent
    again with the action."""

    list_display = ["onderwerp", "aan", "status", "pogingen", "created_at", "verzonden_op"]
    list_filter = ["status"]
    search_fields = ["onderwerp", "aan", "sleutel"]
    date_hierarchy = "created_at"
    actions = ["opnieuw_versturen"]
    fields = [
        "sleutel",
        "message_id",
        "aan",
        "onderwerp",
        "status",
        "pogingen",
        "volgende_poging_op",
        "bezig_sinds",
        "laatste_fout",
        "created_at",
        "verzonden_op",
        "tekst",
        "html",
        "bijlagen",
    ]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_resend_permission(self, request):
        return request.user.has_perm("portal.change_mail")

    @admin.action(description=_("Opnieuw versturen"), permissions=["resend"])
    def opnieuw_versturen(self, request, queryset):
        aantal = mails_opnieuw_versturen(
            mail_ids=list(queryset.values_list("pk", flat=True)), door=request.user
        )
        overgeslagen = queryset.count() - aantal
        self.message_user(
            request,
            ngettext(
                "%(aantal)d e-mail staat weer klaar om te versturen.",
                "%(aantal)d e-mails staan weer klaar om te versturen.",
                aantal,
            )
            % {"aantal": aantal},
            messages.SUCCESS,
        )
        if overgeslagen:
            self.message_user(
                request,
                ngettext(
                    "%(aantal)d e-mail is overgeslagen. Alleen mislukte e-mails en e-mails die "
                    "opnieuw geprobeerd worden, kunt u opnieuw versturen.",
                    "%(aantal)d e-mails zijn overgeslagen. Alleen mislukte e-mails en e-mails die "
                    "opnieuw geprobeerd worden, kunt u opnieuw versturen.",
                    overgeslagen,
                )
                % {"aantal": overgeslagen},
                messages.WARNING,
            )


@admin.register(AuditRegel)
class AuditRegelAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only (see ``portal.audit``)."""

    list_display = ["tijdstip", "actor_tekst", "actie", "object_type", "object_id", "resultaat"]
    list_filter = ["actie", "resultaat", "kanaal", "object_type"]
    search_fields = ["actie", "object_type", "object_id", "actor_tekst"]
    date_hierarchy = "tijdstip"
    list_select_related = ["actor"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
