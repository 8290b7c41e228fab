"""Consent records: recording a person's consent to a purpose on the record holding their
data, its withdrawal with its effect (and the erasure it may bring), the warnings of records
kept on consent without one, roles and other organizations' records."""

import datetime as dt

import pytest
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy import consent_services, services
from seam_scm.privacy.models import ConsentRecord, DataModule
from seam_scm.tenancy.roles import Role
from stakeholders.models import Representative

from ..factories import add_purposes
from .route_builders_consents import REPRESENTATIVE_LABEL, make_consent, make_representative

pytestmark = pytest.mark.django_db


def english(user):
    user.language = "en"
    user.save()
    return user


def be(moment: dt.datetime) -> dict:
    local = timezone.localtime(moment)
    return {
        "0": f"{local.day:02d}/{local.month:02d}/{local.year + 543}",
        "1": local.strftime("%H:%M"),
    }


def create_url(organization, record, label: str = REPRESENTATIVE_LABEL) -> str:
    return f"/o/{organization.slug}/privacy/consents/new/{label}/{record.pk}/"


def withdraw_url(organization, consent) -> str:
    return f"/o/{organization.slug}/privacy/consents/{consent.pk}/withdraw/"


def stakeholder_page(organization, representative) -> str:
    return f"/o/{organization.slug}/stakeholders/{representative.stakeholder_id}/"


def consent_purpose(organization):
    with scope(organization=organization):
        return services.purpose_for_basis(DataModule.STAKEHOLDERS, LawfulBasis.CONSENT)


def consent_data(organization, *, given_at=None, **overrides) -> dict:
    moment = be(given_at or timezone.now() - dt.timedelta(days=3))
    data = {
        "activity": consent_purpose(organization).pk,
        "channel": "paper_form",
        "given_at_0": moment["0"],
        "given_at_1": moment["1"],
    }
    with scope(organization=organization):
        notice = services.published_notice()
    if notice is not None:
        data["notice"] = notice.pk
    data.update(overrides)
    return data


def consents_of(record) -> list[ConsentRecord]:
    with scope(organization=record.organization):
        return list(consent_services.consents_of(record))


@pytest.fixture
def coordinator(org_a):
    from ..factories import MembershipFactory

    return english(MembershipFactory(organization=org_a, role=Role.COORDINATOR).user)


# --- recording a consent ---------------------------------------------------------------------


def test_an_editor_records_a_consent_from_the_representatives_page(
    org_a, member_factory, client_for
):
    representative = make_representative(org_a)
    editor = english(member_factory(org_a, Role.EDITOR))
    client = client_for(editor)
    page = client.get(stakeholder_page(org_a, representative)).content.decode()
    assert 'data-testid="consent-missing"' in page
    assert create_url(org_a, representative) in page
    form = client.get(create_url(org_a, representative))
    assert form.status_code == 200
    activities = list(form.context["form"].fields["activity"].queryset)
    assert activities and {a.lawful_basis for a in activities} == {"consent"}
    response = client.post(create_url(org_a, representative), consent_data(org_a))
    assert response.status_code == 302
    assert response["Location"] == stakeholder_page(org_a, representative)
    [consent] = consents_of(representative)
    assert (consent.collected_by, consent.channel, consent.withdrawn_at) == (
        editor,
        "paper_form",
        None,
    )
    assert consent.activity == consent_purpose(org_a)
    page = client.get(stakeholder_page(org_a, representative)).content.decode()
    assert 'data-testid="consent-missing"' not in page
    assert 'data-testid="withdraw-consent"' in page


def test_a_consent_given_in_the_future_is_refused(org_a, coordinator, client_for):
    representative = make_representative(org_a)
    data = consent_data(org_a, given_at=timezone.now() + dt.timedelta(days=2))
    response = client_for(coordinator).post(create_url(org_a, representative), data)
    assert response.status_code == 200
    assert response.context["form"].errors["given_at"] == ["This time is in the future."]
    assert consents_of(representative) == []


def test_only_consent_purposes_of_the_module_are_accepted(org_a, coordinator, client_for):
    representative = make_representative(org_a)
    with scope(organization=org_a):
        public_task = services.purpose_for_basis(DataModule.STAKEHOLDERS, LawfulBasis.PUBLIC_TASK)
    [complaints_only] = add_purposes(
        org_a, bases=[LawfulBasis.CONSENT], modules=[DataModule.COMPLAINTS]
    )
    client = client_for(coordinator)
    for activity in (public_task, complaints_only):
        data = consent_data(org_a, activity=activity.pk)
        response = client.post(create_url(org_a, representative), data)
        assert "activity" in response.context["form"].errors
    with scope(organization=org_a), pytest.raises(Exception) as refused:
        consent_services.record_consent(
            record=representative,
            activity=complaints_only,
            channel="paper_form",
            given_at=timezone.now(),
        )
    assert "activity" in refused.value.message_dict
    assert consents_of(representative) == []


def test_unknown_kinds_and_other_organizations_records_are_not_found(
    org_a, org_b, coordinator, client_for
):
    theirs = make_representative(org_b)
    mine = make_representative(org_a)
    client = client_for(coordinator)
    assert client.get(create_url(org_a, theirs)).status_code == 404
    assert client.get(create_url(org_a, mine, label="stakeholders.stakeholder")).status_code == 404
    assert client.get(create_url(org_a, mine, label="nothing.at_all")).status_code == 404
    their_consent = make_consent(org_b, record=theirs)
    assert client.get(withdraw_url(org_a, their_consent)).status_code == 404


@pytest.mark.parametrize("role", [Role.SECRETARY, Role.ASSESSOR, Role.VIEWER])
def test_other_roles_may_not_record_or_withdraw_consents(role, org_a, member_factory, client_for):
    representative = make_representative(org_a)
    consent = make_consent(org_a, record=make_representative(org_a))
    client = client_for(member_factory(org_a, role))
    assert client.get(create_url(org_a, representative)).status_code == 403
    assert client.post(create_url(org_a, representative), consent_data(org_a)).status_code == 403
    assert client.get(withdraw_url(org_a, consent)).status_code == 403
    assert consents_of(representative) == []


def test_a_writer_who_may_not_see_personal_data_is_refused(
    org_a, member_factory, client_for, monkeypatch
):
    from seam_scm.tenancy.roles import ROLE_MATRIX, Action

    representative = make_representative(org_a)
    monkeypatch.setitem(ROLE_MATRIX, Action.VIEW_PERSONAL_DATA, frozenset({Role.COORDINATOR}))
    client = client_for(member_factory(org_a, Role.EDITOR))
    assert client.get(create_url(org_a, representative)).status_code == 403


# --- withdrawing it --------------------------------------------------------------------------


def withdraw_data(**overrides) -> dict:
    moment = be(timezone.now() - dt.timedelta(hours=1))
    return {
        "withdrawn_at_0": moment["0"],
        "withdrawn_at_1": moment["1"],
        "effect": "จะไม่ส่งหนังสือเชิญอีก",
        **overrides,
    }


def test_a_withdrawal_keeps_its_time_and_effect(org_a, coordinator, client_for):
    consent = make_consent(org_a)
    client = client_for(coordinator)
    assert client.get(withdraw_url(org_a, consent)).status_code == 200
    response = client.post(withdraw_url(org_a, consent), withdraw_data())
    assert response.status_code == 302
    with scopes_disabled():
        consent.refresh_from_db()
        representative = Representative.objects.get(pk=consent.record_id)
    assert consent.is_withdrawn and consent.withdrawal_recorded_by == coordinator
    assert consent.withdrawal_effect == "จะไม่ส่งหนังสือเชิญอีก"
    assert representative.personal_data_erased_at is None
    page = client.get(stakeholder_page(org_a, representative)).content.decode()
    assert 'data-testid="consent-withdrawn"' in page and "จะไม่ส่งหนังสือเชิญอีก" in page
    again = client.get(withdraw_url(org_a, consent))
    assert again.status_code == 302


def test_a_withdrawal_may_erase_the_persons_data(org_a, coordinator, client_for):
    representative = make_representative(org_a, name="นางสาวลบได้ ทดสอบ", phone="0899990001")
    consent = make_consent(org_a, record=representative)
    response = client_for(coordinator).post(withdraw_url(org_a, consent), withdraw_data(erase="on"))
    assert response.status_code == 302
    with scopes_disabled():
        consent.refresh_from_db()
        representative.refresh_from_db()
        history = list(representative.history.values_list("name", "phone"))
    assert representative.personal_data_erased_at is not None
    assert representative.phone == "" and "นางสาวลบได้" not in representative.name
    assert "The person's data was erased from the record." in consent.withdrawal_effect
    assert all("นางสาวลบได้" not in name and phone != "0899990001" for name, phone in history)


def test_erasing_is_refused_while_another_purpose_keeps_the_data(org_a, coordinator, client_for):
    representative = make_representative(org_a, basis=LawfulBasis.PUBLIC_TASK)
    consent = make_consent(org_a, record=representative)
    response = client_for(coordinator).post(withdraw_url(org_a, consent), withdraw_data(erase="on"))
    assert response.status_code == 200
    assert "kept for another purpose" in response.context["form"].errors["erase"][0]
    with scopes_disabled():
        consent.refresh_from_db()
        representative.refresh_from_db()
    assert not consent.is_withdrawn and representative.personal_data_erased_at is None


def test_a_withdrawal_needs_its_effect_and_a_time_after_the_consent(org_a, coordinator, client_for):
    consent = make_consent(org_a, given_at=timezone.now() - dt.timedelta(days=1))
    before = be(timezone.now() - dt.timedelta(days=3))
    data = withdraw_data(effect=" ", withdrawn_at_0=before["0"], withdrawn_at_1=before["1"])
    response = client_for(coordinator).post(withdraw_url(org_a, consent), data)
    errors = response.context["form"].errors
    assert "effect" in errors
    assert "withdrawn_at" not in errors or errors["withdrawn_at"]
    data = withdraw_data(withdrawn_at_0=before["0"], withdrawn_at_1=before["1"])
    response = client_for(coordinator).post(withdraw_url(org_a, consent), data)
    assert response.context["form"].errors["withdrawn_at"] == [
        "The withdrawal cannot be before the consent was given."
    ]


# --- complaint cases -------------------------------------------------------------------------


def test_a_case_kept_on_consent_shows_its_consent_status(org_a, coordinator, client_for):
    from ..complaints.factories import make_case

    case = make_case(org_a, complainant_name="นายยินยอม ทดสอบ", lawful_basis=LawfulBasis.CONSENT)
    client = client_for(coordinator)
    page = client.get(f"/o/{org_a.slug}/complaints/cases/{case.pk}/").content.decode()
    assert 'data-testid="consent-missing"' in page
    label = "complaints.complaintcase"
    assert create_url(org_a, case, label=label) in page
    with scope(organization=org_a):
        activity = services.purpose_for_basis(DataModule.COMPLAINTS, LawfulBasis.CONSENT)
    data = consent_data(org_a, activity=activity.pk)
    response = client.post(create_url(org_a, case, label=label), data)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="consent-missing"' not in page and 'data-testid="consent"' in page
