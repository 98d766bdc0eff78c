"""How a text file's bytes become what polars reads: one decision per file."""

from __future__ import annotations

from pathlib import Path

import pytest

from qpr_tui.errors import QprError
from qpr_tui.ingest.textfile import decode_whole, open_text


def test_utf8_with_line_feeds_is_read_from_disk() -> None:
    assert decode_whole(b"a,b\r\n1,2\n", "f.csv") == (None, "utf-8")
    assert decode_whole(b"\xef\xbb\xbfa,b\n", "f.csv") == (None, "utf-8-sig")


def test_bare_carriage_returns_become_line_feeds() -> None:
    assert decode_whole(b"a,b\r1,2\r\n3,4\r", "f.csv") == (b"a,b\n1,2\n3,4\n", "utf-8")


def test_windows_1252_anywhere_is_decoded() -> None:
    assert decode_whole(b"a,b\n" + b"x" * 70000 + b"\xe9\n", "f.csv") == (
        b"a,b\n" + b"x" * 70000 + "é\n".encode(),
        "windows-1252",
    )


def test_utf16_is_decoded_and_its_tabs_separate(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes("kpi_id\tvalue\r\nA1\t5\r\n".encode("utf-16"))
    tf = open_text(path)
    assert (tf.encoding, tf.separator, tf.header, tf.first_record) == (
        "utf-16",
        "\t",
        ["kpi_id", "value"],
        ["A1", "5"],
    )
    assert tf.decoded == b"kpi_id\tvalue\nA1\t5\n"


def test_broken_utf16_names_its_line() -> None:
    data = "a\tb\n1\t2\n".encode("utf-16-le") + b"\x00\xd8"  # an unpaired surrogate
    with pytest.raises(QprError) as caught:
        decode_whole(b"\xff\xfe" + data, "u.txt")
    assert str(caught.value).startswith(
        "u.txt, line 3, column 1: the file is UTF-16 text (it starts with a UTF-16 byte-order "
        "mark) but bytes 18-19 cannot be decoded"
    )


def test_a_head_that_cannot_decide_reads_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "old_mac.csv"
    path.write_bytes(b"kpi_id,value\r A1,5\r")
    tf = open_text(path)
    assert tf.whole and tf.header == ["kpi_id", "value"] and tf.first_record == [" A1", "5"]
