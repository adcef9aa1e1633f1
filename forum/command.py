"""The `fast-forum` console script: `fast-forum run` serves on gevent, every other command runs plainly."""

from __future__ import annotations

import sys


def main() -> None:
    if sys.argv[1:2] == ["run"]:
        from forum.concurrency import serve_cooperatively

        serve_cooperatively()  # before the CLI imports Flask
    from forum.cli import main as cli

    cli()
