"""``qpr serve [FILE ...]``: the app in a web browser, through textual-serve.

Each browser tab runs ``qpr tui`` with the same files and options in a process of its own.
There is no login, so the server listens on the loopback address (this computer only) unless
``--allow-remote`` is given with a ``--host`` other computers can reach.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import socket
import sys
from pathlib import Path

from qpr_tui.errors import QprError
from qpr_tui.loading import config_path, default_files


def is_loopback(host: str) -> bool:
    """Whether only this computer can reach ``host`` (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_host(args: argparse.Namespace) -> None:
    """Refuse a reachable host without ``--allow-remote``; warn when it is allowed."""
    if is_loopback(args.host):
        return
    if not args.allow_remote:
        raise QprError(
            f"--host {args.host} would let other computers reach the app, which has no login "
            "(anyone who can connect sees the data).",
            hint="Add --allow-remote to serve it anyway, or leave out --host to serve on "
            "127.0.0.1 (this computer only).",
        )
    print(
        f"qpr: warning: serving on {args.host}: anyone who can reach this address and port "
        "can use the app and read the data (there is no login).",
        file=sys.stderr,
    )


def app_command(args: argparse.Namespace, files: list[str]) -> str:
    """The shell command each browser session runs: ``qpr tui`` with the same arguments."""
    words = [sys.executable, "-m", "qpr_tui", "tui", *(str(Path(f).resolve()) for f in files)]
    chosen = config_path(args, files)
    if chosen:
        words += ["--config", str(Path(chosen).resolve())]
    if args.period:
        words += ["--period", args.period]
    if args.organisation:
        words += ["--organisation", args.organisation]
    return shlex.join(words)


def check_port(host: str, port: int) -> None:
    """A clear error when the port is taken, before the server starts."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host.strip("[]"), port))
        except OSError as exc:
            raise QprError(
                f"cannot listen on {host} port {port}: {exc.strerror or exc}",
                hint="Choose another with --port.",
            ) from None


def serve(args: argparse.Namespace) -> int:
    """Serve the app until Ctrl+C (or SIGTERM)."""
    if not 0 < args.port < 65536:
        raise QprError(f"--port {args.port} is not a port number (1 to 65535).")
    check_host(args)
    files = default_files(args.files)
    from qpr_tui.config import load_config

    load_config(config_path(args, files))  # a broken configuration fails here, not per tab
    check_port(args.host, args.port)
    from textual_serve.server import Server

    host = f"[{args.host}]" if ":" in args.host and not args.host.startswith("[") else args.host
    server = Server(
        app_command(args, files),
        host=args.host,
        port=args.port,
        title="qpr",
        public_url=f"http://{host}:{args.port}",
    )
    if not getattr(args, "quiet", False):
        print(f"qpr: serving the app on http://{host}:{args.port} (Ctrl+C stops)", file=sys.stderr)
    server.serve()
    return 0
