import datetime as dt

from django.core.management.base import BaseCommand

from seam_scm.files.services import sweep_orphan_files


class Command(BaseCommand):
    help = (
        "Delete stored evidence files that no file version refers to (left by an upload whose "
        "surrounding transaction rolled back). Safe to run from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than-hours",
            type=float,
            default=24,
            help="Only files at least this old, so uploads in progress are left alone (24).",
        )
        parser.add_argument("--dry-run", action="store_true", help="List, delete nothing.")

    def handle(self, *args, older_than_hours: float, dry_run: bool, **options):
        orphans = sweep_orphan_files(
            older_than=dt.timedelta(hours=older_than_hours), dry_run=dry_run
        )
        for name in orphans:
            self.stdout.write(f"{'would delete' if dry_run else 'deleted'} {name}")
        self.stdout.write(self.style.SUCCESS(f"{len(orphans)} orphaned file(s)."))
