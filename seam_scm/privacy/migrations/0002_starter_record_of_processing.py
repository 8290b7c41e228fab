"""Organizations that existed before the record of processing get its starter purposes, and
their records that already name a lawful basis are linked to the purpose of their module with
that basis, where there is one."""

from django.db import migrations

from seam_scm.privacy.defaults import STARTER_PURPOSES

HOLDERS = [("complaints", "ComplaintCase", "complaints"), ("stakeholders", "Representative", "stakeholders")]


def forwards(apps, schema_editor):
    Organization = apps.get_model("tenancy", "Organization")
    ProcessingActivity = apps.get_model("privacy", "ProcessingActivity")
    for organization in Organization.objects.all():
        if not ProcessingActivity.objects.filter(organization=organization).exists():
            for order, fields in enumerate(STARTER_PURPOSES, start=1):
                ProcessingActivity.objects.create(
                    organization=organization, order=order, **{**fields, "lawful_basis": str(fields["lawful_basis"])}
                )
        purposes = list(ProcessingActivity.objects.filter(organization=organization).order_by("order", "id"))
        for app_label, model_name, module in HOLDERS:
            model = apps.get_model(app_label, model_name)
            for purpose in reversed(purposes):  # the first purpose of a basis wins
                if module in purpose.modules:
                    model.objects.filter(
                        organization=organization, lawful_basis=purpose.lawful_basis
                    ).update(processing_activity=purpose)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("complaints", "0004_complaintcase_personal_data_erased_at_and_more"),
        ("stakeholders", "0003_historicalrepresentative_personal_data_erased_at_and_more"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
