"""The criteria library pages (/library/): read by anyone logged in, changed by platform
administrators only."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from assessments import library, library_spreadsheet
from assessments.models import Criterion, FrameworkVersion
from seam_scm.spreadsheets.sheets import FIRST_DATA_ROW, XLSX_MIME
from seam_scm.spreadsheets.writing import workbook_bytes
from seam_scm.tenancy.roles import Role

from ..factories import UserFactory
from . import factories

pytestmark = pytest.mark.django_db


def _english(user):
    user.language = "en"
    user.save()
    return user


@pytest.fixture
def admin():
    return _english(UserFactory(is_staff=True))


@pytest.fixture
def reader(org_a):
    return _english(factories.member(org_a, Role.VIEWER))


def _seam() -> FrameworkVersion:
    return factories.framework_version(factories.SEAM)


def _bot() -> FrameworkVersion:
    return factories.framework_version(factories.BOT)


def _urls(version: FrameworkVersion) -> dict[str, str]:
    return {
        "list": reverse("library:framework_list"),
        "detail": reverse("library:version_detail", args=[version.pk]),
        "export": reverse("library:version_export", args=[version.pk]),
        "import": reverse("library:version_import"),
        "publish": reverse("library:version_publish", args=[version.pk]),
    }


def _upload(workbook_data: bytes, name: str = "library.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, workbook_data, content_type=XLSX_MIME)


def _export(version: FrameworkVersion) -> bytes:
    return workbook_bytes(library_spreadsheet.export_workbook(version))


# --- who may do what ------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client):
    login = reverse("accounts:login")
    for name, url in _urls(_seam()).items():
        response = client.post(url) if name == "publish" else client.get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(login), name


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.COORDINATOR])
def test_every_member_may_read_and_export(role, org_a, client_for):
    client = client_for(factories.member(org_a, role))
    urls = _urls(_seam())
    for name in ("list", "detail", "export"):
        assert client.get(urls[name]).status_code == 200, name


def test_a_person_without_an_organization_may_read_too(client_for):
    assert client_for(UserFactory()).get(_urls(_seam())["detail"]).status_code == 200


@pytest.mark.parametrize("role", [Role.VIEWER, Role.EDITOR, Role.ASSESSOR, Role.COORDINATOR])
def test_only_platform_administrators_import_and_publish(role, org_a, client_for):
    client = client_for(factories.member(org_a, role))
    draft = library.load_version(_draft_data("2568"))
    urls = _urls(draft)
    assert client.get(urls["import"]).status_code == 403
    response = client.post(urls["import"], {"file": _upload(_export(_seam())), "label": "x"})
    assert response.status_code == 403
    assert not FrameworkVersion.objects.filter(label="x").exists()
    assert client.post(urls["publish"]).status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published


def test_pages_answer_only_their_methods(admin, client_for):
    client = client_for(admin)
    urls = _urls(_seam())
    assert client.post(urls["list"]).status_code == 405
    assert client.post(urls["detail"]).status_code == 405
    assert client.get(urls["publish"]).status_code == 405


def test_an_unknown_version_is_404(reader, client_for):
    client = client_for(reader)
    assert client.get(reverse("library:version_detail", args=[999999])).status_code == 404
    assert client.get(reverse("library:version_export", args=[999999])).status_code == 404


# --- reading --------------------------------------------------------------------------------


def test_the_list_shows_each_framework_with_its_versions(reader, admin, client_for):
    seam, bot = _seam(), _bot()
    page = client_for(reader).get(_urls(seam)["list"]).content.decode()
    assert "SE-AM Stakeholder and Customer Management (SCM)" in page
    assert "Bank of Thailand market-conduct standards (9 systems)" in page
    assert reverse("library:version_detail", args=[seam.pk]) in page
    assert reverse("library:version_detail", args=[bot.pk]) in page
    assert 'data-testid="status-published"' in page
    assert 'data-testid="import-link"' not in page
    assert (
        'data-testid="import-link"' in client_for(admin).get(_urls(seam)["list"]).content.decode()
    )


def test_the_version_page_shows_the_tree_weights_levels_artefacts_and_mappings(reader, client_for):
    seam = _seam()
    response = client_for(reader).get(_urls(seam)["detail"])
    page = response.content.decode()
    tree = response.context["page"]
    assert [node.code for node in tree.nodes][:3] == ["SM", "SM 1", "SM 1.1"]
    assert "weight 10%" in page and "weight 15%" in page and "weight 5%" in page
    assert page.count("weight not yet provided") == 14
    assert "รัฐวิสาหกิจกำหนดช่องทางในการรับข้อร้องเรียนที่หลากหลาย" in page  # CM 5.3 level 1
    assert "not yet provided" in page
    assert "FAQ 2563" in page  # a level's source
    assert "Complaint handling policy" in page or "complaint_policy" in page
    # Mapped from the Bank of Thailand's standards, linked to their page.
    assert "Bank of Thailand market-conduct standards (9 systems) 2561 · MC 7" in page
    assert reverse("library:version_detail", args=[_bot().pk]) in page
    # What an administrator still has to complete.
    assert tree.counts == {
        "nodes": 19,
        "criteria": 9,
        "weights_missing": 14,
        "titles_missing": 5,
        "levels": 45,
        "level_texts_missing": 40,
    }
    assert "Weights not yet provided: 14 of 19" in page
    assert "Level texts not yet provided: 40 of 45" in page


def test_the_bank_of_thailand_page_maps_to_se_am(reader, client_for):
    page = client_for(reader).get(_urls(_bot())["detail"]).content.decode()
    assert "SE-AM Stakeholder and Customer Management (SCM) FAQ 2563 · CM 5.3" in page
    assert "Problem and complaint handling" in page


def test_a_draft_page_says_it_cannot_be_used_yet(reader, admin, client_for):
    draft = library.load_version(_draft_data("2568"))
    page = client_for(reader).get(_urls(draft)["detail"]).content.decode()
    assert 'data-testid="status-draft"' in page
    assert "cannot choose it for an assessment cycle" in page
    assert 'data-testid="publish"' not in page
    assert 'data-testid="publish"' in client_for(admin).get(_urls(draft)["detail"]).content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_version_page_costs_the_same_queries_for_a_small_and_a_large_tree(reader, client_for):
    small = library.load_version(
        {
            "framework": {"code": "tiny", "title_th": "เล็ก"},
            "version": {"label": "1"},
            "nodes": [
                {
                    "code": "T",
                    "kind": "module",
                    "children": [
                        {"code": "T 1", "kind": "criterion", "levels": {1: {"text_th": "ก"}}}
                    ],
                }
            ],
        }
    )
    client = client_for(reader)
    client.get(_urls(small)["list"])
    assert _queries(client, _urls(small)["detail"]) == _queries(client, _urls(_seam())["detail"])
    assert _queries(client, _urls(small)["list"]) <= 8


def test_the_base_layout_links_to_the_library(reader, client_for):
    page = client_for(reader).get(_urls(_seam())["list"]).content.decode()
    assert f'href="{reverse("library:framework_list")}" data-testid="library-link"' in page


# --- export ---------------------------------------------------------------------------------


def test_the_export_is_the_workbook_of_the_version(reader, client_for):
    response = client_for(reader).get(_urls(_seam())["export"])
    assert response["Content-Type"] == XLSX_MIME
    assert 'filename="seam-scm-faq-2563.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    codes = [
        row[0] for row in workbook["criteria"].iter_rows(min_row=FIRST_DATA_ROW, values_only=True)
    ]
    assert codes[:3] == ["SM", "SM 1", "SM 1.1"] and len(codes) == 19


# --- import and publish ---------------------------------------------------------------------


def _draft_data(label: str) -> dict:
    data = library.export_version(_seam())
    data["version"]["label"] = label
    return data


def test_an_administrator_imports_a_clean_file_as_a_draft(admin, client_for):
    client = client_for(admin)
    assert client.get(_urls(_seam())["import"]).status_code == 200
    response = client.post(
        _urls(_seam())["import"], {"file": _upload(_export(_seam())), "label": "2568"}
    )
    draft = FrameworkVersion.objects.get(framework__code="seam-scm", label="2568")
    assert response.status_code == 302
    assert response["Location"] == reverse("library:version_detail", args=[draft.pk])
    assert draft.status == FrameworkVersion.Status.DRAFT
    assert draft.criteria.count() == 19
    page = client.get(response["Location"]).content.decode()
    assert "Draft version 2568 of SE-AM Stakeholder and Customer Management (SCM) loaded" in page


def test_a_file_with_problems_is_refused_with_each_problem_by_row_and_column(admin, client_for):
    workbook = load_workbook(io.BytesIO(_export(_seam())))
    sheet = workbook["criteria"]
    keys = [cell.value for cell in sheet[2]]
    rows = {row[0].value: row[0].row for row in sheet.iter_rows(min_row=FIRST_DATA_ROW)}
    sheet.cell(rows["CM 5.2"], keys.index("weight") + 1, "150")
    sheet.cell(rows["CM 5.3"], keys.index("level_3_artefacts") + 1, "complaint_kpis, magic")
    before = Criterion.objects.count()
    response = client_for(admin).post(
        _urls(_seam())["import"], {"file": _upload(workbook_bytes(workbook)), "label": "2568"}
    )
    assert response.status_code == 200
    assert Criterion.objects.count() == before
    assert not FrameworkVersion.objects.filter(label="2568").exists()
    page = response.content.decode()
    assert "The file has 2 problems. Nothing was loaded" in page
    errors = [(e.sheet, e.row, e.column, e.message) for e in response.context["errors"]]
    assert errors == [
        ("criteria", rows["CM 5.2"], "Weight (%)", "The weight must be between 0 and 100."),
        ("criteria", rows["CM 5.3"], "Level 3 expected artefacts", "Unknown artefacts: magic."),
    ]
    assert f'<td class="text-end">{rows["CM 5.2"]}</td><td>Weight (%)</td>' in page


def test_a_file_that_is_not_a_workbook_is_refused_on_the_form(admin, client_for):
    response = client_for(admin).post(
        _urls(_seam())["import"],
        {"file": SimpleUploadedFile("notes.xlsx", b"just text", content_type=XLSX_MIME)},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not response.context["errors"]


def test_the_label_of_a_published_version_is_refused(admin, client_for):
    response = client_for(admin).post(
        _urls(_seam())["import"], {"file": _upload(_export(_seam())), "label": "FAQ 2563"}
    )
    assert "is published and cannot change: load it under a new name." in (
        response.content.decode()
    )


def test_an_administrator_publishes_a_draft(admin, client_for):
    draft = library.load_version(_draft_data("2568"))
    client = client_for(admin)
    response = client.post(_urls(draft)["publish"])
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_published and draft.published_at is not None
    page = client.get(response["Location"]).content.decode()
    assert "Version 2568 is published" in page
    # Publishing again changes nothing.
    published_at = draft.published_at
    client.post(_urls(draft)["publish"])
    draft.refresh_from_db()
    assert draft.published_at == published_at
