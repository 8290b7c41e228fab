from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from seam_scm.tenancy.services import create_organization


class Command(BaseCommand):
    help = "Create an organization (a state enterprise)."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="URL name, e.g. pwa")
        parser.add_argument("name_th", help="Thai name, e.g. การประปาส่วนภูมิภาค")
        parser.add_argument("--short-name", required=True, help="Abbreviation, e.g. กปภ.")
        parser.add_argument("--name-en", default="", help="English name")
        parser.add_argument(
            "--fiscal-year-start", type=int, default=10, help="Month the fiscal year starts (10)"
        )

    def handle(self, *args, **options):
        try:
            organization = create_organization(
                slug=options["slug"],
                name_th=options["name_th"],
                name_en=options["name_en"],
                short_name=options["short_name"],
                fiscal_year_start_month=options["fiscal_year_start"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Created {organization.slug}: {organization.name_th}")
        )
