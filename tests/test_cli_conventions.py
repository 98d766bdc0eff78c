"""The conventions of a command line: unknown commands, where configuration is found, -q/-v,
shell completion, a fast --version, and ``qpr serve`` on loopback only."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from qpr_tui import cli, loading
from qpr_tui.cli import main
from tests.conftest import SAMPLE


def test_an_unknown_command_is_a_usage_error(capsys, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["nosuchcmd"]) == 2
    assert capsys.readouterr().err == (
        "qpr: error: 'nosuchcmd' is not a command (summary, validate, export, tui, serve, "
        "completion) and no file of that name exists (see 'qpr --help')\n"
    )
    assert main(["sumary", str(SAMPLE)]) == 2
    assert "exists; did you mean 'summary'? (see 'qpr --help')" in capsys.readouterr().err


def test_an_unknown_command_exits_2_from_the_program(tmp_path: Path) -> None:
    """The same through ``python -m qpr_tui`` (`cli.run`), with no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "qpr_tui", "nosuchcmd"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("qpr: error: 'nosuchcmd' is not a command")
    assert "Traceback" not in result.stderr


def test_a_file_is_still_a_file(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "nosuchcmd").write_bytes(SAMPLE.read_bytes())
    assert cli.with_command(["nosuchcmd"]) == ["tui", "nosuchcmd"]  # it exists
    assert cli.with_command(["missing.csv"]) == ["tui", "missing.csv"]  # named like a file
    assert cli.with_command(["./summary"]) == ["tui", "./summary"]
    assert cli.with_command(["summary", "x.csv"]) == ["summary", "x.csv"]
    assert cli.with_command(["-c", "x.toml", "data.csv"]) == ["tui", "-c", "x.toml", "data.csv"]
    assert cli.with_command([]) == ["tui"]


def write_user_config(home: Path, text: str) -> Path:
    path = home / "qpr" / "qpr.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_configuration_is_found_in_the_users_folder_last(
    user_config_home: Path, monkeypatch, tmp_path: Path, capsys
) -> None:
    data = tmp_path / "data.csv"
    data.write_bytes(SAMPLE.read_bytes())
    ns = cli.build_parser().parse_args(["summary", str(data)])
    assert loading.find_config(ns, [str(data)]).path is None
    user = write_user_config(user_config_home, '[report]\norganisation = "Mine"\n')
    choice = loading.find_config(ns, [str(data)])
    assert (choice.path, choice.origin) == (str(user), "the user's configuration")
    monkeypatch.setenv("QPR_CONFIG", "env.toml")
    assert loading.find_config(ns, [str(data)]).origin == "QPR_CONFIG"
    monkeypatch.delenv("QPR_CONFIG")
    assert main(["validate", str(data), "-v"]) == 0
    assert f"qpr: configuration: {user} (the user's configuration)" in capsys.readouterr().err
    user.write_text("colour = 1\n", encoding="utf-8")
    assert main(["summary", str(data), "--json"]) == 0
    assert f"qpr: warning: {user}, line 1: unknown key 'colour'" in capsys.readouterr().err


def test_help_says_where_configuration_was_looked_for(
    user_config_home: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("QPR_CONFIG", "team.toml")
    assert main(["--help"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    user = user_config_home / "qpr" / "qpr.toml"
    assert (
        "Configuration is read from --config TOML, else $QPR_CONFIG (set to team.toml), else "
        f"(for the bundled sample) the sample's own, else {user} (not found), else the "
        "built-in defaults."
    ) in out
    write_user_config(user_config_home, "")
    assert main(["--help"]) == 0
    assert f"{user} (found)" in " ".join(capsys.readouterr().out.split())


def test_quiet_and_verbose(tmp_path: Path, capsys) -> None:
    data = tmp_path / "data.csv"
    data.write_text(
        "kpi_id,period,value,target,floor,polarity\nA,Sep-24,oops,1,0,H\nA,Jun-24,2,1,0,H\n",
        encoding="utf-8",
    )
    config = tmp_path / "x.toml"
    config.write_text("colour = 1\n", encoding="utf-8")
    assert main(["summary", str(data), "--json", "-c", str(config)]) == 0
    err = capsys.readouterr().err
    assert "unknown key 'colour'" in err and "line 2, column 3 (value)" in err
    assert main(["summary", str(data), "--json", "-q", "-c", str(config)]) == 0
    assert capsys.readouterr().err == ""
    assert main(["summary", str(data), "--json", "-v", "-c", str(config)]) == 0
    err = capsys.readouterr().err
    assert f"qpr: configuration: {config} (--config)\n" in err
    assert "qpr: read 2 rows from 1 file(s) in " in err
    assert "qpr: loaded and analysed in " in err
    assert main(["summary", str(data), "-q", "-v"]) == 2
    assert "not allowed with argument" in capsys.readouterr().err


def completion(shell: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "qpr_tui", "completion", shell],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout


def test_bash_completion_is_accepted_by_bash_and_completes(tmp_path: Path) -> None:
    if shutil.which("bash") is None:
        pytest.skip("bash is not installed")
    script = tmp_path / "qpr.bash"
    script.write_text(completion("bash"), encoding="utf-8")
    subprocess.run(["bash", "-n", str(script)], check=True, timeout=30)

    def complete(*words: str) -> list[str]:
        probe = (
            f"source {script}; COMP_WORDS=(qpr {' '.join(words)}); "
            f"COMP_CWORD={len(words)}; _qpr; printf '%s\\n' \"${{COMPREPLY[@]}}\""
        )
        out = subprocess.run(
            ["bash", "-c", probe], capture_output=True, text=True, timeout=30, check=True
        )
        return out.stdout.split()

    assert complete("exp") == ["export"]
    assert complete("export", "--fo") == ["--format", "--force"]
    assert complete("export", "-f", "x") == ["xlsx"]
    assert complete("completion", "")[:3] == ["bash", "zsh", "fish"]
    assert "--allow-remote" in complete("serve", "--")


@pytest.mark.parametrize("shell", ["zsh", "fish"])
def test_zsh_and_fish_completion(shell: str, tmp_path: Path) -> None:
    text = completion(shell)
    assert "export" in text and "--format" in text.replace("-l format", "--format")
    if shutil.which(shell) is None:
        pytest.skip(f"{shell} is not installed to check the script's syntax")
    script = tmp_path / f"qpr.{shell}"
    script.write_text(text, encoding="utf-8")
    subprocess.run([shell, "-n", str(script)], check=True, timeout=30)


def test_version_loads_nothing_heavy() -> None:
    probe = (
        "import sys\nfrom qpr_tui.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "heavy = {'rich', 'polars', 'textual', 'msgspec', 'platformdirs', 'textual_serve'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.splitlines() == ["qpr_tui 0.1.0", "[]"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_on_loopback_serves_the_page() -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "qpr_tui", "serve", str(SAMPLE), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        page = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as reply:
                    assert reply.status == 200
                    page = reply.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.2)
        assert f'data-session-websocket-url="ws://127.0.0.1:{port}/ws"' in page
    finally:
        server.terminate()
        _, err = server.communicate(timeout=30)
    assert f"qpr: serving the app on http://127.0.0.1:{port} (Ctrl+C stops)" in err


def test_serve_refuses_a_reachable_host_without_allow_remote(capsys, monkeypatch) -> None:
    assert main(["serve", str(SAMPLE), "--host", "0.0.0.0"]) == 2
    assert capsys.readouterr().err == (
        "qpr: error: --host 0.0.0.0 would let other computers reach the app, which has no "
        "login (anyone who can connect sees the data). Add --allow-remote to serve it anyway, "
        "or leave out --host to serve on 127.0.0.1 (this computer only).\n"
    )
    started: list[str] = []
    monkeypatch.setattr("textual_serve.server.Server.serve", lambda self: started.append(self.host))
    monkeypatch.setattr("qpr_tui.serve.check_port", lambda host, port: None)
    assert main(["serve", str(SAMPLE), "--host", "0.0.0.0", "--allow-remote", "-q"]) == 0
    assert started == ["0.0.0.0"]
    assert capsys.readouterr().err == (
        "qpr: warning: serving on 0.0.0.0: anyone who can reach this address and port can use "
        "the app and read the data (there is no login).\n"
    )


def test_serve_says_when_the_port_is_taken(capsys) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", str(SAMPLE), "--port", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"qpr: error: cannot listen on 127.0.0.1 port {port}: ")
    assert err.endswith("Choose another with --port.\n")
