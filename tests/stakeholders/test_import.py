"""Importing profiles and VOS from Excel: every problem reported, all or nothing, kept."""

import datetime as dt
import io
import zipfile

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django_scopes import scope, scopes_disabled
from openpyxl import load_workbook

from seam_scm.files.models import Attachment
from seam_scm.spreadsheets import sheets
from seam_scm.spreadsheets.sheets import CellError, ImportFileError
from seam_scm.tenancy.roles import Role
from stakeholders import import_services, services, spreadsheets
from stakeholders.models import (
    Stakeholder,
    StakeholderSettings,
    StakeholderUnit,
    VoiceOfStakeholder,
)

from ..files.factories import PDF
from .factories import (
    department,
    import_workbook,
    line,
    make_stakeholder,
    profile_row,
    voice_row,
    xlsx_upload,
)

P, V = spreadsheets.SHEET_PROFILES, spreadsheets.SHEET_VOICES


@pytest.fixture
def units(org_a):
    operations = line(org_a, "OPS", name_th="สายงานปฏิบัติการ")
    return {"OPS": operations, "CSD": department(org_a, operations, "CSD")}


def _en(user):
    user.language = "en"
    with scopes_disabled():
        user.save()
    return user


def _parse(organization, content: bytes):
    with translation.override("en"), scope(organization=organization):
        return spreadsheets.parse_import(content, organization=organization)


def _counts(organization) -> tuple[int, int, int]:
    with scope(organization=organization):
        return (
            Stakeholder.objects.count(),
            VoiceOfStakeholder.objects.count(),
            Attachment.objects.count(),
        )


def _clean_file() -> bytes:
    return import_workbook(
        [
            profile_row(code="S001", units="OPS:1;CSD:2"),
            profile_row(code="S002", name_th="สมาคมผู้ใช้น้ำ", group="CUS", units="CSD:1"),
            profile_row(code="S003", name_th="ชุมชนริมคลอง", group="COM", status="community"),
        ],
        [
            voice_row(stakeholder="S001", owner_unit="OPS"),
            voice_row(stakeholder="S002", polarity="positive", topic="ขอบคุณ", owner_unit="CSD"),
        ],
    )


# --- the error report ------------------------------------------------------------------------


def test_broken_file_reports_every_problem_by_sheet_row_and_column(org_a, units):
    content = import_workbook(
        [
            profile_row(code="S001"),
            profile_row(code="S002", side="sideways", influence=7),
            profile_row(code="S003", group="XXX", units="NOPE:1"),
            profile_row(code="S001"),
            profile_row(code="S004", name_th="", last_reviewed="01/10/2026"),
        ],
        [
            voice_row(stakeholder="S001", owner_unit="OPS"),
            voice_row(stakeholder="S999", owner_unit="OPS"),
            voice_row(stakeholder="S001", topic="อื่น", heard_on="15/09/2026", owner_unit="ZZZ"),
        ],
    )

    plan = _parse(org_a, content)

    ce_year = (
        "The year looks like a Christian Era year; enter the Buddhist Era year, for example 2569."
    )
    bad_side = "“sideways” is not one of the choices of this column: internal, external."
    groups = "REG, MIN, CUS, EMP, PAR, SUP, COM, MED"
    bad_group = f"Unknown group code “XXX”; the groups of the organization are {groups}."
    no_code = "No stakeholder has the code “S999”, neither in this file nor in the database."
    assert plan.errors == [
        CellError(P, 4, "Internal or external", bad_side),
        CellError(P, 4, "Influence (1-5)", "Enter a whole number from 1 to 5; “7” is not one."),
        CellError(P, 5, "Group", bad_group),
        CellError(P, 5, "Units and importance ranks", "Unknown unit code “NOPE”."),
        CellError(P, 6, "Code", "The code “S001” is already used in row 3 of this sheet."),
        CellError(P, 7, "Name (Thai)", "This column is required; the cell is empty."),
        CellError(P, 7, "Last reviewed", ce_year),
        CellError(V, 4, "Stakeholder code", no_code),
        CellError(V, 5, "Date", ce_year),
        CellError(V, 5, "Owner unit", "Unknown unit code “ZZZ”."),
    ]
    assert plan.is_clean is False


def test_broken_file_upload_shows_the_report_and_imports_nothing(
    org_a, units, coordinator_a, client_for
):
    client = client_for(_en(coordinator_a))
    content = import_workbook([profile_row(code="S001", influence=7), profile_row(code="S002")])

    response = client.post(
        reverse("stakeholders:import", args=[org_a.slug]), {"file": xlsx_upload(content)}
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="import-errors"' in body
    assert "Enter a whole number from 1 to 5; “7” is not one." in body
    assert 'data-testid="confirm-import"' not in body
    # Nothing saved, and a file that cannot be imported is not kept either.
    assert _counts(org_a) == (0, 0, 0)


def test_scale_levels_and_choices_accept_codes_labels_and_numbers(org_a, units):
    content = import_workbook(
        [
            profile_row(
                code="S001",
                side="External",  # the English label
                status="government – Government agency",  # as the drop-down writes it
                group="reg",  # a code in another case
                influence=4.0,  # a number cell
                interest="5",  # a number typed as text
                current_level="2 – Inform",
                target_level="Collaborate",
                legitimacy="No",
                urgency="true",
                units="OPS : 1 ; CSD:3",
            )
        ],
        [],
    )

    plan = _parse(org_a, content)

    assert plan.errors == []
    profile = plan.profiles[0].stakeholder
    assert (profile.side, profile.status, profile.group.code) == ("external", "government", "REG")
    assert (profile.influence, profile.interest) == (4, 5)
    assert (profile.current_level, profile.target_level) == (2, 5)
    assert (profile.legitimacy, profile.urgency) == (False, True)
    assert [(u.unit.code, u.importance_rank) for u in plan.profiles[0].units] == [
        ("OPS", 1),
        ("CSD", 3),
    ]


def test_thai_labels_are_accepted_for_choices(org_a, units):
    with translation.override("th"):
        thai_side = str(Stakeholder.Side.INTERNAL.label)
    content = import_workbook([profile_row(side=thai_side, legitimacy="ใช่")], [])

    plan = _parse(org_a, content)

    assert plan.errors == []
    assert plan.profiles[0].stakeholder.side == "internal"


def test_dates_as_excel_dates_and_buddhist_era_text_are_read(org_a, units):
    content = import_workbook(
        [profile_row(code="S001", last_reviewed=dt.datetime(2026, 10, 1))],
        [
            # An Excel date typed as 15/09/2569 where the computer's calendar is not Buddhist.
            voice_row(stakeholder="S001", heard_on=dt.datetime(2569, 9, 15), owner_unit="OPS"),
            voice_row(stakeholder="S001", topic="อื่น", heard_on="1/2/2570", owner_unit="OPS"),
        ],
    )

    plan = _parse(org_a, content)

    assert plan.errors == []
    assert plan.profiles[0].stakeholder.last_reviewed == dt.date(2026, 10, 1)
    assert [row.voice.heard_on for row in plan.voices] == [
        dt.date(2026, 9, 15),
        dt.date(2027, 2, 1),
    ]


def test_units_cell_reports_syntax_duplicates_and_unknown_codes_together(org_a, units):
    content = import_workbook([profile_row(units="OPS;OPS:1;OPS:2;BAD:1")], [])

    plan = _parse(org_a, content)

    assert [error.message for error in plan.errors] == [
        "“OPS” is not a unit code and rank; write them like LINE1:1;DEPT2:3 (rank 1 is the "
        "most important). The unit “OPS” is named twice. Unknown unit code “BAD”."
    ]


def test_missing_required_column_and_missing_key_row_are_reported(org_a, units):
    keys = [c.key for c in spreadsheets.PROFILE_COLUMNS if c.key not in {"influence", "group"}]
    without_columns = import_workbook([profile_row()], None, profile_keys=keys)
    workbook = load_workbook(io.BytesIO(import_workbook([profile_row()], None)))
    workbook[P].delete_rows(2)  # the hidden key row, deleted by hand
    buffer = io.BytesIO()
    workbook.save(buffer)

    assert _parse(org_a, without_columns).errors == [
        CellError(P, None, "Group", "This required column is missing from the sheet."),
        CellError(P, None, "Influence (1-5)", "This required column is missing from the sheet."),
    ]
    [error] = _parse(org_a, buffer.getvalue()).errors
    assert (error.sheet, error.row, error.column) == (P, 2, "")
    assert error.message.startswith("Row 2 of the sheet must hold the column keys")


def test_vos_may_name_a_stakeholder_already_recorded(org_a, units):
    make_stakeholder(org_a, code="OLD-1")
    content = import_workbook(None, [voice_row(stakeholder="OLD-1", owner_unit="OPS")])

    plan = _parse(org_a, content)

    assert plan.errors == []
    assert plan.counts()["new_voices"] == 1


def test_empty_workbook_has_nothing_to_import(org_a, units):
    plan = _parse(org_a, import_workbook([], []))

    assert plan.errors == [CellError("", None, "", "The file has no rows to import.")]


def test_representatives_sheet_is_refused_as_personal_data(org_a, units):
    content = import_workbook(
        [profile_row()], [], extra_sheets=[spreadsheets.SHEET_REPRESENTATIVES]
    )

    [error] = _parse(org_a, content).errors

    assert (error.sheet, error.row, error.column) == ("representatives", None, "")
    assert "personal data" in error.message


def test_other_organizations_codes_are_unknown(org_a, org_b, units):
    line(org_b, "B-ONLY")
    make_stakeholder(org_b, code="B-1")
    content = import_workbook(
        [profile_row(code="S001", units="B-ONLY:1")],
        [voice_row(stakeholder="B-1", owner_unit="OPS")],
    )

    plan = _parse(org_a, content)

    assert [(e.sheet, e.row, e.column) for e in plan.errors] == [
        (P, 3, "Units and importance ranks"),
        (V, 3, "Stakeholder code"),
    ]


# --- files that are not workbooks ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("รายชื่อ.xlsx", PDF, "The file name ends in “.xlsx” but the file is in PDF format."),
        ("รายชื่อ.csv", "code,name_th\nS001,ทดสอบ\n".encode(), "Only Excel workbooks (.xlsx)"),
        ("รายชื่อ.xlsx", b"code,name_th\nS001,x\n", "The file name ends in “.xlsx”"),
        ("รายชื่อ.xlsx", b"", "The submitted file is empty."),
    ],
)
def test_upload_that_is_not_a_workbook_is_refused_with_a_message(
    name, content, expected, org_a, units, coordinator_a, client_for
):
    client = client_for(_en(coordinator_a))

    response = client.post(
        reverse("stakeholders:import", args=[org_a.slug]),
        {"file": xlsx_upload(content, name=name)},
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert expected in body
    assert 'data-testid="import-form"' in body
    assert _counts(org_a) == (0, 0, 0)


def test_damaged_workbook_is_refused(org_a, units):
    good = import_workbook([profile_row()], [])
    # A ZIP that looks like an Office workbook from its directory, with a broken sheet inside.
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = b"<not-xml"
            target.writestr(item, data)

    damaged = buffer.getvalue()
    with translation.override("en"), pytest.raises(ImportFileError) as caught:
        sheets.open_workbook(damaged)

    assert caught.value.messages == [
        "The workbook is damaged and cannot be read. Save it again in Excel and retry."
    ]


def test_file_over_the_import_limit_is_refused(org_a, units, settings):
    big = xlsx_upload(import_workbook([profile_row()], []))
    big.size = sheets.MAX_UPLOAD_MB * 1024 * 1024 + 1

    with translation.override("en"), pytest.raises(ImportFileError) as caught:
        sheets.read_upload(big)

    assert caught.value.messages == [
        "The file is larger than the import limit of 5 MB. Split it into smaller files."
    ]


# --- preview, confirm, all or nothing --------------------------------------------------------


def _preview(client, org, content: bytes):
    return client.post(
        reverse("stakeholders:import", args=[org.slug]), {"file": xlsx_upload(content)}
    )


def _kept_file_id(response) -> int:
    return response.context["attachment"].pk


def test_clean_file_previews_then_imports_everything(org_a, units, coordinator_a, client_for):
    client = client_for(_en(coordinator_a))

    preview = _preview(client, org_a, _clean_file())

    assert preview.status_code == 200
    assert preview.context["counts"] == {
        "new_profiles": 3,
        "updated_profiles": 0,
        "unchanged_profiles": 0,
        "new_voices": 2,
        "updated_voices": 0,
        "unchanged_voices": 0,
    }
    assert 'data-testid="confirm-import"' in preview.content.decode()
    assert _counts(org_a) == (0, 0, 1)  # only the kept file so far

    confirmed = client.post(
        reverse("stakeholders:import_confirm", args=[org_a.slug]),
        {"file": _kept_file_id(preview)},
    )

    assert confirmed.status_code == 302
    assert confirmed["Location"] == reverse("stakeholders:list", args=[org_a.slug])
    with scope(organization=org_a):
        s001 = Stakeholder.objects.get(code="S001")
        assert s001.group.code == "REG"
        assert s001.last_reviewed == dt.date(2026, 10, 1)
        assert s001.legitimacy is True and s001.urgency is None
        links = StakeholderUnit.objects.values_list(
            "stakeholder__code", "unit__code", "importance_rank"
        )
        assert sorted(links) == [("S001", "CSD", 2), ("S001", "OPS", 1), ("S002", "CSD", 1)]
        assert sorted(VoiceOfStakeholder.objects.values_list("stakeholder__code", "polarity")) == [
            ("S001", "negative"),
            ("S002", "positive"),
        ]
        # History names the person who imported.
        assert s001.history.first().history_user == coordinator_a
        # The file is kept as evidence of the stakeholder database.
        kept = Attachment.objects.get()
        assert kept.record_type == ContentType.objects.get_for_model(StakeholderSettings)
        assert kept.effective_date == timezone.localdate()
        assert kept.current_version.original_name == "ผู้มีส่วนได้ส่วนเสีย.xlsx"


def test_reimport_updates_profiles_and_vos_instead_of_duplicating(
    org_a, units, coordinator_a, client_for
):
    client = client_for(_en(coordinator_a))
    first = _preview(client, org_a, _clean_file())
    client.post(
        reverse("stakeholders:import_confirm", args=[org_a.slug]), {"file": _kept_file_id(first)}
    )
    changed = import_workbook(
        [
            profile_row(code="S001", units="OPS:1;CSD:2", influence=2),
            profile_row(code="S002", name_th="สมาคมผู้ใช้น้ำ", group="CUS", units="CSD:1"),
        ],
        [voice_row(stakeholder="S001", owner_unit="OPS", importance=1)],
    )

    second = _preview(client, org_a, changed)
    client.post(
        reverse("stakeholders:import_confirm", args=[org_a.slug]), {"file": _kept_file_id(second)}
    )

    assert second.context["counts"] == {
        "new_profiles": 0,
        "updated_profiles": 1,
        "unchanged_profiles": 1,
        "new_voices": 0,
        "updated_voices": 1,
        "unchanged_voices": 0,
    }
    with scope(organization=org_a):
        assert Stakeholder.objects.count() == 3
        assert VoiceOfStakeholder.objects.count() == 2
        assert Stakeholder.objects.get(code="S001").influence == 2
        assert VoiceOfStakeholder.objects.get(stakeholder__code="S001").importance == 1
        # An unchanged profile gets no new history row.
        assert Stakeholder.objects.get(code="S002").history.count() == 1


def test_empty_cell_clears_a_field_and_a_left_out_column_keeps_it(org_a, units):
    make_stakeholder(org_a, code="S001", key_issues="เดิม", mission="พันธกิจเดิม")
    keys = [c.key for c in spreadsheets.PROFILE_COLUMNS if c.key != "mission"]
    content = import_workbook([profile_row(code="S001", key_issues="")], [], profile_keys=keys)

    with scope(organization=org_a):
        plan = _parse(org_a, content)
        import_services.save_plan(plan, by=None)
        stakeholder = Stakeholder.objects.get(code="S001")

    assert (stakeholder.key_issues, stakeholder.mission) == ("", "พันธกิจเดิม")


def test_failure_in_the_middle_of_saving_leaves_nothing(org_a, units, coordinator_a, monkeypatch):
    original = services.save_stakeholder
    calls = []

    def fail_on_third(stakeholder, **kwargs):
        calls.append(stakeholder.code)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return original(stakeholder, **kwargs)

    monkeypatch.setattr(services, "save_stakeholder", fail_on_third)
    with scope(organization=org_a):
        plan = _parse(org_a, _clean_file())
        with pytest.raises(RuntimeError):
            import_services.save_plan(plan, by=coordinator_a)

    assert calls == ["S001", "S002", "S003"]
    assert _counts(org_a) == (0, 0, 0)
    with scope(organization=org_a):
        assert StakeholderUnit.objects.count() == 0


def test_refusal_while_confirming_rolls_back_and_says_why(
    org_a, units, coordinator_a, client_for, monkeypatch
):
    client = client_for(_en(coordinator_a))
    preview = _preview(client, org_a, _clean_file())
    original = services.save_stakeholder

    def refuse_third(stakeholder, **kwargs):
        if stakeholder.code == "S003":
            raise ValidationError({"code": "Another stakeholder already uses this code."})
        return original(stakeholder, **kwargs)

    monkeypatch.setattr(services, "save_stakeholder", refuse_third)

    response = client.post(
        reverse("stakeholders:import_confirm", args=[org_a.slug]),
        {"file": _kept_file_id(preview)},
        follow=True,
    )

    assert "Nothing was imported: Another stakeholder already uses this code." in (
        response.content.decode()
    )
    assert _counts(org_a) == (0, 0, 1)


def test_confirm_validates_the_kept_file_again(org_a, units, coordinator_a, client_for):
    client = client_for(_en(coordinator_a))
    preview = _preview(client, org_a, _clean_file())
    # Between the preview and the confirmation, a unit the file names is renamed.
    with scope(organization=org_a):
        units["CSD"].code = "CSD-NEW"
        units["CSD"].save()

    response = client.post(
        reverse("stakeholders:import_confirm", args=[org_a.slug]),
        {"file": _kept_file_id(preview)},
    )

    assert response.status_code == 409
    assert [(e.sheet, e.row, e.column) for e in response.context["plan"].errors] == [
        (P, 3, "Units and importance ranks"),
        (P, 4, "Units and importance ranks"),
        (V, 4, "Owner unit"),
    ]
    assert _counts(org_a) == (0, 0, 1)


def test_confirm_takes_only_import_files_of_the_own_organization(
    org_a, org_b, units, coordinator_a, coordinator_b, client_for
):
    from ..files.factories import make_attachment

    other_evidence = make_attachment(org_a, name="รายชื่อ.xlsx", content=_clean_file())
    line(org_b, "OPS")
    foreign_import = _preview(
        client_for(coordinator_b), org_b, import_workbook([profile_row()], [])
    )
    assert foreign_import.context["plan"].errors == []
    client = client_for(coordinator_a)
    url = reverse("stakeholders:import_confirm", args=[org_a.slug])

    assert client.post(url, {"file": other_evidence.pk}).status_code == 404
    assert client.post(url, {"file": _kept_file_id(foreign_import)}).status_code == 404
    assert client.post(url, {"file": "x"}).status_code == 302
    assert _counts(org_a)[0] == 0


def test_double_confirmation_changes_nothing_the_second_time(
    org_a, units, coordinator_a, client_for
):
    client = client_for(coordinator_a)
    preview = _preview(client, org_a, _clean_file())
    url = reverse("stakeholders:import_confirm", args=[org_a.slug])

    client.post(url, {"file": _kept_file_id(preview)})
    client.post(url, {"file": _kept_file_id(preview)})

    assert _counts(org_a) == (3, 2, 1)


# --- template ---------------------------------------------------------------------------------


def test_template_has_the_sheets_keys_and_this_organizations_codes(
    org_a, org_b, units, coordinator_a, client_for
):
    line(org_b, "FOREIGN-UNIT")
    response = client_for(_en(coordinator_a)).get(
        reverse("stakeholders:import_template", args=[org_a.slug])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == sheets.XLSX_MIME
    assert response["Content-Disposition"] == (
        'attachment; filename="stakeholder-import-template-org-a.xlsx"'
    )
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["instructions", "stakeholders", "voices", "lists"]
    profiles = workbook["stakeholders"]
    assert [c.value for c in profiles[2]] == [c.key for c in spreadsheets.PROFILE_COLUMNS]
    assert profiles.row_dimensions[2].hidden is True
    assert profiles["A1"].value == "Code *"
    assert [c.value for c in workbook["voices"][2]] == [c.key for c in spreadsheets.VOICE_COLUMNS]
    lists = workbook["lists"]
    assert lists.sheet_state == "hidden"
    listed = {str(c.value) for row in lists.iter_rows() for c in row if c.value}
    assert "REG – Regulators" in listed
    assert "OPS – สายงานปฏิบัติการ" in listed
    assert "6 – Empower" in listed
    assert not any("FOREIGN-UNIT" in text for text in listed)
    rules = profiles.data_validations.dataValidation
    drop_downs = {str(rule.sqref).split(":")[0][0] for rule in rules}
    # side, group, status, network, source, influence, interest, legitimacy, urgency, levels
    assert drop_downs == {"D", "E", "F", "I", "M", "O", "P", "Q", "R", "S", "T"}
    instructions = " ".join(
        str(c.value) for row in workbook["instructions"].iter_rows() for c in row if c.value
    )
    assert "Representatives and coordinators are personal data and are not imported" in instructions


def test_filled_in_template_imports(org_a, units, coordinator_a, client_for):
    client = client_for(coordinator_a)
    response = client.get(reverse("stakeholders:import_template", args=[org_a.slug]))
    workbook = load_workbook(io.BytesIO(response.content))
    keys = [c.key for c in spreadsheets.PROFILE_COLUMNS]
    row = profile_row(group="REG – หน่วยงานกำกับดูแล", units="OPS:1")
    workbook["stakeholders"].append([row.get(key) for key in keys])
    buffer = io.BytesIO()
    workbook.save(buffer)

    preview = _preview(client, org_a, buffer.getvalue())

    assert preview.context["plan"].errors == []
    assert preview.context["counts"]["new_profiles"] == 1


# --- roles ------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR, Role.SECRETARY])
def test_only_coordinators_and_editors_may_import(role, org_a, units, member_factory, client_for):
    client = client_for(member_factory(org_a, role))

    assert client.get(reverse("stakeholders:import", args=[org_a.slug])).status_code == 403
    upload = client.post(
        reverse("stakeholders:import", args=[org_a.slug]), {"file": xlsx_upload(_clean_file())}
    )
    assert upload.status_code == 403
    confirm = client.post(reverse("stakeholders:import_confirm", args=[org_a.slug]), {"file": 1})
    assert confirm.status_code == 403
    assert _counts(org_a) == (0, 0, 0)


def test_editor_may_import(org_a, units, member_factory, client_for):
    client = client_for(member_factory(org_a, Role.EDITOR))

    page = client.get(reverse("stakeholders:import", args=[org_a.slug]))
    preview = _preview(client, org_a, _clean_file())

    assert page.status_code == 200
    assert 'data-testid="download-template"' in page.content.decode()
    assert preview.context["plan"].errors == []


def test_any_member_may_download_the_template(org_a, units, member_factory, client_for):
    client = client_for(member_factory(org_a, Role.VIEWER))

    response = client.get(reverse("stakeholders:import_template", args=[org_a.slug]))

    assert response.status_code == 200


# --- API --------------------------------------------------------------------------------------


def _api_url(org) -> str:
    return f"/api/v1/orgs/{org.slug}/stakeholder-import/"


def test_api_dry_run_reports_the_preview_and_saves_nothing(
    org_a, units, coordinator_a, api_client_for
):
    client = api_client_for(_en(coordinator_a))

    response = client.post(
        _api_url(org_a) + "?dry_run=true", {"file": xlsx_upload(_clean_file())}, format="multipart"
    )

    assert response.status_code == 200
    assert response.json() == {
        "dry_run": True,
        "imported": False,
        "file": None,
        "counts": {
            "new_profiles": 3,
            "updated_profiles": 0,
            "unchanged_profiles": 0,
            "new_voices": 2,
            "updated_voices": 0,
            "unchanged_voices": 0,
        },
        "errors": [],
    }
    assert _counts(org_a) == (0, 0, 0)


def test_api_reports_row_errors_with_400(org_a, units, coordinator_a, api_client_for):
    client = api_client_for(_en(coordinator_a))
    content = import_workbook([profile_row(influence=9)], [])

    response = client.post(_api_url(org_a), {"file": xlsx_upload(content)}, format="multipart")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "sheet": "stakeholders",
            "row": 3,
            "column": "Influence (1-5)",
            "message": "Enter a whole number from 1 to 5; “9” is not one.",
        }
    ]
    assert response.json()["imported"] is False
    assert _counts(org_a) == (0, 0, 0)


def test_api_imports_a_clean_file_and_keeps_it(org_a, units, coordinator_a, api_client_for):
    client = api_client_for(coordinator_a)

    response = client.post(
        _api_url(org_a), {"file": xlsx_upload(_clean_file())}, format="multipart"
    )

    assert response.status_code == 201
    body = response.json()
    assert body["imported"] is True
    with scope(organization=org_a):
        assert body["file"] == Attachment.objects.get().pk
        assert Stakeholder.objects.get(code="S001").history.first().history_user == coordinator_a
    assert _counts(org_a) == (3, 2, 1)


def test_api_refuses_a_file_that_is_not_a_workbook(org_a, units, coordinator_a, api_client_for):
    client = api_client_for(_en(coordinator_a))

    response = client.post(
        _api_url(org_a), {"file": xlsx_upload(PDF, name="x.xlsx")}, format="multipart"
    )

    assert response.status_code == 400
    assert response.json()["file"][0].startswith("The file name ends in “.xlsx” but the file")


@pytest.mark.parametrize("role", [Role.VIEWER, Role.ASSESSOR])
def test_api_import_is_refused_to_readers(role, org_a, units, member_factory, api_client_for):
    client = api_client_for(member_factory(org_a, role))

    response = client.post(
        _api_url(org_a), {"file": xlsx_upload(_clean_file())}, format="multipart"
    )

    assert response.status_code == 403
    assert _counts(org_a) == (0, 0, 0)
