from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Membership, Organization, OrgUnit


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["slug", "short_name", "name_th", "name_en"]
    search_fields = ["slug", "name_th", "name_en", "short_name"]


@admin.register(OrgUnit)
class OrgUnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_th", "kind", "organization"]
    list_filter = ["organization", "kind"]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organization", "role"]
    list_filter = ["organization", "role"]
    autocomplete_fields = ["user"]
