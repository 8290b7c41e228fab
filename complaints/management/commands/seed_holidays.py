from django.core.management.base import BaseCommand, CommandError

from complaints.holidays import known_years, provisional_years, seed_holidays
from seam_scm.tenancy.models import Organization

YEARS_WITH_DATA = ", ".join(str(year) for year in known_years())


class Command(BaseCommand):
    help = (
        "Add the Thai public holidays of the given years (Christian Era, e.g. --year 2028) to "
        "the working calendars of every organization, or of one with --org. A holiday is added "
        "only on a date where the organization has no holiday yet, so holidays the coordinator "
        "edited stay as they are; a seeded holiday the coordinator deleted comes back. Every "
        "new organization already gets this year's and next year's holidays. For a year not "
        "listed in complaints/holidays.py (THAI_HOLIDAYS), first add that year's list from the "
        f"Cabinet's announcement there, then run this command. Years with data: {YEARS_WITH_DATA}."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            required=True,
            help="calendar year (Christian Era, e.g. 2028); repeat for several years",
        )
        parser.add_argument("--org", help="only this organization (slug)")

    def handle(self, *args, **options):
        years = sorted(set(options["year"]))
        unknown = [year for year in years if year not in known_years()]
        if unknown:
            missing = ", ".join(str(year) for year in unknown)
            raise CommandError(
                f"No holiday data for {missing}. Add the year's holidays to THAI_HOLIDAYS in "
                f"complaints/holidays.py first (years with data: {YEARS_WITH_DATA})."
            )
        organizations = Organization.objects.order_by("slug")
        if options["org"]:
            organizations = organizations.filter(slug=options["org"])
            if not organizations.exists():
                raise CommandError(f"No organization with slug {options['org']!r}.")
        for organization in organizations:
            added = seed_holidays(organization=organization, years=years)
            self.stdout.write(f"{organization.slug}: {len(added)} holidays added")
        provisional = ", ".join(str(year) for year in sorted(set(years) & provisional_years()))
        if provisional:
            self.stdout.write(
                self.style.WARNING(
                    f"Some dates of {provisional} are provisional (not yet announced by the "
                    "Cabinet): check them on each organization's calendar page."
                )
            )
