"""Unknown keys inside the configuration's free tables (``[kpi."ID"]``, ``[files."NAME"]``)
reach the app as a notification and as findings in Data quality, with their lines."""

from __future__ import annotations

from pathlib import Path

from qpr_tui.tui.panes.quality import QualityPane
from tests.tui.helpers import loaded, rows
from tests.tui.test_config_warnings import Notes, flawed_with_config


async def test_unknown_keys_of_kpi_and_file_tables_reach_the_app(
    tmp_path: Path, notes: Notes
) -> None:
    config = '[kpi."A1"]\ntarget = 80\ncolur = 1\n[files."flawed.csv"]\nperiodd = "Q1"\n'
    app = flawed_with_config(tmp_path, config)
    seen = notes(app)  # before the app runs: the load may finish at once
    async with app.run_test(size=(120, 40)) as pilot:
        await loaded(app, pilot)
        (note,) = [n for n in seen if "colur" in n]
        assert note.splitlines()[:2] == [
            "line 3: unknown key 'colur' in [kpi.A1] was ignored",
            "line 5: unknown key 'periodd' in [files.\"flawed.csv\"] was ignored (did you mean "
            "'period'?)",
        ]
        await pilot.press("6")
        await pilot.pause()
        pane = app.main.panes["quality"]
        assert isinstance(pane, QualityPane)
        found = {r[1].strip(): r[4] for r in rows(pane.table)}
        assert found["x.toml:3"].startswith("unknown key 'colur' in [kpi.A1] was ignored")
        assert found["x.toml:5"].startswith("unknown key 'periodd' in [files.")
