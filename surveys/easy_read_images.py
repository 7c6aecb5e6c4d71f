"""The pictures of a consultation's Easy Read version: checked, cleaned and stored.

An upload is trusted for nothing. It must decode as a PNG or JPEG (Pillow reads the bytes; the
file's name and declared type are ignored, so an SVG, a script or a renamed file is refused),
be at most MAX_BYTES and MAX_PIXELS, and is then re-encoded from its pixels: what is stored holds
no metadata (EXIF, GPS position, camera, comments), only the picture, turned upright first as the
camera meant. Stored in the database (one row per question), so every worker and both engines
serve it, addressed by the SHA-256 of its bytes so a browser may keep it for good.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from engage.db import transaction
from engage.times import now
from surveys.reach_tables import EasyReadImage

MAX_BYTES = 1_000_000  # 1 MB, as the upload form says
MAX_PIXELS = 16_000_000  # a decompression bomb stops here, before its pixels are decoded
LARGEST_SIDE = 1200  # larger pictures are scaled down: the form shows them at most this wide
ALT_LIMIT = 500
TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


class ImageRefused(ValueError):
    """Why an upload cannot be used, in words for the officer."""


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    width: int
    height: int

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def clean(raw: bytes) -> CleanImage:
    """The picture in `raw`, re-encoded without metadata; ImageRefused if it is not a usable PNG or JPEG."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not raw:
        raise ImageRefused("Choose a picture to upload")
    if len(raw) > MAX_BYTES:
        raise ImageRefused(f"The picture must be 1 MB or smaller (this one is {len(raw) / 1_000_000:.1f} MB)")
    not_image = ImageRefused("The picture must be a PNG or JPEG image (SVG and other files are not accepted)")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(raw)) as probe:
                kind = probe.format
                if kind not in TYPES:
                    raise not_image
                if probe.width * probe.height > MAX_PIXELS:
                    raise ImageRefused("The picture has too many pixels: make it smaller than 4000 by 4000")
                probe.verify()  # the file's structure and checksums, before decoding
            with Image.open(io.BytesIO(raw)) as image:
                image.load()
                picture = ImageOps.exif_transpose(image)  # upright, as the camera meant
    except ImageRefused:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise not_image from None
    except (OSError, SyntaxError, ValueError):
        raise ImageRefused("The picture could not be read: the file is damaged or not a PNG or JPEG") from None
    picture.thumbnail((LARGEST_SIDE, LARGEST_SIDE))
    out = io.BytesIO()
    # A fresh image from the pixels alone: no info dictionary, EXIF, ICC profile or text chunks carried over.
    if kind == "JPEG":
        bare = Image.new("RGB", picture.size)
        bare.paste(picture.convert("RGB"))
        bare.save(out, format="JPEG", quality=85, optimize=True)
    else:
        mode = "RGBA" if picture.mode in ("RGBA", "LA", "P", "PA") else "RGB"
        bare = Image.new(mode, picture.size)
        bare.paste(picture.convert(mode))
        bare.save(out, format="PNG", optimize=True)
    return CleanImage(out.getvalue(), TYPES[kind], bare.width, bare.height)


def check_alt(alt: str, decorative: bool) -> str:
    """The alt text to store: required unless the picture is marked decorative (then empty)."""
    alt = " ".join((alt or "").split())
    if decorative:
        return ""
    if not alt:
        raise ImageRefused("Describe what the picture shows (alt text), or mark it as decorative")
    if len(alt) > ALT_LIMIT:
        raise ImageRefused(f"The alt text must be {ALT_LIMIT} characters or fewer")
    return alt


async def for_consultation(consultation_id: int) -> dict[int, dict]:
    """question id -> its picture's details (not its bytes)."""
    rows = await EasyReadImage.select(
        EasyReadImage.id, EasyReadImage.question, EasyReadImage.content_type, EasyReadImage.digest,
        EasyReadImage.width, EasyReadImage.height, EasyReadImage.alt, EasyReadImage.decorative,
    ).where(EasyReadImage.consultation == consultation_id).run()
    return {row["question"]: {**row, "src": f"/easy-read/images/{row['digest']}"} for row in rows}


async def save(consultation_id: int, question_id: int, image: CleanImage | None, alt: str, decorative: bool,
               user_id: int | None) -> None:
    """Store a new picture with its alt text, or (image None) change the alt text of the one there."""
    async with transaction():
        if image is None:
            await EasyReadImage.update({EasyReadImage.alt: alt, EasyReadImage.decorative: decorative,
                                        EasyReadImage.updated_by: user_id, EasyReadImage.updated_at: now()}).where(
                EasyReadImage.question == question_id).run()
            return
        # One statement, so two officers saving a picture for the same question at once both
        # succeed (the last one stays) instead of the second tripping over the unique question.
        await EasyReadImage.insert(EasyReadImage(
            consultation=consultation_id, question=question_id, content_type=image.content_type, data=image.data,
            digest=image.digest, width=image.width, height=image.height, alt=alt, decorative=decorative,
            updated_by=user_id, updated_at=now())).on_conflict(
            target=EasyReadImage.question, action="DO UPDATE",
            values=[EasyReadImage.content_type, EasyReadImage.data, EasyReadImage.digest, EasyReadImage.width,
                    EasyReadImage.height, EasyReadImage.alt, EasyReadImage.decorative, EasyReadImage.updated_by,
                    EasyReadImage.updated_at]).run()


async def remove(question_id: int) -> bool:
    rows = await EasyReadImage.delete().where(EasyReadImage.question == question_id).returning(EasyReadImage.id).run()
    return bool(rows)


async def by_digest(digest: str) -> dict | None:
    return await EasyReadImage.select(EasyReadImage.content_type, EasyReadImage.data, EasyReadImage.consultation).where(
        EasyReadImage.digest == digest).first().run()


async def copy_images(from_id: int, to_id: int, question_ids: dict[int, int]) -> None:
    """A duplicated consultation keeps its Easy Read pictures, each moved to its question's copy."""
    for row in await EasyReadImage.select().where(EasyReadImage.consultation == from_id).run():
        copied = question_ids.get(row["question"])
        if copied is not None:
            await EasyReadImage.insert(EasyReadImage(**{**{k: v for k, v in row.items() if k != "id"},
                                                       "consultation": to_id, "question": copied,
                                                       "updated_at": now()})).run()
