"""Case references: <short name>-<Buddhist year>-<running number>, never reused, no duplicates
when cases are filed at the same moment (proved on PostgreSQL, where CI runs)."""

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django_scopes import scope, scopes_disabled

from complaints.case_services import format_reference
from complaints.models import ComplaintCase, ReferenceCounter

from .factories import approved_policy, make_case, member

BANGKOK = ZoneInfo("Asia/Bangkok")


@pytest.mark.django_db
def test_reference_is_short_name_without_dots_buddhist_year_and_six_digits(org_a):
    # org_a's short name is "กอ."
    case = make_case(org_a, received_at=dt.datetime(2026, 2, 9, 10, tzinfo=BANGKOK))
    assert case.reference == "กอ-2569-000001"
    assert format_reference(org_a, 2569, 123) == "กอ-2569-000123"


@pytest.mark.django_db
def test_numbers_run_per_buddhist_year_of_receipt(org_a):
    approved_policy(org_a)
    # 31 December 2025 23:30 in Bangkok is still 2568; one hour later it is 2569.
    late_2568 = make_case(org_a, received_at=dt.datetime(2025, 12, 31, 23, 30, tzinfo=BANGKOK))
    early_2569 = make_case(org_a, received_at=dt.datetime(2026, 1, 1, 0, 30, tzinfo=BANGKOK))
    again_2569 = make_case(org_a, received_at=dt.datetime(2026, 1, 5, 9, tzinfo=BANGKOK))
    assert [late_2568.reference, early_2569.reference, again_2569.reference] == [
        "กอ-2568-000001",
        "กอ-2569-000001",
        "กอ-2569-000002",
    ]


@pytest.mark.django_db
def test_a_number_is_never_given_twice_even_after_a_case_is_gone(org_a, org_b):
    received = dt.datetime(2026, 2, 9, 10, tzinfo=BANGKOK)
    first = make_case(org_a, received_at=received)
    with scopes_disabled():
        # Cases are never deleted through the product; even a database-level removal must not
        # free its number.
        ComplaintCase.objects.filter(pk=first.pk).delete()
    assert make_case(org_a, received_at=received).reference == "กอ-2569-000002"
    # Each organization counts on its own.
    assert make_case(org_b, received_at=received).reference == "กบ-2569-000001"


@pytest.mark.django_db
def test_a_refused_case_uses_no_number(org_a):
    received = dt.datetime(2026, 2, 9, 10, tzinfo=BANGKOK)
    make_case(org_a, received_at=received)
    with pytest.raises(ValidationError):
        make_case(org_a, received_at=received, subject="")
    assert make_case(org_a, received_at=received).reference == "กอ-2569-000002"


CASES_PER_THREAD = 5
THREADS = 6


@pytest.mark.django_db(transaction=True)
def test_concurrent_cases_get_distinct_consecutive_numbers(org_a, flushable_frozen_rows):
    if connection.vendor != "postgresql":
        pytest.skip("Row locks need PostgreSQL; SQLite serializes every writer anyway.")
    approved_policy(org_a)
    by = member(org_a)
    received = dt.datetime(2026, 2, 9, 10, tzinfo=BANGKOK)
    start = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def file_cases() -> None:
        try:
            start.wait()
            for _ in range(CASES_PER_THREAD):
                make_case(org_a, by=by, received_at=received)
        except BaseException as error:  # noqa: BLE001 - reported below, in the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=file_cases) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    with scope(organization=org_a):
        references = sorted(ComplaintCase.objects.values_list("reference", flat=True))
        counter = ReferenceCounter.objects.get(year_be=2569)
    total = THREADS * CASES_PER_THREAD
    assert references == [f"กอ-2569-{n:06d}" for n in range(1, total + 1)]
    assert counter.last_number == total
