"""Population counts by ward from the Census: one row per (topic, ward, category)."""

from piccolo.columns import Integer, Timestamptz, Varchar
from piccolo.columns.defaults.timestamptz import TimestamptzNow
from piccolo.table import Table


class CensusFigure(Table, tablename="census_figure"):
    topic = Varchar(length=30, index=True)  # age_band, sex, ethnicity, religion, disability, language
    ward = Varchar(length=60)  # the framework's ward slug
    category = Varchar(length=60)  # the "About you" answer it matches (or a language code)
    count = Integer()
    source = Varchar(length=200)  # the file's name, as imported
    imported_at = Timestamptz(default=TimestamptzNow())
