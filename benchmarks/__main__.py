"""Run the benchmarks: `python -m benchmarks [pages ...]`."""

from __future__ import annotations

import importlib
import sys

from benchmarks.harness import write_report

SUITES = ("pages", "moderation", "fanout", "search", "mail", "load", "bottlenecks", "peers", "scale")


def main(argv: list[str]) -> None:
    chosen = argv or list(SUITES)
    results = {}
    for name in chosen:
        print(f"running {name} ...", flush=True)
        results[name] = importlib.import_module(f"benchmarks.{name}").run()
    path = write_report(results)
    print(path.read_text())


if __name__ == "__main__":
    main(sys.argv[1:])
