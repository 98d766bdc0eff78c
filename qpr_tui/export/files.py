"""Writing export files safely.

- Atomic: each file is written to a temporary file in the target folder, flushed and
  fsync'd, then moved over the target with `os.replace`; a failure leaves the old file (if
  any) untouched and no temporary file behind.
- Never onto an input: the data files and the configuration are compared with each target
  (same resolved path or same file on disk, so symlinks and hard links count too).
- Never over an existing file unless asked (``--force`` or the TUI's confirmation).
- Devices and pipes (``/dev/null``, a FIFO) are written to directly: there is nothing to
  replace and nothing to lose.
- Every operating-system failure becomes a one-line `QprError` naming the file and the cause.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from qpr_tui.errors import QprError

if TYPE_CHECKING:
    from qpr_tui.analysis.summary import Analysis


class ExportExistsError(QprError):
    """The target exists and overwriting was not allowed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path} already exists; it was left unchanged.",
            hint="Choose another name, or allow overwriting (--force on the command line).",
        )


def sidecar_path(path: Path) -> Path:
    """Where a CSV export's provenance goes: ``qpr.csv`` -> ``qpr.provenance.json``."""
    stem = path.stem if path.suffix else path.name
    return path.with_name(f"{stem}.provenance.json")


def output_paths(fmt: str, path: str | Path) -> list[Path]:
    """Every file an export to ``path`` writes: CSV also writes its provenance file, except
    to a device or pipe (``/dev/null``, ``/dev/stdout``), which has no folder to put it in."""
    target = Path(path).expanduser()
    if fmt == "csv" and not is_special(target):
        return [target, sidecar_path(target)]
    return [target]


def protected_paths(analysis: Analysis) -> list[Path]:
    """The files an export must never overwrite: the inputs, the configuration and the
    notes for the meeting."""
    paths = [Path(source.path) for source in analysis.dataset.sources]
    if analysis.config_source.path:
        paths.append(Path(analysis.config_source.path))
    if analysis.notes.path is not None:
        paths.append(analysis.notes.path)
    return paths


NAME_MAX = 255  # bytes in one file name on the common file systems (ext4, APFS, NTFS)


def _same_file(a: Path, b: Path) -> bool:
    with suppress(OSError):
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return a.absolute() == b.absolute()


def is_special(path: Path) -> bool:
    """A device, pipe or socket: written in place, never replaced."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return not stat.S_ISREG(mode) and not stat.S_ISDIR(mode)


def check_targets(
    targets: Sequence[Path], protected: Sequence[Path], *, force: bool, example: str = "report.html"
) -> None:
    """Raise `QprError` unless every target may be written (``example``: a file name to
    suggest when the target is a folder)."""
    for target in targets:
        try:
            _check_target(target, protected, force=force, example=example)
        except OSError as exc:  # a name too long, a loop of links, a folder not readable
            raise os_error(exc, target) from None


def _check_target(target: Path, protected: Sequence[Path], *, force: bool, example: str) -> None:
    for source in protected:
        if _same_file(target, source):
            raise QprError(
                f"{target} is one of this report's input files (data, configuration or notes); "
                "an export never overwrites its input.",
                hint="Choose another output name.",
            )
    if target.is_dir():
        raise QprError(
            f"{target} is a folder, not a file.",
            hint=f"Give a file name, for example {target / example}.",
        )
    if is_special(target):
        return
    if (target.exists() or target.is_symlink()) and not force:
        raise ExportExistsError(target)
    parent = target.parent
    if not parent.exists():
        raise QprError(
            f"cannot write {target}: the folder {parent} does not exist.",
            hint="Create the folder first, or choose another place.",
        )
    if not parent.is_dir():
        raise QprError(f"cannot write {target}: {parent} is not a folder.")


def os_error(exc: OSError, path: Path) -> QprError:
    """A plain-words `QprError` for an operating-system failure while writing ``path``."""
    code = exc.errno
    folder = path.parent
    if code == errno.ENOSPC:
        return QprError(
            f"cannot write {path}: there is not enough space on the disk.",
            hint="Free some space or write somewhere else; any existing file was left unchanged.",
        )
    if code == getattr(errno, "EDQUOT", -1):
        return QprError(
            f"cannot write {path}: the disk quota is exceeded.",
            hint="Free some space or write somewhere else.",
        )
    if code in (errno.EACCES, errno.EPERM):
        return QprError(
            f"cannot write {path}: permission denied (the folder {folder} or the "
            "file is not writable).",
            hint="Choose a folder you can write to.",
        )
    if code == errno.EROFS:
        return QprError(
            f"cannot write {path}: the file system is read-only.", hint="Choose another place."
        )
    if code == errno.ENOENT and not folder.is_dir():
        return QprError(
            f"cannot write {path}: the folder {folder} does not exist.",
            hint="Create the folder first, or choose another place.",
        )
    if code == errno.ENOTDIR:
        return QprError(f"cannot write {path}: part of the path is not a folder.")
    if code == errno.EISDIR:
        return QprError(f"cannot write {path}: it is a folder, not a file.")
    if code == errno.ENAMETOOLONG:
        return _name_too_long(path)
    reason = exc.strerror or str(exc) or type(exc).__name__
    return QprError(f"cannot write {path}: {reason}.")


def _shorten(name: str) -> str:
    return name if len(name) <= 40 else f"{name[:20]}…{name[-12:]}"


def _name_too_long(path: Path) -> QprError:
    """Which part of ``path`` is too long, shortened so that the message stays one line."""
    longest = max(path.parts, key=lambda part: len(part.encode("utf-8", "surrogateescape")))
    size = len(longest.encode("utf-8", "surrogateescape"))
    if size <= NAME_MAX:
        return QprError(
            f"cannot write {_shorten(path.name)}: its path is {len(str(path)):,} characters "
            "long, too long for the file system.",
            hint="Write it in a folder nearer the root, or choose a shorter name.",
        )
    return QprError(
        f"cannot write {_shorten(longest)}: the name is {size} bytes long and the file system "
        f"allows {NAME_MAX}.",
        hint="Choose a shorter file name.",
    )


def _umask() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # no portable way to read it without setting it
    os.umask(mask)
    return mask


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte (a separate function so tests can make it fail half-way)."""
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_folder(folder: Path) -> None:
    """Make the rename durable (best effort: not every platform can open a folder)."""
    flags = getattr(os, "O_DIRECTORY", None)
    if flags is None:
        return
    with suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | flags)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_special(path: Path, data: bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY)
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
    except OSError as exc:
        raise os_error(exc, path) from None


def _stage(path: Path, data: bytes) -> str:
    """Write ``data`` to a temporary file next to ``path``; return its name."""
    folder = path.parent
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name[:40]}.", suffix=".tmp")
    except OSError as exc:
        raise os_error(exc, path) from None
    try:
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            mode = stat.S_IMODE(path.stat().st_mode)  # keep an overwritten file's mode
        except OSError:
            mode = 0o666 & ~_umask()
        os.chmod(temp, mode)
    except BaseException as exc:
        with suppress(OSError):
            os.unlink(temp)
        if isinstance(exc, OSError):
            raise os_error(exc, path) from None
        raise
    return temp


def write_files(files: Sequence[tuple[Path, bytes]]) -> None:
    """Write each ``(path, data)`` atomically; all are staged before any is replaced."""
    staged: list[tuple[Path, str]] = []
    try:
        for path, data in files:
            if is_special(path):
                _write_special(path, data)
            else:
                staged.append((path, _stage(path, data)))
        while staged:
            path, temp = staged[0]
            try:
                os.replace(temp, path)
            except OSError as exc:
                raise os_error(exc, path) from None
            staged.pop(0)
            _fsync_folder(path.parent)
    finally:
        for _, temp in staged:
            with suppress(OSError):
                os.unlink(temp)
