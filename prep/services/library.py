"""Question banks as the app sees them: loading (cached by file fingerprint), the item catalogue kept
in the store, browsing filters, and coach uploads."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, select, update

from prep.banks.errors import Problem
from prep.banks.loader import BANK_SUFFIXES, BankFile, Item, Library, expand_paths, load_library, parse_text
from prep.config import Settings
from prep.store.db import Store
from prep.store.schema import ItemRecord, utcnow

MAX_UPLOAD_BYTES = 1024 * 1024
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]*$")

_cache: dict[tuple, Library] = {}
# The library last synced into each store's engine. Held as objects, not id()s: a freed library's id
# comes back as the id of a later one, which was then taken as synced (an edited bank's items stayed
# archived, or new ones missing, until a restart).
_synced: WeakKeyDictionary[Engine, Library] = WeakKeyDictionary()


def fingerprint(paths: Iterable[Path]) -> tuple:
    """What changes when any bank file is added, removed or edited."""
    files, problems = expand_paths(paths)
    stamps = []
    for f in files:
        try:
            stat = f.stat()
            stamps.append((str(f), stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamps.append((str(f), -1, -1))
    return tuple(stamps) + tuple(str(p) for p in problems)


def current_library(paths: Sequence[Path]) -> Library:
    """The loaded banks, reloaded only when a file changed."""
    key = fingerprint(paths)
    library = _cache.get(key)
    if library is None:
        library = load_library(paths)
        _cache.clear()
        _cache[key] = library
    return library


def sync_items(store: Store, library: Library) -> None:
    """Record every loaded item's current text; mark items that no bank has any more as archived."""
    if _synced.get(store.engine) is library:
        return
    now = utcnow()
    with store.transaction() as session:
        known = {
            r.id: r
            for r in session.execute(
                select(
                    ItemRecord.id,
                    ItemRecord.text,
                    ItemRecord.archived,
                    ItemRecord.competency,
                    ItemRecord.bank,
                )
            )
        }
        new_rows, changed = [], []
        for item in library.items.values():
            row = known.get(item.id)
            values = {
                "id": item.id,
                "kind": item.kind,
                "bank": item.bank,
                "competency": item.competency,
                "text": item.text,
                "last_seen_at": now,
                "archived": False,
            }
            if row is None:
                new_rows.append({**values, "first_seen_at": now})
            elif (row.text, row.archived, row.competency, row.bank) != (
                item.text,
                False,
                item.competency,
                item.bank,
            ):
                changed.append(values)
        if new_rows:
            session.execute(ItemRecord.__table__.insert(), new_rows)
        if changed:
            session.execute(update(ItemRecord), changed)
        gone = [i for i, r in known.items() if i not in library.items and not r.archived]
        if gone:
            session.execute(update(ItemRecord).where(ItemRecord.id.in_(gone)).values(archived=True))
    _synced[store.engine] = library


def archived_items(store: Store) -> list[ItemRecord]:
    with store.read() as session:
        return list(session.scalars(select(ItemRecord).where(ItemRecord.archived).order_by(ItemRecord.id)))


@dataclass(frozen=True)
class ItemFilter:
    competencies: tuple[str, ...] = ()
    banks: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    text: str = ""

    def matches(self, item: Item) -> bool:
        if self.competencies and item.competency not in self.competencies:
            return False
        if self.banks and item.bank not in self.banks:
            return False
        if self.kinds and item.kind not in self.kinds:
            return False
        if self.tags and not set(self.tags) & set(item.tags):
            return False
        return not self.text or self.text.casefold() in searchable_text(item)


def searchable_text(item: Item) -> str:
    model = item.model
    parts = [item.id, item.text, *item.tags]
    parts += [model.back] if item.kind == "flashcard" else [*model.talking_points, *model.follow_ups]
    return "\n".join(parts).casefold()


def filter_items(library: Library, flt: ItemFilter) -> list[Item]:
    return [item for item in library.items.values() if flt.matches(item)]


def all_tags(library: Library) -> list[str]:
    return sorted({t for item in library.items.values() for t in item.tags})


# ---------------------------------------------------------------- coach uploads


@dataclass
class UploadCheck:
    """The verdict on an uploaded bank: its problems (none means it may be saved) and what it holds."""

    name: str
    raw: bytes
    problems: list[Problem]
    library: Library | None = None

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    @property
    def bank_file(self) -> BankFile | None:
        if self.library is None:
            return None
        return next((f for f in self.library.files if f.path == self.name), None)

    @property
    def items(self) -> list[Item]:
        if self.library is None:
            return []
        return [i for i in self.library.items.values() if i.path == self.name]


def _refuse(name: str, message: str, raw: bytes = b"") -> UploadCheck:
    return UploadCheck(name=name, raw=raw, problems=[Problem(name, 1, 1, message)])


def check_upload(name: str, raw: bytes, settings: Settings) -> UploadCheck:
    """Validate an uploaded bank against everything already loaded, with the CLI's messages."""
    shown = name if len(name) <= 120 else name[:117] + "..."
    if "/" in name or "\\" in name or name.startswith(".") or not _SAFE_NAME.match(name):
        return _refuse(shown, "the file name must be a plain name like my-bank.yaml (no folders, no '..')")
    if not name.lower().endswith(BANK_SUFFIXES):
        return _refuse(shown, "only .yaml or .yml bank files can be uploaded")
    if len(raw) > MAX_UPLOAD_BYTES:
        return _refuse(shown, f"file is {len(raw) / 1048576:.1f} MB; an uploaded bank may be at most 1 MB")
    if raw.startswith(b"PK\x03\x04") or b"\x00" in raw[:8192]:
        return _refuse(shown, "this is a binary file (for example a zip archive), not a YAML text file")
    data, _root, _problems = parse_text(shown, raw)
    slug = data.get("bank") if isinstance(data, dict) else None
    replacing = settings.upload_dir / f"{slug}.yaml" if isinstance(slug, str) else None
    files, _ = expand_paths(settings.bank_paths)
    keep = [f for f in files if replacing is None or f.resolve() != replacing.resolve()]
    library = load_library(keep, extra=[(shown, raw)])
    problems = [p for p in library.problems if p.path == shown]
    return UploadCheck(name=shown, raw=raw, problems=problems, library=library)


def save_upload(check: UploadCheck, settings: Settings) -> Path:
    """Write a checked bank to the uploads folder as <slug>.yaml, atomically. Refuses unchecked input."""
    bank_file = check.bank_file
    if not check.ok or bank_file is None or bank_file.bank is None:
        raise ValueError("only a bank that passed validation can be saved")
    folder = settings.upload_dir
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{bank_file.bank.bank}.yaml"
    if target.resolve().parent != folder.resolve():
        raise ValueError("refusing to write outside the uploads folder")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".upload-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(check.raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
