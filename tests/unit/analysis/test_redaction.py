import pytest

from engage.analysis.redaction import postcode_district, redact


@pytest.mark.parametrize(
    "text, secret, token",
    [
        ("Email me on jo.bloggs+safety@example.co.uk thanks", "jo.bloggs+safety@example.co.uk", "[email]"),
        ("Ring 07700 900123 after six", "07700 900123", "[phone]"),
        ("Ring +44 7700 900123 after six", "7700 900123", "[phone]"),
        ("Office is (0116) 254 1234", "254 1234", "[phone]"),
        ("NI number QQ 12 34 56 C for reference", "QQ 12 34 56 C", "[NI number]"),
        ("Van reg YX19 ABC parked there daily", "YX19 ABC", "[vehicle]"),
        ("Problems outside 12 Narborough Road every night", "12 Narborough Road", "[address]"),
        ("I live at Flat 3, 45 Hinckley Road", "45 Hinckley Road", "[address]"),
        ("Postcode LE2 1AB, the light is out", "LE2 1AB", "[postcode]"),
        ("Mrs Pennock across the road saw it", "Pennock", "[name]"),
        ("Dr Amrit Sandhu-Gill reported it", "Sandhu-Gill", "[name]"),
        ("my neighbour Dave keeps shouting", "Dave", "[name]"),
        ("The dealer is called Jayden Moorcroft-Pike", "Moorcroft-Pike", "[name]"),
        ("Special thanks to Linda who runs the club", "Linda", "[name]"),
    ],
)
def test_each_kind_is_replaced(text, secret, token):
    out = redact(text)
    assert secret not in out
    assert token in out


def test_postcode_keeps_district():
    assert redact("Postcode LE2 1AB.") == "Postcode LE2 [postcode]."


def test_places_wards_and_partners_are_kept():
    text = "Spinney Hills and Beaumont Leys ward meeting with Leicestershire Police and Turning Point in Victoria Park"
    assert redact(text) == text


def test_plain_numbers_and_dates_are_kept():
    text = "On 14 March 24 venues signed up; 9 arrests in Q3."
    assert redact(text) == text


@pytest.mark.parametrize(
    "value, district",
    [("le2 1ab", "LE2"), ("LE2 1AB", "LE2"), ("LE21AB", "LE2"), ("LE2", "LE2"), ("sw1a 1aa", "SW1A"),
     (" M1 1AE ", "M1"), ("EC1A 1BB", "EC1A")],
)
def test_postcode_district_valid(value, district):
    assert postcode_district(value) == district


@pytest.mark.parametrize("value", ["", "nonsense", "LE2 1A", "12345", "LE2 1ABC", "QQ1 1AA", None])
def test_postcode_district_invalid(value):
    assert postcode_district(value) is None
