"""What a build remembers about files, each fact kept while its file stays the same.

A rebuild with nothing changed should not read again what it read last
time: every post's front matter (checked by the build driver and by each
language's Sphinx process), every built page (its Content-Security-Policy,
the words PurgeCSS looks for, the service worker's hash).  A :class:`Memo`
is a JSON file in the doctree folder that keeps one fact per file under the
file's size and modification time (nanoseconds), as ``catalyst/catalogs.py``
keeps the catalogs it found correct and ``tools/build.py`` publishes the
files it did not write: a file that is written again gets a new time, so its
fact is worked out again.

Each memo also has a *version*: a digest of everything its facts depend on
besides the files themselves (the code that works them out, the data files
it compares them with).  A memo of another version is ignored as a whole.
A memo keeps only the facts asked for or given during the last build, so
it does not grow with files that are gone; a memo that cannot be read is
an empty one (the facts are worked out again, never wrong).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any


def digest(*parts: bytes | str) -> str:
    """A digest of *parts* (text or bytes), for a memo's version."""
    sha = hashlib.sha256()
    for part in parts:
        sha.update(part.encode() if isinstance(part, str) else part)
        sha.update(b"\0")
    return sha.hexdigest()


def write_text(path: Path, text: str) -> None:
    """Write *path* whole beside it, then rename it into place: a build in another process
    never reads half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def stamp(path: Path) -> list[int] | None:
    """The file's size and modification time, or None when it is not there."""
    try:
        st = path.stat()
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


class Memo:
    """Facts about files (JSON values, never None), kept in *path* between builds.

    *path* None: nothing is kept (every fact is worked out, as without a memo).
    """

    def __init__(self, path: Path | None, version: str):
        self.path, self.version = path, version
        self._old = self._read()
        self._new: dict[str, list] = {}

    def _read(self) -> dict[str, list]:
        if self.path is None:
            return {}
        try:
            kept = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(kept, dict) or kept.get("version") != self.version:
            return {}
        files = kept.get("files")
        return files if isinstance(files, dict) else {}

    def get(self, path: Path, key: str | None = None) -> Any:
        """The fact kept for *path* (under *key*, by default the path), or None if the file changed."""
        key = key or str(path)
        kept = self._old.get(key)
        if not isinstance(kept, list) or len(kept) != 3 or kept[2] is None or kept[:2] != stamp(path):
            return None
        self._new[key] = kept
        return kept[2]

    def put(self, path: Path, value: Any, key: str | None = None) -> None:
        """Keep *value* for *path* as the file is now."""
        now = stamp(path)
        if now is not None and value is not None:
            self._new[key or str(path)] = [*now, value]

    def save(self) -> None:
        """Write the facts of this build (and only those) to the memo's file."""
        if self.path is not None:
            write_text(self.path, json.dumps({"version": self.version, "files": self._new}))
