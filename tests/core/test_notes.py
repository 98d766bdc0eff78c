"""Notes for the meeting: where they are kept, written atomically, read back, broken files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from qpr_tui.config import parse_config
from qpr_tui.errors import QprError
from qpr_tui.loading import SAMPLE
from qpr_tui.notes import NoteBook, load_notes, notes_path, to_toml
from qpr_tui.periods import parse_period

Q2 = parse_period("2024/25 Q2")
Q1 = parse_period("2024/25 Q1")


def test_the_notes_file_sits_beside_the_first_data_file(tmp_path: Path) -> None:
    config = parse_config("").config
    files = [str(tmp_path / "q2.csv"), str(tmp_path / "other" / "q1.csv")]
    assert notes_path(files, config) == tmp_path / "q2.qpr-notes.toml"
    assert notes_path([], config) is None


def test_the_bundled_samples_notes_go_to_the_users_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    config = parse_config("").config
    assert notes_path([str(SAMPLE)], config) == (
        tmp_path / "data" / "qpr" / "kcc_qpr_sample.qpr-notes.toml"
    )


def test_a_configured_path_is_relative_to_the_configuration_file(tmp_path: Path) -> None:
    config = parse_config('[notes]\npath = "shared/notes.toml"\n').config
    where = notes_path(["data.csv"], config, str(tmp_path / "qpr.toml"))
    assert where == tmp_path / "shared" / "notes.toml"
    absolute = parse_config(f'[notes]\npath = "{tmp_path / "n.toml"}"\n').config
    assert notes_path(["data.csv"], absolute, "") == tmp_path / "n.toml"


def test_notes_are_written_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "data.qpr-notes.toml"
    book = NoteBook(path)
    book.put("CS01", Q2, "  Why did complaints rise?\nChase the action plan.  ")
    book.put("GL01", Q1, 'A "quoted" [red]word[/] and a back\\slash')
    assert book.unsaved
    book.save()
    assert not book.unsaved
    again = load_notes(path)
    assert again.problem is None
    assert again.get("CS01", Q2) == "Why did complaints rise?\nChase the action plan."
    assert again.get("GL01", Q1) == 'A "quoted" [red]word[/] and a back\\slash'
    assert again.for_period(Q2) == {"CS01": "Why did complaints rise?\nChase the action plan."}
    assert 'period = "2024/25 Q2"' in path.read_text(encoding="utf-8")


def test_empty_text_deletes_a_note(tmp_path: Path) -> None:
    book = NoteBook(tmp_path / "n.toml")
    book.put("CS01", Q2, "Ask")
    book.put("CS01", Q2, "   ")
    assert not book.has("CS01", Q2)
    book.save()
    assert load_notes(tmp_path / "n.toml").notes == {}


def test_no_file_means_no_notes(tmp_path: Path) -> None:
    book = load_notes(tmp_path / "absent.toml")
    assert book.notes == {} and book.problem is None


def test_writing_leaves_no_temporary_file(tmp_path: Path) -> None:
    book = NoteBook(tmp_path / "n.toml")
    book.put("A", Q2, "x")
    book.save()
    book.put("A", Q2, "y")
    book.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["n.toml"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions")
def test_an_unwritable_folder_is_reported_and_the_note_kept(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        book = NoteBook(folder / "n.toml")
        book.put("CS01", Q2, "Ask about it")
        with pytest.raises(QprError, match=r"could not write .*locked/n\.toml: Permission denied"):
            book.save()
        assert book.unsaved and book.get("CS01", Q2) == "Ask about it"
    finally:
        folder.chmod(0o700)


def test_a_book_without_a_file_says_so() -> None:
    book = NoteBook()
    book.put("A", Q2, "x")
    with pytest.raises(QprError, match="no data file to keep notes beside"):
        book.save()


def test_a_broken_file_names_its_line_and_is_never_written_over(tmp_path: Path) -> None:
    path = tmp_path / "n.toml"
    broken = '[[note]]\nkpi = "CS01"\nperiod = "2024/25 Q2"\ntext = "unfinished\n'
    path.write_text(broken, encoding="utf-8")
    book = load_notes(path)
    assert book.problem is not None
    assert str(book.problem).startswith(f"{path}, line 4, column ")
    assert "the notes file is not valid TOML" in str(book.problem)
    book.put("CS01", Q2, "new")
    with pytest.raises(QprError, match="was not written over, since it could not be read"):
        book.save()
    assert path.read_text(encoding="utf-8") == broken


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            '[[note]]\nkpi = "A"\nperiod = "2024/25 Q2"\ntext = "ok"\n\n[[note]]\nkpi = "B"\n'
            'text = "no period"\n',
            6,
            'this note\'s period must be text in quotes, such as period = "2024/25 Q2".',
        ),
        (
            '[[note]]\nkpi = "A"\nperiod = "Quarter five"\ntext = "x"\n',
            1,
            "this note's period: ",
        ),
        (
            '[[note]]\nkpi = "A"\nperiod = "2024/25 Q2"\ntext = "x"\nowner = "me"\n',
            1,
            "this note has 'owner'; a note has only kpi, period and text.",
        ),
        ('[[note]]\nkpi = 3\nperiod = "2024/25 Q2"\ntext = "x"\n', 1, "this note's kpi must"),
    ],
)
def test_a_note_that_cannot_be_used_is_reported_with_its_line(
    tmp_path: Path, text: str, line: int, message: str
) -> None:
    path = tmp_path / "n.toml"
    path.write_text(text, encoding="utf-8")
    book = load_notes(path)
    assert book.problem is not None
    assert str(book.problem).startswith(f"{path}, line {line}: {message}")


def test_the_good_notes_of_a_broken_file_are_still_read(tmp_path: Path) -> None:
    path = tmp_path / "n.toml"
    path.write_text(
        '[[note]]\nkpi = "A"\nperiod = "2024/25 Q2"\ntext = "kept"\n\n[[note]]\nkpi = "B"\n',
        encoding="utf-8",
    )
    book = load_notes(path)
    assert book.get("A", Q2) == "kept" and book.problem is not None


def test_other_tables_are_not_notes(tmp_path: Path) -> None:
    path = tmp_path / "n.toml"
    path.write_text('title = "x"\n', encoding="utf-8")
    book = load_notes(path)
    assert book.problem is not None
    assert "the notes file has 'title', which is not a note" in str(book.problem)


@given(
    st.dictionaries(
        st.tuples(
            st.text(min_size=1).filter(lambda t: t.strip() == t and t), st.sampled_from([Q1, Q2])
        ),
        st.text().filter(lambda t: t.strip() == t and t),
        max_size=5,
    )
)
def test_any_text_survives_the_file(notes: dict[tuple[str, int], str]) -> None:
    import tomllib

    data = tomllib.loads(to_toml(notes))
    read = {(e["kpi"], parse_period(e["period"])): e["text"] for e in data.get("note", [])}
    assert read == notes


def test_a_folder_that_is_not_there_is_reported_and_the_note_kept(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("", encoding="utf-8")
    book = NoteBook(tmp_path / "file" / "n.toml")
    book.put("CS01", Q2, "Ask about it")
    with pytest.raises(QprError, match=r"could not write .*file/n\.toml: Not a directory"):
        book.save()
    assert book.unsaved and book.get("CS01", Q2) == "Ask about it"
