"""`json_text` writes what ``json.dumps(data, indent=2)`` writes, with the characters that
could disguise text escaped: for any JSON data, and for lists of flat records (the findings of
``qpr validate --json``), which it writes column by column."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpr_tui.views.text import json_pieces, json_text

DISGUISING = re.compile("[\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def expected(data: object, indent: int | None = 2, ascii_only: bool = False) -> str:
    text = json.dumps(data, indent=indent, ensure_ascii=ascii_only)
    return DISGUISING.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


texts = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs"])
    | st.sampled_from(["\u202e", "\u200b", "\x7f", "\x85", "\ufeff", "%", "\n", '"', "\\"])
)
scalars = st.none() | st.booleans() | st.integers() | st.floats() | texts
data = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(texts, inner, max_size=4)
        | st.tuples(inner, inner)
    ),
    max_leaves=20,
)
record_keys = st.lists(texts, min_size=1, max_size=5, unique=True)


@given(data, st.booleans())
def test_any_data_is_written_as_json_dumps_writes_it(value: object, ascii_only: bool) -> None:
    assert json_text(value, ascii_only=ascii_only) == expected(value, ascii_only=ascii_only)
    assert json_text(value, indent=None) == expected(value, indent=None)
    assert json_text(value, indent=4) == expected(value, indent=4)


@given(record_keys, st.lists(st.lists(st.none() | st.booleans() | st.integers() | texts)))
def test_records_with_the_same_keys_are_written_as_json_dumps_writes_them(
    keys: list[str], rows: list[list[object]]
) -> None:
    records = [dict(zip(keys, row + [None] * len(keys), strict=False)) for row in rows]
    nested = {"counts": {"error": 1}, "issues": records, "files": ["a.csv"]}
    for ascii_only in (False, True):
        assert json_text(nested, ascii_only=ascii_only) == expected(nested, ascii_only=ascii_only)


@pytest.mark.parametrize(
    "records",
    [
        [{"a": 1, "b": 2}, {"b": 2, "a": 1}],  # the same keys in another order
        [{"a": 1}, {"a": 1.5}],  # a number that is not an integer
        [{"a": 1}, {"a": [1]}],  # a value that is not a scalar
        [{"a": 1}, {"b": 1}],  # other keys
        [{1: "x"}, {1: "y"}],  # keys that are not strings
        [{"a": "\u202e"}, {"a": "x"}],  # a right-to-left override
        [{"a": "x"}, {"a": None}, {"a": "x"}, {"a": "\u202e"}, {"a": "\u202e"}],  # a few texts
        [{"a": 1}, {"a": True}, {"a": 1}, {"a": True}],  # 1 and True, equal in a set
    ],
)
def test_lists_that_are_not_plain_records_are_written_as_json_dumps_writes_them(
    records: list[object],
) -> None:
    assert json_text(records) == expected(records)


def test_what_json_cannot_write_is_the_same_type_error() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        json_text([{"a": object()}, {"a": 1}])


@given(record_keys, st.lists(st.lists(st.none() | st.integers(-(2**62), 2**62) | texts)))
def test_a_frame_is_written_as_json_dumps_writes_its_records(
    keys: list[str], rows: list[list[object]]
) -> None:
    import polars as pl

    # One type per column, as a frame holds them: the first column texts, the others integers.
    records = [
        {
            key: (None if value is None else str(value) if number == 0 else len(str(value)))
            for number, (key, value) in enumerate(zip(keys, row + [None] * len(keys), strict=False))
        }
        for row in rows
    ]
    schema = {key: pl.String if number == 0 else pl.Int64 for number, key in enumerate(keys)}
    frame = (
        pl.DataFrame(records, schema=schema, orient="row")
        if records
        else pl.DataFrame(schema=schema)
    )
    nested = {"issues": frame, "files": ["a.csv"]}
    for ascii_only in (False, True):
        plain = {"issues": records, "files": ["a.csv"]}
        assert json_text(nested, ascii_only=ascii_only) == expected(plain, ascii_only=ascii_only)
    assert json_text(nested, indent=None) == expected({"issues": records, "files": ["a.csv"]}, None)


def test_a_frame_of_texts_with_quotes_controls_and_booleans() -> None:
    import polars as pl

    frame = pl.DataFrame(
        {
            "text": ['a "b"', "c\\d", "\u202eevil", "tab\there", None, "£5", "plain"],
            "flag": [True, False, None, True, True, False, True],
        }
    )
    records = frame.to_dicts()
    for ascii_only in (False, True):
        assert json_text(frame, ascii_only=ascii_only) == expected(records, ascii_only=ascii_only)


@pytest.mark.parametrize("rows", [0, 1, 4096, 4097, 9000])
def test_a_big_frame_in_pieces_joins_to_the_same_text(rows: int) -> None:
    import polars as pl

    frame = pl.DataFrame(
        {
            "line": list(range(rows)),
            "text": [f"row {i} \u202e" if i % 7 else None for i in range(rows)],
        },
        schema={"line": pl.Int64, "text": pl.String},
    )
    data = {"counts": {"rows": rows}, "issues": frame}
    records = {"counts": {"rows": rows}, "issues": frame.to_dicts()}
    for ascii_only in (False, True):
        pieces = json_pieces(data, ascii_only=ascii_only)
        text = "".join(pieces)
        assert text == json_text(data, ascii_only=ascii_only)
        assert text == expected(records, ascii_only=ascii_only)
        if rows > 2 * 4096:  # no piece holds every row
            assert max(map(len, pieces)) < 0.6 * len(text)


def _written(data: object, encoding: str, monkeypatch: pytest.MonkeyPatch) -> bytes:
    """What `output.write_json` writes of ``data`` to a stream of ``encoding``."""
    import io
    import sys

    from qpr_tui.views import output

    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, newline="\n")
    monkeypatch.setattr(sys, "stdout", stream)
    output.write_json(data)
    return raw.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1", "ascii"])
def test_a_big_frame_written_a_batch_at_a_time_is_the_same_json(
    encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import polars as pl

    rows = 9000
    frame = pl.DataFrame(
        {
            "line": list(range(rows)),
            # Latin-1 has é but not €, found only in the rows: that stream gets ASCII JSON too.
            "text": [f"row {i} é" if i % 3 else f'"{i}" \u202e €' for i in range(rows)],
        }
    )
    data = {"files": ["a.csv"], "issues": frame}
    ascii_only = encoding != "utf-8"
    text = json_text(data, ascii_only=ascii_only) + "\n"
    assert _written(data, encoding, monkeypatch) == text.encode(encoding)
    assert ("\\u20ac" in text) == ascii_only


def test_a_name_no_stream_can_encode_makes_the_whole_json_ascii(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import polars as pl

    # A file name that was not valid UTF-8 reaches Python with a lone surrogate in it.
    data = {"files": ["a\udcff.csv"], "issues": pl.DataFrame({"text": ["é", "plain"]})}
    written = _written(data, "utf-8", monkeypatch)
    assert written == (json_text(data, ascii_only=True) + "\n").encode("ascii")
