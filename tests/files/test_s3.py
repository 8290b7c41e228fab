"""The S3 backend (django-storages) against moto's S3 emulator running as a real HTTP server."""

import datetime as dt
import hashlib
import socket
from urllib.parse import quote

import boto3
import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope
from moto.server import ThreadedMotoServer

from seam_scm.files import services
from seam_scm.files.demo import SURVEY_CSV_V1, sample_png
from seam_scm.tenancy.roles import Role

from .factories import PDF, make_attachment, upload

pytestmark = pytest.mark.django_db

BUCKET = "seam-evidence-test"
CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings):
    """A fresh bucket, and the evidence storage pointed at it the way settings.py does."""
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1", **CREDENTIALS)
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "access_key": "testing",
                "secret_key": "testing",
                "default_acl": None,
                "querystring_auth": True,
                "file_overwrite": False,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def test_upload_stores_the_object_under_the_org_prefix(org_a, bucket):
    attachment = make_attachment(org_a)
    version = attachment.current_version
    assert keys(bucket) == [version.file.name]
    assert version.file.name.startswith(f"org-{org_a.id}/")
    stored = bucket.get_object(Bucket=BUCKET, Key=version.file.name)["Body"].read()
    assert stored == PDF
    assert version.sha256 == hashlib.sha256(stored).hexdigest()


def test_refused_upload_stores_nothing(org_a, bucket):
    with pytest.raises(ValidationError):
        make_attachment(org_a, name="ภาพ.pdf", content=sample_png())
    assert keys(bucket) == []


def test_download_through_the_view_streams_from_the_bucket(
    org_a, bucket, member_factory, client_for
):
    attachment = make_attachment(org_a, name="รายงาน ปี 2569.pdf")
    client = client_for(member_factory(org_a, Role.VIEWER))
    response = client.get(f"/o/{org_a.slug}/files/{attachment.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"] == (
        f"attachment; filename*=utf-8''{quote('รายงาน ปี 2569.pdf')}"
    )


def test_x_accel_is_not_used_for_a_bucket(org_a, bucket, member_factory, client_for, settings):
    settings.EVIDENCE_X_ACCEL_PREFIX = "/protected-evidence/"
    attachment = make_attachment(org_a)
    response = client_for(member_factory(org_a, Role.VIEWER)).get(
        f"/o/{org_a.slug}/files/{attachment.pk}/download/"
    )
    assert "X-Accel-Redirect" not in response
    assert b"".join(response.streaming_content) == PDF


def test_replace_keeps_both_objects_and_purge_removes_them(
    org_a, bucket, member_factory, client_for, django_capture_on_commit_callbacks
):
    coordinator = member_factory(org_a, Role.COORDINATOR)
    attachment = make_attachment(org_a, by=coordinator)
    first = attachment.current_version
    with scope(organization=org_a):
        second = services.replace_file(
            attachment=attachment,
            uploaded_by=coordinator,
            upload=upload("ผลสำรวจ.csv", SURVEY_CSV_V1.encode()),
        )
    assert len(keys(bucket)) == 2
    client = client_for(coordinator)
    old = client.get(f"/o/{org_a.slug}/files/versions/{first.pk}/download/")
    assert b"".join(old.streaming_content) == PDF
    current = client.get(f"/o/{org_a.slug}/files/{attachment.pk}/download/")
    assert b"".join(current.streaming_content) == SURVEY_CSV_V1.encode()
    assert second.sha256 == hashlib.sha256(SURVEY_CSV_V1.encode()).hexdigest()

    with scope(organization=org_a), django_capture_on_commit_callbacks(execute=True):
        services.delete_attachment(attachment=attachment, by=coordinator, purge=True)
    assert keys(bucket) == []


def test_sweep_finds_orphans_in_the_bucket(org_a, bucket):
    kept = make_attachment(org_a)
    bucket.put_object(Bucket=BUCKET, Key=f"org-{org_a.id}/2026/{'0' * 32}", Body=b"left over")
    # A cutoff in the future counts every file as old enough.
    swept = services.sweep_orphan_files(older_than=dt.timedelta(minutes=-1))
    assert swept == [f"org-{org_a.id}/2026/{'0' * 32}"]
    assert keys(bucket) == [kept.current_version.file.name]
