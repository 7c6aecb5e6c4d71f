"""Easy Read: an officer writes a consultation's Easy Read version (words like a translation, a
picture with alt text for each question), it goes live only when complete and goes out of date
when the English changes, and a resident answers it, the response recording "easy-read"."""

from __future__ import annotations

import io
import re

from tests.support import csrf_token, make_consultation, make_plan, png, post_form, sign_in


def html_tag(html: str) -> str:
    return re.search(r"<html[^>]*>", html).group(0)


def jpeg_with_gps() -> bytes:
    """A photo as a phone takes it: EXIF with the camera's name and where it was taken."""
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "SecretCamMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (52.0, 38.0, 1.0), "W", (1.0, 8.0, 2.0)
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 40, 40)).save(out, format="JPEG", exif=exif)
    data = out.getvalue()
    assert b"SecretCamMaker" in data and Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)
    return data


async def upload(client, c: dict, question_id: int, data: bytes | None, filename: str = "picture.png",
                 content_type: str = "image/png", alt: str = "A police officer talking to a resident",
                 decorative: bool = False):
    token = await csrf_token(client)
    fields = {"_csrf_token": token, "alt": alt}
    if decorative:
        fields["decorative"] = "yes"
    files = {"image": (filename, data, content_type)} if data is not None else {"image": ("", b"", "application/octet-stream")}
    return await client.post(f"/officer/consultations/{c['id']}/easy-read/images/{question_id}", data=fields,
                             files=files)


async def write_easy_read(client, c: dict, texts_for) -> object:
    """Post the officer's Easy Read words through the builder's form: `texts_for(key, english)` gives each."""
    page = await client.get(f"/officer/consultations/{c['id']}/easy-read")
    assert page.status_code == 200
    import html as html_lib

    keys = re.findall(r'<input type="hidden" name="key" value="([^"]*)"', page.text)
    english = [html_lib.unescape(v) for v in re.findall(r'<input type="hidden" name="s\d+" value="([^"]*)"', page.text)]
    data = []
    for i, (key, source) in enumerate(zip(keys, english)):
        data += [("key", key), (f"s{i}", source), (f"t{i}", texts_for(key, source))]
    return await post_form(client, f"/officer/consultations/{c['id']}/easy-read", data)


def easy(key: str, english: str) -> str:
    if key.endswith(".text"):
        return "This is about crime.\nTell us what you think."
    return f"Easy: {english}"


async def test_easy_read_goes_live_only_when_complete_and_a_resident_answers_it(client):
    c, qs = await make_consultation(status="draft", kinds=["single_choice", "long_text"])
    choice, free = qs
    await sign_in(client, "officer")
    show = await client.get(f"/officer/consultations/{c['id']}")
    assert f'href="/officer/consultations/{c["id"]}/easy-read"' in show.text and "Easy Read version" in show.text

    # Half written: not offered, and its address shows the English.
    saved = await write_easy_read(client, c, lambda key, english: easy(key, english) if key == "title" else "")
    assert saved.status_code == 303
    page = await client.get(f"/officer/consultations/{c['id']}/easy-read")
    assert re.search(r"<strong>1 of \d+</strong> pieces written", page.text)
    await make_plan(c["id"])
    opened = await post_form(client, f"/officer/consultations/{c['id']}/status", {"action": "open"})
    assert opened.status_code == 303
    client.cookies.clear()
    resident = await client.get(f"/consultations/{c['slug']}?lang=easy-read")
    assert "?lang=easy-read" not in resident.text and "Easy: " not in resident.text

    # Complete, with a picture: offered by a visible link, and a leaflet's address opens it.
    await sign_in(client, "officer", email="second@example.org")
    assert (await write_easy_read(client, c, easy)).status_code == 303
    assert (await upload(client, c, choice["id"], png())).status_code == 303
    page = await client.get(f"/officer/consultations/{c['id']}/easy-read")
    assert "Complete: residents are offered it" in page.text
    assert f"/consultations/{c['slug']}?lang=easy-read" in page.text
    client.cookies.clear()
    home = await client.get(f"/consultations/{c['slug']}")
    assert re.search(r'<a class="govuk-link engage-languages__easy-read" href="\?lang=easy-read"[^>]*>Easy Read</a>',
                     home.text)
    easy_page = await client.get(f"/consultations/{c['slug']}?lang=easy-read")
    assert html_tag(easy_page.text).startswith('<html lang="en-GB"') and "engage-easy-read" in easy_page.text
    assert f"Easy: {c['title']}" in easy_page.text
    assert f'href="/consultations/{c["slug"]}/respond?lang=easy-read"' in easy_page.text

    form = await client.get(f"/consultations/{c['slug']}/respond?lang=easy-read")
    # One idea per line: each of the officer's lines on a line of its own, the picture beside the question.
    assert '<span class="engage-easy-read__line">1. This is about crime.</span><span class="engage-easy-read__line">Tell us what you think.</span>' in form.text
    img = re.search(r'<div class="engage-easy-read__image"><img src="(/easy-read/images/[0-9a-f]{64})" alt="([^"]*)"', form.text)
    assert img and img.group(2) == "A police officer talking to a resident"
    assert "Easy: Alpha" in form.text and 'name="lang" value="easy-read"' in form.text
    picture = await client.get(img.group(1))
    assert picture.status_code == 200 and picture.headers["content-type"] == "image/png"
    assert picture.headers["x-content-type-options"] == "nosniff"
    assert "max-age=31536000" in picture.headers["cache-control"]

    # A mistake keeps the Easy Read form; then the answer is stored as an Easy Read response.
    wrong = await post_form(client, f"/consultations/{c['slug']}/respond?lang=easy-read",
                            {"lang": "easy-read", f"q{choice['id']}": "nonsense"})
    assert wrong.status_code == 400 and "engage-easy-read__line" in wrong.text
    assert "Select an answer from the list for &#39;This is about crime. Tell us what you think.&#39;" in wrong.text
    sent = await post_form(client, f"/consultations/{c['slug']}/respond?lang=easy-read",
                           {"lang": "easy-read", f"q{choice['id']}": choice["options"][0]["id"],
                            f"q{free['id']}": "More lights please"})
    assert sent.status_code == 303 and sent.headers["location"].endswith("/thank-you?lang=easy-read")
    from surveys.tables import Response

    assert [r["language"] for r in await Response.select(Response.language).run()] == ["easy-read"]

    # The summary can be filtered to Easy Read responses.
    await post_form(client, f"/consultations/{c['slug']}/respond", {f"q{choice['id']}": choice["options"][1]["id"]})
    await sign_in(client, "officer", email="third@example.org")
    summary = await client.get(f"/officer/summaries/consultations/{c['id']}?language=easy-read")
    assert summary.status_code == 200 and re.search(r'id="stat-responses">1<', summary.text)
    assert "answered in Easy Read" in summary.text


async def test_an_edit_to_the_english_puts_the_easy_read_version_out_of_date_and_withdraws_it(client):
    c, qs = await make_consultation(status="draft", kinds=["yes_no"])
    await sign_in(client, "officer")
    assert (await write_easy_read(client, c, easy)).status_code == 303
    edited = await post_form(client, f"/officer/consultations/{c['id']}/questions/{qs[0]['id']}/edit",
                             {"text": "Would you report it to the police?", "hint": ""})
    assert edited.status_code == 303
    page = await client.get(f"/officer/consultations/{c['id']}/easy-read")
    assert "1 out of date" in page.text and "<del>it?</del> <ins>it to the police?</ins>" in page.text
    assert "Complete: residents" not in page.text
    await make_plan(c["id"])
    assert (await post_form(client, f"/officer/consultations/{c['id']}/status", {"action": "open"})).status_code == 303
    client.cookies.clear()
    resident = await client.get(f"/consultations/{c['slug']}/respond?lang=easy-read")
    assert "engage-easy-read" not in resident.text and "Would you report it to the police?" in resident.text


async def test_pictures_are_refused_unless_a_real_png_or_jpeg_of_1_mb_or_less_with_alt_text(client):
    from surveys.reach_tables import EasyReadImage

    c, qs = await make_consultation(kinds=["yes_no"])
    q = qs[0]
    await sign_in(client, "officer")

    def problem(response) -> str:
        assert response.status_code == 400, response.text
        # The error summary links to the field at fault.
        return re.sub(r"\s+", " ", response.text)

    text = problem(await upload(client, c, q["id"], b"just some text, not a picture", "notes.png"))
    assert "must be a PNG or JPEG image" in text and f'href="#image-q{q["id"]}"' in text
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script>'
           b'<rect width="10" height="10"/></svg>')
    assert "must be a PNG or JPEG image (SVG" in problem(await upload(client, c, q["id"], svg, "a.svg", "image/svg+xml"))
    big = png() + b"\0" * 1_000_001
    assert "must be 1 MB or smaller" in problem(await upload(client, c, q["id"], big, "big.png"))
    gif = io.BytesIO()
    from PIL import Image

    Image.new("RGB", (5, 5)).save(gif, format="GIF")
    assert "must be a PNG or JPEG" in problem(await upload(client, c, q["id"], gif.getvalue(), "a.png"))
    text = problem(await upload(client, c, q["id"], png(), alt="  "))
    assert "Describe what the picture shows (alt text), or mark it as decorative" in text
    assert f'href="#alt-q{q["id"]}"' in text
    assert "Choose a picture to upload" in problem(await upload(client, c, q["id"], None))
    assert await EasyReadImage.count() == 0

    # A decorative picture may have no alt text: it is shown with alt="".
    assert (await upload(client, c, q["id"], png(), alt="", decorative=True)).status_code == 303
    page = await client.get(f"/officer/consultations/{c['id']}/easy-read")
    assert re.search(r'<img class="engage-easy-read-picture" src="/easy-read/images/[0-9a-f]{64}" alt=""', page.text)
    assert "Marked decorative" in page.text
    # The alt text can change without a new picture; removing it leaves the slot empty.
    assert (await upload(client, c, q["id"], None, alt="A street light")).status_code == 303
    assert (await EasyReadImage.select(EasyReadImage.alt, EasyReadImage.decorative).first().run()) == {
        "alt": "A street light", "decorative": False}
    removed = await post_form(client, f"/officer/consultations/{c['id']}/easy-read/images/{q['id']}/remove", {})
    assert removed.status_code == 303 and await EasyReadImage.count() == 0
    # Without the CSRF token nothing is stored.
    forged = await client.post(f"/officer/consultations/{c['id']}/easy-read/images/{q['id']}",
                               data={"alt": "x"}, files={"image": ("a.png", png(), "image/png")})
    assert forged.status_code == 403 and await EasyReadImage.count() == 0
    client.cookies.clear()
    signed_out = await upload(client, c, q["id"], png())
    assert signed_out.status_code in (302, 303, 401) and await EasyReadImage.count() == 0


async def test_a_picture_is_stored_without_its_metadata_and_a_drafts_pictures_are_not_public(client):
    from PIL import Image

    from surveys.reach_tables import EasyReadImage

    c, qs = await make_consultation(status="draft", kinds=["yes_no", "short_text"])
    await sign_in(client, "officer")
    assert (await upload(client, c, qs[0]["id"], jpeg_with_gps(), "photo.jpg", "image/jpeg")).status_code == 303
    assert (await upload(client, c, qs[1]["id"], png(text_chunk="Taken at 12 Secret Road"))).status_code == 303
    rows = {r["question"]: r for r in await EasyReadImage.select().run()}
    photo, drawing = bytes(rows[qs[0]["id"]]["data"]), bytes(rows[qs[1]["id"]]["data"])
    assert rows[qs[0]["id"]]["content_type"] == "image/jpeg" and rows[qs[1]["id"]]["content_type"] == "image/png"
    assert b"SecretCamMaker" not in photo and b"Exif" not in photo
    assert not Image.open(io.BytesIO(photo)).getexif()
    assert b"Secret Road" not in drawing and not Image.open(io.BytesIO(drawing)).info.get("Comment")
    assert Image.open(io.BytesIO(photo)).size == (80, 60)

    served = await client.get(f"/easy-read/images/{rows[qs[0]['id']]['digest']}")
    assert served.status_code == 200 and served.content == photo and served.headers["content-type"] == "image/jpeg"
    client.cookies.clear()
    assert (await client.get(f"/easy-read/images/{rows[qs[0]['id']]['digest']}")).status_code == 404  # a draft
    assert (await client.get("/easy-read/images/not-a-digest")).status_code == 404
    assert (await client.get("/easy-read/images/" + "0" * 64)).status_code == 404


async def test_the_easy_read_page_shows_each_texts_reading_age_and_flags_long_sentences(client):
    c, qs = await make_consultation(status="draft", kinds=["yes_no"])
    await sign_in(client, "officer")
    long_one = ("We would like to know what you think about the way the partnership deals with crime "
                "and disorder in your part of the city.")

    def texts(key: str, english: str) -> str:
        return long_one if key == "title" else "We want to hear from you.\nIt is quick."

    assert (await write_easy_read(client, c, texts)).status_code == 303
    page = re.sub(r"\s+", " ", (await client.get(f"/officer/consultations/{c['id']}/easy-read")).text)
    title = re.search(r'id="t0-check">(.*?)</div>', page).group(1)
    assert "1 long sentence" in title and "More than 15 words" in title and "Reading age: <strong>" in title
    summary = re.search(r'id="t1-check">(.*?)</div>', page).group(1)
    assert "No sentence over 15 words" in summary and "long sentence" not in summary
    assert "Each piece shows its reading age (pieces above <strong>11</strong> are flagged)" in page


async def test_the_paper_form_has_an_easy_read_version_with_its_pictures_and_is_entered_as_easy_read(client):
    from surveys import paper
    from surveys.tables import Response
    from tests.support import SECRET_KEY

    c, qs = await make_consultation(kinds=["single_choice"])
    await sign_in(client, "officer")
    assert (await write_easy_read(client, c, easy)).status_code == 303
    assert (await upload(client, c, qs[0]["id"], png())).status_code == 303
    index = await client.get(f"/officer/consultations/{c['id']}/paper")
    assert re.search(r'<input class="govuk-radios__input" id="lang-\d" name="lang" type="radio" value="easy-read">\s*'
                     r'<label[^>]*>\s*Easy Read\s*</label>', index.text)
    form = await client.get(f"/officer/consultations/{c['id']}/paper/form?lang=easy-read&copies=1")
    assert form.status_code == 200 and "engage-easy-read" in form.text
    assert re.search(r'<img src="/easy-read/images/[0-9a-f]{64}" alt="A police officer talking to a resident"', form.text)
    assert f"/consultations/{c['slug']}/respond?lang=easy-read" in form.text  # the QR code's address
    code = paper.new_form_code(SECRET_KEY, c["id"])
    entered = await post_form(client, f"/officer/consultations/{c['id']}/paper/enter", {
        "channel": "paper", "form_code": code, "received_on": "", "form_language": "easy-read", "interpreter": "",
        f"q{qs[0]['id']}": qs[0]["options"][0]["id"]})
    assert entered.status_code == 303, entered.text
    assert [r["language"] for r in await Response.select(Response.language).run()] == ["easy-read"]


async def test_a_duplicated_consultation_keeps_its_easy_read_version_and_pictures(client):
    c, qs = await make_consultation(status="draft", kinds=["yes_no"])
    await sign_in(client, "officer")
    assert (await write_easy_read(client, c, easy)).status_code == 303
    assert (await upload(client, c, qs[0]["id"], png())).status_code == 303
    copied = await post_form(client, f"/officer/consultations/{c['id']}/duplicate", {})
    new_id = int(copied.headers["location"].rsplit("/", 1)[1])
    page = await client.get(f"/officer/consultations/{new_id}/easy-read")
    assert "1 out of date" in page.text  # the copy's new title
    assert "A police officer talking to a resident" in page.text


async def test_thirty_pictures_saved_at_once_for_one_question_leave_one_and_no_error(client):
    """Officers (or a double-clicked form) saving a question's picture together: every save succeeds
    and the question ends with exactly one picture, one of those sent. The saves race as concurrent
    transactions (the store's own function): through one test client the uploads would queue behind
    each other's image decoding and never overlap."""
    import asyncio

    from surveys import easy_read_images
    from surveys.reach_tables import EasyReadImage

    c, qs = await make_consultation(status="draft", kinds=["yes_no"])
    sizes = [(40 + i, 30) for i in range(30)]
    images = [easy_read_images.clean(png(size)) for size in sizes]
    await asyncio.gather(*(easy_read_images.save(c["id"], qs[0]["id"], image, "A bus stop", False, None)
                           for image in images))
    rows = await EasyReadImage.select(EasyReadImage.width, EasyReadImage.height).where(
        EasyReadImage.question == qs[0]["id"]).run()
    assert len(rows) == 1 and (rows[0]["width"], rows[0]["height"]) in sizes
    # And through the app: one more upload replaces it.
    await sign_in(client, "officer")
    assert (await upload(client, c, qs[0]["id"], png((99, 30)))).status_code == 303
    rows = await EasyReadImage.select(EasyReadImage.width).where(EasyReadImage.question == qs[0]["id"]).run()
    assert [r["width"] for r in rows] == [99]
