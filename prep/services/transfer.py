"""Export a profile as a zip of CSV files plus its audio; import such a zip into an empty profile.

An import is checked whole before anything is written (paths, files, columns, schema version, every value);
a bad zip is refused with one line and the target profile is left unchanged.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import BigInteger, Boolean, Float, Integer, Table, func, insert, select
from sqlalchemy.types import JSON

from prep.store.db import Store, head_revision
from prep.store.schema import (
    Attempt,
    CardState,
    ItemRecord,
    PracticeSession,
    Profile,
    Rating,
    ReviewLog,
    UTCDateTime,
)

FORMAT = "cmo-prep-export"
MAX_IMPORT_BYTES = 200 * 1024 * 1024
# Export order = import order (parents before children).
TABLES: list[tuple[str, Table]] = [
    ("items", ItemRecord.__table__),
    ("practice_sessions", PracticeSession.__table__),
    ("attempts", Attempt.__table__),
    ("ratings", Rating.__table__),
    ("review_logs", ReviewLog.__table__),
    ("card_states", CardState.__table__),
]
PROFILE_OWNED = [PracticeSession, Attempt, ReviewLog, CardState]


class TransferError(ValueError):
    """One line saying why an import was refused; nothing was written."""


def columns_of(table: Table) -> list[str]:
    return [c.name for c in table.columns if c.name != "profile_id"]


def _encode(value: Any, column: Any) -> str:
    if value is None:
        return ""
    if isinstance(column.type, UTCDateTime):
        return value.isoformat()
    if isinstance(column.type, JSON):
        return json.dumps(value, sort_keys=True)
    if isinstance(column.type, Boolean):
        return "1" if value else "0"
    return str(value)


def _decode(text: str, column: Any) -> Any:
    if text == "" and column.nullable:
        return None
    kind = column.type
    if isinstance(kind, UTCDateTime):
        value = datetime.fromisoformat(text)
        if value.tzinfo is None:
            raise ValueError("time without a timezone")
        return value.astimezone(UTC)
    if isinstance(kind, JSON):
        return json.loads(text)
    if isinstance(kind, Boolean):
        if text not in ("0", "1"):
            raise ValueError("expected 0 or 1")
        return text == "1"
    if isinstance(kind, Integer | BigInteger):
        return int(text)
    if isinstance(kind, Float):
        return float(text)
    return text


def _rows_for(session: Any, name: str, table: Table, profile_id: int) -> list[dict[str, Any]]:
    if name == "items":
        used = set()
        for model in (Attempt, ReviewLog, CardState):
            used |= set(session.scalars(select(model.item_id).where(model.profile_id == profile_id).distinct()))
        query = select(table).where(table.c.id.in_(sorted(used)))
    elif name == "ratings":
        query = select(table).join(Attempt.__table__, Attempt.id == table.c.attempt_id)
        query = query.where(Attempt.profile_id == profile_id)
    else:
        query = select(table).where(table.c.profile_id == profile_id)
    order = [c for c in table.primary_key.columns]
    return [dict(r._mapping) for r in session.execute(query.order_by(*order))]


def export_profile(store: Store, profile_id: int, audio_dir: Path) -> bytes:
    """The whole profile as zip bytes: manifest.json, one CSV per table, audio/ files."""
    buffer = io.BytesIO()
    with store.read() as session, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        profile = session.get(Profile, profile_id)
        if profile is None:
            raise TransferError("that profile no longer exists")
        counts = {}
        audio_files: list[str] = []
        for name, table in TABLES:
            rows = _rows_for(session, name, table, profile_id)
            counts[name] = len(rows)
            names = columns_of(table)
            text = io.StringIO()
            writer = csv.writer(text, lineterminator="\n")
            writer.writerow(names)
            for row in rows:
                writer.writerow([_encode(row[n], table.c[n]) for n in names])
                if name == "attempts" and row["audio_path"]:
                    audio_files.append(row["audio_path"])
            archive.writestr(f"{name}.csv", text.getvalue())
        for stored in audio_files:
            source = audio_dir / Path(stored).name
            if source.is_file():
                archive.write(source, f"audio/{source.name}")
        manifest = {
            "format": FORMAT,
            "schema_version": head_revision(),
            "profile": profile.name,
            "settings": profile.settings or {},
            "exported_at": datetime.now(UTC).isoformat(),
            "counts": counts,
        }
        archive.writestr("manifest.json", json.dumps(manifest, indent=2, sort_keys=True))
    return buffer.getvalue()


@dataclass
class _Checked:
    manifest: dict[str, Any]
    tables: dict[str, list[dict[str, Any]]]
    audio: dict[str, bytes]


def _safe_member(name: str) -> bool:
    path = PurePosixPath(name)
    return not (path.is_absolute() or ".." in path.parts or "\\" in name or name.startswith("/"))


def _check(raw: bytes) -> _Checked:
    if len(raw) > MAX_IMPORT_BYTES:
        raise TransferError("the file is larger than 200 MB; that is not an export of this app")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except zipfile.BadZipFile as exc:
        raise TransferError("not a zip file: choose a .zip made by Export") from exc
    with archive:
        names = archive.namelist()
        unsafe = [n for n in names if not _safe_member(n)]
        if unsafe:
            raise TransferError(f"the zip contains an unsafe path '{unsafe[0]}'; refusing to import it")
        if "manifest.json" not in names:
            raise TransferError("manifest.json is missing: this is not an export of this app")
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise TransferError("manifest.json is not valid JSON") from exc
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise TransferError("manifest.json does not describe a cmo-prep export")
        version = manifest.get("schema_version")
        if version != head_revision():
            raise TransferError(
                f"the export is of schema version '{version}', this app stores version '{head_revision()}'; "
                "export again from an app of the same version"
            )
        tables = {name: _read_csv(archive, name, table) for name, table in TABLES}
        audio = {}
        for name in names:
            if name.startswith("audio/") and not name.endswith("/"):
                base = PurePosixPath(name).name
                audio[base] = archive.read(name)
    return _Checked(manifest, tables, audio)


def _read_csv(archive: zipfile.ZipFile, name: str, table: Table) -> list[dict[str, Any]]:
    member = f"{name}.csv"
    try:
        text = archive.read(member).decode("utf-8")
    except KeyError as exc:
        raise TransferError(f"{member} is missing from the zip") from exc
    except UnicodeDecodeError as exc:
        raise TransferError(f"{member} is not UTF-8 text") from exc
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    expected = columns_of(table)
    if header != expected:
        raise TransferError(f"{member} has columns {header}; expected {expected}")
    rows = []
    for line, values in enumerate(reader, start=2):
        if len(values) != len(expected):
            raise TransferError(f"{member} line {line}: {len(values)} values, expected {len(expected)}")
        row = {}
        for column_name, value in zip(expected, values, strict=True):
            try:
                row[column_name] = _decode(value, table.c[column_name])
            except (ValueError, TypeError) as exc:
                raise TransferError(f"{member} line {line}, column '{column_name}': {exc}") from exc
        rows.append(row)
    return rows


def profile_is_empty(session: Any, profile_id: int) -> bool:
    return all(
        session.scalar(select(func.count()).select_from(m).where(m.profile_id == profile_id)) == 0
        for m in PROFILE_OWNED
    )


def import_profile(store: Store, profile_id: int, raw: bytes, audio_dir: Path) -> dict[str, int]:
    """Load an export into an empty profile in one transaction. Returns the row counts imported."""
    checked = _check(raw)
    tables = checked.tables
    attempt_ids = {r["id"] for r in tables["attempts"]}
    session_ids = {r["id"] for r in tables["practice_sessions"]}
    item_ids = {r["id"] for r in tables["items"]}
    for name in ("attempts", "review_logs", "card_states"):
        missing = {r["item_id"] for r in tables[name]} - item_ids
        if missing:
            raise TransferError(f"{name}.csv refers to item '{sorted(missing)[0]}' that items.csv does not list")
    if any(r["attempt_id"] not in attempt_ids for r in tables["ratings"]):
        raise TransferError("ratings.csv refers to an attempt that attempts.csv does not list")
    if any(r["session_id"] is not None and r["session_id"] not in session_ids for r in tables["attempts"]):
        raise TransferError("attempts.csv refers to a practice session that practice_sessions.csv does not list")

    written: list[Path] = []
    audio_names: dict[str, str] = {}
    try:
        with store.transaction() as session:
            if session.get(Profile, profile_id) is None:
                raise TransferError("that profile no longer exists")
            if not profile_is_empty(session, profile_id):
                raise TransferError("import only into an empty profile: create a new profile first")
            known = set(session.scalars(select(ItemRecord.id).where(ItemRecord.id.in_(item_ids))))
            new_items = [r for r in tables["items"] if r["id"] not in known]
            if new_items:
                session.execute(insert(ItemRecord), new_items)
            session_map = _insert_remapped(session, PracticeSession, tables["practice_sessions"], profile_id)
            audio_dir.mkdir(parents=True, exist_ok=True)
            for row in tables["attempts"]:
                row["session_id"] = session_map.get(row["session_id"])
                if row["audio_path"]:
                    base = Path(row["audio_path"]).name
                    data = checked.audio.get(base)
                    if data is None:
                        row["audio_path"] = None
                    else:
                        fresh = audio_names.setdefault(base, f"import-{uuid.uuid4().hex}{Path(base).suffix}")
                        target = audio_dir / fresh
                        target.write_bytes(data)
                        written.append(target)
                        row["audio_path"] = fresh
            attempt_map = _insert_remapped(session, Attempt, tables["attempts"], profile_id)
            for row in tables["ratings"]:
                row["attempt_id"] = attempt_map[row["attempt_id"]]
            _insert_remapped(session, Rating, tables["ratings"], None)
            _insert_remapped(session, ReviewLog, tables["review_logs"], profile_id)
            states = [{**r, "profile_id": profile_id} for r in tables["card_states"]]
            if states:
                session.execute(insert(CardState), states)
            profile = session.get(Profile, profile_id)
            settings = checked.manifest.get("settings")
            if isinstance(settings, dict) and not profile.settings:
                profile.settings = settings
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return {name: len(rows) for name, rows in tables.items()}


def _insert_remapped(session: Any, model: Any, rows: list[dict[str, Any]], profile_id: int | None) -> dict:
    """Insert rows with fresh primary keys; returns old id -> new id."""
    mapping = {}
    for row in rows:
        values = {k: v for k, v in row.items() if k != "id"}
        if profile_id is not None:
            values["profile_id"] = profile_id
        new_id = session.execute(insert(model).values(**values).returning(model.id)).scalar_one()
        mapping[row["id"]] = new_id
    return mapping


def default_export_name(profile_name: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in profile_name.lower()).strip("-") or "profile"
    return f"cmo-prep-{slug}-{datetime.now(UTC):%Y%m%d}.zip"
