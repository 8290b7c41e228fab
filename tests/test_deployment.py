"""docker-compose.yml cannot run on CI (no Docker engine), so its shape is checked here."""

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SETTINGS = (ROOT / "seam_scm/settings.py").read_text()


def test_compose_runs_the_five_services_with_health_checks():
    services = COMPOSE["services"]
    assert sorted(services) == ["beat", "db", "redis", "web", "worker"]
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    for name in ["db", "redis", "web"]:
        assert services[name]["healthcheck"]["test"]
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert services["worker"]["command"][:4] == ["celery", "-A", "seam_scm", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "seam_scm", "beat"]


def test_compose_keeps_data_in_named_volumes():
    assert sorted(COMPOSE["volumes"]) == ["media", "pgdata", "redisdata"]
    assert "pgdata:/var/lib/postgresql/data" in COMPOSE["services"]["db"]["volumes"]


def test_every_variable_the_app_receives_is_read_by_settings():
    app_environment = COMPOSE["services"]["web"]["environment"]
    read = set(re.findall(r'env\.\w+\("([A-Z0-9_]+)"', SETTINGS))
    assert sorted(set(app_environment) - read) == []


def test_dockerfile_collects_static_files_for_whitenoise():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "collectstatic --noinput" in dockerfile
    assert "STATIC_MANIFEST=true" in dockerfile
