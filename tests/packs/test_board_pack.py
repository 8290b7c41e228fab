"""The board approval pack, read as a director reads it: the PDF's text, bookmarks and files.

Each test builds one real pack through the product's own path (request -> task -> PDF) and
opens the file with pikepdf, pdfium and poppler. Labels are compared with their translation in
the pack's language (Thai), so the tests hold before and after the translator's work.
"""

import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

import pikepdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_scopes import scope

from complaints.models import ComplaintChannel
from customers.models import ServiceStandard, VocCategory
from seam_scm.approvals import services as approvals
from seam_scm.approvals.pack import collect, meeting_fiscal_year
from seam_scm.files.demo import sample_docx, sample_pdf, sample_png
from seam_scm.packs import services as packs
from seam_scm.packs.models import EvidencePack, PackKind, PackState
from seam_scm.tenancy import services as tenancy
from seam_scm.tenancy.roles import Role
from stakeholders.models import Stakeholder

from ..complaints import factories as complaints
from ..customers import factories as customers
from ..factories import MembershipFactory
from ..stakeholders import factories as stakeholders
from .pdf_reading import outline_titles, page_texts, pdfium_text, poppler_text, squeeze

MEETING = "การประชุมคณะกรรมการ ครั้งที่ 5/2570"
MEETING_DATE = dt.date(2027, 1, 20)  # fiscal year 2570
MEMO = sample_docx(["memo"])


def thai(text: str) -> str:
    """A label as the pack shows it: packs are built in the requester's language, Thai here."""
    with translation.override("th"):
        return gettext(text)


def contains(haystack: str, needle: str) -> bool:
    """Thai lines break between words without spaces: compare without white space."""
    return squeeze(needle) in squeeze(haystack)


@pytest.fixture
def build(django_capture_on_commit_callbacks):
    """build(membership, version, personal_data=None, **request) -> the finished board pack.

    The pack is requested as a page would, and its (eager) task runs once the request commits.
    `personal_data=False` makes it a pack without personal data, as a role without
    VIEW_PERSONAL_DATA would get (no role that may build board packs is such a role today).
    """

    def build_pack(membership, version, *, personal_data=None, **request) -> EvidencePack:
        with scope(organization=membership.organization):
            with django_capture_on_commit_callbacks() as callbacks:
                pack = packs.request_pack(
                    membership=membership, kind=PackKind.BOARD, subject=version, **request
                )
            if personal_data is not None:
                EvidencePack.objects.filter(pk=pack.pk).update(includes_personal_data=personal_data)
            for callback in callbacks:
                callback()
            pack.refresh_from_db()
        assert pack.state == PackState.DONE, pack.failure_reason
        return pack

    return build_pack


def section_page(pages: list[str], heading: str) -> str:
    """The first page after the cover and the contents (which name every section) showing it."""
    return next(page for page in pages[2:] if contains(page, heading))


def pdf_path(pack: EvidencePack) -> Path:
    return Path(pack.file.path)


def two_page_pdf() -> bytes:
    merged = pikepdf.new()
    for line in ("ANNEX-PAGE-ONE", "ANNEX-PAGE-TWO"):
        with pikepdf.open(io.BytesIO(sample_pdf([line]))) as source:
            merged.pages.extend(source.pages)
    buffer = io.BytesIO()
    merged.save(buffer)
    return buffer.getvalue()


def attach(version, by, label: str, name: str, content: bytes, content_type: str) -> None:
    with scope(organization=version.organization):
        approvals.attach_file(
            version=version,
            by=by,
            label=label,
            upload=SimpleUploadedFile(name, content, content_type=content_type),
            effective_date=dt.date(2026, 10, 1),
        )


def secretary(organization):
    return MembershipFactory(organization=organization, role=Role.SECRETARY)


# --- the charter: cover, content, supporting data, changes, files, resolution ------------------


@pytest.fixture
def charter_v2(org_a):
    """Version 2 of a charter (v1 approved in 12/2569) that raises a target, with two files."""
    by = customers.coordinator(org_a)
    with scope(organization=org_a):
        tenancy.update_organization(
            organization=org_a,
            name_th=org_a.name_th,
            short_name=org_a.short_name,
            logo=SimpleUploadedFile("logo.png", sample_png((120, 120)), "image/png"),
        )
    v1 = customers.make_full_charter(org_a)
    customers.approve_charter(org_a, v1, by=by, meeting_date=dt.date(2026, 11, 20))
    with scope(organization=org_a):
        v2 = approvals.start_new_draft(document=v1.document, by=by)
        standard = ServiceStandard.objects.get(version=v2)
        standard.target = "ไม่น้อยกว่าร้อยละ 95"
        standard.save()
        v2.summary = "ปรับเป้าหมายการติดตั้งประปาใหม่ให้สูงขึ้น"
        v2.save()
    attach(v2, by, "ผลการสำรวจประกอบการปรับมาตรฐาน", "survey.pdf", two_page_pdf(), "application/pdf")
    attach(
        v2,
        by,
        "บันทึกข้อความเสนอคณะกรรมการ",
        "memo.docx",
        MEMO,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    with scope(organization=org_a):
        approvals.submit_version(version=v2, by=by)
        v2.refresh_from_db()
    # VOC of fiscal year 2570 (from 1 Oct 2569 = 2026-10-01) and one of the year before.
    segment = customers.make_segment(org_a, code="HOME", name_th="ผู้ใช้น้ำบ้านพักอาศัย")
    channel = customers.make_channel(org_a, code="CC1662", name_th="ศูนย์บริการทางโทรศัพท์ 1662")
    for category, importance in ((VocCategory.PRODUCT_SERVICE, 5), (VocCategory.TRANSACTION, 3)):
        customers.make_voc(
            org_a, channel=channel, segment=segment, category=category, importance=importance
        )
    customers.make_voc(
        org_a, channel=channel, segment=segment, heard_on=dt.date(2026, 9, 1), importance=1
    )
    survey = customers.make_survey(org_a, title="สำรวจความพึงพอใจปี 2570", fiscal_year=2570)
    customers.make_survey_result(org_a, survey=survey, score=Decimal("4.50"))  # 90.0 %
    return v2


def test_charter_pack_shows_what_the_board_decides_on(org_a, charter_v2, build):
    pack = build(
        secretary(org_a), charter_v2, meeting=MEETING, meeting_date=MEETING_DATE, agenda_item="4.1"
    )
    path = pdf_path(pack)
    pages = page_texts(path)
    text = poppler_text(path)

    # Filed under the fiscal year of the meeting.
    assert pack.fiscal_year == 2570

    # The cover: logo (an image on page 1), organization, kind, document, meeting, BE dates.
    cover = pages[0]
    for fact in (
        org_a.name_th,
        thai("Board approval pack"),
        charter_v2.title,
        MEETING,
        "20 มกราคม 2570",
        "4.1",
        pack.reference,
    ):
        assert contains(cover, fact), fact
    today = timezone.localdate()
    assert contains(cover, f"{today.day} ")
    assert contains(cover, str(today.year + 543))
    with pikepdf.open(path) as pdf:
        assert pdf.pages[0].get_images(), "the organization's logo is drawn on the cover"
        # The second file (a DOCX) is embedded, the PDF's two pages are appended.
        assert list(pdf.attachments) == ["002-memo.docx"]
        assert pdf.attachments["002-memo.docx"].get_file().read_bytes() == MEMO
        page_count = len(pdf.pages)
    assert pack.page_count == page_count
    # The PDF's two pages are drawn in the annex, one after the other, each under its caption.
    first = next(index for index, page in enumerate(pages) if contains(page, "ANNEX-PAGE-ONE"))
    assert contains(pages[first + 1], "ANNEX-PAGE-TWO")
    assert contains(pages[first], "ผลการสำรวจประกอบการปรับมาตรฐาน")
    annex = pages.index(section_page(pages, thai("Annex: the document's files")))
    resolution_index = pages.index(section_page(pages, thai("The board resolved")))
    assert resolution_index < annex < first

    # The summary: what the board is asked to decide, and the version's summary.
    assert contains(text, "ปรับเป้าหมายการติดตั้งประปาใหม่ให้สูงขึ้น")

    # The document itself, from its structured data: standards, blueprint, recovery plan.
    for content in (
        "การขอติดตั้งประปาใหม่",  # the service
        "ร้อยละของคำขอที่ติดตั้งภายใน 7 วันทำการ",  # its metric
        "สำรวจพื้นที่และประเมินราคา",  # a blueprint step's backstage
        "ทักทาย ตรวจเอกสารครบถ้วนในครั้งเดียว",  # the guideline at the critical point
        "เปิดรับคำขอด้วยแบบฟอร์มกระดาษ",  # the emergency recovery scenario
        "ให้บริการด้วยความสุภาพ รวดเร็ว และโปร่งใส",  # a commitment
    ):
        assert contains(text, content), content

    # Supporting data: VOC of fiscal year 2570 only (2 of 3), by channel, and the survey.
    voc_page = section_page(pages, "ศูนย์บริการทางโทรศัพท์ 1662")
    assert contains(voc_page, "ผู้ใช้น้ำบ้านพักอาศัย")
    # The channel's row: code and name, kind, 2 VOC, mean importance (5 + 3) / 2, 2 negative.
    assert contains(voc_page, f"CC1662 ศูนย์บริการทางโทรศัพท์ 1662 {thai('Call center')} 2 4.0 2")
    assert contains(text, "สำรวจความพึงพอใจปี 2570")
    assert contains(text, "90.0")

    # Changes against version 1, the last approved: the raised target, before and after.
    changes = next(
        page
        for page in pages
        if contains(page, thai("Changes since the last approved version"))
        and contains(page, "ร้อยละ 95")
    )
    assert contains(changes, "ไม่น้อยกว่าร้อยละ 90")
    assert contains(changes, "12/2569")

    # The resolution page: agenda item, the three choices, two signature blocks.
    resolution = section_page(pages, thai("The board resolved"))
    for label in (
        "To approve as proposed",
        "To approve with the changes noted below",
        "To return it for revision, for the reasons noted below",
        "Chair of the board",
        "Secretary of the board",
    ):
        assert contains(resolution, thai(label)), label
    assert contains(resolution, MEETING)

    # Bookmarks: one per section, the supporting sections below theirs, the annex's PDF.
    titles = outline_titles(path)
    top = [title for depth, title in titles if depth == 1]
    for section in (
        "Contents",
        "Summary for the board",
        "The document",
        "Supporting data",
        "Changes since the last approved version",
        "Resolution of the board",
        "Annex: the document's files",
        "Manifest of included files",
    ):
        assert thai(section) in top, section
    assert (2, thai("Voice of the customer (VOC) analysis")) in titles
    assert any("ผลการสำรวจประกอบการปรับมาตรฐาน" in title for _depth, title in titles)

    # Both extractors read the same Thai: the text layer fix holds on the pack's own text.
    assert contains(pdfium_text(path), "มาตรฐานการให้บริการ")
    assert contains(text, "มาตรฐานการให้บริการ")


def test_the_pack_grows_by_the_appended_pages(org_a, charter_v2, build):
    """The same version with and without its two-page PDF (the DOCX stays): two pages more."""
    membership = secretary(org_a)
    with_files = build(membership, charter_v2, meeting=MEETING)
    with scope(organization=org_a):
        # Drafts lose files through the service; a submitted version is sent back first.
        approvals.withdraw_version(version=charter_v2, by=membership.user)
        approvals.detach_file(
            item=charter_v2.attachments.get(file_version__original_name="survey.pdf")
        )
    without_files = build(membership, charter_v2, meeting=MEETING)
    assert with_files.page_count - without_files.page_count == 2


# --- the complaint policy: KPIs of the fiscal year ----------------------------------------------


def test_complaint_policy_pack_with_kpis(org_a, build):
    policy = complaints.approved_policy(org_a)
    by = complaints.member(org_a, Role.COORDINATOR)
    with scope(organization=org_a):
        draft = approvals.start_new_draft(document=policy.document, by=by)
        channel = ComplaintChannel.objects.get(version=draft, kind=ComplaintChannel.Kind.COUNTER)
        channel.contact = "ศูนย์บริการลูกค้า อาคาร 2 ชั้น 1"
        channel.save()
        approvals.submit_version(version=draft, by=by)
    complaints.closed_case(org_a, satisfaction=5)
    complaints.make_case(org_a)
    pack = build(secretary(org_a), draft)  # no meeting date: the fiscal year of today
    assert pack.fiscal_year == meeting_fiscal_year(draft, None)

    path = pdf_path(pack)
    text = poppler_text(path)
    pages = page_texts(path)
    # The policy itself: channels, categories, time standards.
    assert contains(text, "ศูนย์บริการลูกค้า อาคาร 2 ชั้น 1")
    # Its KPIs: two cases received this fiscal year, one closed with satisfaction 5.
    assert (2, thai("Complaint KPIs")) in outline_titles(path)
    kpi_page = section_page(pages, thai("Per quarter"))
    assert contains(kpi_page, "5.00")
    assert contains(text, thai("How the figures are counted"))
    # The changed contact appears as a change against version 1.
    changes = section_page(pages, thai("Changes since the last approved version"))
    assert contains(changes, "ศูนย์บริการลูกค้า อาคาร 2 ชั้น 1")
    # No complainant is named anywhere.
    assert "สมชาย" not in text


# --- the relationship plan: stakeholder analysis, VOS, and no personal data --------------------


@pytest.fixture
def plan_v2(org_a):
    business_line = stakeholders.line(org_a, code="L-OPS", name_th="สายงานปฏิบัติการ")
    person = stakeholders.make_stakeholder(
        org_a,
        code="S-IND",
        name_th="นายประเสริฐ ใจดีมาก",
        status=Stakeholder.Status.INDIVIDUAL,
        influence=5,
        interest=5,
        units=[(business_line, 1)],
        representatives=[{"name": "นางสาวมาลี ติดต่อดี", "phone": "02-111-2222"}],
    )
    agency = stakeholders.make_stakeholder(
        org_a,
        code="S-GOV",
        name_th="กรมทรัพยากรน้ำ",
        group_code="REG",
        influence=4,
        interest=5,
        units=[(business_line, 1)],
    )
    stakeholders.make_voice(org_a, person, topic="แรงดันน้ำต่ำในหมู่บ้าน")
    stakeholders.make_voice(org_a, agency, topic="การรายงานคุณภาพน้ำ", polarity="positive")
    plan = stakeholders.make_plan(org_a, business_line, fiscal_year=2570)
    stakeholders.make_plan_item(org_a, plan, stakeholder=agency, activity="ประชุมร่วมรายไตรมาส")
    stakeholders.approve_plan(plan)
    by = MembershipFactory(organization=org_a, role=Role.COORDINATOR).user
    with scope(organization=org_a):
        draft = approvals.start_new_draft(document=plan.document, by=by)
    stakeholders.make_plan_item(
        org_a, plan, stakeholder=person, activity="เยี่ยมบ้านเพื่อรับฟังปัญหาแรงดันน้ำ"
    )
    with scope(organization=org_a):
        approvals.submit_version(version=draft, by=by)
        draft.refresh_from_db()
    return draft


def test_plan_pack_without_personal_data(org_a, plan_v2, build):
    pack = build(secretary(org_a), plan_v2, personal_data=False, meeting=MEETING)
    assert not pack.includes_personal_data
    path = pdf_path(pack)
    text = poppler_text(path)
    other = pdfium_text(path)

    # The plan's items and the analysis are there.
    assert contains(text, "เยี่ยมบ้านเพื่อรับฟังปัญหาแรงดันน้ำ")
    assert contains(text, "ประชุมร่วมรายไตรมาส")
    assert contains(text, "กรมทรัพยากรน้ำ")  # an organization is not personal data
    assert contains(text, thai("Stakeholders to manage closely"))
    assert contains(text, "S-IND")  # the individual appears by code only
    assert contains(text, "แรงดันน้ำต่ำในหมู่บ้าน")  # a VOS topic heard
    assert (2, thai("Voice of stakeholders (VOS) summary")) in outline_titles(path)

    # Nobody's name or contacts, in the plan, the analysis or the changes table.
    for personal in ("ประเสริฐ", "มาลี", "02-111-2222", "malee@example.go.th"):
        assert personal not in squeeze(text), personal
        assert personal not in squeeze(other), personal


def test_plan_pack_with_personal_data_names_the_individual(org_a, plan_v2, build):
    pack = build(secretary(org_a), plan_v2, meeting=MEETING)
    assert pack.includes_personal_data
    text = poppler_text(pdf_path(pack))
    assert contains(text, "นายประเสริฐ ใจดีมาก")
    # Representatives' contacts are never part of a board pack.
    assert "02-111-2222" not in squeeze(text)


# --- the parts that need no PDF ------------------------------------------------------------------


def test_fiscal_year_follows_the_meeting(org_a):
    version = customers.charter_draft(org_a)
    assert meeting_fiscal_year(version, dt.date(2026, 9, 30)) == 2569
    assert meeting_fiscal_year(version, dt.date(2026, 10, 1)) == 2570
    assert meeting_fiscal_year(version, None) == (
        timezone.localdate().year + 543 + (1 if timezone.localdate().month >= 10 else 0)
    )


def test_collect_reads_with_few_queries_whatever_the_rows(org_a):
    """collect() costs the same number of queries for one standard or three (and their steps)."""
    version = customers.make_full_charter(org_a)
    membership = secretary(org_a)
    pack = EvidencePack(
        organization=org_a,
        kind=PackKind.BOARD,
        subject_id=version.pk,
        fiscal_year=2570,
        includes_personal_data=True,
        requested_by=membership.user,
    )

    def count() -> int:
        with scope(organization=org_a), CaptureQueriesContext(connection) as queries:
            content = collect(pack, lambda percent, step: None)
            # The content templates read their rows when the pack is rendered.
            render_to_string(content.template_name, {**content.context, "included_files": []})
        return len(queries)

    once = count()
    for _ in range(2):
        standard = customers.make_standard(org_a, version=version)
        customers.make_blueprint_step(org_a, standard=standard)
        customers.make_recovery(org_a, version=version, standard=standard)
    assert count() == once
