"""Tables for reaching everyone: translations of a consultation (and of the pages' shared
words), and how a paper or telephone response reached us."""

from piccolo.columns import Boolean, Bytea, Date, ForeignKey, Integer, OnDelete, Text, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table

from surveys.tables import Consultation, Question, Response


class Translation(Table, tablename="surveys_translation"):
    # "interface" for the words every consultation shares, "consultation:<id>" for one's own;
    # unique with language and key (migration), so a translation is one row to read or replace.
    scope = Varchar(length=40, index=True)
    consultation = ForeignKey(references=Consultation, on_delete=OnDelete.cascade, null=True, default=None)
    language = Varchar(length=12)
    key = Varchar(length=160)
    text = Text()
    # The English the translator worked from: when the English changes, the translation is out of date.
    source = Text()
    updated_by = Integer(null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())


class Assistance(Table, tablename="surveys_assistance"):
    """How a response an officer typed in reached us. Nothing about the person: the paper copy's
    code (each copy can be entered once), the day it arrived, and an interpreter's language."""

    response = ForeignKey(references=Response, on_delete=OnDelete.cascade, unique=True)
    form_code = Varchar(length=12, null=True, default=None)
    received_on = Date(null=True, default=None)
    interpreter_language = Varchar(length=12, null=True, default=None)


class EasyReadImage(Table, tablename="surveys_easy_read_image"):
    """The picture beside one question of a consultation's Easy Read version. Stored re-encoded
    (surveys.easy_read_images: PNG or JPEG only, no metadata) and served by its digest."""

    consultation = ForeignKey(references=Consultation, on_delete=OnDelete.cascade, index=True)
    question = ForeignKey(references=Question, on_delete=OnDelete.cascade, unique=True)
    content_type = Varchar(length=20)  # image/png or image/jpeg
    data = Bytea()
    digest = Varchar(length=64, index=True)  # SHA-256 of data: the image's address, so it can be cached for good
    width = Integer()
    height = Integer()
    alt = Text(default="")  # what the picture shows; empty only when decorative
    decorative = Boolean(default=False)
    updated_by = Integer(null=True, default=None)
    updated_at = Timestamptz(default=TimestamptzNow())
