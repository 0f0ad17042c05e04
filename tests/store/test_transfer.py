"""Export -> import round trip, and every kind of bad zip refused whole with the profile unchanged."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating
from sqlalchemy import select

from prep.banks.loader import load_library
from prep.services import library as library_service
from prep.services.profiles import create_profile
from prep.services.review import apply_rating
from prep.services.transfer import TransferError, export_profile, import_profile
from prep.store.schema import Attempt, CardState, PracticeSession, ReviewLog
from prep.store.schema import Rating as RatingRow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "banks"
T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def seed(store, profile_id: int, audio_dir: Path) -> None:
    library_service.sync_items(store, load_library([FIXTURES]))
    audio_dir.mkdir(parents=True, exist_ok=True)
    (audio_dir / "attempt-1.wav").write_bytes(b"RIFF-fake-wav")
    with store.transaction() as s:
        for i, rating in enumerate([Rating.Good, Rating.Again, Rating.Easy]):
            apply_rating(s, profile_id, "alpha-fc-capitation", rating, T0 + timedelta(days=i), fuzz=False)
        apply_rating(s, profile_id, "alpha-pr-five-years", Rating.Hard, T0, source="interview", fuzz=False)
        session = PracticeSession(
            profile_id=profile_id, kind="interview", started_at=T0, scope={"n": 1}, plan=["alpha-pr-five-years"]
        )
        s.add(session)
        s.flush()
        attempt = Attempt(
            profile_id=profile_id,
            session_id=session.id,
            item_id="alpha-pr-five-years",
            status="submitted",
            answer_text='We grew 12%, "quoted", comma, and\nnewline',
            audio_path="attempt-1.wav",
            audio_seconds=3.5,
            started_at=T0,
            updated_at=T0,
            submitted_at=T0,
            seconds_used=95.0,
            coverage={"covered": [0, 2]},
            stats={"words": 7},
            overall_rating=3,
            note="tighten the close",
        )
        s.add(attempt)
        s.flush()
        s.add_all(
            [
                RatingRow(attempt_id=attempt.id, dimension="structure", score=3),
                RatingRow(attempt_id=attempt.id, dimension="executive-presence", score=4),
            ]
        )


def snapshot(store, profile_id: int) -> dict[str, list[tuple]]:
    """Every profile row without its ids: what must survive a round trip."""
    with store.read() as s:
        attempts = s.scalars(select(Attempt).where(Attempt.profile_id == profile_id).order_by(Attempt.id)).all()
        return {
            "states": sorted(
                (c.item_id, c.state, c.stability, c.difficulty, c.due, c.reps, c.lapses)
                for c in s.scalars(select(CardState).where(CardState.profile_id == profile_id))
            ),
            "logs": [
                (r.item_id, r.rating, r.reviewed_at, r.source, r.previous)
                for r in s.scalars(select(ReviewLog).where(ReviewLog.profile_id == profile_id).order_by(ReviewLog.id))
            ],
            "attempts": [
                (
                    a.item_id,
                    a.status,
                    a.answer_text,
                    a.audio_seconds,
                    a.submitted_at,
                    a.coverage,
                    a.stats,
                    a.overall_rating,
                    a.note,
                )
                for a in attempts
            ],
            "ratings": sorted(
                (r.dimension, r.score)
                for r in s.scalars(select(RatingRow).where(RatingRow.attempt_id.in_([a.id for a in attempts])))
            ),
            "sessions": [
                (p.kind, p.scope, p.plan)
                for p in s.scalars(select(PracticeSession).where(PracticeSession.profile_id == profile_id))
            ],
        }


@pytest.fixture
def seeded(store, tmp_path: Path):
    source = store.default_profile_id()
    audio = tmp_path / "audio"
    seed(store, source, audio)
    return source, audio


def test_round_trip_gives_the_same_rows(store, seeded, tmp_path: Path) -> None:
    source, audio = seeded
    raw = export_profile(store, source, audio)
    target = create_profile(store, "Imported")
    new_audio = tmp_path / "audio2"
    counts = import_profile(store, target, raw, new_audio)
    assert counts == {
        "items": 2,
        "practice_sessions": 1,
        "attempts": 1,
        "ratings": 2,
        "review_logs": 4,
        "card_states": 2,
    }
    assert snapshot(store, target) == snapshot(store, source)
    with store.read() as s:
        imported = s.scalars(select(Attempt).where(Attempt.profile_id == target)).one()
    assert (new_audio / imported.audio_path).read_bytes() == b"RIFF-fake-wav"


def _rewrite(raw: bytes, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(raw))
    files = {n: source.read(n) for n in source.namelist()}
    change(files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def _bad_version(files: dict) -> None:
    manifest = json.loads(files["manifest.json"])
    manifest["schema_version"] = "0000"
    files["manifest.json"] = json.dumps(manifest).encode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda f: f.update({"../evil.csv": b"x"}), "unsafe path '../evil.csv'"),
        (lambda f: f.pop("attempts.csv"), "attempts.csv is missing from the zip"),
        (lambda f: f.update({"ratings.csv": b"who,what\n1,2\n"}), "ratings.csv has columns ['who', 'what']"),
        (_bad_version, "the export is of schema version '0000'"),
        (
            lambda f: f.update({"review_logs.csv": f["review_logs.csv"].replace(b"2026-11-01", b"yesterday")}),
            "review_logs.csv line 2, column 'reviewed_at'",
        ),
        (lambda f: f.pop("manifest.json"), "manifest.json is missing"),
    ],
)
def test_bad_zips_are_refused_and_the_profile_is_unchanged(store, seeded, tmp_path: Path, change, message) -> None:
    source, audio = seeded
    raw = _rewrite(export_profile(store, source, audio), change)
    target = create_profile(store, "Target")
    before = snapshot(store, target)
    with pytest.raises(TransferError, match=message.replace("[", r"\[").replace("(", r"\(")):
        import_profile(store, target, raw, tmp_path / "audio2")
    assert snapshot(store, target) == before
    assert not (tmp_path / "audio2").exists() or not any((tmp_path / "audio2").iterdir())
    assert not (tmp_path.parent / "evil.csv").exists()


def test_not_a_zip_and_non_empty_target_are_refused(store, seeded, tmp_path: Path) -> None:
    source, audio = seeded
    with pytest.raises(TransferError, match="not a zip file"):
        import_profile(store, create_profile(store, "X"), b"PK-not-really", tmp_path)
    raw = export_profile(store, source, audio)
    before = snapshot(store, source)
    with pytest.raises(TransferError, match="empty profile"):
        import_profile(store, source, raw, tmp_path / "a")
    assert snapshot(store, source) == before
