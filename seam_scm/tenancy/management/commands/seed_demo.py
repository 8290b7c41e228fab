from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django_scopes import scope

from seam_scm.tenancy.demo import DEMO_ORGANIZATIONS, DEMO_PASSWORD, demo_logins, seed_organization


class Command(BaseCommand):
    help = "Create (or bring up to date) two fictional state enterprises with demo users and data."

    @transaction.atomic
    def handle(self, *args, **options):
        modules = [
            import_module(f"{config.name}.demo")
            for config in apps.get_app_configs()
            if config.name != "seam_scm.tenancy" and _has_demo_module(config.name)
        ]
        # A module's optional `finish` runs once every module has seeded: it may use the
        # others' demo records (the privacy demo's consents, requests and breach do).
        finishers = [module.finish for module in modules if hasattr(module, "finish")]
        for demo in DEMO_ORGANIZATIONS:
            organization = seed_organization(demo)
            with scope(organization=organization):
                for module in modules:
                    module.seed(organization=organization)
                for finish in finishers:
                    finish(organization=organization)
        self.stdout.write(self.style.SUCCESS("Demo data is ready. Log in with any of:"))
        for organization, role, email in demo_logins():
            self.stdout.write(f"  {organization:<6} {role:<12} {email}")
        self.stdout.write(f"Password for every demo user: {DEMO_PASSWORD}")


def _has_demo_module(package: str) -> bool:
    return find_spec(f"{package}.demo") is not None
