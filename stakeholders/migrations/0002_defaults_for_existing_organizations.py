from django.db import migrations

from stakeholders.services import DEFAULT_GROUPS


def give_existing_organizations_defaults(apps, schema_editor):
    Organization = apps.get_model("tenancy", "Organization")
    Group = apps.get_model("stakeholders", "StakeholderGroup")
    Settings = apps.get_model("stakeholders", "StakeholderSettings")
    for organization in Organization.objects.all():
        if not Group._base_manager.filter(organization=organization).exists():
            Group._base_manager.bulk_create(
                Group(organization=organization, code=code, name_th=th, name_en=en, order=i)
                for i, (code, th, en) in enumerate(DEFAULT_GROUPS)
            )
        if not Settings._base_manager.filter(organization=organization).exists():
            Settings._base_manager.create(organization=organization)


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0001_initial")]

    operations = [
        migrations.RunPython(give_existing_organizations_defaults, migrations.RunPython.noop)
    ]
