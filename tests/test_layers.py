"""The import graph has one direction: forum's domain <- moderation <- the doors (pages, API, sockets, CLI).

Forum's domain (models, services, permissions, lifecycles, events, rendering...) never imports moderation:
it announces what happened (`forum.events.announce`) and moderation takes its part. Moderation imports
forum's domain, never its doors. The doors of both, the demo seed and the composition root sit on top.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORUM_DOORS = ("forum.views", "forum.api", "forum.realtime", "forum.cli", "forum.command", "forum.serve",
               "forum.demo")
COMPOSITION_ROOT = "forum"  # forum/__init__.py: create_app binds every package


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def modules(package: str) -> list[tuple[str, set[str]]]:
    return [(module_name(path), imports_of(path)) for path in sorted((ROOT / package).rglob("*.py"))]


def within(name: str, prefixes) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


def forum_domain() -> list[tuple[str, set[str]]]:
    return [(name, found) for name, found in modules("forum")
            if name != COMPOSITION_ROOT and not within(name, FORUM_DOORS)]


def test_the_check_sees_the_imports_it_forbids():
    assert "moderation.subscriptions" in imports_of(ROOT / "forum" / "__init__.py")
    assert any(within(name, ("moderation",)) for name in imports_of(ROOT / "forum" / "views" / "threads.py"))


@pytest.mark.parametrize(("module", "found"), forum_domain(), ids=lambda value: value if isinstance(value, str) else "")
def test_forum_domain_never_imports_moderation(module, found):
    assert not [name for name in found if within(name, ("moderation",))]


@pytest.mark.parametrize(("module", "found"),
                         [entry for entry in modules("moderation") if not within(entry[0], ("moderation.views",))],
                         ids=lambda value: value if isinstance(value, str) else "")
def test_moderation_never_imports_the_doors(module, found):
    assert not [name for name in found if within(name, FORUM_DOORS) or name == "forum.create_app"]


@pytest.mark.parametrize(("module", "found"), modules("search_index"),
                         ids=lambda value: value if isinstance(value, str) else "")
def test_search_never_imports_moderation_or_the_doors(module, found):
    assert not [name for name in found if within(name, ("moderation",) + FORUM_DOORS)]
