"""Test data builders. They create rows with scopes disabled, as a platform would."""

import factory
from django_scopes import scopes_disabled

from seam_scm.accounts.models import User
from seam_scm.personal_data import LawfulBasis
from seam_scm.privacy.models import DataModule, ProcessingActivity
from seam_scm.tenancy.models import Membership, Organization, OrgUnit
from seam_scm.tenancy.roles import Role

PASSWORD = "correct-horse-battery"


class ScopesDisabledFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        with scopes_disabled():
            return super()._create(model_class, *args, **kwargs)


class OrganizationFactory(ScopesDisabledFactory):
    class Meta:
        model = Organization
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"org-{n}")
    name_th = factory.Sequence(lambda n: f"การทดสอบแห่งประเทศไทย {n}")
    name_en = factory.Sequence(lambda n: f"Test Authority {n}")
    short_name = factory.Sequence(lambda n: f"กท{n}.")

    @factory.post_generation
    def every_lawful_basis(obj, create, extracted, **kwargs):
        """Besides the starter record of processing (public task), a purpose for every other
        lawful basis in every module, so that tests may keep data under any basis. Pass
        `every_lawful_basis=False` for an organization with the starter record only."""
        if create and extracted is not False:
            add_purposes(obj)


def add_purposes(organization, bases=None, modules=None) -> list[ProcessingActivity]:
    bases = bases or [b for b in LawfulBasis.values if b != LawfulBasis.PUBLIC_TASK]
    with scopes_disabled():
        return [
            ProcessingActivity.objects.create(
                organization=organization,
                purpose=f"วัตถุประสงค์ทดสอบ ({basis})",
                purpose_en=f"Test purpose ({basis})",
                data_categories="ชื่อ เบอร์โทรศัพท์ อีเมล",
                subject_categories="บุคคลทดสอบ",
                lawful_basis=basis,
                retention_months=24,
                modules=list(modules or DataModule.values),
                order=10 + index,
            )
            for index, basis in enumerate(bases)
        ]


class UserFactory(ScopesDisabledFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.com")
    full_name = factory.Sequence(lambda n: f"สมชาย ทดสอบ {n}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrgUnitFactory(ScopesDisabledFactory):
    class Meta:
        model = OrgUnit

    organization = factory.SubFactory(OrganizationFactory)
    kind = OrgUnit.Kind.LINE
    code = factory.Sequence(lambda n: f"U{n}")
    name_th = factory.Sequence(lambda n: f"สายงานทดสอบ {n}")


class MembershipFactory(ScopesDisabledFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.VIEWER
