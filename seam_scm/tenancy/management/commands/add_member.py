from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from seam_scm.tenancy.models import Organization
from seam_scm.tenancy.roles import Role
from seam_scm.tenancy.services import add_member


class Command(BaseCommand):
    help = "Give a person a role in an organization, creating their account if needed."

    def add_arguments(self, parser):
        parser.add_argument("org", help="organization slug")
        parser.add_argument("email")
        parser.add_argument("role", choices=Role.values)
        parser.add_argument("--password", help="set this password (else the person gets a link)")
        parser.add_argument("--name", default="", help="full name of a new person")
        parser.add_argument("--no-email", action="store_true", help="do not send the e-mail")

    def handle(self, *args, **options):
        try:
            organization = Organization.objects.get(slug=options["org"])
        except Organization.DoesNotExist:
            raise CommandError(f"No organization with slug {options['org']!r}.") from None
        try:
            membership = add_member(
                organization=organization,
                email=options["email"],
                role=options["role"],
                full_name=options["name"],
                password=options["password"],
                notify=not options["no_email"],
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"{membership.user.email} is {membership.role} in {organization.slug}"
            )
        )
