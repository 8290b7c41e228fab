"""Exporting the filtered stakeholder list to Excel: contents, filters, personal data."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from seam_scm.spreadsheets.sheets import XLSX_MIME
from seam_scm.tenancy.roles import Role
from stakeholders import spreadsheets
from stakeholders.models import Stakeholder

from .factories import (
    cell_texts,
    department,
    group,
    line,
    make_stakeholder,
    make_voice,
    representative_fields,
    workbook_of,
    xlsx_upload,
)

CONTACT = representative_fields(
    name="นางสาวมาลี ติดต่อดี",
    position="ผู้อำนวยการกองประสานงาน",
    phone="02-111-2222",
    email="malee@example.go.th",
)
PERSONAL = [CONTACT["name"], CONTACT["position"], CONTACT["phone"], CONTACT["email"]]


@pytest.fixture
def data(org_a):
    operations = line(org_a, "OPS", name_th="สายงานปฏิบัติการ", name_en="Operations")
    service = department(org_a, operations, "CSD", name_th="ฝ่ายบริการลูกค้า")
    today = timezone.localdate()
    regulator = make_stakeholder(
        org_a,
        group_code="REG",
        code="S001",
        name_th="สำนักงานคณะกรรมการนโยบายรัฐวิสาหกิจ",
        name_en="SEPO",
        last_reviewed=today - dt.timedelta(days=30),
        influence=5,
        interest=5,
        current_level=2,
        target_level=4,
        legitimacy=True,
        units=[(operations, 1), (service, 2)],
        representatives=[CONTACT],
    )
    community = make_stakeholder(
        org_a,
        group_code="COM",
        code="S002",
        name_th="ชุมชนริมคลอง",
        side=Stakeholder.Side.EXTERNAL,
        status=Stakeholder.Status.COMMUNITY,
        last_reviewed=dt.date(2020, 1, 15),
        key_issues="",
        influence=2,
        interest=4,
        current_level=3,
        target_level=3,
    )
    make_voice(
        org_a,
        regulator,
        owner_unit=operations,
        topic="รายงานผลล่าช้า",
        heard_on=dt.date(2026, 9, 15),
        importance=5,
    )
    return {"regulator": regulator, "community": community, "operations": operations}


def _en(user):
    user.language = "en"
    with scopes_disabled():
        user.save()
    return user


def _export(client, org, query: str = ""):
    response = client.get(reverse("stakeholders:export", args=[org.slug]) + query)
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_MIME
    return response


def _rows(sheet) -> list[dict]:
    """Data rows as {key of row 2: value}."""
    keys = [cell.value for cell in sheet[2]]
    return [
        dict(zip(keys, values, strict=False))
        for values in sheet.iter_rows(min_row=3, values_only=True)
    ]


def test_export_has_the_import_columns_computed_columns_and_be_dates(
    org_a, data, coordinator_a, client_for
):
    response = _export(client_for(_en(coordinator_a)), org_a)

    today = timezone.localdate()
    assert response["Content-Disposition"] == (
        f'attachment; filename="stakeholders-org-a-{today.isoformat()}.xlsx"'
    )
    assert response["Cache-Control"] == "private, no-store"
    workbook = workbook_of(response.content)
    assert workbook.sheetnames == ["stakeholders", "voices", "representatives", "about"]
    profiles = workbook["stakeholders"]
    import_keys = [c.key for c in spreadsheets.PROFILE_COLUMNS]
    assert [c.value for c in profiles[2]] == [*import_keys, "quadrant", "gap", "stale", "missing"]
    assert profiles.row_dimensions[2].hidden is True
    assert profiles["A1"].value == "Code *"
    s001, s002 = _rows(profiles)
    reviewed = today - dt.timedelta(days=30)
    assert s001 == {
        "code": "S001",
        "name_th": "สำนักงานคณะกรรมการนโยบายรัฐวิสาหกิจ",
        "name_en": "SEPO",
        "side": "external – External",
        "group": "REG – Regulators",
        "status": "government – Government agency",
        "mission": "กำกับดูแลรัฐวิสาหกิจ",
        "structure": None,
        "network": "domestic – Domestic",
        "role": "กำหนดนโยบาย",
        "needs_from_them": "การสนับสนุนงบประมาณ",
        "key_issues": "ผลการดำเนินงานตามเกณฑ์",
        "source": "primary – Primary (from the stakeholder)",
        "last_reviewed": f"{reviewed.day:02d}/{reviewed.month:02d}/{reviewed.year + 543}",
        "influence": 5,
        "interest": 5,
        "legitimacy": "Yes",
        "urgency": None,
        "current_level": "2 – Inform",
        "target_level": "4 – Involve",
        "units": "OPS:1;CSD:2",
        "quadrant": "manage_closely – Manage closely",
        "gap": 2,
        "stale": "No",
        "missing": None,
    }
    assert (s002["code"], s002["last_reviewed"], s002["stale"], s002["gap"]) == (
        "S002",
        "15/01/2563",
        "Yes",
        0,
    )
    assert s002["quadrant"] == "keep_informed – Keep informed"
    assert s002["missing"] == (
        "key issues; units that deal with them; representatives or coordinators"
    )
    [voice] = _rows(workbook["voices"])
    assert voice == {
        "stakeholder": "S001",
        "polarity": "negative – Negative (possible harm or risk)",
        "topic": "รายงานผลล่าช้า",
        "description": None,
        "source": "complaint – Complaint",
        "heard_on": "15/09/2569",
        "importance": 5,
        "owner_unit": "OPS – Operations",
    }
    representatives = [list(row) for row in workbook["representatives"].iter_rows(values_only=True)]
    assert representatives[1] == [
        "S001",
        "สำนักงานคณะกรรมการนโยบายรัฐวิสาหกิจ",
        "Coordinator",
        *PERSONAL,
        "Public task",
    ]
    assert len(representatives) == 2


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.VIEWER])
def test_export_for_assessors_and_viewers_has_no_personal_data(
    role, org_a, data, member_factory, client_for
):
    response = _export(client_for(member_factory(org_a, role)), org_a)

    workbook = workbook_of(response.content)
    assert workbook.sheetnames == ["stakeholders", "voices", "about"]
    texts = cell_texts(workbook)
    for value in PERSONAL:
        assert not any(value in text for text in texts), value
    # The profiles themselves are all there.
    assert [row["code"] for row in _rows(workbook["stakeholders"])] == ["S001", "S002"]


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EDITOR, Role.SECRETARY])
def test_export_for_roles_with_personal_data_has_the_contacts(
    role, org_a, data, member_factory, client_for
):
    response = _export(client_for(member_factory(org_a, role)), org_a)

    texts = cell_texts(workbook_of(response.content))
    assert all(value in texts for value in PERSONAL)


@pytest.mark.parametrize(
    ("query", "codes"),
    [
        ("", ["S001", "S002"]),
        ("?group={reg}", ["S001"]),
        ("?unit={ops}", ["S001"]),
        ("?stale=1", ["S002"]),
        ("?incomplete=on", ["S002"]),
        ("?gap=true", ["S001"]),
        ("?quadrant=keep_informed", ["S002"]),
        ("?q=ริมคลอง", ["S002"]),
        ("?q=ริมคลอง&group={reg}", []),
        ("?group=not-a-number", ["S001", "S002"]),
    ],
)
def test_export_is_filtered_like_the_list(query, codes, org_a, data, coordinator_a, client_for):
    query = query.format(reg=group(org_a, "REG").pk, ops=data["operations"].pk)

    response = _export(client_for(coordinator_a), org_a, query)

    workbook = workbook_of(response.content)
    assert [row["code"] for row in _rows(workbook["stakeholders"])] == codes
    voice_codes = [row["stakeholder"] for row in _rows(workbook["voices"])]
    assert voice_codes == (["S001"] if "S001" in codes else [])


def test_export_about_sheet_names_the_filters(org_a, data, coordinator_a, client_for):
    reg = group(org_a, "REG")
    response = _export(client_for(_en(coordinator_a)), org_a, f"?group={reg.pk}&stale=1")

    about = [
        list(row) for row in workbook_of(response.content)["about"].iter_rows(values_only=True)
    ]
    assert ["Group", "Regulators"] in about
    assert ["Review overdue", "Yes"] in about
    assert ["Stakeholders", 0] in about
    assert ["Personal data", "Included (sheet “representatives”)"] in about


def test_export_of_another_organization_is_404(org_a, org_b, data, coordinator_b, client_for):
    response = client_for(coordinator_b).get(reverse("stakeholders:export", args=[org_a.slug]))

    assert response.status_code == 404


# --- round trip -------------------------------------------------------------------------------


def _preview(client, org, content: bytes):
    response = client.post(
        reverse("stakeholders:import", args=[org.slug]), {"file": xlsx_upload(content)}
    )
    assert response.status_code == 200
    return response.context


def test_export_imports_again_unchanged_and_with_edits(
    org_a, data, coordinator_a, member_factory, client_for
):
    viewer_export = _export(client_for(member_factory(org_a, Role.VIEWER)), org_a).content
    coordinator = client_for(coordinator_a)

    as_is = _preview(coordinator, org_a, viewer_export)

    assert as_is["plan"].errors == []
    assert as_is["counts"] == {
        "new_profiles": 0,
        "updated_profiles": 0,
        "unchanged_profiles": 2,
        "new_voices": 0,
        "updated_voices": 0,
        "unchanged_voices": 1,
    }

    workbook = load_workbook(io.BytesIO(viewer_export))
    sheet = workbook["stakeholders"]
    keys = [cell.value for cell in sheet[2]]
    sheet.cell(row=4, column=keys.index("influence") + 1, value=5)  # S002
    sheet.cell(row=4, column=keys.index("gap") + 1, value=99)  # computed: ignored
    sheet.append(["S003", "สื่อท้องถิ่น", "", "external", "MED", "private"])
    for index, key in enumerate(keys[6:], start=7):
        value = {"source": "secondary", "influence": 2, "interest": 2}.get(key)
        value = value or {"current_level": 1, "target_level": 2}.get(key)
        sheet.cell(row=5, column=index, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)

    edited = _preview(coordinator, org_a, buffer.getvalue())
    assert edited["plan"].errors == []
    assert edited["counts"]["new_profiles"] == 1
    assert edited["counts"]["updated_profiles"] == 1
    assert edited["counts"]["unchanged_profiles"] == 1
    coordinator.post(
        reverse("stakeholders:import_confirm", args=[org_a.slug]),
        {"file": edited["attachment"].pk},
    )
    with scope(organization=org_a):
        assert Stakeholder.objects.get(code="S002").influence == 5
        assert Stakeholder.objects.get(code="S003").group.code == "MED"
        # The round trip kept the units and ranks of the untouched profile.
        regulator = Stakeholder.objects.get(code="S001")
        assert [(u.unit.code, u.importance_rank) for u in regulator.unit_links.all()] == [
            ("OPS", 1),
            ("CSD", 2),
        ]


def test_export_with_contacts_must_lose_its_personal_sheet_before_import(
    org_a, data, coordinator_a, client_for
):
    client = client_for(coordinator_a)
    content = _export(client, org_a).content

    refused = _preview(client, org_a, content)
    workbook = load_workbook(io.BytesIO(content))
    del workbook["representatives"]
    buffer = io.BytesIO()
    workbook.save(buffer)
    accepted = _preview(client, org_a, buffer.getvalue())

    assert [(e.sheet, e.row) for e in refused["plan"].errors] == [("representatives", None)]
    assert refused["attachment"] is None
    assert accepted["plan"].errors == []
    assert accepted["counts"]["unchanged_profiles"] == 2


# --- queries ----------------------------------------------------------------------------------


def _add_profiles(organization, count: int, unit) -> None:
    for _ in range(count):
        stakeholder = make_stakeholder(
            organization, units=[(unit, 1)], representatives=[representative_fields()]
        )
        make_voice(organization, stakeholder, owner_unit=unit)


@pytest.mark.parametrize(
    "url",
    ["/o/{slug}/stakeholders/export/", "/api/v1/orgs/{slug}/stakeholder-export/"],
)
def test_export_query_count_does_not_grow_with_rows(url, org_a, coordinator_a, client_for):
    client = client_for(coordinator_a)
    url = url.format(slug=org_a.slug)
    unit = line(org_a)
    client.get(url)
    _add_profiles(org_a, 1, unit)

    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    _add_profiles(org_a, 2, unit)
    with CaptureQueriesContext(connection) as three:
        response = client.get(url)

    assert response.status_code == 200
    assert len(_rows(workbook_of(response.content)["stakeholders"])) == 3
    assert len(three) == len(one)


# --- API --------------------------------------------------------------------------------------


def test_api_export_has_the_same_filters_and_rules(org_a, data, member_factory, api_client_for):
    reg = group(org_a, "REG")
    client = api_client_for(member_factory(org_a, Role.ASSESSOR))

    response = client.get(
        f"/api/v1/orgs/{org_a.slug}/stakeholder-export/?group={reg.pk}",
        HTTP_ACCEPT=XLSX_MIME,
    )

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_MIME
    workbook = workbook_of(response.content)
    assert workbook.sheetnames == ["stakeholders", "voices", "about"]
    assert [row["code"] for row in _rows(workbook["stakeholders"])] == ["S001"]
    assert not any(CONTACT["phone"] in text for text in cell_texts(workbook))


def test_api_export_answers_non_members_with_404(org_a, org_b, data, coordinator_b, api_client_for):
    response = api_client_for(coordinator_b).get(f"/api/v1/orgs/{org_a.slug}/stakeholder-export/")

    assert response.status_code == 404
