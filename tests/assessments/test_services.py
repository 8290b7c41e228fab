"""The rules of a cycle: who moves it where, what each state lets change, and the freeze."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from assessments import services
from assessments.models import CriterionAssessment, CriterionStatus, CycleState, EvidenceLink
from seam_scm.tenancy.roles import Role

from . import factories

pytestmark = pytest.mark.django_db


def test_a_cycle_has_one_self_assessment_per_criterion_of_its_framework_version(org_a):
    cycle = factories.make_cycle(org_a)
    with scopes_disabled():
        codes = sorted(cycle.criteria.values_list("criterion__code", flat=True))
    assert codes == [
        "CM 1.1",
        "CM 2.1",
        "CM 4.x",
        "CM 5.1",
        "CM 5.2",
        "CM 5.3",
        "SM 1.1",
        "SM 2.3",
        "SM 3.2.2",
    ]


def test_the_whole_lifecycle_ends_frozen(org_a):
    cycle = factories.final_cycle(org_a, level=4)
    assert cycle.state == CycleState.FINAL
    assert cycle.final_scores[""]["assessed"] == "4.00"
    assessment = factories.criterion(cycle, "CM 5.3")
    with scope(organization=org_a):
        with pytest.raises(ValidationError):
            services.update_self_assessment(assessment=assessment, claimed_level=5)
        with pytest.raises(ValidationError):
            factories.link_file(assessment)
        assessment.claimed_level = 5
        with pytest.raises(ValidationError):
            assessment.save()  # the model refuses too, whatever the code path
    with scopes_disabled():
        assert CriterionAssessment.objects.get(pk=assessment.pk).claimed_level == 3
        assert not EvidenceLink.objects.exists()


def test_a_kpi_snapshot_keeps_the_fiscal_years_figures(org_a):
    from assessments.snapshots import take_complaint_kpi_snapshot

    from ..complaints.factories import make_case

    make_case(org_a)
    with scope(organization=org_a):
        snapshot = take_complaint_kpi_snapshot(
            organization=org_a, fiscal_year=2570, by=factories.member(org_a)
        )
    assert snapshot.figures["total"]["volume"] == 1
    assert [q["key"] for q in snapshot.figures["quarters"]] == [f"2570-Q{n}" for n in range(1, 5)]
    assert "2570" in snapshot.title


def test_a_final_cycle_itself_cannot_change_or_go_back(org_a):
    cycle = factories.final_cycle(org_a)
    with scope(organization=org_a):
        cycle.title = "แก้ไขหลังปิด"
        with pytest.raises(ValidationError):
            cycle.save()
        with pytest.raises(ValidationError):
            services.move_cycle(
                cycle=cycle, to="under_review", role=Role.ASSESSOR, by=factories.member(org_a)
            )
        with pytest.raises(ValidationError):
            cycle.delete()


@pytest.mark.parametrize(
    ("state", "to", "allowed"),
    [
        ("preparing", "self_assessed", {Role.COORDINATOR, Role.EDITOR}),
        ("self_assessed", "preparing", {Role.COORDINATOR, Role.EDITOR}),
        ("self_assessed", "under_review", {Role.ASSESSOR}),
        ("under_review", "final", {Role.ASSESSOR}),
    ],
)
def test_each_move_is_for_its_roles_only(org_a, state, to, allowed):
    for role in Role:
        cycle = {
            "preparing": lambda: _ready_cycle(org_a),
            "self_assessed": lambda: factories.submitted_cycle(org_a, fiscal_year=_year()),
            "under_review": lambda: _reviewed_cycle(org_a),
        }[state]()
        with scope(organization=org_a):
            if role in allowed:
                moved = services.move_cycle(
                    cycle=cycle, to=to, role=role, by=factories.member(org_a, role)
                )
                assert moved.state == to
            else:
                with pytest.raises(ValidationError) as refused:
                    services.move_cycle(
                        cycle=cycle, to=to, role=role, by=factories.member(org_a, role)
                    )
                assert refused.value.code == "role"


_years = iter(range(2540, 2700))


def _year() -> int:
    return next(_years)


def _ready_cycle(org):
    cycle = factories.make_cycle(org, fiscal_year=_year())
    factories.claim_all(cycle)
    return cycle


def _reviewed_cycle(org):
    cycle = factories.review_cycle(org, fiscal_year=_year())
    with scopes_disabled():
        assessments = list(cycle.criteria.all())
    for assessment in assessments:
        factories.review(assessment, 3)
    return cycle


def test_moves_that_skip_a_state_are_refused(org_a):
    cycle = _ready_cycle(org_a)
    with scope(organization=org_a), pytest.raises(ValidationError):
        services.move_cycle(cycle=cycle, to="final", role=Role.ASSESSOR, by=factories.member(org_a))


def test_submitting_needs_every_criterion_claimed_and_ready(org_a, english):
    cycle = factories.make_cycle(org_a)
    factories.claim_all(cycle)
    factories.claim(cycle, "CM 5.2", 2, ready=False)
    with scope(organization=org_a), pytest.raises(ValidationError) as refused:
        services.move_cycle(
            cycle=cycle, to="self_assessed", role=Role.EDITOR, by=factories.member(org_a)
        )
    assert refused.value.messages == ["Claim a level and mark ready for review first: CM 5.2."]


def test_finalizing_needs_every_criterion_reviewed(org_a, english):
    cycle = factories.review_cycle(org_a)
    factories.review(factories.criterion(cycle, "CM 5.3"), 2)
    with scope(organization=org_a), pytest.raises(ValidationError) as refused:
        services.move_cycle(cycle=cycle, to="final", role=Role.ASSESSOR, by=factories.member(org_a))
    assert "CM 5.1" in refused.value.messages[0] and "CM 5.3" not in refused.value.messages[0]


def test_claims_change_only_while_preparing_but_evidence_and_comments_until_final(org_a):
    cycle = factories.submitted_cycle(org_a)
    assessment = factories.criterion(cycle)
    with scope(organization=org_a), pytest.raises(ValidationError):
        services.update_self_assessment(assessment=assessment, claimed_level=5)
    link = factories.link_file(assessment)
    thread = factories.comment(assessment, evidence=link)
    reply = factories.comment(assessment, "แนบแล้วค่ะ", role=Role.EDITOR, parent=thread)
    assert reply.evidence == link  # a reply is about what its thread is about


def test_reviews_are_recorded_only_under_review(org_a):
    cycle = factories.submitted_cycle(org_a)
    with pytest.raises(ValidationError):
        factories.review(factories.criterion(cycle), 3)
    factories.move(cycle, "under_review")
    reviewed = factories.review(factories.criterion(cycle), 2, strengths="มีนโยบายชัดเจน")
    assert (reviewed.assessor_level, reviewed.status) == (2, CriterionStatus.REVIEWED)


def test_only_an_assessor_marks_reviewed_and_only_with_a_level(org_a):
    cycle = factories.make_cycle(org_a)
    assessment = factories.criterion(cycle)
    with scope(organization=org_a), pytest.raises(ValidationError):
        services.update_self_assessment(assessment=assessment, status=CriterionStatus.REVIEWED)
    review_cycle = factories.review_cycle(org_a, fiscal_year=2571)
    with pytest.raises(ValidationError):
        factories.review(factories.criterion(review_cycle), None)


def test_only_assessors_open_threads_and_replies_stay_on_their_criterion(org_a):
    cycle = factories.make_cycle(org_a)
    assessment, other = factories.criterion(cycle, "CM 5.3"), factories.criterion(cycle, "CM 5.1")
    for role in (Role.COORDINATOR, Role.EDITOR, Role.SECRETARY, Role.VIEWER):
        with pytest.raises(ValidationError):
            factories.comment(assessment, role=role)
    thread = factories.comment(assessment)
    with pytest.raises(ValidationError):
        factories.comment(other, "ตอบผิดข้อ", role=Role.EDITOR, parent=thread)
    reply = factories.comment(assessment, "ตอบ", role=Role.EDITOR, parent=thread)
    with pytest.raises(ValidationError):
        factories.comment(assessment, "ตอบซ้อน", role=Role.EDITOR, parent=reply)


def test_evidence_of_another_organization_or_holding_personal_data_cannot_be_linked(org_a, org_b):
    from ..complaints.factories import make_case
    from ..files.factories import make_attachment

    assessment = factories.criterion(factories.make_cycle(org_a))
    with pytest.raises(ValidationError):
        factories.link(assessment, "file", make_attachment(org_b))
    case = make_case(org_a)
    with scope(organization=org_a):
        from seam_scm.files.services import upload_attachment

        from ..files.factories import upload

        case_file = upload_attachment(
            organization=org_a, uploaded_by=factories.member(org_a), upload=upload("บัตร.pdf"),
            title="สำเนาบัตรผู้ร้องเรียน", effective_date=case.received_at.date(), record=case,
        )  # fmt: skip
    with pytest.raises(ValidationError):
        factories.link(assessment, "file", case_file)
    with pytest.raises(ValidationError):
        factories.link(assessment, "no-such-kind", make_attachment(org_a))
    with scopes_disabled():
        assert not EvidenceLink.objects.exists()


def test_a_link_takes_the_records_label_and_date_unless_given(org_a):
    import datetime as dt

    from ..files.factories import make_attachment

    assessment = factories.criterion(factories.make_cycle(org_a))
    attachment = make_attachment(org_a, title="มติคณะกรรมการ", effective_date=dt.date(2026, 10, 30))
    link = factories.link(assessment, "file", attachment, artefact="board_resolution")
    assert (link.label, link.effective_date, link.artefact) == (
        "มติคณะกรรมการ",
        dt.date(2026, 10, 30),
        "board_resolution",
    )
    with pytest.raises(ValidationError):
        factories.link(assessment, "file", attachment)  # linked once per criterion


def test_a_cycle_per_framework_and_fiscal_year(org_a, org_b):
    factories.make_cycle(org_a)
    with pytest.raises(ValidationError):
        factories.make_cycle(org_a)
    factories.make_cycle(org_a, code=factories.BOT)  # another framework, same year
    factories.make_cycle(org_b)  # another organization


def test_owner_and_unit_must_belong_to_the_organization(org_a, org_b):
    from ..factories import OrgUnitFactory

    assessment = factories.criterion(factories.make_cycle(org_a))
    with scopes_disabled():
        foreign_unit = OrgUnitFactory(organization=org_b)
    with scope(organization=org_a):
        with pytest.raises(ValidationError):
            services.update_self_assessment(assessment=assessment, responsible_unit=foreign_unit)
        with pytest.raises(ValidationError):
            services.update_self_assessment(assessment=assessment, owner=factories.member(org_b))
