"""The criteria library: the shipped frameworks, the refusals of a bad load, and the Excel
round trip (assessments.library, assessments.library_spreadsheet)."""

import copy
import io
from decimal import Decimal

import pytest
from django.utils import translation
from openpyxl import load_workbook

from assessments import library, library_spreadsheet
from assessments.library import LibraryError, export_version, load_version
from assessments.models import (
    Criterion,
    CriterionLevel,
    CriterionMapping,
    Framework,
    FrameworkVersion,
)
from seam_scm.spreadsheets.sheets import FIRST_DATA_ROW
from seam_scm.spreadsheets.writing import workbook_bytes

from . import factories

pytestmark = pytest.mark.django_db

# Word for word from the domain notes (shared/domain/seam-scm.md §1.2), quoting the SEPO FAQ.
CM_1_1_L3 = (
    "แผนยุทธศาสตร์ด้านลูกค้าและตลาดต้องผ่านความเห็นชอบของคณะกรรมการรัฐวิสาหกิจหรือคณะกรรมการ"
    "ที่ได้รับมอบหมาย และรัฐวิสาหกิจ มีการแปลงหรือถ่ายทอดแผนยุทธศาสตร์ด้านลูกค้าและตลาด"
    "สู่แผนปฏิบัติการระยะยาวและแผนปฏิบัติการประจำปีที่มีองค์ประกอบครบถ้วน รวมทั้งมีการสื่อสาร"
    "แผนปฏิบัติการ และถ่ายทอดตัวชี้วัดเป้าหมาย ทั้งในระดับยุทธศาสตร์และระดับแผนงาน/โครงการ "
    "ไปยังหน่วยงานและบุคลากรที่เกี่ยวข้อง รวมถึงหน่วยงานภายนอก เช่น คู่ค้า คู่ความร่วมมือ "
    "พันธมิตร เป็นต้น ที่เกี่ยวข้องอย่างครบถ้วน"
)
CM_5_1_L3 = (
    "กฎบัตรและมาตรฐานด้านบริการ (Customer Service Charter และ Service Standard) "
    "ได้รับความเห็นชอบจากคณะกรรมการรัฐวิสาหกิจหรือคณะกรรมการที่ได้รับมอบหมาย"
    "และเผยแพร่กฎบัตรและมาตรฐาน"
)
CM_5_3_L1 = (
    "รัฐวิสาหกิจกำหนดช่องทางในการรับข้อร้องเรียนที่หลากหลายและกำหนดนโยบายและระเบียบวิธีปฏิบัติ"
    "ในการจัดการข้อร้องเรียน (Complaint handling policy outlines procedures) "
    "อย่างเป็นลายลักษณ์อักษรและได้รับอนุมัติจากคณะกรรมการรัฐวิสาหกิจหรือคณะกรรมการที่ได้รับ"
    "มอบหมายอย่างเป็นทางการ"
)


def _seam() -> FrameworkVersion:
    return factories.framework_version(factories.SEAM)


def _bot() -> FrameworkVersion:
    return factories.framework_version(factories.BOT)


def _node(version: FrameworkVersion, code: str) -> Criterion:
    return version.criteria.get(code=code)


def _counts() -> tuple[int, ...]:
    return (
        Framework.objects.count(),
        FrameworkVersion.objects.count(),
        Criterion.objects.count(),
        CriterionLevel.objects.count(),
        CriterionMapping.objects.count(),
    )


# --- the shipped frameworks -----------------------------------------------------------------


def test_seam_scm_tree_has_the_modules_topics_and_criteria_of_the_sources():
    version = _seam()
    assert version.is_published and version.label == "FAQ 2563"
    tree = {
        c.code: (c.kind, c.parent.code if c.parent else None)
        for c in version.criteria.select_related("parent")
    }
    assert tree == {
        "SM": ("module", None),
        "SM 1": ("topic", "SM"),
        "SM 1.1": ("criterion", "SM 1"),
        "SM 2": ("topic", "SM"),
        "SM 2.3": ("criterion", "SM 2"),
        "SM 3": ("topic", "SM"),
        "SM 3.2.2": ("criterion", "SM 3"),
        "CM": ("module", None),
        "CM 1": ("topic", "CM"),
        "CM 1.1": ("criterion", "CM 1"),
        "CM 2": ("topic", "CM"),
        "CM 2.1": ("criterion", "CM 2"),
        "CM 3": ("topic", "CM"),
        "CM 4": ("topic", "CM"),
        "CM 4.x": ("criterion", "CM 4"),
        "CM 5": ("topic", "CM"),
        "CM 5.1": ("criterion", "CM 5"),
        "CM 5.2": ("criterion", "CM 5"),
        "CM 5.3": ("criterion", "CM 5"),
    }
    # Order: the file's, depth first.
    assert list(version.criteria.order_by("order").values_list("code", flat=True)) == list(tree)


def test_seam_scm_weights_are_the_faqs_and_nothing_is_invented():
    weights = dict(_seam().criteria.values_list("code", "weight"))
    given = {k: v for k, v in weights.items() if v is not None}
    assert given == {
        "CM 1": Decimal("10"),
        "CM 1.1": Decimal("10"),
        "CM 5": Decimal("15"),
        "CM 5.1": Decimal("5"),
        "CM 5.3": Decimal("5"),
    }
    assert sum(1 for v in weights.values() if v is None) == len(weights) - 5


def test_seam_scm_level_texts_are_word_for_word_from_the_faq():
    version = _seam()

    def text(code: str, level: int) -> str:
        return _node(version, code).levels.get(level=level).text_th

    assert text("CM 1.1", 3) == CM_1_1_L3
    assert text("CM 5.1", 3) == CM_5_1_L3
    assert text("CM 5.3", 1) == CM_5_3_L1
    # Levels the source does not give are empty ("not yet provided"), never made up.
    assert text("CM 1.1", 1) == "" and text("CM 5.3", 5) == ""
    assert _node(version, "CM 5.3").levels.get(level=1).expected_artefacts == ["complaint_policy"]
    # Every criterion has its five levels; modules and topics have none.
    for criterion in version.criteria.all():
        expected = [1, 2, 3, 4, 5] if criterion.kind == "criterion" else []
        assert list(criterion.levels.values_list("level", flat=True)) == expected


def test_the_bank_of_thailand_framework_has_its_nine_standards():
    version = _bot()
    criteria = version.criteria.filter(kind="criterion").select_related("parent")
    assert [c.code for c in criteria] == [f"MC {n}" for n in range(1, 10)]
    assert {c.parent.code for c in criteria} == {"MC"}
    assert _node(version, "MC 7").title_en == "Problem and complaint handling"
    assert not version.criteria.filter(weight__isnull=False).exists()


def test_the_mapping_links_the_bank_of_thailand_standards_to_se_am_criteria():
    pairs = set(
        CriterionMapping.objects.filter(source__version=_bot()).values_list(
            "source__code", "target__code"
        )
    )
    assert pairs == {
        ("MC 1", "CM 1.1"),
        ("MC 1", "CM 5.1"),
        ("MC 1", "CM 5.3"),
        ("MC 2", "CM 2.1"),
        ("MC 3", "CM 1.1"),
        ("MC 4", "CM 5.1"),
        ("MC 5", "CM 1.1"),
        ("MC 5", "CM 5.1"),
        ("MC 6", "SM 1.1"),
        ("MC 7", "CM 5.3"),
        ("MC 7", "CM 5.1"),
        ("MC 8", "SM 3.2.2"),
        ("MC 9", "CM 5.1"),
    }
    assert CriterionMapping.objects.filter(target__version=_seam()).count() == len(pairs)


def test_loading_the_shipped_frameworks_again_changes_nothing():
    factories.library()
    before = _counts()
    assert library.ensure_shipped_frameworks() == []
    assert library.ensure_shipped_frameworks() == []
    assert _counts() == before


# --- refusals -------------------------------------------------------------------------------


def _draft_data(label: str = "ร่าง 2568") -> dict:
    data = export_version(_seam())
    data["version"]["label"] = label
    return data


def _refused(data: dict) -> list[library.Problem]:
    before = _counts()
    with pytest.raises(LibraryError) as refused:
        load_version(data)
    assert _counts() == before, "nothing is saved"
    return refused.value.problems


def _find(data: dict, code: str) -> dict:
    stack = list(data["nodes"])
    while stack:
        node = stack.pop()
        if node["code"] == code:
            return node
        stack.extend(node.get("children") or [])
    raise KeyError(code)


@pytest.mark.usefixtures("english")
def test_a_code_used_twice_is_refused():
    data = _draft_data()
    _find(data, "CM 5")["children"][1]["code"] = "CM 5.1"
    problems = _refused(data)
    assert [(p.field, p.message) for p in problems] == [("code", "The code CM 5.1 is used twice.")]


@pytest.mark.usefixtures("english")
def test_a_node_under_a_parent_of_the_wrong_kind_is_refused():
    data = _draft_data()
    # A topic inside a topic.
    _find(data, "CM 5")["children"].append({"code": "CM 5.9", "kind": "topic", "title_th": "x"})
    problems = _refused(data)
    assert [(p.where, p.field) for p in problems] == [("CM 5.9", "kind")]


@pytest.mark.usefixtures("english")
def test_a_parent_that_does_not_exist_is_refused():
    rows = library._flatten(_draft_data()["nodes"])
    rows[1]["parent_code"] = "XX 9"
    before = _counts()
    with pytest.raises(LibraryError) as refused:
        load_version(_draft_data(), flat=rows)
    assert _counts() == before
    assert [p.message for p in refused.value.problems] == ["The parent XX 9 does not exist."]


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("weight", "message"),
    [
        ("ten", "The weight must be a number (a percentage), or empty."),
        ("120", "The weight must be between 0 and 100."),
        ("-1", "The weight must be between 0 and 100."),
    ],
)
def test_a_bad_weight_is_refused(weight, message):
    data = _draft_data()
    _find(data, "CM 5.2")["weight"] = weight
    problems = _refused(data)
    assert [(p.where, p.field, p.message) for p in problems] == [
        ("CM 5.2 · weight", "weight", message)
    ]


@pytest.mark.usefixtures("english")
def test_an_unknown_artefact_is_refused():
    data = _draft_data()
    _find(data, "CM 5.3")["levels"][2]["artefacts"] = ["complaint_register", "crystal_ball"]
    problems = _refused(data)
    assert [(p.field, p.message) for p in problems] == [
        ("levels.2.artefacts", "Unknown artefacts: crystal_ball.")
    ]


@pytest.mark.usefixtures("english")
def test_every_problem_is_listed_at_once():
    data = _draft_data()
    _find(data, "CM 5.2")["weight"] = "lots"
    _find(data, "CM 5.3")["levels"][1]["artefacts"] = ["nope"]
    _find(data, "SM 2")["kind"] = "chapter"
    assert len(_refused(data)) == 3


@pytest.mark.usefixtures("english")
def test_a_published_label_is_refused():
    data = export_version(_seam())  # the label of the published version
    data["nodes"][0]["title_en"] = "Changed"
    problems = _refused(data)
    assert [(p.field, p.message) for p in problems] == [
        (
            "label",
            "Version FAQ 2563 is published and cannot change: load it under a new name.",
        )
    ]
    assert _node(_seam(), "SM").title_en == "Stakeholder Management"


def test_a_draft_of_the_same_label_is_replaced_and_publishing_makes_it_final():
    first = load_version(_draft_data("2568"))
    assert first.status == FrameworkVersion.Status.DRAFT
    data = _draft_data("2568")
    _find(data, "CM 5.2")["weight"] = "5"
    second = load_version(data)
    assert not FrameworkVersion.objects.filter(pk=first.pk).exists()
    assert _node(second, "CM 5.2").weight == Decimal("5")
    library.publish_version(second)
    second.refresh_from_db()
    assert second.is_published and second.published_at is not None
    with pytest.raises(LibraryError):
        load_version(_draft_data("2568"))


# --- the workbook ---------------------------------------------------------------------------


def _export_bytes(version: FrameworkVersion) -> bytes:
    return workbook_bytes(library_spreadsheet.export_workbook(version))


def _without_label(data: dict) -> dict:
    data = copy.deepcopy(data)
    data["version"].pop("label")
    return data


@pytest.mark.parametrize("code", [factories.SEAM, factories.BOT])
@pytest.mark.parametrize("language", ["th", "en"])
def test_export_then_import_gives_the_same_version(code, language):
    original = factories.framework_version(code)
    with translation.override(language):
        data = _export_bytes(original)
        result = library_spreadsheet.import_version(data, label="ร่างทดสอบ")
        assert result.errors == []
        copy_ = result.version
        # The workbook of the copy is the workbook of the original, cell for cell.
        assert _sheet_values(_export_bytes(copy_), "criteria") == _sheet_values(data, "criteria")
    assert copy_.label == "ร่างทดสอบ" and copy_.status == FrameworkVersion.Status.DRAFT
    assert copy_.framework_id == original.framework_id
    assert _without_label(export_version(copy_)) == _without_label(export_version(original))


def _sheet_values(data: bytes, name: str) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(data))
    return list(workbook[name].iter_rows(values_only=True))


def _workbook(version=None):
    workbook = load_workbook(io.BytesIO(_export_bytes(version or _seam())))
    rows = {
        row[0].value: row[0].row
        for row in workbook["criteria"].iter_rows(min_row=FIRST_DATA_ROW)
        if row[0].value
    }
    keys = [cell.value for cell in workbook["criteria"][2]]
    return workbook, rows, keys


def _set(workbook, row: int, keys: list[str], key: str, value) -> None:
    workbook["criteria"].cell(row=row, column=keys.index(key) + 1, value=value)


def _import(workbook, label: str = "2568"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return library_spreadsheet.import_version(buffer.getvalue(), label=label)


def test_the_workbook_has_the_documented_layout():
    workbook, rows, keys = _workbook()
    assert workbook.sheetnames[:3] == ["instructions", "framework", "criteria"]
    assert keys[:9] == [
        "code",
        "parent_code",
        "kind",
        "title_th",
        "title_en",
        "description_th",
        "description_en",
        "weight",
        "note",
    ]
    assert keys[9:13] == ["level_1_th", "level_1_en", "level_1_source", "level_1_artefacts"]
    assert len(keys) == 9 + 5 * 4
    framework = {r[0]: r[1] for r in workbook["framework"].iter_rows(min_row=2, values_only=True)}
    assert framework["code"] == "seam-scm" and framework["version"] == "FAQ 2563"
    sheet = workbook["criteria"]
    assert sheet.cell(rows["CM 1.1"], keys.index("weight") + 1).value == 10
    assert sheet.cell(rows["CM 5.2"], keys.index("weight") + 1).value is None
    assert sheet.cell(rows["CM 1.1"], keys.index("parent_code") + 1).value == "CM 1"
    assert sheet.cell(rows["CM 1.1"], keys.index("level_3_th") + 1).value == CM_1_1_L3
    assert sheet.cell(rows["CM 2.1"], keys.index("level_1_artefacts") + 1).value == (
        "customer_segments, listening_channels"
    )
    instructions = [c for row in workbook["instructions"].iter_rows(values_only=True) for c in row]
    assert "complaint_policy" in instructions and "level_5_artefacts" in instructions


@pytest.mark.usefixtures("english")
def test_a_workbook_with_problems_lists_each_by_row_and_column_and_saves_nothing():
    workbook, rows, keys = _workbook()
    _set(workbook, rows["CM 5.2"], keys, "weight", "a lot")
    _set(workbook, rows["CM 5.3"], keys, "level_2_artefacts", "complaint_register, telepathy")
    _set(workbook, rows["SM 2.3"], keys, "code", "SM 1.1")
    _set(workbook, rows["CM 4.x"], keys, "parent_code", "CM 9")
    _set(workbook, rows["CM 3"], keys, "kind", "chapter")
    _set(workbook, rows["CM 2.1"], keys, "title_th", "ก" * 501)
    before = _counts()
    result = _import(workbook)
    assert result.version is None
    assert _counts() == before
    found = {(e.sheet, e.row, e.column, e.message) for e in result.errors}
    assert found == {
        (
            "criteria",
            rows["CM 5.2"],
            "Weight (%)",
            "The weight must be a number (a percentage), or empty.",
        ),
        (
            "criteria",
            rows["CM 5.3"],
            "Level 2 expected artefacts",
            "Unknown artefacts: telepathy.",
        ),
        ("criteria", rows["SM 2.3"], "Code", "The code SM 1.1 is used twice."),
        ("criteria", rows["CM 4.x"], "Part of (code)", "The parent CM 9 does not exist."),
        (
            "criteria",
            rows["CM 3"],
            "Kind",
            "The kind must be one of: module, topic, criterion.",
        ),
        ("criteria", rows["CM 2.1"], "Title (Thai)", "The text is longer than 500 characters."),
    }


@pytest.mark.usefixtures("english")
def test_a_child_above_its_parent_is_refused():
    workbook, rows, keys = _workbook()
    sheet = workbook["criteria"]
    # Swap the rows of CM 5 and CM 5.1: the criterion now comes before its topic.
    first, second = rows["CM 5"], rows["CM 5.1"]
    for column in range(1, len(keys) + 1):
        a, b = sheet.cell(first, column), sheet.cell(second, column)
        a.value, b.value = b.value, a.value
    before = _counts()
    result = _import(workbook)
    assert _counts() == before
    assert [(e.row, e.column, e.message) for e in result.errors] == [
        (first, "Part of (code)", "The parent CM 5 must be on a row above this one.")
    ]


@pytest.mark.usefixtures("english")
def test_the_framework_sheet_is_checked():
    workbook, _rows, _keys = _workbook()
    sheet = workbook["framework"]
    cells = {row[0].value: row[1] for row in sheet.iter_rows(min_row=2)}
    cells["code"].value = "not a slug!"
    cells["title_th"].value = None
    result = _import(workbook)
    assert {(e.sheet, e.row, e.column) for e in result.errors} == {
        ("framework", cells["code"].row, "code"),
        ("framework", cells["title_th"].row, "title_th"),
    }


@pytest.mark.usefixtures("english")
def test_a_published_label_is_refused_on_import():
    workbook, _rows, _keys = _workbook()
    result = _import(workbook, label="FAQ 2563")
    assert [(e.column, e.message) for e in result.errors] == [
        (
            "Version label",
            "Version FAQ 2563 is published and cannot change: load it under a new name.",
        )
    ]
    # Without a label typed on the page, the framework sheet's label is used.
    result = _import(workbook, label="")
    assert [(e.sheet, e.column) for e in result.errors] == [("framework", "version")]


@pytest.mark.usefixtures("english")
def test_a_workbook_without_the_criteria_sheet_is_refused():
    workbook, _rows, _keys = _workbook()
    del workbook["criteria"]
    result = _import(workbook)
    assert [(e.sheet, e.message) for e in result.errors] == [
        (
            "criteria",
            "The workbook has no sheet “criteria”. Start from an export of a version.",
        )
    ]


def test_completing_weights_in_the_workbook_loads_them_into_a_draft():
    workbook, rows, keys = _workbook()
    _set(workbook, rows["CM 5.2"], keys, "weight", 5)
    _set(workbook, rows["SM 1.1"], keys, "level_1_th", "ข้อความระดับ 1")
    _set(
        workbook, rows["SM 1.1"], keys, "level_1_artefacts", "stakeholder_profiles;board_resolution"
    )
    result = _import(workbook, label="2568")
    assert result.errors == []
    assert _node(result.version, "CM 5.2").weight == Decimal("5")
    level = _node(result.version, "SM 1.1").levels.get(level=1)
    assert level.text_th == "ข้อความระดับ 1"
    assert level.expected_artefacts == ["stakeholder_profiles", "board_resolution"]
