"""The vocabulary: every status, direction and polarity is fully described, orders are total,
glyphs are unambiguous, and no other source file carries a copy of a glyph."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from qpr_tui import vocabulary as v
from qpr_tui.errors import Severity

PACKAGE = Path(v.__file__).resolve().parent
VOCABULARY = Path(v.__file__).resolve()

# "·" (not rated, notes) and "→" (stable) are also ordinary punctuation: separators and
# "from → to". Every other glyph of the vocabulary is its alone.
PUNCTUATION = {"·", "→"}
GLYPHS = (
    {*v.STATUS_GLYPHS.values(), *v.DIRECTION_ARROWS.values(), *v.FINDING_GLYPHS.values()}
    | {v.INCREASE_MARK, v.DECREASE_MARK, v.ASCENDING_MARK, v.DESCENDING_MARK, v.PERIOD_MARK}
    | {v.PROVISIONAL_MARK, v.NOTE_MARK}
) - PUNCTUATION
# The ingest keeps its own table of polarity spellings, which includes two arrows;
# `test_the_ingest_tables_agree_with_the_vocabulary` holds it equal to the vocabulary's.
ALLOWED: set[tuple[str, str]] = set()


def is_order_of(order: tuple[str, ...], values: tuple[str, ...]) -> bool:
    """Every value exactly once."""
    return len(order) == len(set(order)) and set(order) == set(values)


def test_every_status_has_a_word_a_glyph_and_a_rank() -> None:
    for status in v.STATUSES:
        assert v.STATUS_WORDS[status].strip()
        assert len(v.STATUS_GLYPHS[status]) == 1
        assert status in v.STATUS_SORT_RANK
    assert set(v.STATUS_WORDS) == set(v.STATUS_GLYPHS) == set(v.STATUSES)
    assert set(v.RATING_RANK) == set(v.RATINGS)


def test_status_orders_are_total() -> None:
    assert is_order_of(v.STATUSES, v.STATUSES)
    assert is_order_of(v.STATUS_SORT_ORDER, v.STATUSES)
    assert sorted(v.STATUS_SORT_RANK.values()) == list(range(len(v.STATUSES)))
    assert sorted(v.RATING_RANK.values()) == list(range(len(v.RATINGS)))
    # Sorting puts the worst rating first: the reverse of best first.
    assert [s for s in v.STATUS_SORT_ORDER if s in v.RATINGS] == list(reversed(v.RATINGS))
    assert set(v.CORE_STATUSES) <= set(v.ALWAYS_COUNTED) <= set(v.STATUSES)


def test_no_glyph_or_word_is_shared_by_two_statuses() -> None:
    assert len(set(v.STATUS_GLYPHS.values())) == len(v.STATUSES)
    assert len({w.casefold() for w in v.STATUS_WORDS.values()}) == len(v.STATUSES)
    assert len(set(v.DIRECTION_ARROWS.values())) == len(v.DIRECTIONS)
    assert not set(v.STATUS_GLYPHS.values()) & set(v.DIRECTION_ARROWS.values())


def test_status_label_is_glyph_and_word() -> None:
    assert v.status_label(v.RED) == f"{v.STATUS_GLYPHS[v.RED]} Red"
    assert v.status_label(v.NO_DATA) == f"{v.STATUS_GLYPHS[v.NO_DATA]} No data"
    assert v.status_label("purple") == "? purple"


def test_every_direction_has_words_an_arrow_and_a_rank() -> None:
    for direction in v.DIRECTIONS:
        assert v.DIRECTION_WORDS[direction].strip()
        assert v.DIRECTION_LABELS[direction].strip()
        assert len(v.DIRECTION_ARROWS[direction]) == 1
    assert is_order_of(v.DIRECTION_SORT_ORDER, v.DIRECTIONS)
    assert set(v.DIRECTION_SORT_RANK) == set(v.DIRECTIONS)
    assert v.DIRECTION_SORT_ORDER[0] == v.NEGATIVE


def test_every_polarity_has_a_description_and_spellings() -> None:
    assert is_order_of(v.POLARITIES, tuple(v.POLARITY_DESCRIPTIONS))
    assert set(v.POLARITY_SPELLINGS) == set(v.POLARITIES)
    for polarity in v.POLARITIES:
        assert v.POLARITY_DESCRIPTIONS[polarity].strip()
        assert v.POLARITY_ALIASES[polarity.lower()] == polarity


def test_no_spelling_stands_for_two_polarities() -> None:
    spellings = [s for group in v.POLARITY_SPELLINGS.values() for s in group]
    assert len(spellings) == len(set(spellings)) == len(v.POLARITY_ALIASES)
    assert all(s == s.strip().lower() for s in spellings)


def test_published_rag_spellings_name_statuses() -> None:
    assert set(v.PUBLISHED_RAG_ALIASES.values()) == set(v.LETTER_TO_STATUS)
    # A published "not rated" (grey, for information) is compared too.
    assert set(v.LETTER_TO_STATUS.values()) == {*v.RATINGS, v.NOT_RATED}
    assert set(v.PUBLISHED_RAG_SPELLINGS) == set(v.LETTER_TO_STATUS)
    for letter, status in v.LETTER_TO_STATUS.items():
        assert v.PUBLISHED_RAG_ALIASES[v.word_key(v.STATUS_WORDS[status])] == letter
    for letter in v.RATINGS:
        assert v.PUBLISHED_RAG_ALIASES[letter[0]] == letter[0].upper()


def test_no_published_rag_spelling_stands_for_two_statuses() -> None:
    spellings = [v.word_key(s) for group in v.PUBLISHED_RAG_SPELLINGS.values() for s in group]
    assert len(spellings) == len(set(spellings)) == len(v.PUBLISHED_RAG_ALIASES)


def test_configured_words_name_every_status_and_polarity() -> None:
    assert set(v.RAG_WORD_LETTERS.values()) == set(v.LETTER_TO_STATUS)
    assert set(v.POLARITY_WORD_CODES.values()) == set(v.POLARITIES)


def test_words_match_ignoring_case_and_spacing() -> None:
    assert v.word_key("  On \t TARGET ") == "ontarget"
    assert v.POLARITY_ALIASES[v.word_key("Aim to Maximise")] == v.HIGHER
    assert v.POLARITY_ALIASES[v.word_key("Ascending")] == v.LOWER
    assert v.POLARITY_ALIASES[v.word_key("DESCENDING")] == v.HIGHER
    # Publishers use asc/desc both ways: only the configuration names them.
    assert "asc" not in v.POLARITY_ALIASES and "desc" not in v.POLARITY_ALIASES


def test_every_missing_value_word_and_pattern_gives_a_known_reason() -> None:
    assert set(v.MISSING_VALUE_WORDS.values()) <= set(v.REASONS)
    assert {reason for reason, _ in v.MISSING_VALUE_PATTERNS} <= set(v.REASONS)
    assert len(v.REASONS) == len(set(v.REASONS))


def test_every_severity_has_a_glyph_and_a_word() -> None:
    assert set(v.FINDING_LEVELS) == {s.value for s in Severity}
    assert set(v.FINDING_GLYPHS) == set(v.FINDING_WORDS) == set(v.FINDING_LEVELS)


def test_the_vocabulary_imports_nothing() -> None:
    code = (
        "import sys\nbefore = set(sys.modules)\nimport qpr_tui.vocabulary\n"
        "print(sorted(set(sys.modules) - before))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "['qpr_tui', 'qpr_tui.vocabulary']"


def glyph_copies(root: Path) -> list[str]:
    """``file:line: glyph`` for every vocabulary glyph in a source file under ``root`` other
    than the vocabulary itself."""
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.resolve() == VOCABULARY:
            continue
        name = path.relative_to(root).as_posix()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for glyph in sorted(GLYPHS & set(line)):
                if (name, glyph) not in ALLOWED:
                    found.append(f"{name}:{number}: {glyph}")
    return found


def test_glyph_copies_are_found(tmp_path: Path) -> None:
    (tmp_path / "tui").mkdir()
    (tmp_path / "tui" / "pane.py").write_text('TITLE = "■ Red"\nSEP = " · "\n', "utf-8")
    (tmp_path / "views.py").write_text("# a rising count: ▲\n", "utf-8")
    assert glyph_copies(tmp_path) == ["tui/pane.py:1: ■", "views.py:1: ▲"]


def test_no_source_file_copies_a_glyph() -> None:
    copies = glyph_copies(PACKAGE)
    assert not copies, "use qpr_tui.vocabulary instead of these glyphs:\n" + "\n".join(copies)


def test_the_words_page_lists_every_built_in_word() -> None:
    page = (PACKAGE.parent / "docs" / "words.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in page.splitlines() if line.startswith("| ")}
    for letter, spellings in v.PUBLISHED_RAG_SPELLINGS.items():
        listed = rows[v.STATUS_WORDS[v.LETTER_TO_STATUS[letter]]].split("|")[2]
        assert [s.strip() for s in listed.split(",")] == list(spellings)
    for polarity, spellings in v.POLARITY_SPELLINGS.items():
        listed = rows[v.POLARITY_DESCRIPTIONS[polarity].split(",")[0]].split("|")[2]
        assert [s.strip() for s in listed.split(",")] == list(spellings)
    for reason in v.REASONS[:-1]:
        assert f"| {reason} |" in page
    assert v.PROVISIONAL_MARK in page
