"""The index folder (SEARCH_INDEX_DIR): which index is current, and what is still to be written.

    CURRENT            the name of the live index folder; replaced atomically (rename) by a rebuild
    index-<stamp>/     one complete index; `built_from` inside holds when its database read began
    pending/<id>.ids   thread ids a transaction changed, written at flush, removed once indexed:
                       whatever is left after a crash is indexed at the next start
    STALE              a write failed or its extent is unknown: the whole index is checked at start

A crash at any moment leaves CURRENT pointing at a complete index, and the journal plus the marker
say what it may lack.
"""

from __future__ import annotations

import os
import shutil
import time
import uuid
from pathlib import Path

CURRENT = "CURRENT"
STALE = "STALE"
PENDING = "pending"
BUILT_FROM = "built_from"
# Folders of rebuilds that never finished (a killed command) are removed after this long.
ABANDONED_AFTER_SECONDS = 24 * 3600


class IndexStore:
    def __init__(self, root: str | os.PathLike):
        self.root = Path(root)

    # The live index

    def current(self) -> Path | None:
        """The live index folder, or None if there is none yet."""
        try:
            name = (self.root / CURRENT).read_text().strip()
        except (FileNotFoundError, NotADirectoryError):
            return None
        return self.root / name if name and "/" not in name and name not in (".", "..") else None

    def version(self) -> int:
        """Changes whenever CURRENT is replaced (cheap enough to check on every search)."""
        try:
            return (self.root / CURRENT).stat().st_mtime_ns
        except FileNotFoundError:
            return 0

    def new_folder(self) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        path = self.root / f"index-{time.strftime('%Y%m%d%H%M%S')}-{uuid.uuid4().hex[:8]}"
        path.mkdir()
        (path / BUILT_FROM).write_text(repr(time.time()))
        return path

    def activate(self, folder: Path) -> None:
        """Make `folder` the live index in one rename, then remove the one it replaced."""
        previous = self.current()
        temporary = self.root / f"{CURRENT}.{uuid.uuid4().hex[:8]}"
        temporary.write_text(folder.name)
        os.replace(temporary, self.root / CURRENT)
        if previous is not None and previous != folder:
            shutil.rmtree(previous, ignore_errors=True)

    def built_from(self, folder: Path) -> float:
        try:
            return float((folder / BUILT_FROM).read_text())
        except (OSError, ValueError):
            return 0.0

    def discard(self, folder: Path) -> None:
        if folder != self.current():
            shutil.rmtree(folder, ignore_errors=True)

    def remove_abandoned(self) -> None:
        """Index folders of rebuilds that died long ago."""
        live = self.current()
        cutoff = time.time() - ABANDONED_AFTER_SECONDS
        for folder in self.root.glob("index-*"):
            if folder != live and folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)

    # Staleness

    def mark_stale(self, reason: str) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / STALE).write_text(reason + "\n")

    def is_stale(self) -> bool:
        return (self.root / STALE).exists()

    def clear_stale(self) -> None:
        (self.root / STALE).unlink(missing_ok=True)

    # The journal of changes not yet indexed

    def write_intent(self, thread_ids: set[int], path: Path | None = None) -> Path:
        """Record thread ids about to change (before the database commit); returns the journal file."""
        folder = self.root / PENDING
        if path is None:
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{uuid.uuid4().hex}.ids"
        with open(path, "a") as journal:
            journal.write("".join(f"{thread_id}\n" for thread_id in sorted(thread_ids)))
        return path

    def pending(self) -> tuple[set[int], list[Path]]:
        """Every thread id in the journal, and the journal files holding them."""
        ids: set[int] = set()
        files = sorted((self.root / PENDING).glob("*.ids"))
        for path in files:
            try:
                ids.update(int(line) for line in path.read_text().split() if line.isdigit())
            except OSError:
                continue
        return ids, files

    @staticmethod
    def done(paths: list[Path]) -> None:
        for path in paths:
            path.unlink(missing_ok=True)
