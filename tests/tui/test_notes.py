"""Notes for the meeting in the app: m on a KPI writes one, and every view shows it; the
notes file is written beside the data, survives reloads and edits, and its problems are
said plainly without stopping the app."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import msgspec
from textual.pilot import Pilot
from textual.widgets import TextArea

from qpr_tui.analysis.summary import Scope
from qpr_tui.config import load_config, parse_config
from qpr_tui.config.loader import LoadedConfig
from qpr_tui.export import render
from qpr_tui.loading import SAMPLE, SAMPLE_CONFIG
from qpr_tui.notes import load_notes
from qpr_tui.periods import parse_period
from qpr_tui.tui.app import QprApp
from qpr_tui.tui.panes.indicators import IndicatorsPane
from qpr_tui.tui.panes.notes import NotesPane
from qpr_tui.tui.panes.red import RedPane
from qpr_tui.tui.screens.kpi_detail import KpiDetailScreen
from qpr_tui.tui.screens.main import MainScreen
from qpr_tui.tui.screens.note import NoteScreen
from qpr_tui.vocabulary import NOTE_MARK

from .helpers import column, loaded, plain, rows, sample_copy

Notes = Callable[[QprApp], list[str]]
SIZE = (120, 40)
Q2 = parse_period("2024/25 Q2")


def app_on(path: Path, config: LoadedConfig | None = None) -> QprApp:
    return QprApp([str(path)], config=config or load_config(SAMPLE_CONFIG))


async def write_note(app: QprApp, pilot: Pilot[None], text: str) -> None:
    """Press m, replace the dialog's text and save with ctrl+s."""
    await pilot.press("m")
    await pilot.pause()
    assert isinstance(app.screen, NoteScreen)
    area = app.screen.query_one("#note-text", TextArea)
    area.text = text
    await pilot.press("ctrl+s")
    await pilot.pause()


def notes_pane(app: QprApp) -> NotesPane:
    pane = app.main.panes["notes"]
    assert isinstance(pane, NotesPane)
    return pane


async def test_a_note_is_written_shown_everywhere_and_exported(
    tmp_path: Path, notes: Notes
) -> None:
    data = sample_copy(tmp_path)
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        seen = notes(app)
        await pilot.press("2", "j")  # CS04
        await write_note(app, pilot, "Why did calls answered fall?\nChase the staffing plan.")
        assert isinstance(app.screen, MainScreen)
        sidecar = tmp_path / "qpr.qpr-notes.toml"
        assert seen[-1] == f"Note saved in {sidecar}"
        assert load_notes(sidecar).get("CS04", Q2) == (
            "Why did calls answered fall?\nChase the staffing plan."
        )
        pane = app.main.panes["indicators"]
        assert isinstance(pane, IndicatorsPane)
        assert column(pane.table, 0)[:2] == ["CS01", f"CS04 {NOTE_MARK}"]
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, KpiDetailScreen)
        assert plain(screen.detail.note) == (
            "Note for the meeting\nWhy did calls answered fall?\nChase the staffing plan."
        )
        await pilot.press("escape", "8")
        await pilot.pause()
        listed = notes_pane(app)
        assert [r[0] for r in rows(listed.table)] == ["CS04"]
        assert rows(listed.table)[0][3] == "Why did calls answered fall? …"
        assert "Chase the staffing plan." in plain(listed.full)
        assert "2024/25 Q2, All directorates: 1" in plain(listed.heading)
        assert app.analysis is not None
        text = render(app.analysis, "md", Q2, Scope())  # what the export dialog writes
        assert "Questions for the meeting" in text and "Chase the staffing plan." in text
    assert data.read_bytes() == SAMPLE.read_bytes()  # the input is untouched


async def test_notes_on_the_bundled_sample_go_to_the_users_data_folder(notes: Notes) -> None:
    app = app_on(SAMPLE)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        seen = notes(app)
        await pilot.press("2")
        await write_note(app, pilot, "Ask about complaints")
        where = Path(os.environ["XDG_DATA_HOME"]) / "qpr" / "kcc_qpr_sample.qpr-notes.toml"
        assert seen[-1] == f"Note saved in {where}"
        assert load_notes(where).get("CS01", Q2) == "Ask about complaints"
    assert not list(SAMPLE.parent.glob("*.qpr-notes.toml"))


async def test_m_works_in_red_detail_kpi_detail_and_trends(tmp_path: Path) -> None:
    app = app_on(sample_copy(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("3")
        await pilot.pause()
        red = app.main.panes["red"]
        assert isinstance(red, RedPane)
        first_red = red.list.row_kpi()
        assert first_red is not None
        await write_note(app, pilot, "Red: ask for the recovery date")
        assert "Red: ask for the recovery date" in plain(red.detail.note)
        await pilot.press("4", "n")
        await pilot.pause()
        trends_kpi = app.view.focus_kpi if app.view else None
        assert trends_kpi not in (None, first_red)
        await write_note(app, pilot, "Trend question")
        await pilot.press("2", "g", "enter")
        await pilot.pause()
        await write_note(app, pilot, "From the detail")
        assert isinstance(app.screen, KpiDetailScreen)
        assert "From the detail" in plain(app.screen.detail.note)
        book = app.analysis.notes if app.analysis else None
        assert book is not None
        assert book.get(first_red, Q2) == "Red: ask for the recovery date"
        assert trends_kpi is not None and book.get(trends_kpi, Q2) == "Trend question"
        assert book.get("CS01", Q2) == "From the detail"


async def test_editing_shows_the_note_and_empty_text_deletes_it(
    tmp_path: Path, notes: Notes
) -> None:
    app = app_on(sample_copy(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        seen = notes(app)
        await pilot.press("2")
        await write_note(app, pilot, "First thought")
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, NoteScreen)
        assert app.screen.query_one("#note-text", TextArea).text == "First thought"
        await pilot.press("escape")  # cancel: unchanged
        await pilot.pause()
        assert app.analysis is not None and app.analysis.notes.get("CS01", Q2) == "First thought"
        await write_note(app, pilot, "   ")
        assert not app.analysis.notes.has("CS01", Q2)
        assert seen[-1].startswith("Note deleted in ")
        assert load_notes(tmp_path / "qpr.qpr-notes.toml").notes == {}


async def test_notes_survive_a_reload_and_an_edit_of_the_data(tmp_path: Path) -> None:
    data = sample_copy(tmp_path)
    app = app_on(data)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        await pilot.press("2", "j")
        await write_note(app, pilot, "Keep me")
        text = data.read_text(encoding="utf-8")
        data.write_text(
            text.replace("Percentage of phone calls", "Share of phone calls"), encoding="utf-8"
        )
        await pilot.press("r")
        await loaded(app, pilot)
        await pilot.pause()
        assert app.analysis is not None and app.analysis.notes.get("CS04", Q2) == "Keep me"
        await pilot.press("8")
        await pilot.pause()
        assert [r[0] for r in rows(notes_pane(app).table)] == ["CS04"]
        assert rows(notes_pane(app).table)[0][1].startswith("Share of phone calls")


async def test_an_unwritable_place_keeps_the_note_in_memory(tmp_path: Path, notes: Notes) -> None:
    (tmp_path / "blocked").write_text("", encoding="utf-8")
    notes_config = parse_config('[notes]\npath = "blocked/notes.toml"\n', str(tmp_path / "a.toml"))
    sample = load_config(SAMPLE_CONFIG).config
    settings = LoadedConfig(
        msgspec.structs.replace(sample, notes=notes_config.config.notes), notes_config.source
    )
    app = app_on(sample_copy(tmp_path), settings)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        seen = notes(app)
        await pilot.press("2")
        await write_note(app, pilot, "Only in memory")
        assert "could not write" in seen[-1] and "Not a directory" in seen[-1]
        assert app.analysis is not None and app.analysis.notes.get("CS01", Q2) == "Only in memory"
        await pilot.press("8")
        await pilot.pause()
        assert "Not saved yet" in plain(notes_pane(app).heading)
        await pilot.press("r")  # a reload keeps what could not be written
        await loaded(app, pilot)
        assert app.analysis.notes.get("CS01", Q2) == "Only in memory"


async def test_a_broken_notes_file_is_reported_and_the_app_opens(
    tmp_path: Path, notes: Notes
) -> None:
    data = sample_copy(tmp_path)
    sidecar = tmp_path / "qpr.qpr-notes.toml"
    broken = '[[note]]\nkpi = "CS01"\nperiod = "2024/25 Q2"\ntext = "open\n'
    sidecar.write_text(broken, encoding="utf-8")
    app = app_on(data)
    seen = notes(app)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(app, pilot)
        assert app.analysis is not None and isinstance(app.screen, MainScreen)
        assert any(
            f"{sidecar}, line 4, column " in m and "the notes file is not valid TOML" in m
            for m in seen
        )
        await pilot.press("2")
        await write_note(app, pilot, "New note")
        assert "was not written over, since it could not be read" in seen[-1]
        assert sidecar.read_text(encoding="utf-8") == broken
