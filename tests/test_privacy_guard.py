"""The privacy guard: personal data is caught; look-alikes used in therapy development are not."""

from __future__ import annotations

import pytest

from moderation.privacy_guard import find_personal_data, passes_eleven_check


def kinds(text: str) -> list[str]:
    return [hit.kind for hit in find_personal_data(text)]


@pytest.mark.parametrize("number", ["111222333", "123456782", "999999990"])
def test_valid_bsn_passes_the_eleven_check(number):
    assert passes_eleven_check(number)


@pytest.mark.parametrize("number", ["123456789", "111222334", "000000000", "12345678"])
def test_invalid_bsn_fails_the_eleven_check(number):
    assert not passes_eleven_check(number)


@pytest.mark.parametrize("text", [
    "Mijn BSN is 111222333.",
    "bsn: 1112.22.333 graag vertrouwelijk",
    "Her number is 123 456 782",
])
def test_bsn_is_found(text):
    assert kinds(text) == ["bsn"]


@pytest.mark.parametrize("text", [
    "Ordernummer 123456789 is verzonden.",  # fails the 11-check
    "ISBN 9789024412345 en ISBN 902441234X",
    "Trial NL12345.678.90 is registered at the CCMO.",
    "EudraCT 2020-001234-56 and NCT01234567",
    "Het budget is 2.500.000 euro over 36 maanden.",
    "CTIS number 2023-503456-12-00",
    "We dosed 0.5 mg/kg at day 1, 8 and 15.",
])
def test_look_alikes_do_not_trigger(text):
    assert kinds(text) == []


@pytest.mark.parametrize("text", [
    "Mail me at jan.jansen@example.nl please",
    "Bel 06-12345678 na vijf uur",
    "Call +31 6 1234 5678",
    "Telefoon 020 123 4567",
    "Reach me on +44 20 7946 0958",
    "of 0031 20 1234567",
    "Bel me op 06-12345678.",
    "Mijn nummer is +31 6 1234 5678. Groet",
])
def test_contact_details_are_found(text):
    found = kinds(text)
    assert found and set(found) <= {"email", "phone"}


@pytest.mark.parametrize("text", [
    "Mijn zoon, geboren 12-03-2015, heeft de diagnose Duchenne.",
    "My daughter (date of birth 2014-07-01) was diagnosed with cystic fibrosis.",
    "Geboren op 3 maart 2010 en sinds 2012 in behandeling voor epilepsie.",
])
def test_birth_date_next_to_health_words_is_found(text):
    assert "birth_date" in kinds(text)


@pytest.mark.parametrize("text", [
    "The trial started on 12-03-2015 with twenty patients.",  # a date, but no birth
    "Ik ben geboren in Utrecht en werk bij een biotechbedrijf.",  # birth, no date nor health
])
def test_dates_without_birth_and_health_do_not_trigger(text):
    assert "birth_date" not in kinds(text)


def test_hits_carry_positions_for_highlighting():
    text = "Contact: a.b@example.org of 06 12345678"
    hits = find_personal_data(text)
    assert [text[h.start:h.end] for h in hits] == ["a.b@example.org", "06 12345678"]
