"""Every record holding personal data names a purpose of the record of processing, whose
lawful basis it takes: contacts are refused without one, a purpose of another module or no
longer in use is refused, and the forms offer only the module's purposes in use."""

import pytest
from django.core.exceptions import ValidationError
from django_scopes import scope, scopes_disabled

from complaints.case_forms import CaseCreateForm
from complaints.models import ComplaintCase
from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy import services
from seam_scm.privacy.models import DataModule, ProcessingActivity
from seam_scm.privacy.purpose_forms import purpose_label
from seam_scm.tenancy.roles import Role
from stakeholders.forms import RepresentativeForm
from stakeholders.models import Representative

from ..complaints.factories import approved_policy, make_case
from ..factories import OrganizationFactory, add_purposes
from ..stakeholders.factories import make_stakeholder

pytestmark = pytest.mark.django_db

CONTACTS = {"complainant_name": "นางสาวสมศรี ใจดีมาก", "complainant_phone": "0812345678"}


def purpose(organization, module: str, basis: str) -> ProcessingActivity:
    with scope(organization=organization):
        return services.purpose_for_basis(module, basis)


def api(organization, suffix: str) -> str:
    return f"/api/v1/orgs/{organization.slug}/{suffix}"


def test_a_new_organization_starts_with_the_starter_record():
    organization = OrganizationFactory(every_lawful_basis=False)
    with scopes_disabled():
        rows = list(
            ProcessingActivity.objects.filter(organization=organization).values_list(
                "lawful_basis", "modules", "is_active"
            )
        )
    assert rows == [
        ("public_task", ["complaints"], True),
        ("public_task", ["stakeholders"], True),
    ]


def test_contacts_cannot_be_kept_without_a_purpose(org_a):
    with pytest.raises(ValidationError) as refused:
        make_case(org_a, **CONTACTS)
    assert "lawful_basis" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        make_stakeholder(org_a, representatives=[{"lawful_basis": ""}])
    assert "lawful_basis" in refused.value.message_dict


def test_a_basis_without_a_purpose_in_the_module_is_refused(english):
    organization = OrganizationFactory(every_lawful_basis=False)
    with pytest.raises(ValidationError) as refused:
        make_case(organization, lawful_basis=LawfulBasis.CONSENT, **CONTACTS)
    assert "has no purpose in use for this module" in str(refused.value)


def test_the_basis_follows_the_purpose(org_a):
    activity = purpose(org_a, DataModule.COMPLAINTS, LawfulBasis.LEGAL_OBLIGATION)
    case = make_case(org_a, processing_activity=activity, **CONTACTS)
    assert (case.processing_activity, case.lawful_basis) == (activity, "legal_obligation")
    by_basis = make_case(org_a, lawful_basis=LawfulBasis.CONTRACT, **CONTACTS)
    assert by_basis.processing_activity == purpose(
        org_a, DataModule.COMPLAINTS, LawfulBasis.CONTRACT
    )


def test_a_purpose_of_another_module_is_refused(org_a, english):
    [stakeholders_only] = add_purposes(
        org_a, bases=[LawfulBasis.CONTRACT], modules=[DataModule.STAKEHOLDERS]
    )
    with pytest.raises(ValidationError) as refused:
        make_case(org_a, processing_activity=stakeholders_only, **CONTACTS)
    assert "not in use for this module" in str(refused.value)


def test_the_forms_list_only_the_modules_purposes_in_use(org_a):
    approved_policy(org_a)
    [stakeholders_only] = add_purposes(
        org_a, bases=[LawfulBasis.CONTRACT], modules=[DataModule.STAKEHOLDERS]
    )
    [retired] = add_purposes(org_a, bases=[LawfulBasis.RESEARCH])
    with scopes_disabled():
        ProcessingActivity.objects.filter(pk=retired.pk).update(is_active=False)
    with scope(organization=org_a):
        from complaints import policy_selectors

        form = CaseCreateForm(
            organization=org_a, personal_data=True, policy=policy_selectors.policy_in_force()
        )
        offered = list(form.fields["processing_activity"].queryset)
        representatives = list(RepresentativeForm().fields["processing_activity"].queryset)
        labels = [label for _value, label in form.fields["processing_activity"].choices]
    assert offered and all("complaints" in a.modules and a.is_active for a in offered)
    assert stakeholders_only not in offered and retired not in offered
    assert stakeholders_only in representatives and retired not in representatives
    assert all("stakeholders" in a.modules for a in representatives)
    with scope(organization=org_a):
        assert purpose_label(offered[0]) in labels


def test_a_purpose_no_longer_in_use_stays_on_the_records_naming_it(org_a):
    activity = purpose(org_a, DataModule.STAKEHOLDERS, LawfulBasis.CONTRACT)
    stakeholder = make_stakeholder(org_a, representatives=[{"lawful_basis": "contract"}])
    with scopes_disabled():
        ProcessingActivity.objects.filter(pk=activity.pk).update(is_active=False)
        representative = Representative.objects.get(stakeholder=stakeholder)
    with scope(organization=org_a):
        kept = RepresentativeForm(instance=representative).fields["processing_activity"].queryset
        fresh = RepresentativeForm().fields["processing_activity"].queryset
        assert activity in kept and activity not in fresh


def test_the_edit_page_changes_the_purpose_and_with_it_the_basis(org_a, member_factory, client_for):
    approved_policy(org_a)
    editor = member_factory(org_a, Role.EDITOR)
    case = make_case(org_a, by=editor, lawful_basis=LawfulBasis.PUBLIC_TASK, **CONTACTS)
    legal = purpose(org_a, DataModule.COMPLAINTS, LawfulBasis.LEGAL_OBLIGATION)
    client = client_for(editor)
    url = f"/o/{org_a.slug}/complaints/cases/{case.pk}/edit/"
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data = {k: v for k, v in data.items() if v is not False}
    data["processing_activity"] = legal.pk
    assert client.post(url, data).status_code == 302
    with scopes_disabled():
        case.refresh_from_db()
    assert (case.processing_activity_id, case.lawful_basis) == (legal.pk, "legal_obligation")


# --- the API ---------------------------------------------------------------------------------


def test_the_case_api_takes_and_gives_the_purpose(org_a, member_factory, api_client_for):
    editor = member_factory(org_a, Role.EDITOR)
    case = make_case(org_a, by=editor, lawful_basis=LawfulBasis.PUBLIC_TASK, **CONTACTS)
    client = api_client_for(editor)
    contract = purpose(org_a, DataModule.COMPLAINTS, LawfulBasis.CONTRACT)
    response = client.patch(
        api(org_a, f"complaint-cases/{case.pk}/"),
        {"processing_activity": contract.pk},
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["processing_activity"], body["lawful_basis"]) == (contract.pk, "contract")
    assert body["processing_purpose"] == contract.purpose
    response = client.patch(
        api(org_a, f"complaint-cases/{case.pk}/"), {"lawful_basis": "consent"}, format="json"
    )
    consent = purpose(org_a, DataModule.COMPLAINTS, LawfulBasis.CONSENT)
    assert response.json()["processing_activity"] == consent.pk


def test_the_case_api_refuses_purposes_not_for_complaints(
    org_a, org_b, member_factory, api_client_for
):
    editor = member_factory(org_a, Role.EDITOR)
    case = make_case(org_a, by=editor, lawful_basis=LawfulBasis.PUBLIC_TASK, **CONTACTS)
    [stakeholders_only] = add_purposes(
        org_a, bases=[LawfulBasis.CONTRACT], modules=[DataModule.STAKEHOLDERS]
    )
    [retired] = add_purposes(org_a, bases=[LawfulBasis.RESEARCH])
    with scopes_disabled():
        ProcessingActivity.objects.filter(pk=retired.pk).update(is_active=False)
    theirs = purpose(org_b, DataModule.COMPLAINTS, LawfulBasis.PUBLIC_TASK)
    client = api_client_for(editor)
    for activity in (stakeholders_only, retired, theirs):
        response = client.patch(
            api(org_a, f"complaint-cases/{case.pk}/"),
            {"processing_activity": activity.pk},
            format="json",
        )
        assert response.status_code == 400
        assert "processing_activity" in response.json()
    mismatch = client.patch(
        api(org_a, f"complaint-cases/{case.pk}/"),
        {"processing_activity": purpose(org_a, "complaints", "contract").pk,
         "lawful_basis": "consent"},
        format="json",
    )  # fmt: skip
    assert mismatch.status_code == 400 and "lawful_basis" in mismatch.json()
    with scopes_disabled():
        assert ComplaintCase.objects.get(pk=case.pk).lawful_basis == "public_task"


def test_the_stakeholder_api_takes_the_purpose(org_a, member_factory, api_client_for):
    editor = member_factory(org_a, Role.EDITOR)
    stakeholder = make_stakeholder(org_a, representatives=[{}])
    with scopes_disabled():
        representative = Representative.objects.get(stakeholder=stakeholder)
    legal = purpose(org_a, DataModule.STAKEHOLDERS, LawfulBasis.LEGAL_OBLIGATION)
    response = api_client_for(editor).patch(
        api(org_a, f"stakeholders/{stakeholder.pk}/"),
        {
            "representatives": [
                {"id": representative.pk, "kind": representative.kind,
                 "name": representative.name, "processing_activity": legal.pk}
            ]
        },
        format="json",
    )  # fmt: skip
    assert response.status_code == 200, response.json()
    [row] = response.json()["representatives"]
    assert (row["processing_activity"], row["lawful_basis"]) == (legal.pk, "legal_obligation")
    assert row["processing_purpose"] == legal.purpose
