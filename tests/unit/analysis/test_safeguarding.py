import pytest

from engage.analysis.safeguarding import check_safeguarding


@pytest.mark.parametrize(
    "text",
    [
        "My boyfriend hits me when he's been drinking and I'm scared to leave",
        "My sister's husband takes her wages and won't let her see anyone",
        "The lad next door is only 13 and keeps going missing, older men pick him up in a car",
        "A group of boys told my son they will stab him if he walks past the shop again",
        "Some days I just want to kill myself",
        "i dont want to be here anymore",
        "The men at the car wash sleep in a back room and the boss keeps their passports",
        "My stepdad hurts me",
    ],
)
def test_flags_current_risk(text):
    result = check_safeguarding(text)
    assert result.flag
    assert result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "knife crime is rising",
        "Knife crime is out of control and I worry about my son",
        "Domestic abuse services need more funding",
        "More refuges for women are needed in the city",
        "My son was stabbed two years ago and nobody was charged",
        "Drug dealing on the estate every night",
        "My husband and I love the new park",
        "Mental health support is too hard to get",
    ],
)
def test_general_worry_is_not_flagged(text):
    assert check_safeguarding(text).flag is False
