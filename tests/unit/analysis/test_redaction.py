import re

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
        # kinds found missing with new probe sentences (wording not taken from the corpus)
        ("house number 19 on Evington Lane has been burgled twice", "19 on Evington", "[address]"),
        ("they were dealing at 27 on Mere Road yesterday", "27 on Mere", "[address]"),
        ("the lads hang round number 19 Evington Lane most nights", "19 Evington", "[address]"),
        ("I live at 12 The Crescent and the kids throw eggs", "12 The Crescent", "[address]"),
        ("Rosewood Cottage, Main Street is where it happened", "Rosewood Cottage", "[address]"),
        ("call me on 0 7 7 0 0 9 0 0 1 2 3 anytime", "0 7 7 0 0 9 0 0 1 2 3", "[phone]"),
        ("my number is O77OO 9OO123", "9OO123", "[phone]"),
        ("ring the office on 0116 496 0123 ext 45", "496 0123", "[phone]"),
        ("cousin number is 0092 300 1234567", "1234567", "[phone]"),
        ("contact +92 300 1234567 for him", "1234567", "[phone]"),
        ("follow the dealer on insta @jaydenxx_22", "@jaydenxx_22", "[handle]"),
        ("Complaint made by J. Smith of Belgrave", "Smith", "[name]"),
        ("Letter passed on by A.K. Okafor about the alley", "Okafor", "[name]"),
        ("the lad at number 4, Tyrone, is selling", "Tyrone", "[name]"),
        ("MY NEIGHBOUR MRS OKAFOR WAS ROBBED", "OKAFOR", "[name]"),
        ("i told my friend aoife about it", "aoife", "[name]"),
        ("ask for padraig at number 7 he knows who it is", "padraig", "[name]"),
        ("my husband friend Waleed he see the boys with knife", "Waleed", "[name]"),
        ("Jerome, 42, of Harrison Road was arrested", "Jerome", "[name]"),
        ("Arrests made. KERRIGAN, Liam (DOB 1/2/90) charged", "KERRIGAN", "[name]"),
        ("house on the corner of Stretton Road, number 8, has a cannabis smell", "number 8", "[address]"),
        ("suspect described as IC1 male, named locally as Fitzy", "Fitzy", "[name]"),
        ("Please tell PC to speak with Auntie Comfort at no 9", "Comfort", "[name]"),
        ("landlord mr khan never fixes anything", "khan", "[name]"),
        ("mr and mrs smith next door are lovely", "smith", "[name]"),
        ("the car was a KA 62 BCD, silver", "62 BCD", "[vehicle]"),
        ("the boy next door kayden keeps throwing stones", "kayden", "[name]"),
        ("my num is zero seven seven double oh nine oh oh one two three", "nine oh oh one", "[phone]"),
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


# -- any script, any format (wording not taken from the corpus) ---------------------------------


@pytest.mark.parametrize(
    "text, secret",
    [
        ("Mrs Wiśniewska from the corner shop was shouted at again", "Wiśniewska"),
        ("Pani Łucja Grabowska zgłosiła kradzież roweru", "Łucja Grabowska"),
        ("Mr Çağlar Öztürk had his windows smashed", "Çağlar Öztürk"),
        ("Dr Zoë Ní Fhaoláin runs the clinic", "Zoë Ní Fhaoláin"),
        ("my neighbour راشد keeps getting threatened by the same lads", "راشد"),
        ("Mrs ناصرہ بیگم asked for a leaflet in Urdu", "ناصرہ"),
        ("my neighbour राजेश was pushed off his bike", "राजेश"),
        ("Mr ભરતભાઈ called about the broken lights", "ભરતભાઈ"),
        ("श्रीमती सुनीता को धमकी दी गई", "सुनीता"),
        ("Resi Ferdinand Okonkwo-Baptiste reported the abandoned van.", "Okonkwo-Baptiste"),
        ("Please can someone ring me back. Bogdan Ionescu, 07700 900 615", "Bogdan Ionescu"),
        ("THE LIGHTS ON OUR ROAD ARE OUT AGAIN. MAVIS HEATHCOTE", "HEATHCOTE"),
    ],
)
def test_names_in_any_script_are_removed_whole(text, secret):
    out = redact(text)
    assert secret not in out
    assert "[name]" in out
    # no fragment of the name is left glued to the token ("[name]śniewska")
    assert not any(part in out for part in secret.split() if len(part) > 3)


@pytest.mark.parametrize(
    "text, secret, token",
    [
        ("Call me on +48 512 345 678 please", "512 345 678", "[phone]"),
        ("my number is 0044 116 496 0123", "116 496 0123", "[phone]"),
        ("Reach me at (555) 014-9921 any evening", "014-9921", "[phone]"),
        ("Text 07700-900-321 if you see them", "07700-900-321", "[phone]"),
        ("NI no. ab 12 34 56 d on the form", "ab 12 34 56 d", "[NI number]"),
        ("A red Corsa, reg ML68 XKT, was used", "ML68 XKT", "[vehicle]"),
        ("partial plate FD17 [illegible] seen leaving", "FD17", "[vehicle]"),
        ("JUNK LEFT OUTSIDE 29 TUDOR ROAD EVERY WEEK", "29 TUDOR ROAD", "[address]"),
        ("kids smashing windows at 8 ashby lane again", "8 ashby lane", "[address]"),
        ("Postcode is le4 9ht if that helps", "le4 9ht", "[postcode]"),
    ],
)
def test_contact_details_in_other_formats(text, secret, token):
    out = redact(text)
    assert secret not in out
    assert token in out


@pytest.mark.parametrize(
    "text",
    [
        "Meeting at Braunstone Park & Rowley Fields community centre with Leicester City Council.",
        "PC Osei and PCSO Kaur walked the Rushey Mead beat with Cllr Dawson.",
        "Ask for Angela posters are up in every bar on Granby Street.",
        "Went to 3 meetings in Belgrave and 2 in Humberstone, all useful.",
        "Noted. Admin.",
        "ہمارے محلے میں رات کو بہت شور ہوتا ہے۔",
        "Cllr raised the lighting on Catherine Street.",
    ],
)
def test_places_officials_and_plain_text_are_kept(text):
    assert redact(text) == text


@pytest.mark.parametrize(
    "text, secret",
    [
        ("my mate kerys's ex keeps turning up at her work", "kerys"),  # lower case, in no list of names
        ("Auntie Rukhsana rang my mum crying last night", "Rukhsana"),  # a kinship title
        ("CSE concern: 15yo Tayla seen getting into cars with older males", "Tayla"),  # introduced by age
        ("Missing from home: Deshawn (13), last seen on the Saffron estate", "Deshawn"),
        ("Jae-won here, happy to help with the next survey", "Jae-won"),  # opens by naming the writer
        ("rubbish dumped by the gate again ring me 07700 900123 dariusz", "dariusz"),  # after contact details
    ],
)
def test_names_of_kinds_no_list_holds(text, secret):
    assert secret not in redact(text)


@pytest.mark.parametrize(
    "text",
    [
        "my brother went to the shop and came back scared",
        "her mum doesn't know and my son isn't allowed out",
        "SINCE MY WIFE DIED I DO NOT WANT TO GO ON",
        "my mate innit, always on about the bins",
    ],
)
def test_everyday_words_after_a_relation_are_kept(text):
    assert "[name]" not in redact(text)


def test_first_names_from_every_community_are_redacted_without_any_context():
    # No title, no "my neighbour", no sign-off: only the name list can catch these.
    assert redact("Hodan and Krzysztof both saw the fight near the shops") == \
        "[name] and [name] both saw the fight near the shops"
    assert redact("i saw jignesh selling weed by the park") == "i saw [name] selling weed by the park"
    assert redact("Nkechi was shouted at again") == "[name] was shouted at again"
    # Names that are everyday words or clubs are not on the list.
    assert redact("Everton fans were loud, but it was a joy to see the park clean") == \
        "Everton fans were loud, but it was a joy to see the park clean"


# -- kinds a resident or officer writes that no corpus line taught (sentences invented here) -----


def assert_removed_whole(out: str, secrets: list[str]) -> None:
    """Each name gone, and no part of one left glued to the token ("[name]śniewska")."""
    assert "[name]" in out, out
    assert not re.search(r"\[name\][^\W_]|[^\W_]\[name\]", out), out
    for secret in secrets:
        assert secret not in out, out


@pytest.mark.parametrize(
    "text, secrets",
    [
        # titles in lower case and in capitals, surnames alone after a title
        ("mrs okafor at the end house has had her car keyed twice", ["okafor"]),
        ("spoke to mr hargreaves about the fly tipping", ["hargreaves"]),
        ("MR KHAN AT THE SHOP HAS BEEN THREATENED AGAIN", ["KHAN"]),
        ("Mrs de Souza had a brick through her window", ["de Souza"]),
        ("Ms van der Velde was shouted at on the bus", ["van der Velde"]),
        ("Mr D'Costa's fence was kicked in", ["D'Costa"]),
        # names from many communities with no context but a capital letter
        ("José Martínez was attacked near the bus station", ["José Martínez"]),
        ("Siobhan McLaughlin reported it on Tuesday", ["Siobhan McLaughlin"]),
        ("Oluwaseun keeps getting stopped by the same officers", ["Oluwaseun"]),
        ("Lola-Mae was followed home from school", ["Lola-Mae"]),
        ("Harvinder Kaur Sidhu is too scared to use the underpass", ["Harvinder", "Sidhu"]),
        # a person shown by what they do, whoever they are
        ("Spoke to Gwendolyn Alderton at the door, she is worried about the lads", ["Gwendolyn Alderton"]),
        ("Big thanks to Fenella and the team for the litter pick", ["Fenella"]),
        ("Visited Bartholomew, who lives alone, after the burglary", ["Bartholomew"]),
        ("Okonkwo's shop was robbed for the third time", ["Okonkwo"]),
        ("The shop owner, Rowe said it would be fixed", ["Rowe"]),
        ("I'm Bella and I live on the estate", ["Bella"]),
        # nicknames, relations in capitals, relations of relations
        ("the dealer goes by Smudge and is always by the bins", ["Smudge"]),
        ("he's known locally as Big Dom", ["Big Dom"]),
        ("the lad they call ‘Tiny’ sells on the corner", ["Tiny"]),
        ("my neighbour JANICE IS SCARED TO GO OUT", ["JANICE"]),
        ("MY SON CONNOR IS BEING BULLIED ON THE BUS", ["CONNOR"]),
        ("my nan's carer Precious has been taking her money", ["Precious"]),
        # officers' shorthand: surnames in capitals, aka, a role in brackets
        ("subject DUNMORE known to police, seen at the garages", ["DUNMORE"]),
        ("Nominal Kyle BRADSHAW seen dealing at the rec", ["Kyle", "BRADSHAW"]),
        ("aka Ziggy, runs the line from the flats", ["Ziggy"]),
        ("Spoke to Bridget (neighbour) who saw it all", ["Bridget"]),
        # short forms friends write, and families named by their surname
        ("Me and Tash got followed home from the bus stop", ["Tash"]),
        ("kev and his mates r always outside the shop", ["kev"]),
        ("the Wojcik family at number 8 are being targeted", ["Wojcik"]),
        ("the Okonjos next door had a brick through the window", ["Okonjos"]),
        # a listed first name after a capitalised word, and in lower case in a text with capitals
        ("Yesterday Darren came round shouting again", ["Darren"]),
        ("Im Danielle from the flats by the park", ["Danielle"]),
        ("Saw darren selling again on Friday", ["darren"]),
        # a listed surname after a word that is no English word
        ("Then Zubair Okonkwo said the lights were out", ["Zubair Okonkwo"]),
    ],
)
def test_names_of_every_kind_are_removed(text, secrets):
    assert_removed_whole(redact(text), secrets)


@pytest.mark.parametrize(
    "text, secret, token",
    [
        ("the house at 221B Kingfisher Street is empty", "221B Kingfisher Street", "[address]"),
        ("lads smoking weed outside 9-11 Mill Lane every night", "9-11 Mill Lane", "[address]"),
        ("post code le2  1ab (two spaces)", "le2  1ab", "[postcode]"),
        ("email me at sarah.jones at gmail dot com", "sarah.jones at gmail dot com", "[email]"),
        ("write to t.bradshaw74 (at) hotmail (dot) co (dot) uk", "t.bradshaw74 (at) hotmail (dot) co (dot) uk", "[email]"),
        ("email bob @ btinternet.com", "bob @ btinternet.com", "[email]"),
        ("black BMW registration number KX 65 FTE", "KX 65 FTE", "[vehicle]"),
        ("the plate number was WR 63 KLM", "WR 63 KLM", "[vehicle]"),
        ("NI number AB-12-34-56-C", "AB-12-34-56-C", "[NI number]"),
        ("call 0116 4960 555 after six", "0116 4960 555", "[phone]"),
        ("Apartment 5, The Maltings was burgled", "The Maltings", "[address]"),
        # issue 11: kinds nothing caught (sentences written for these tests)
        # the form a phone number takes on a business card or an email footer
        ("Any news, ring me on +44 (0) 7700 900123 please", "7700 900123", "[phone]"),
        ("Mob +44(0)7700 900 765, evenings only", "7700 900 765", "[phone]"),
        # a date of birth is identifying; a meeting's date is not (see the test below)
        ("Victim: Mr K (DOB 09/10/1971), lives alone", "09/10/1971", "[date of birth]"),
        ("The girl, d.o.b. 2.3.2010, was found at the station", "2.3.2010", "[date of birth]"),
        ("her son was born on 5th August 2008 and has autism", "5th August 2008", "[date of birth]"),
        ("my daughter was born in March 2011 and is scared to walk to school", "March 2011", "[date of birth]"),
        ("Mob 07 7 0 0 9 0 0 5 6 1, text only", "9 0 0 5 6 1", "[phone]"),
        # references lead straight to a person's police or NHS record
        ("My crime reference is 24/556677/23, nobody has called", "24/556677/23", "[reference]"),
        ("incident no. 1187 of 3/11 was about the same van", "1187 of 3/11", "[reference]"),
        ("Case ref: HATE-2023-0412 still open", "HATE-2023-0412", "[reference]"),
        # an NI number written without its final letter, after the words that name it
        ("National Insurance no: PX 44 55 66 if you need it", "PX 44 55 66", "[NI number]"),
        # postcodes split oddly, as they are typed into forms
        ("we're at LE2 0 QB, the end house", "0 QB", "[postcode]"),
        ("postcode le3-9fz", "le3-9fz", "[postcode]"),
        ("Postcode: L E 5 0 A B", "L E 5 0 A B", "[postcode]"),
        # accounts named after the app, with no @
        ("his snap is tazz_99 and he sends the videos from it", "tazz_99", "[handle]"),
        ("look at instagram.com/bigmike.drillz to see the knives", "bigmike.drillz", "[handle]"),
        # police systems' own numbers in officers' notes
        ("Storm log 2231 of 14/05 refers", "2231", "[reference]"),
        ("PNC ID 19/884213K, no trace", "19/884213K", "[reference]"),
        ("Niche occurrence 23000987654 linked", "23000987654", "[reference]"),
        # plates partly read
        ("a silver Golf (KM 19 ???) drove off", "KM 19 ???", "[vehicle]"),
        ("van reg: B*** 4XT, white", "B*** 4XT", "[vehicle]"),
        # a paper response typed up with the writer's crossing-out kept
        ("SEND IT TO 14 ~~ASH~~ ASHFIELD CLOSE PLEASE", "14 ~~ASH~~ ASHFIELD CLOSE", "[address]"),
        # a mobile with its 0 dropped, a plate in lower case, an email spelt out or cut short
        ("text me on 7700 900 318 after work", "7700 900 318", "[phone]"),
        ("reg - yf 19 kzt, a white Transit", "yf 19 kzt", "[vehicle]"),
        ("write to ola dot mensah at yahoo dot co dot uk", "ola dot mensah", "[email]"),
        ("my email is ionut.p at yahoo dot ro", "ionut.p", "[email]"),
        ("my email is k.obi@hotmail if that helps", "k.obi@hotmail", "[email]"),
        # street types beyond road and lane
        ("the party house at 14 Foxglove Path is open all night", "14 Foxglove Path", "[address]"),
    ],
)
def test_contact_details_written_every_way(text, secret, token):
    out = redact(text)
    assert secret not in out
    assert token in out


@pytest.mark.parametrize(
    "text",
    [
        "Evington Library and the Jain Centre hosted the meeting",
        "Leicester City Council and LPT attended, Cllr Singh chaired",
        "Sainsbury's car park is a hotspot for racing",
        "Neighbourhood Watch said they would help",
        "The PCSO said she would come back on Friday",
        "Spoke to Housing about the repairs",
        "Residents at Netherhall said the promises came to nothing",
        "Kids from Wigston said they were bored",
        "Inspector Walsh said the team is short staffed",
        "I'm worried about knife crime and I'm Hindu",
        "I miss the bus every morning because of the roadworks",
        "Police handled my sister's DV case really well",
        "Reported it to my neighbour SIX times, nothing done",
        "MY HUSBAND FELL ON THE UNEVEN PAVEMENT OUTSIDE THE POST OFFICE",
        "The DA lead explained Clare's Law to the group",
        "we met at the park. dot came too",
        "Parking on Fosse Road North is a nightmare, 12 calls this month",
        "Repeat caller ASB re upstairs neighbour; open to CMHT",
        "Says police were called Tues but nobody came",
        "Vulnerable victim - ASC & police joint visit",
        "my boy won't go into town because the Northgate lot will jump him",
        "The meeting at St Mary's hall and St Anne's Road school was good",
        "We used to have a bobby who knew us. Intel dev ongoing",
        "Kirby Muxloe and Ashby de la Zouch residents came along",
        "The Jame Masjid on Berners Street held a vigil",
    ],
)
def test_places_organisations_and_everyday_words_are_kept(text):
    assert redact(text) == text


def test_a_name_signed_after_the_full_stop_of_another_script_goes_but_a_thank_you_stays():
    assert redact("रात को बहुत शोर होता है। सुनीता देवी") == "रात को बहुत शोर होता है। [name]"
    assert redact("ہمارے محلے میں رات کو بہت شور ہوتا ہے۔ شکریہ") == "ہمارے محلے میں رات کو بہت شور ہوتا ہے۔ شکریہ"


def test_a_short_name_in_brackets_after_a_role_goes_but_a_nationality_stays():
    assert "Kim" not in redact("Caller (Kim, 07700 900 417) says the van is back")
    text = "1 male (Albanian nat) arrested at the address"
    assert redact(text) == text


# -- brands, temples, wards and cars stay (probe sentences, wording not taken from the corpus) -----


@pytest.mark.parametrize(
    "text",
    [
        "I bought some Dr Martens from the market",
        "The Mr Whippy van plays music at 10pm",
        "Mr Blobby costumes at the fun day",
        "Event at Sri Guru Singh Sabha gurdwara on Sunday",
        "Meeting at the Shri Ram Mandir on Belgrave Road",
        "Ward meeting covered Spinney Hills, Belgrave, Evington, Braunstone and Abbey",
        "The Chief Constable attended the JAG",
        "Dear Sir/Madam, my friend Priya says the street lights are out",
        "Catalytic converter stolen from a Honda Jazz on the estate",
        "Resis passed reg of a Nissan Micra seen every night",
        "There were 19 incidents on Evington Lane last month",
        "In 2023 The Council cut the budget",
        "The U.K. Government cut funding",
        "Kerb crawling on Fosse Rd S. Sex workers harassed",
        "Follow @LeicsPolice for updates",
        "oh no, one of the two lights is out again",
        "ask for angela posters in the bars",
        "Call Crimestoppers on 0800 555 111 or the council on 0300 123 4567",
        "I went to Nando's and KFC on London Road",
        "THANKS, Sergeant. Hi, everyone. Leicester, England.",
        "unki umar zyada hai aur woh bahut pareshan hain raat ko",
        "MEETING HELD ON 12 MAY AT THE LIBRARY, NEXT ONE IN 10 DAYS",
        "Insp. R Patel gave an update and Sgt M. Okafor will follow up with Cllr J. Smith",
    ],
)
def test_brands_temples_wards_and_cars_are_kept(text):
    out = redact(text)
    assert out == text or out == text.replace("Priya", "[name]")


# -- issue 11: kinds a resident or officer writes that nothing caught (sentences written for these tests) --


@pytest.mark.parametrize(
    "text, secrets",
    [
        # a Polish surname in the feminine form, with diacritics, with and without a title
        ("Pani Katarzyna Wiśniewska from the flats was threatened", ["Katarzyna", "Wiśniewska", "śniewska"]),
        ("mrs dąbrowska downstairs is too scared to open her door", ["dąbrowska", "ąbrowska"]),
        # a surname alone, shown to be a person only by what is done to them or what they say
        ("Grabowski was threatened with a bat outside his shop", ["Grabowski"]),
        ("When I asked, Stokoe said nobody has fixed the gate", ["Stokoe"]),
        ("Yesterday Olamide and Tobenna were chased by the same lads", ["Olamide", "Tobenna"]),
        # an Irish name with its particle, no title
        ("Caoimhe Nic Giolla Phádraig keeps getting abuse at the bus stop", ["Caoimhe", "Phádraig"]),
        # a surname in capitals after a first name, and a name joined to one found already
        ("Arrested: Jordan PEMBERTON-HALE at the address", ["PEMBERTON-HALE"]),
        # a name in a script without case inside English text
        ("I saw 李娜 being pushed off her bike", ["李娜"]),
        ("فاطمہ said the lads came back at midnight", ["فاطمہ"]),
        # a pronoun or a possessive that only a person takes, and a name by or inside contact details
        ("Ask Bronisław, he saw the whole fight", ["Bronisław"]),
        ("it was Witek and his mate who did the windows", ["Witek"]),
        ("Contact Jarek Zawadzki on 07700 900 664 about the van", ["Jarek", "Zawadzki"]),
        ("call me on 07700900412 (Ula)", ["Ula"]),
        # officers' shorthand: a surname in capitals even when it is an English word, a double-barrelled
        # one, and a hyphenated street name
        ("Sus: Reece BAKER aka K-Money, seen at the garages", ["BAKER", "K-Money"]),
        ("Subject: Marcus TELFORD-BROWN arrested", ["TELFORD", "BROWN"]),
        # names in capitals in a text that is not, after a title or alone; Turkish capitals; accents a list lacks
        ("Mrs ÖZDEMİR at the bakery was threatened", ["ÖZDEMİR"]),
        ("NIAMH McGRATH rang about the lads on the green", ["NIAMH", "McGRATH"]),
        ("WRITTEN BY ŞEYMA ÇELİK, THE END HOUSE", ["ŞEYMA", "ÇELİK"]),
        ("Seán got followed home from the chippy", ["Seán"]),
        ("Typed up from a paper form, written by Halina Przybylska", ["Halina", "Przybylska"]),
        # a title with an initial alone; names joined by "/", "+" or a given name no list holds
        ("Mrs K from number 4 had her car done again", ["Mrs K"]),
        ("Jola/Marek both saw it from the window", ["Jola", "Marek"]),
        ("Present were Chidi Okoye, Femi Adeyemi-Bello and PC Grant", ["Femi", "Adeyemi-Bello"]),
        ("Wiktoria's teacher called the police", ["Wiktoria"]),
        # common British surnames that WordNet also knows as famous people's ("Smith", "Whitehead")
        ("Any update would help. - Dana Whitehead", ["Dana Whitehead"]),
        ("The garage was broken into and J. Smith, who rents it, lost his tools", ["Smith"]),
        # a nickname given by others, and a family named after "neighbours"
        ("the boy they call Skinz runs the line", ["Skinz"]),
        ("our neighbours the Zielinskis have had their car torched", ["Zielinskis"]),
    ],
)
def test_names_shown_by_what_happens_to_them_are_removed_whole(text, secrets):
    assert_removed_whole(redact(text), secrets)


@pytest.mark.parametrize(
    "text",
    [
        "Dawn patrols by the PCSOs have helped",
        "Jack the price of parking up and people will stop coming",
        "Harley owners meet by the canal on Sundays",
        "Needles again in the Lee Circle car park",
        "Prevent ref: 15yo posting extremist memes",
        "Resi asked about the CCTV on the alley",
        "Cllrs asked for a walkabout in March",
        "Families who speak Gujarati came to the drop-in",
        "The meeting is on 12/03/2025 at the library, ref the new plan",
        "We log 150 calls a week about parking",
        "Residents near Netherfield said the lights are better",
        "Thank you for the help in Belgrave, شکریہ",
        # acronyms in capitals that are also short names, and times
        "Training session and SID deployment on Friday",
        "MARAC and IDVA were told the same day",
        "Meeting AT 10 AM in the hall",
        # a saint's church, a town and a street whose last word is a surname
        "Patrols outside St Mary's school on Fridays",
        "My daughter is scared to wear her Star of David since the graffiti",
        "Rough sleepers in the churchyard of St Nicholas again",
        "NPT stands for Neath Port Talbot in the old notes",
        "FLY TIPPING IN THE ALLEY BEHIND MARSH LANE AND NOBODY CLEARS IT",
        # shops, charities and villages no list holds, doing what people do
        "Greggs was robbed twice last month",
        "Deliveroo said they would look into it",
        "Coalville was hit by flooding",
        "Wigston keeps getting missed out",
    ],
)
def test_words_beside_the_new_kinds_are_kept(text):
    assert redact(text) == text


def test_labels_and_shouted_words_beside_a_name_stay():
    assert redact("Adr: 12 Hill St") == "Adr: [address]"
    assert redact("Kyle WILL be there and Jade FELL over") == "[name] WILL be there and [name] FELL over"


def test_names_the_caller_allows_are_kept_by_every_check():
    """redact(allow=...) keeps a partner's or venue's name (meeting notes pass the partners): in the
    address and handle checks as in the name checks, and only for that call."""
    assert redact("Meeting at 12 The Maltings on Friday", allow=("The Maltings",)) == "Meeting at 12 The Maltings on Friday"
    assert redact("Meeting at 12 The Maltings on Friday") == "Meeting at [address] on Friday"
    assert redact("his snapchat is zorblyhub", allow=("zorblyhub",)) == "his snapchat is zorblyhub"
    assert redact("his snapchat is zorblyhub") == "his snapchat is [handle]"
