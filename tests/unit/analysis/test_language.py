"""Language detection on wording written for these tests (not corpus lines)."""

import pytest

from engage.analysis.language import detect


@pytest.mark.parametrize(
    "text",
    [
        "ok",
        "Spinney Hills",
        "Narborough Road, Braunstone Town",
        "Mrs Kowalska",
        "Nothing to add thanks",
        "more bobbies on the beat pls",
        "speeding on Uppingham Rd is mental innit",
        "The lights by the canal towpath have been out since March and my daughter won't walk that way now.",
        "ITEM 7: AOB. NONE.",
        "Gurdwara committee raised parking on match days.",
        "",
        "07700 900123",
    ],
)
def test_english_stays_english(text):
    assert detect(text).code == "en"


@pytest.mark.parametrize(
    "text, code",
    [
        ("W nocy ktoś rozbił szybę w moim samochodzie i ukradł radio.", "pl"),
        ("Vecinii fac scandal în fiecare noapte și nimeni nu face nimic.", "ro"),
        ("Os miúdos andam de mota pelo parque todas as noites, é perigoso.", "pt"),
        ("Hay mucha basura en la calle y nadie la recoge.", "es"),
        ("Dhalinyarada xaafadda ayaa habeenkii qaylo badan sameeya.", "so"),
        ("Kaimynai kiekvieną naktį triukšmauja, negaliu miegoti.", "lt"),
        ("رات کو گلی میں بہت شور ہوتا ہے اور پولیس نہیں آتی۔", "ur"),
        ("الشارع مظلم جداً في الليل ونحن نخاف من المشي فيه.", "ar"),
        ("રાત્રે અમારી શેરીમાં ખૂબ અવાજ થાય છે.", "gu"),
        ("ਸਾਡੇ ਮੁਹੱਲੇ ਵਿੱਚ ਚੋਰੀਆਂ ਵਧ ਗਈਆਂ ਹਨ।", "pa"),
        ("আমাদের রাস্তায় রাতে আলো নেই।", "bn"),
        ("हमारी गली में रात को बहुत शोर होता है।", "hi"),
        ("Ночью во дворе постоянно шумят подростки.", "ru"),
        ("raat ko gali mein bahut shor hota hai aur koi kuch nahi karta", "hi"),
        ("amari gali ma raate bau avaaj thay chhe", "gu"),
    ],
)
def test_other_languages_are_recognised(text, code):
    guess = detect(text)
    assert guess.code == code


def test_guess_names_the_language():
    guess = detect("Proszę o więcej patroli policji wieczorem w parku.")
    assert (guess.code, guess.name, guess.confident) == ("pl", "Polish", True)


def test_short_foreign_text_is_never_english():
    for text in ("Dziękuję bardzo", "شکریہ", "ધન્યવાદ"):
        assert detect(text).code != "en"
