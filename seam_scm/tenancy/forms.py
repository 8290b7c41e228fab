from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from . import services
from .models import DUPLICATE_UNIT_CODE, Membership, Organization, OrgUnit
from .roles import Role

ALREADY_MEMBER = _(
    "This person is already a member of the organization. Change their role in the member list."
)


def _person(user) -> str:
    return f"{user.full_name} <{user.email}>" if user.full_name else user.email


class OrgUnitForm(forms.ModelForm):
    class Meta:
        model = OrgUnit
        fields = ["kind", "code", "name_th", "name_en", "parent", "head", "is_active"]
        # Scoped querysets cannot be evaluated when the class is built; __init__ sets them.
        field_classes = {"parent": SafeModelChoiceField}

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organization = organization
        # The page runs inside the org scope, so this lists only this org's units.
        self.fields["parent"].queryset = OrgUnit.objects.exclude(kind=OrgUnit.Kind.DIVISION)
        if self.instance.pk:
            self.fields["parent"].queryset = self.fields["parent"].queryset.exclude(
                pk=self.instance.pk
            )
        # The head is one of the organization's members (the page runs inside its scope).
        self.fields["head"].queryset = (
            get_user_model()
            .objects.filter(pk__in=Membership.objects.values("user_id"))
            .order_by("full_name", "email")
        )
        self.fields["head"].label_from_instance = _person
        self.fields["head"].help_text = _(
            "Told by e-mail when a complaint assigned to the unit nears or passes its time "
            "standard."
        )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if OrgUnit.objects.filter(code=code).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(DUPLICATE_UNIT_CODE)
        return code


class OrganizationForm(forms.ModelForm):
    """The organization's names and its logo; the slug and the fiscal year stay as created."""

    logo = forms.FileField(
        label=_("Logo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": ".png,.jpg,.jpeg"}),
        help_text=_("PNG or JPEG, at most 1 MB. Shown on the cover of evidence packs."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = Organization
        fields = ["name_th", "name_en", "short_name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.logo:
            del self.fields["remove_logo"]

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo:
            services.validate_logo(logo)
        return logo


class MemberAddForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(is_active=True)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if services.is_member(email=email):
            raise forms.ValidationError(ALREADY_MEMBER)
        return email


class MemberRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=OrgUnit.objects.none(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = OrgUnit.objects.filter(is_active=True)
