from django.db import migrations
from django.utils import timezone

from complaints.holidays import missing_holidays


def give_existing_organizations_defaults(apps, schema_editor):
    """Organizations created before the complaints app get what new ones get on creation: the
    default working calendar and the Thai holidays of this year and the next."""
    Organization = apps.get_model("tenancy", "Organization")
    WorkingCalendar = apps.get_model("complaints", "WorkingCalendar")
    Holiday = apps.get_model("complaints", "Holiday")
    year = timezone.localdate().year
    years = [year, year + 1]
    for organization in Organization.objects.all():
        if not WorkingCalendar._base_manager.filter(organization=organization).exists():
            WorkingCalendar._base_manager.create(organization=organization)
        existing = Holiday._base_manager.filter(
            organization=organization, date__year__in=years
        ).values_list("date", flat=True)
        Holiday._base_manager.bulk_create(
            Holiday(
                organization=organization,
                date=row.date,
                name_th=row.name_th,
                name_en=row.name_en,
                kind=row.kind,
            )
            for row in missing_holidays(existing, years)
        )


class Migration(migrations.Migration):
    dependencies = [("complaints", "0001_initial")]

    operations = [
        migrations.RunPython(give_existing_organizations_defaults, migrations.RunPython.noop)
    ]
