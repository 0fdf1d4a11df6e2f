"""Admin pages; API tokens and share links show their digest only (the secrets are never stored)."""

from django.contrib import admin

from explorer.models import (
    Activity,
    ApiToken,
    Collaborator,
    Design,
    Job,
    Revision,
    ShareLink,
    SignInAttempt,
    Team,
    TeamMembership,
)

admin.site.register(Design)
admin.site.register(Revision)
admin.site.register(Job)
admin.site.register(Team)
admin.site.register(TeamMembership)
admin.site.register(Collaborator)


@admin.register(ShareLink)
class ShareLinkAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at run time
    """Links by design, role and state; revoke through the API or the editor (it also removes members)."""

    list_display = ("id", "design", "role", "created_by", "created_at", "revoked_at")
    readonly_fields = ("digest",)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at run time
    """Tokens can be looked at and deleted (revoked) here; a new one is made by its user."""

    list_display = ("name", "user", "prefix", "created_at", "last_used_at")
    readonly_fields = ("user", "name", "prefix", "digest", "created_at", "last_used_at")

    def has_add_permission(self, request: object) -> bool:
        """A token made here could never be shown to anyone."""
        return False


@admin.register(SignInAttempt)
class SignInAttemptAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at run time
    """The credential attempts the throttles count, newest first."""

    list_display = ("created_at", "kind", "account", "address", "succeeded")
    list_filter = ("kind", "succeeded")
    search_fields = ("account", "address")


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # not subscriptable at run time
    """Who did what to which design."""

    list_display = ("created_at", "design", "actor", "verb", "summary")
