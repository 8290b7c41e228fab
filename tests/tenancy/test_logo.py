"""The organization settings page and its logo: who may change it, what is accepted, where it
is stored, how it is served, and the history of changes."""

import io
import os

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from seam_scm.files.demo import sample_pdf, sample_png
from seam_scm.tenancy.models import Organization
from seam_scm.tenancy.roles import Role
from seam_scm.tenancy.services import LOGO_NOT_AN_IMAGE, LOGO_TOO_LARGE

from ..factories import MembershipFactory

pytestmark = pytest.mark.django_db

CORRUPT_IMAGE = "The image is damaged or incomplete and cannot be read."


def _member(org, role, *, language="en"):
    user = MembershipFactory(organization=org, role=role).user
    # Messages are compared as written in the source, so the acting user reads English.
    user.language = language
    user.save(update_fields=["language"])
    return user


def _settings_url(org) -> str:
    return reverse("tenancy:settings", kwargs={"org_slug": org.slug})


def _logo_url(org) -> str:
    return reverse("tenancy:logo", kwargs={"org_slug": org.slug})


def _image(format_: str, size=(64, 64), noise: bool = False) -> bytes:
    if noise:  # random pixels do not compress: a large file from a small picture
        image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    else:
        image = Image.new("RGB", size, (11, 61, 107))
    buffer = io.BytesIO()
    image.save(buffer, format=format_)
    return buffer.getvalue()


def _form(org, **extra) -> dict:
    return {"name_th": org.name_th, "name_en": org.name_en, "short_name": org.short_name, **extra}


def _upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def _stored_logos(org) -> list[str]:
    storage = storages["evidence"]
    folder = f"org-{org.pk}/logo"
    return storage.listdir(folder)[1] if storage.exists(folder) else []


def _reload(org) -> Organization:
    return Organization.objects.get(pk=org.pk)


def test_coordinator_uploads_a_png_logo(org_a, client_for):
    coordinator = _member(org_a, Role.COORDINATOR)
    client = client_for(coordinator)
    png = sample_png((200, 120))
    response = client.post(_settings_url(org_a), _form(org_a, logo=_upload("โลโก้.png", png)))
    assert response.status_code == 302

    org = _reload(org_a)
    # In the private evidence storage, under the organization's folder, with a random name.
    assert org.logo.name.startswith(f"org-{org.pk}/logo/")
    assert "โลโก้" not in org.logo.name
    with org.logo.storage.open(org.logo.name, "rb") as handle:
        assert handle.read() == png

    # The history says who changed the logo.
    page = client.get(_settings_url(org_a)).content.decode()
    assert 'data-testid="logo"' in page
    latest = org.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == coordinator
    assert latest.logo == org.logo.name
    assert "logo" in page.split('data-testid="history"')[1]


def test_a_jpeg_logo_is_accepted_and_replacing_keeps_the_old_file(org_a, client_for):
    client = client_for(_member(org_a, Role.COORDINATOR))
    client.post(_settings_url(org_a), _form(org_a, logo=_upload("a.png", sample_png())))
    first = _reload(org_a).logo.name
    response = client.post(
        _settings_url(org_a), _form(org_a, logo=_upload("b.jpg", _image("JPEG")))
    )
    assert response.status_code == 302
    second = _reload(org_a).logo.name
    assert second != first
    # The older file stays: the history's earlier row names it.
    assert len(_stored_logos(org_a)) == 2
    assert set(_reload(org_a).history.values_list("logo", flat=True)) >= {first, second}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.gif", _image("GIF"), LOGO_NOT_AN_IMAGE),
        ("logo.pdf", sample_pdf(["not a picture"]), LOGO_NOT_AN_IMAGE),
        ("logo.png", sample_png()[:-40], CORRUPT_IMAGE),
        ("logo.png", _image("PNG", size=(800, 800), noise=True), LOGO_TOO_LARGE),
    ],
    ids=["gif", "pdf", "truncated-png", "over-1-MB"],
)
def test_refused_logos_leave_nothing_behind(org_a, client_for, name, content, message):
    client = client_for(_member(org_a, Role.COORDINATOR))
    response = client.post(_settings_url(org_a), _form(org_a, logo=_upload(name, content)))
    assert response.status_code == 200
    assert str(message) in response.content.decode()
    assert not _reload(org_a).logo
    assert _stored_logos(org_a) == []


def test_the_logo_is_removed_and_names_are_changed(org_a, client_for):
    client = client_for(_member(org_a, Role.COORDINATOR))
    client.post(_settings_url(org_a), _form(org_a, logo=_upload("a.png", sample_png())))
    response = client.post(
        _settings_url(org_a), _form(org_a, remove_logo="on", short_name="กอท.", name_en="Org A")
    )
    assert response.status_code == 302
    org = _reload(org_a)
    assert not org.logo
    assert (org.short_name, org.name_en) == ("กอท.", "Org A")
    # Without a logo the address shows the monogram of the short name, as pack covers do.
    response = client.get(_logo_url(org_a))
    assert response["Content-Type"] == "image/svg+xml"
    assert "กอท." in response.content.decode()


def test_the_monogram_escapes_the_short_name(org_a, client_for):
    Organization.objects.filter(pk=org_a.pk).update(short_name="<script>x</script>")
    svg = client_for(_member(org_a, Role.VIEWER)).get(_logo_url(org_a)).content.decode()
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


@pytest.mark.parametrize("role", [Role.EDITOR, Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_only_coordinators_change_the_organization(org_a, client_for, role):
    client = client_for(_member(org_a, role))
    assert client.get(_settings_url(org_a)).status_code == 403
    response = client.post(_settings_url(org_a), _form(org_a, logo=_upload("a.png", sample_png())))
    assert response.status_code == 403
    assert not _reload(org_a).logo


def test_members_see_the_logo_and_other_organizations_do_not(org_a, org_b, client_for):
    png = sample_png()
    client_for(_member(org_a, Role.COORDINATOR)).post(
        _settings_url(org_a), _form(org_a, logo=_upload("a.png", png))
    )
    response = client_for(_member(org_a, Role.VIEWER)).get(_logo_url(org_a))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == png
    # Someone of another organization gets the same 404 as for an unknown organization.
    assert client_for(_member(org_b, Role.COORDINATOR)).get(_logo_url(org_a)).status_code == 404


def test_the_settings_link_is_for_coordinators(org_a, client_for):
    home = reverse("tenancy:home", kwargs={"org_slug": org_a.slug})
    coordinator_page = client_for(_member(org_a, Role.COORDINATOR)).get(home).content.decode()
    viewer_page = client_for(_member(org_a, Role.VIEWER)).get(home).content.decode()
    assert 'data-testid="settings-link"' in coordinator_page
    assert 'data-testid="settings-link"' not in viewer_page
