from django.core.management.base import BaseCommand, CommandError

from seam_scm.privacy import registry
from seam_scm.privacy.retention import record_count, run_retention
from seam_scm.tenancy.models import Organization


class Command(BaseCommand):
    help = (
        "Anonymize the personal data whose retention period (in each organization's record of "
        "processing) has ended, in every organization or in one with --org, and print what was "
        "anonymized. With --dry-run nothing changes: it prints what would be anonymized. Each "
        "run is kept with its report on the organization's retention page. The scheduled task "
        "(Celery beat) does the same every day."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report only; change nothing.")
        parser.add_argument("--org", help="only this organization (slug)")

    def handle(self, *args, dry_run: bool, org: str | None, **options):
        organizations = Organization.objects.order_by("slug")
        if org:
            organizations = organizations.filter(slug=org)
            if not organizations.exists():
                raise CommandError(f"No organization with slug {org!r}.")
        total = 0
        for organization in organizations:
            run = run_retention(organization=organization, dry_run=dry_run)
            count = record_count(run.report)
            total += count
            verb = "would be anonymized" if dry_run else "anonymized"
            self.stdout.write(f"{organization.slug}: {count} record(s) {verb}")
            for line in run.report:
                holder = registry.holder_for(line["model"])
                kind = holder.label if holder else line["model"]
                self.stdout.write(f"  {line['purpose']} / {kind}: {len(line['records'])}")
                for record in line["records"]:
                    self.stdout.write(f"    #{record['id']} {record['record']}")
        summary = "would be anonymized (dry run)" if dry_run else "anonymized"
        self.stdout.write(self.style.SUCCESS(f"{total} record(s) {summary}."))
