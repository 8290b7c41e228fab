"""Logging in by e-mail, lockout, passwords, the profile, the language switch and API tokens."""

import re
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext
from rest_framework.authtoken.models import Token

from seam_scm.accounts.models import User
from seam_scm.tenancy.roles import Role

from ..factories import PASSWORD, MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
NEW_PASSWORD = "a-much-newer-horse-42"


def _log_in(client: Client, email: str, password: str):
    return client.post(LOGIN_URL, {"username": email, "password": password})


def _english_client() -> Client:
    """An anonymous visitor who chose English, so that messages can be compared as written."""
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _logged_in_user_id(client: Client) -> str | None:
    return client.session.get("_auth_user_id")


def _template_names(response) -> list[str]:
    return [t.name for t in response.templates]


# --- Logging in -------------------------------------------------------------------------


def test_login_email_is_case_insensitive(client, user):
    response = _log_in(client, user.email.upper(), PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert _logged_in_user_id(client) == str(user.pk)


def test_login_wrong_password_shows_error_and_stays_on_page(user):
    client = _english_client()
    response = _log_in(client, user.email, "not-the-password")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "__all__": ["The e-mail address or password is incorrect."]
    }
    assert _logged_in_user_id(client) is None


def test_login_locked_out_after_failure_limit_even_with_right_password(client, user):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, user.email, "not-the-password")
    response = _log_in(client, user.email, PASSWORD)
    assert response.status_code == settings.AXES_HTTP_RESPONSE_CODE
    assert "accounts/locked_out.html" in _template_names(response)
    assert _logged_in_user_id(client) is None


def test_login_failures_below_limit_do_not_lock_out(client, user):
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _log_in(client, user.email, "not-the-password")
    response = _log_in(client, user.email, PASSWORD)
    assert response.status_code == 302
    assert _logged_in_user_id(client) == str(user.pk)


def test_login_lockout_counts_failures_across_email_case_variants(client, user):
    """Login ignores the e-mail's case, so the lockout must too, or it can be sidestepped."""

    def variant(i: int) -> str:
        return user.email[:i] + user.email[i].upper() + user.email[i + 1 :]

    for i in range(settings.AXES_FAILURE_LIMIT):
        _log_in(client, variant(i), "not-the-password")
    response = _log_in(client, user.email.upper(), PASSWORD)
    assert response.status_code == settings.AXES_HTTP_RESPONSE_CODE
    assert _logged_in_user_id(client) is None


def test_password_is_hashed_with_argon2():
    user = User.objects.create_user("Hash.Me@Example.com", "some-long-password-1")
    assert user.password.startswith("argon2")
    assert user.email == "hash.me@example.com"


# --- Logging out ------------------------------------------------------------------------


def test_logout_by_post_ends_session(client_for, user):
    client = client_for(user)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert _logged_in_user_id(client) is None


def test_logout_by_get_is_refused_and_keeps_session(client_for, user):
    client = client_for(user)
    response = client.get("/accounts/logout/")
    assert response.status_code == 405
    assert _logged_in_user_id(client) == str(user.pk)


# --- Password change and reset -------------------------------------------------------------


def test_password_change_then_log_in_with_new_password(client_for, user):
    client = client_for(user)
    assert client.get("/accounts/password/change/").status_code == 200
    response = client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/change/done/"
    assert client.get(response["Location"]).status_code == 200
    assert _log_in(Client(), user.email, PASSWORD).status_code == 200
    assert _log_in(Client(), user.email, NEW_PASSWORD).status_code == 302


def test_password_change_with_wrong_old_password_is_refused(client_for, user):
    client = client_for(user)
    response = client.post(
        "/accounts/password/change/",
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["old_password"]
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_password_reset_end_to_end(user):
    client = _english_client()
    response = client.post("/accounts/password/reset/", {"email": user.email.upper()})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "Set your password for SE-AM SCM Evidence Hub"

    link = re.search(r"https?://\S+/accounts/password/reset/\S+/\S+/", message.body).group(0)
    response = client.get(urlparse(link).path)
    assert response.status_code == 302  # to the token-less set-password URL
    set_password_url = response["Location"]
    assert client.get(set_password_url).context["validlink"] is True

    response = client.post(
        set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/complete/"
    assert _log_in(Client(), user.email, NEW_PASSWORD).status_code == 302
    # The link is single-use.
    assert client.get(urlparse(link).path, follow=True).context["validlink"] is False


def test_password_reset_for_unknown_address_sends_nothing_but_looks_the_same(client):
    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/sent/"
    assert mail.outbox == []


# --- Profile and language ---------------------------------------------------------------


def test_profile_saves_full_name_and_language(client_for, user):
    client = client_for(user)
    response = client.post("/accounts/profile/", {"full_name": "Somchai Test", "language": "en"})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Somchai Test", "en")


def test_profile_language_en_renders_pages_in_english(client_for, user):
    client = client_for(user)
    client.post("/accounts/profile/", {"full_name": user.full_name, "language": "en"})
    response = client.get("/accounts/profile/")
    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert '<h1 class="mb-4">Profile</h1>' in html


def test_profile_language_th_renders_pages_in_thai(client_for):
    user = UserFactory(language="en")
    client = client_for(user)
    client.post("/accounts/profile/", {"full_name": user.full_name, "language": "th"})
    response = client.get("/accounts/profile/")
    html = response.content.decode()
    with translation.override("th"):
        heading = gettext("Profile")
    assert heading != "Profile"
    assert response["Content-Language"] == "th"
    assert '<html lang="th">' in html
    assert f'<h1 class="mb-4">{heading}</h1>' in html


def test_profile_language_wins_over_cookie(client_for):
    client = client_for(UserFactory(language="en"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "th"
    assert client.get("/accounts/profile/")["Content-Language"] == "en"


def test_profile_requires_login(client):
    response = client.get("/accounts/profile/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/profile/"


def test_language_switch_anonymous_sets_cookie_and_follows_local_next(client):
    response = client.post("/accounts/language/", {"language": "en", "next": LOGIN_URL})
    assert response.status_code == 302
    assert response["Location"] == LOGIN_URL
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert '<html lang="en">' in client.get(LOGIN_URL).content.decode()


def test_language_switch_refuses_offsite_next(client):
    response = client.post(
        "/accounts/language/", {"language": "en", "next": "https://evil.example/phish"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_language_switch_refuses_scheme_relative_next(client):
    response = client.post("/accounts/language/", {"language": "en", "next": "//evil.example/"})
    assert response["Location"] == "/"


def test_language_switch_ignores_unsupported_language(client):
    response = client.post("/accounts/language/", {"language": "fr", "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_language_switch_logged_in_saves_on_profile(client_for, user):
    client_for(user).post("/accounts/language/", {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"


def test_language_switch_get_is_refused(client):
    assert client.get("/accounts/language/").status_code == 405


# --- API token ------------------------------------------------------------------------------


def test_token_issue_creates_token_shown_on_profile(client_for, user):
    client = client_for(user)
    response = client.post("/accounts/profile/token/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/profile/"
    token = Token.objects.get(user=user)
    assert (
        f'<code data-testid="api-token">{token.key}</code>'
        in client.get("/accounts/profile/").content.decode()
    )


def test_token_regenerate_replaces_old_token(client_for, user):
    client = client_for(user)
    client.post("/accounts/profile/token/")
    old_key = Token.objects.get(user=user).key
    client.post("/accounts/profile/token/")
    new_key = Token.objects.get(user=user).key
    assert new_key != old_key
    old_client = Client(headers={"Authorization": f"Token {old_key}"})
    assert old_client.get("/api/v1/orgs/").status_code == 401
    new_client = Client(headers={"Authorization": f"Token {new_key}"})
    assert new_client.get("/api/v1/orgs/").status_code == 200


def test_token_endpoint_refuses_get(client_for, user):
    assert client_for(user).get("/accounts/profile/token/").status_code == 405
    assert Token.objects.filter(user=user).count() == 0


def test_token_lists_my_organizations_with_role(client_for, user):
    org_a = OrganizationFactory(slug="org-a", name_th="การทดสอบเอ", short_name="กอ.")
    org_b = OrganizationFactory(slug="org-b", name_th="การทดสอบบี", short_name="กบ.")
    OrganizationFactory(slug="org-c", name_th="การทดสอบซี")  # not a member
    MembershipFactory(organization=org_a, user=user, role=Role.EDITOR)
    MembershipFactory(organization=org_b, user=user, role=Role.VIEWER)
    client_for(user).post("/accounts/profile/token/")
    key = Token.objects.get(user=user).key

    response = Client(headers={"Authorization": f"Token {key}"}).get("/api/v1/orgs/")
    assert response.status_code == 200
    assert response.json() == [
        {
            "slug": "org-b",
            "name_th": "การทดสอบบี",
            "name_en": org_b.name_en,
            "short_name": "กบ.",
            "fiscal_year_start_month": 10,
            "role": "viewer",
        },
        {
            "slug": "org-a",
            "name_th": "การทดสอบเอ",
            "name_en": org_a.name_en,
            "short_name": "กอ.",
            "fiscal_year_start_month": 10,
            "role": "editor",
        },
    ]


def test_api_without_credentials_asks_for_a_token(client):
    response = client.get("/api/v1/orgs/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
