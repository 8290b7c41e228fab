"""Configuration comes from the environment; these run manage.py in a child process."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What the child must not inherit: configuration, and the browser tests' async-unsafe switch.
CONFIG_VARIABLES = [
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "DATABASE_URL",
    "REDIS_URL",
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "EMAIL_URL",
]


def run_manage(tmp_path, *args, **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in CONFIG_VARIABLES}
    clean.update(SEAM_VAR_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="seam_scm.settings", **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_seen(tmp_path, *names, **env) -> dict:
    code = (
        "import json; from django.conf import settings as s; print(json.dumps({%s}, default=str))"
    )
    pairs = ", ".join(f"{n!r}: s.{n}" for n in names)
    result = run_manage(tmp_path, "shell", "-c", code % pairs, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_with_production_values_reports_nothing(tmp_path):
    result = run_manage(
        tmp_path,
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="false",
        SECRET_KEY="p" * 20 + "-production-secret-key-with-enough-entropy-4f9a2c",
        ALLOWED_HOSTS="seam.example.go.th",
        SECURE_SSL_REDIRECT="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_embedded_default_is_sqlite_in_process_tasks_console_mail(tmp_path):
    seen = settings_seen(
        tmp_path,
        "DATABASES",
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_BROKER_URL",
        "EMAIL_BACKEND",
        "DEBUG",
    )
    database = seen["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "db.sqlite3")
    assert database["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert seen["CELERY_TASK_ALWAYS_EAGER"] is True
    assert seen["CELERY_BROKER_URL"] == "memory://"
    assert seen["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert seen["DEBUG"] is False
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_sqlite_runs_in_wal_mode(tmp_path):
    assert run_manage(tmp_path, "migrate", "--noinput", "-v0").returncode == 0
    result = run_manage(
        tmp_path,
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "print(c.execute('PRAGMA journal_mode').fetchone()[0])",
    )
    assert result.stdout.strip().splitlines()[-1] == "wal"


def test_redis_url_gives_a_real_broker_with_late_acks(tmp_path):
    seen = settings_seen(
        tmp_path,
        "CELERY_TASK_ALWAYS_EAGER",
        "CELERY_BROKER_URL",
        "CELERY_TASK_ACKS_LATE",
        "CACHES",
        REDIS_URL="redis://127.0.0.1:6379/3",
    )
    assert seen["CELERY_TASK_ALWAYS_EAGER"] is False
    assert seen["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/3"
    assert seen["CELERY_TASK_ACKS_LATE"] is True
    assert seen["CACHES"]["default"]["LOCATION"] == "redis://127.0.0.1:6379/3"


def test_database_and_email_urls_are_read(tmp_path):
    seen = settings_seen(
        tmp_path,
        "DATABASES",
        "EMAIL_HOST",
        "EMAIL_PORT",
        DATABASE_URL="postgres://seam:secret@db.internal:5433/seam",
        EMAIL_URL="smtp+tls://mailer:pw@smtp.example.go.th:587",
    )
    database = seen["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == ("db.internal", 5433, "seam")
    assert (seen["EMAIL_HOST"], seen["EMAIL_PORT"]) == ("smtp.example.go.th", 587)


def test_without_debug_cookies_are_secure_and_hsts_is_on(tmp_path):
    seen = settings_seen(
        tmp_path, "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS"
    )
    assert seen == {
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
    }
