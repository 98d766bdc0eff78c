"""An export killed at any point leaves the old file or the new one, never a partial file."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import SAMPLE

# A child that exports html over an existing file, writing its bytes slowly so the kill
# lands in the middle of the write.
CHILD = """
import os, sys, time
import qpr_tui.export.files as files
real = os.write
def slow(fd, data):
    n = real(fd, bytes(data[:64]))
    time.sleep(0.01)
    return n
files.os.write = slow
from qpr_tui.cli import main
sys.exit(main(["export", sys.argv[1], "--format", "html", "--output", sys.argv[2], "--force"]))
"""


def test_killed_export_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    old = b"<html>the previous, complete report</html>"
    target.write_bytes(old)
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(SAMPLE), str(target)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    # Wait until the temporary file is being written, then kill the process outright.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        staged = [p for p in tmp_path.iterdir() if p.name != "report.html"]
        if staged and staged[0].stat().st_size > 0:
            break
        if child.poll() is not None:
            break
        time.sleep(0.005)
    assert child.poll() is None, "the export finished before it could be interrupted"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert target.read_bytes() == old
    leftovers = [p for p in tmp_path.iterdir() if p.name != "report.html"]
    assert all(p.name.startswith(".") for p in leftovers)  # only a hidden temporary file
    # A second, uninterrupted export replaces the file with a complete report.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "qpr_tui",
            "export",
            str(SAMPLE),
            "--format",
            "html",
            "--output",
            str(target),
            "--force",
        ],
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert target.read_bytes().rstrip().endswith(b"</html>")
