"""One declaration of an entity's fields for every door it comes in by.

An entity that officers enter through an HTML form, the JSON API and a CSV file declares its
fields once, as a `Schema` in the entity's own module: each field's name, label, limit, what
the JSON API takes and gives, and its CSV column. From that one list come

- the form class the `check_*` rules read (strings, as typed, so a refused form shows them back);
- `read()`, which turns a posted form, a JSON body or a CSV row into that form class;
- the JSON API's msgspec structs (body, patch, answer), so the OpenAPI document shows the
  same fields, labels and limits;
- the CSV template's columns and the names errors are reported under at each door.

A field added here appears at all three doors; a limit changed here is enforced at all three,
because the rules read it from here. Kernel code: no database, no web.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any

import msgspec

from engage.times import aware, to_local_input
from engage.validation import bounded_text

UNSET = msgspec.UNSET
MAX_CHOSEN = 50  # checkboxes posted, at most: more is not a person ticking boxes
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}


@dataclasses.dataclass(frozen=True)
class Field:
    name: str  # the form's field, the form class's attribute and the key its errors are reported under
    label: str  # how messages name it ("Public summary must be ...") and its title in the API documents
    api_type: Any = str  # what the JSON API takes
    out_type: Any = None  # what the JSON API gives back, when not api_type (a date, not its text)
    api_default: Any = ""  # the API's value when the field is not sent; msgspec.NODEFAULT: required
    default: Any = ""  # the form's value when the field is not posted (or its CSV cell is blank)
    limit: int | None = None  # most characters, enforced by the rules through `bounded()`
    hint: str = ""  # what the API documents say about its values
    api: str = ""  # its name in the JSON API and the table, when not `name`
    csv: str = ""  # its CSV column, when not `name`
    aliases: tuple[str, ...] = ()  # other CSV headers people write for it
    kind: str = "text"  # text, date, flag (yes/no), many (several choices), lines (one per line)
    choices: Callable[[], Mapping[str, str]] | None = None  # value -> label, for a CSV cell giving either
    fallback: Callable[[str], str] | None = None  # a CSV cell that is neither a choice nor its label
    long: bool = False  # free text in a textarea: the audit trail says "changed", not what it says
    group: str = ""  # a part of the form that may be shown on its own (a point's follow-up)
    public: bool = False  # given by the JSON API to anyone (not only to officers)

    @property
    def api_name(self) -> str:
        return self.api or self.name

    @property
    def csv_name(self) -> str:
        return self.csv or self.name

    def form_type(self) -> tuple[type, Any]:
        if self.kind == "many":
            return tuple, ()
        if self.kind == "flag":
            return bool, bool(self.default)
        return str, self.default


class Schema:
    """The fields of one entity, in the order its form shows them."""

    def __init__(self, name: str, *fields: Field, doc: str = "", module: str = __name__):
        self.name = name
        self.doc = doc
        self.module = module
        self.fields = {f.name: f for f in fields}
        self.form: type | None = None  # the form class, once made by form_class()

    def __getitem__(self, name: str) -> Field:
        return self.fields[name]

    def __iter__(self):
        return iter(self.fields.values())

    # -- the form class the rules read ---------------------------------------------------------

    def form_class(self, doc: str = "") -> type:
        """A dataclass of what was typed, one attribute per field (e.g. PointForm)."""
        cls = dataclasses.make_dataclass(
            f"{self.name}Form",
            [(f.name, f.form_type()[0], dataclasses.field(default=f.form_type()[1])) for f in self],
        )
        cls.__module__ = self.module
        cls.__doc__ = doc or f"What was entered for a {self.name.lower()}, as typed."
        self.form = cls
        return cls

    def bounded(self, errors: dict[str, str], form: Any, name: str, *, missing: str = "",
                value: str | None = None) -> str:
        """The field's text (or `value`, made from it) stripped, with an error recorded when it is missing
        (and `missing` says so) or longer than the field's limit."""
        f = self[name]
        assert f.limit is not None, name
        text = getattr(form, name) if value is None else value
        return bounded_text(errors, name, text, f.limit, f.label, missing=missing)

    def limits(self) -> dict[str, int]:
        """Each text field's most characters, for the form's maxlength attributes."""
        return {f.name: f.limit for f in self if f.limit is not None}

    def named(self, *, kind: str | None = None, long: bool | None = None, group: str | None = None) -> list[str]:
        return [f.name for f in self if (kind is None or f.kind == kind) and (long is None or f.long == long)
                and (group is None or f.group == group)]

    # -- reading each door -----------------------------------------------------------------------

    def read(self, raw: Any, door: str, base: Any = None, only: Iterable[str] | None = None
             ) -> tuple[Any, dict[str, str]]:
        """(the form class filled from `raw`, errors found reading it) for a door: "form" (posted fields,
        each a list of strings), "api" (a decoded body; unsent fields keep `base`'s value), or "csv" (a row,
        column -> cell). Fields not in `only` keep `base`'s value or their default."""
        assert self.form is not None, "form_class() first"
        form = dataclasses.replace(base) if base is not None else self.form()
        errors: dict[str, str] = {}
        names = set(only) if only is not None else None
        reader: Callable[[Field, Any, dict[str, str]], Any] = {"form": _from_form, "api": _from_api,
                                                              "csv": _from_csv}[door]
        for f in self:
            if names is not None and f.name not in names:
                continue
            value = reader(f, raw, errors)
            if value is not UNSET:
                setattr(form, f.name, value)
        return form, errors

    def form_from_row(self, row: Mapping[str, Any]) -> Any:
        """The form class showing a stored row, for editing it."""
        values = {}
        for f in self:
            value = row[f.api_name]
            if f.kind == "many":
                value = tuple(value or ())
            elif f.kind == "flag":
                value = bool(value)
            elif isinstance(value, dt.datetime):
                value = to_local_input(value)
            elif isinstance(value, dt.date):
                value = value.isoformat()
            elif value is None:
                value = ""
            elif not isinstance(value, str):
                value = str(value)
            values[f.name] = value
        assert self.form is not None, "form_class() first"
        return self.form(**values)

    # -- the JSON API ----------------------------------------------------------------------------

    def _annotated(self, f: Field, type_: Any, limit: bool = True) -> Any:
        meta: dict[str, Any] = {"title": f.label}
        hint = f.hint
        if f.limit is not None and f.kind == "lines":
            hint = f"{hint} ({f.limit:,} characters at most in all)".strip()
        elif f.limit is not None and limit:
            # Documented, not enforced by msgspec: the rules enforce it, with the forms' own message.
            meta["extra_json_schema"] = {"extra": {"max_length": f.limit}}
        if hint:
            meta["description"] = hint
        return Annotated[type_, msgspec.Meta(**meta)]

    def api_in(self) -> type[msgspec.Struct]:
        """The JSON API's body for a new one: every field, the required ones without a default."""
        fields = [(f.api_name, self._annotated(f, f.api_type), f.api_default) for f in self]
        return self._struct("In", fields, self.doc)

    def api_patch(self) -> type[msgspec.Struct]:
        """The JSON API's body for a change: only the fields sent are changed."""
        fields = [(f.api_name, self._annotated(f, f.api_type | msgspec.UnsetType), UNSET) for f in self]
        return self._struct("Patch", fields, "Only the fields sent are changed.")

    def api_out(self, before: list[tuple[str, Any]], after: list[tuple[str, Any]], *, public: bool = False,
                name: str = "") -> type[msgspec.Struct]:
        """The JSON API's answer: `before` (such as the id), every field (or every `public` one), then `after`
        (such as the record's history)."""
        fields = [(f.api_name, self._annotated(f, f.out_type or f.api_type, limit=False))
                  for f in self if f.public or not public]
        return self._struct("Out", before + fields + after, "", forbid=False, name=name)

    def _struct(self, suffix: str, fields: list, doc: str, forbid: bool = True, name: str = "") -> type[msgspec.Struct]:
        cls = msgspec.defstruct(name or f"{self.name}{suffix}", fields, kw_only=True, forbid_unknown_fields=forbid,
                                module=self.module)
        if doc:
            cls.__doc__ = doc
        return cls

    def out_values(self, row: Mapping[str, Any], *, public: bool = False) -> dict[str, Any]:
        """A stored row's fields (or its `public` ones) as the JSON API gives them."""
        out = {}
        for f in self:
            if public and not f.public:
                continue
            value = row[f.api_name]
            if f.kind == "lines":
                value = [line for line in (value or "").splitlines() if line]
            elif f.kind == "many":
                value = list(value or [])
            elif isinstance(value, dt.datetime):
                value = aware(value)
            out[f.api_name] = value
        return out

    def api_errors(self, errors: Mapping[str, str]) -> dict[str, str]:
        """The rules' errors under the JSON API's field names."""
        return {(self[k].api_name if k in self.fields else k): v for k, v in errors.items()}

    # -- CSV -------------------------------------------------------------------------------------

    def columns(self) -> tuple[str, ...]:
        return tuple(f.csv_name for f in self)

    def csv_labels(self) -> dict[str, str]:
        return {f.csv_name: f.label for f in self}

    def csv_aliases(self) -> dict[str, str]:
        return {alias: f.csv_name for f in self for alias in f.aliases}

    def csv_errors(self, errors: Mapping[str, str]) -> dict[str, str]:
        """The rules' errors under the CSV file's column names."""
        return {(self[k].csv_name if k in self.fields else k): v for k, v in errors.items()}


# -- each door's reading of one field ---------------------------------------------------------


def _from_form(f: Field, fields: Any, errors: dict[str, str]) -> Any:
    values = fields.get(f.name) or []
    if f.kind == "many":
        return tuple(values[:MAX_CHOSEN])
    if f.kind == "flag":
        return bool(values) and values[0] == "yes"
    return values[0] if values else f.default


def _from_api(f: Field, data: Any, errors: dict[str, str]) -> Any:
    value = getattr(data, f.api_name, UNSET)
    if value is UNSET:
        return UNSET
    if f.kind == "many":
        return tuple(value)
    if f.kind == "lines":
        return "\n".join(value)
    if f.kind == "flag":
        return bool(value)
    return "" if value is None else str(value)


def _from_csv(f: Field, row: Any, errors: dict[str, str]) -> Any:
    cell = row.get(f.csv_name, "")
    if f.kind == "flag":
        word = cell.strip().lower()
        if word not in YES | NO:
            errors[f.name] = f"{f.csv_name} must be yes or no"
        return word in YES
    if f.kind == "many":
        return tuple(choice(f, part) for part in cell.replace(",", ";").split(";") if part.strip())
    if f.kind == "date":
        return uk_date(cell)
    if f.choices is not None:
        return choice(f, cell) or f.default
    return cell or f.default


def choice(f: Field, value: str) -> str:
    """A choice's value from its value or its label, ignoring case ('Young people' -> 'young-people')."""
    v = value.strip()
    if not v:
        return ""
    assert f.choices is not None
    choices = f.choices()
    if v in choices:
        return v
    by_label = {label.lower(): key for key, label in choices.items()}
    if f.fallback is None:
        return by_label.get(v.lower(), v)
    return by_label.get(v.lower()) or by_label.get(v.lower().replace("-", " ")) or f.fallback(v)


def uk_date(value: str) -> str:
    """YYYY-MM-DD, or DD/MM/YYYY as Excel writes UK dates; anything else is passed on to fail."""
    v = value.strip()
    if "/" in v:
        try:
            return dt.datetime.strptime(v, "%d/%m/%Y").date().isoformat()
        except ValueError:
            return v
    return v
