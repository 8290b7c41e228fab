"""The assessment pack, opened the way an assessment committee reads it.

Packs are requested through seam_scm.packs.services and built by the (eager) task once the
request commits; the PDF is then read with pikepdf, poppler and pdfium.
"""

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pikepdf
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope, scopes_disabled

from assessments.models import Criterion, CriterionKind
from assessments.pack import collect
from complaints import policy_services
from complaints.case_evidence import attach_evidence
from seam_scm.approvals import services as approvals
from seam_scm.files.demo import sample_pdf, sample_png
from seam_scm.files.models import FileVersion
from seam_scm.packs import services
from seam_scm.packs.kinds import pack_kind
from seam_scm.packs.models import EvidencePack, PackKind, PackState
from seam_scm.tenancy import services as tenancy_services
from seam_scm.tenancy.models import Membership
from seam_scm.tenancy.roles import Action, Role

from ..assessments.factories import (
    claim,
    claim_all,
    comment,
    criterion,
    link,
    make_cycle,
    member,
    move,
)
from ..assessments.factories import review as record_review
from ..complaints.factories import approved_policy, make_case
from ..customers.factories import make_survey
from ..files.factories import make_attachment, upload
from .pdf_reading import outline_titles, page_texts, poppler_text, squeeze

DEPTH = {CriterionKind.MODULE: 1, CriterionKind.TOPIC: 2, CriterionKind.CRITERION: 3}

# Narratives mixing ำ and า, below vowels and tone marks: what WeasyPrint alone garbles.
APPROACH = "กำหนดการ การกำหนด กำไร การ ทำการ: สู่แผนปฏิบัติการ ผู้ใช้น้ำ ที่นี่ ชี้แจง ทั้งนี้"
DEPLOYMENT = "ถ่ายทอดแผนสู่ทุกสายงาน ครู่หนึ่ง คุ้มค่า กุ้งแม่น้ำ ติ๊กถูก ปั้นดิน ผึ้งหลวง"
COMMENT = "โปรดแนบมติคณะกรรมการที่อนุมัติแผนยุทธศาสตร์ด้านลูกค้า"
REVIEW_STRENGTH = "มีการทบทวนแผนทุกไตรมาสอย่างต่อเนื่อง"


def two_page_pdf() -> bytes:
    """A real two-page PDF whose pages say which they are."""
    target = pikepdf.new()
    sources = [pikepdf.open(io.BytesIO(sample_pdf([f"Appended page {n}"]))) for n in ("one", "two")]
    for source in sources:
        target.pages.extend(source.pages)
    buffer = io.BytesIO()
    target.save(buffer)
    for source in sources:
        source.close()
    return buffer.getvalue()


def workbook() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "จำนวนข้อร้องเรียน"
    book.active["B1"] = 123
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


PDF_PAGES = two_page_pdf()
XLSX = workbook()


def membership_of(user) -> Membership:
    with scopes_disabled():
        return Membership.objects.select_related("organization", "user").get(user=user)


def build(user, cycle, capture, **options) -> tuple[EvidencePack, Path]:
    """Request the pack as `user` and let the task build it when the request commits."""
    membership = membership_of(user)
    with scope(organization=cycle.organization), capture(execute=True):
        pack = services.request_pack(
            membership=membership, kind=PackKind.ASSESSMENT, subject=cycle, options=options
        )
    with scope(organization=cycle.organization):
        pack.refresh_from_db()
    assert pack.state == PackState.DONE, pack.failure_reason
    return pack, Path(pack.file.path)


def stored(attachment) -> FileVersion:
    with scopes_disabled():
        return FileVersion.objects.get(pk=attachment.current_version_id)


def tree_nodes(cycle) -> list[Criterion]:
    with scopes_disabled():
        return list(cycle.framework_version.criteria.order_by("order"))


def bookmarked_nodes(path: Path, cycle) -> list[tuple[int, str]]:
    """(depth, code) of each bookmark that heads a module, topic or criterion of the cycle."""
    codes = sorted((node.code for node in tree_nodes(cycle)), key=len, reverse=True)
    found = []
    for depth, title in outline_titles(path):
        code = next((code for code in codes if title.startswith(f"{code} ")), None)
        if code is not None and depth <= 3:
            found.append((depth, code))
    return found


@pytest.fixture
def prepared(org_a):
    """A cycle being prepared: CM 1.1 claimed with its narrative, a two-page PDF, a workbook
    and an open comment; CM 5.3 claimed with the PDF linked again."""
    cycle = make_cycle(org_a)
    claim(cycle, "CM 1.1", 3, approach=APPROACH, deployment=DEPLOYMENT)
    claim(cycle, "CM 5.3", 2, approach="ช่องทางรับข้อร้องเรียนครบถ้วน")
    cm11 = criterion(cycle, "CM 1.1")
    report = make_attachment(
        org_a, name="รายงานผล.pdf", content=PDF_PAGES, title="รายงานผลการดำเนินงาน"
    )
    sheet = make_attachment(org_a, name="ตัวชี้วัด.xlsx", content=XLSX, title="ตารางตัวชี้วัด")
    link(cm11, "file", report, label="รายงานผลการดำเนินงานประจำปี")
    link(cm11, "file", sheet, label="ตารางตัวชี้วัดรายไตรมาส")
    link(criterion(cycle, "CM 5.3"), "file", report)
    comment(cm11, COMMENT)
    return cycle, report, sheet


def test_the_kind_is_registered_for_the_roles_that_take_assessments_away():
    spec = pack_kind(PackKind.ASSESSMENT)
    assert spec.action == Action.EXPORT_ASSESSMENT_PACKS
    assert spec.subject_model.__name__ == "AssessmentCycle"


def test_a_viewer_may_not_request_one(org_a, prepared):
    cycle, _report, _sheet = prepared
    viewer = member(org_a, Role.VIEWER)
    with scope(organization=org_a), pytest.raises(PermissionDenied):
        services.request_pack(
            membership=membership_of(viewer), kind=PackKind.ASSESSMENT, subject=cycle
        )


def test_whole_cycle_pack(org_a, prepared, django_capture_on_commit_callbacks):
    cycle, report, sheet = prepared
    pack, path = build(member(org_a, Role.COORDINATOR), cycle, django_capture_on_commit_callbacks)

    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) == pack.page_count
        # The workbook is embedded byte for byte; the PDF is appended, not attached.
        attached = {name: pdf.attachments[name].get_file().read_bytes() for name in pdf.attachments}
    assert [name for name in attached if name.endswith("ตัวชี้วัด.xlsx")], attached.keys()
    assert list(attached.values()) == [XLSX]

    # The two pages of the PDF come in place, one after the other, right after CM 1.1's
    # evidence list, and once only although CM 5.3 links the file too.
    pages = page_texts(path)
    first = [i for i, text in enumerate(pages) if "Appended page one" in text]
    second = [i for i, text in enumerate(pages) if "Appended page two" in text]
    assert len(first) == 1 and second == [first[0] + 1]
    cm11_page = next(i for i, text in enumerate(pages) if squeeze(APPROACH) in squeeze(text))
    cm53_page = next(i for i, text in enumerate(pages) if "ช่องทางรับข้อร้องเรียน" in text)
    assert cm11_page < first[0] < cm53_page

    # The manifest lists both files with the SHA-256 recorded at upload.
    manifest = squeeze(pages[-1])
    for attachment in (report, sheet):
        assert stored(attachment).sha256 in manifest

    # Bookmarks: every module (1), topic (2) and criterion (3), in the tree's order, with the
    # first appended page under its criterion (4).
    expected = [(DEPTH[node.kind], node.code) for node in tree_nodes(cycle)]
    assert bookmarked_nodes(path, cycle) == expected
    titles = outline_titles(path)
    cm11 = next(i for i, (_depth, title) in enumerate(titles) if title.startswith("CM 1.1 "))
    assert titles[cm11 + 1][0] == 4 and "รายงานผลการดำเนินงานประจำปี" in titles[cm11 + 1][1]

    # Thai survives extraction: the criterion's title and the narrative, exactly.
    text = squeeze(poppler_text(path))
    with scopes_disabled():
        title = Criterion.objects.get(version=cycle.framework_version, code="CM 1.1").title_th
    for source in (title, APPROACH, DEPLOYMENT):
        assert squeeze(source) in text
    assert "กำร" not in text

    # An open cycle shows no assessor comments.
    assert squeeze(COMMENT) not in text


def test_chosen_criteria_only(org_a, prepared, django_capture_on_commit_callbacks):
    cycle, _report, _sheet = prepared
    chosen = [criterion(cycle, "CM 5.3").pk, criterion(cycle, "SM 1.1").pk]
    _pack, path = build(
        member(org_a, Role.EDITOR), cycle, django_capture_on_commit_callbacks, criteria=chosen
    )
    assert bookmarked_nodes(path, cycle) == [
        (1, "SM"), (2, "SM 1"), (3, "SM 1.1"), (1, "CM"), (2, "CM 5"), (3, "CM 5.3"),
    ]  # fmt: skip
    text = squeeze(poppler_text(path))
    assert squeeze(APPROACH) not in text
    assert "ช่องทางรับข้อร้องเรียนครบถ้วน" in text
    # CM 5.3 links the PDF too: here it is appended under CM 5.3.
    assert "Appendedpageone" in text


def finalise(cycle, by_assessor) -> None:
    """Claim what is left, submit, review every criterion, and make the cycle final."""
    claim_all(cycle)
    move(cycle, "self_assessed", Role.EDITOR)
    move(cycle, "under_review")
    with scopes_disabled():
        assessments = list(cycle.criteria.all())
    for assessment in assessments:
        record_review(assessment, 3, by=by_assessor, strengths=REVIEW_STRENGTH)
    move(cycle, "final")


def test_final_cycle_shows_the_review_and_comments(
    org_a, prepared, django_capture_on_commit_callbacks
):
    cycle, _report, _sheet = prepared
    finalise(cycle, member(org_a, Role.ASSESSOR))
    _pack, path = build(member(org_a, Role.SECRETARY), cycle, django_capture_on_commit_callbacks)
    text = squeeze(poppler_text(path))
    assert squeeze(COMMENT) in text
    assert squeeze(REVIEW_STRENGTH) in text


def test_an_assessors_pack_leaves_out_what_an_assessor_may_not_download(
    org_a, prepared, django_capture_on_commit_callbacks
):
    """A survey's report may be any evidence file, even one of a complaint case (a coordinator
    chose it): a coordinator's pack carries it, an assessor's does not."""
    cycle, _report, _sheet = prepared
    case = make_case(org_a)
    with scope(organization=org_a):
        letter = attach_evidence(
            case=case,
            by=member(org_a),
            upload=upload("หนังสือร้องเรียน.pdf", sample_pdf(["Letter of the complainant"])),
        )
    survey = make_survey(org_a, report=letter)
    link(criterion(cycle, "CM 1.1"), "survey", survey)

    _pack, coordinator_pdf = build(
        member(org_a, Role.COORDINATOR), cycle, django_capture_on_commit_callbacks
    )
    assert "Letter of the complainant" in poppler_text(coordinator_pdf)
    assert stored(letter).sha256 in squeeze(page_texts(coordinator_pdf)[-1])

    assessor_pack, assessor_pdf = build(
        member(org_a, Role.ASSESSOR), cycle, django_capture_on_commit_callbacks
    )
    assert not assessor_pack.includes_personal_data
    assert "Letter of the complainant" not in poppler_text(assessor_pdf)
    assert stored(letter).sha256 not in squeeze(page_texts(assessor_pdf)[-1])
    # What the assessor may open is still there.
    assert "Appended page one" in poppler_text(assessor_pdf)


def test_a_linked_document_version_brings_its_pinned_files(org_a):
    """The files of a linked approved version, at the exact file version it was approved with."""
    cycle = make_cycle(org_a)
    coordinator = member(org_a, Role.COORDINATOR)
    with scope(organization=org_a):
        document = policy_services.create_policy(organization=org_a, by=coordinator)
        draft = document.versions.get()
        pinned = approvals.attach_file(
            version=draft,
            by=coordinator,
            label="ขั้นตอนการจัดการข้อร้องเรียน",
            upload=upload("ขั้นตอน.pdf", PDF_PAGES),
            effective_date=dt.date(2026, 10, 1),
        )
    version = approved_policy(org_a)
    assert version.pk == draft.pk
    link(criterion(cycle, "CM 5.3"), "complaint_policy", version)

    with scope(organization=org_a):
        pack = services.request_pack(
            membership=membership_of(member(org_a, Role.ASSESSOR)),
            kind=PackKind.ASSESSMENT,
            subject=cycle,
        )
        content = collect(pack, lambda percent, step: None)
    assert [(f.version.pk, f.label, f.section) for f in content.files] == [
        (pinned.file_version_id, "ขั้นตอนการจัดการข้อร้องเรียน", "CM 5.3")
    ]


def test_the_cover_shows_the_logo_or_else_a_monogram(org_a):
    cycle = make_cycle(org_a)
    membership = membership_of(member(org_a, Role.COORDINATOR))
    with scope(organization=org_a):
        pack = services.request_pack(membership=membership, kind=PackKind.ASSESSMENT, subject=cycle)
        assert collect(pack, lambda percent, step: None).context["logo_uri"] == ""
        tenancy_services.update_organization(
            organization=org_a,
            name_th=org_a.name_th,
            short_name=org_a.short_name,
            logo=SimpleUploadedFile("โลโก้.png", sample_png()),
        )
        logo_uri = collect(pack, lambda percent, step: None).context["logo_uri"]
    assert logo_uri.startswith("data:image/png;base64,")


def _collect_queries(cycle, user):
    membership = membership_of(user)
    with scope(organization=cycle.organization):
        pack = services.request_pack(
            membership=membership, kind=PackKind.ASSESSMENT, subject=cycle
        )  # not built: the request's transaction never commits in this test
        collect(pack, lambda percent, step: None)  # warm the content type cache
        steps: list[int] = []
        with CaptureQueriesContext(connection) as queries:
            content = collect(pack, lambda percent, step: steps.append(percent))
    return len(queries), steps, content


def test_collect_costs_the_same_for_one_criterion_as_for_three(org_a, org_b):
    counts = []
    for organization, codes in ((org_a, ["CM 1.1"]), (org_b, ["CM 1.1", "CM 5.1", "SM 1.1"])):
        cycle = make_cycle(organization)
        for code in codes:
            claim(cycle, code, 2)
            for number in range(len(codes)):
                attachment = make_attachment(organization, title=f"หลักฐาน {code} {number}")
                link(criterion(cycle, code), "file", attachment)
            comment(criterion(cycle, code), f"ความเห็นต่อ {code}")
        survey = make_survey(organization, report=make_attachment(organization))
        link(criterion(cycle, codes[-1]), "survey", survey)
        finalise(cycle, member(organization, Role.ASSESSOR))
        count, steps, content = _collect_queries(cycle, member(organization, Role.ASSESSOR))
        assert len(content.files) == len(codes) ** 2 + 1
        assert steps and all(1 <= percent <= 10 for percent in steps)
        counts.append(count)
    assert counts[0] == counts[1]
