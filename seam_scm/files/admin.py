from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Attachment, DownloadLog, FileVersion


class FileVersionInline(admin.TabularInline):
    model = FileVersion
    fields = ["number", "original_name", "content_type", "size", "sha256", "uploaded_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    """For platform staff: read the evidence; uploads and deletions go through the app."""

    list_display = ["title", "organization", "effective_date", "deleted_at"]
    list_filter = ["organization"]
    search_fields = ["title"]
    inlines = [FileVersionInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(DownloadLog)
class DownloadLogAdmin(admin.ModelAdmin):
    list_display = ["created_at", "user", "file_name", "version_number", "organization"]
    list_filter = ["organization"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
