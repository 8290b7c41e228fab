"""Celery tasks that act on one organization's data.

A task takes ids, never objects (an object would be stale by the time a
worker runs). `org_task` loads the organization with scopes disabled and then
runs the body inside that organization's scope, so task code reads tenant data
exactly as a view does.
"""

import functools

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_scopes import scope, scopes_disabled

from .models import Membership, Organization


def org_task(func):
    """Turn `func(organization, *args)` into a Celery task called as `task.delay(org_id, *args)`."""

    @shared_task(name=f"{func.__module__}.{func.__name__}")
    @functools.wraps(func)
    def task(organization_id: int, *args, **kwargs):
        with scopes_disabled():
            organization = Organization.objects.get(pk=organization_id)
        with scope(organization=organization):
            return func(organization, *args, **kwargs)

    return task


@org_task
def notify_new_member(organization: Organization, membership_id: int) -> None:
    """Tell a person they were added to an organization, with a link to set a password if needed."""
    membership = Membership.objects.select_related("user").get(pk=membership_id)
    user = membership.user
    set_password_url = None
    if not user.has_usable_password():
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        set_password_url = settings.SITE_URL + reverse(
            "accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token}
        )
    with translation.override(user.language):
        context = {
            "membership": membership,
            "organization": organization,
            "set_password_url": set_password_url,
            "login_url": settings.SITE_URL + reverse("accounts:login"),
        }
        subject = render_to_string("tenancy/email/new_member_subject.txt", context).strip()
        body = render_to_string("tenancy/email/new_member_body.txt", context)
    send_mail(subject, body, None, [user.email])
