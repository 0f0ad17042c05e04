"""Mock executive interviews: planning a panel, drafts kept in the store as they are written, answers
committed before anything else happens, feedback, self-ratings that reschedule the prompt, the report.

The store is the source of truth: a page that reloads finds the open session, the prompt in
progress, its draft text and its recording here.
"""

from __future__ import annotations

import io
import os
import tempfile
import wave
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from prep.banks.loader import Item, Library
from prep.banks.models import Prompt, Rubric
from prep.practice.answer_stats import WORDS_PER_MINUTE, AnswerStats, answer_stats, clock
from prep.practice.coverage import Coverage, coverage
from prep.practice.panel import PanelChoice, PromptFacts, plan_panel
from prep.practice.scheduling import DEFAULT_RETENTION, CardSnapshot, rating_for_overall
from prep.services.library import ItemFilter
from prep.services.profiles import profile_settings
from prep.services.review import apply_rating
from prep.store.db import Store
from prep.store.schema import Attempt, CardState, ItemRecord, PracticeSession, Rating

KIND = "interview"
DEFAULT_PROMPTS = 5
MAX_PROMPTS = 20
MAX_ANSWER_CHARS = 20_000
MAX_NOTE_CHARS = 2_000
MAX_AUDIO_BYTES = 64 * 1024 * 1024
RECENT_RATINGS = 5  # an area's strength is the mean of its latest few overall ratings


class InterviewError(ValueError):
    """A one-line reason an interview action was refused; nothing stored was changed."""


# ---------------------------------------------------------------- scope and planning


@dataclass(frozen=True)
class Scope:
    """Which prompts a panel may draw from; an empty field means no restriction."""

    competencies: tuple[str, ...] = ()
    banks: tuple[str, ...] = ()
    settings: tuple[str, ...] = ()
    difficulties: tuple[int, ...] = ()

    def matches(self, item: Item) -> bool:
        model = item.model
        if not isinstance(model, Prompt) or not ItemFilter(self.competencies, self.banks).matches(item):
            return False
        if self.difficulties and model.difficulty not in self.difficulties:
            return False
        # A prompt that names no setting suits every setting.
        prompt_settings = {s.value for s in model.settings}
        return not (self.settings and prompt_settings and not prompt_settings & set(self.settings))

    def to_dict(self) -> dict[str, Any]:
        return {
            "competencies": list(self.competencies),
            "banks": list(self.banks),
            "settings": list(self.settings),
            "difficulties": list(self.difficulties),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Scope:
        data = data or {}
        return cls(
            tuple(str(c) for c in data.get("competencies", ())),
            tuple(str(b) for b in data.get("banks", ())),
            tuple(str(s) for s in data.get("settings", ())),
            tuple(int(d) for d in data.get("difficulties", ())),
        )

    def describe(self, library: Library) -> str:
        def names(values: tuple[Any, ...], lookup: dict[str, str], every: str) -> str:
            return ", ".join(lookup.get(str(v), str(v)) for v in values) if values else every

        areas = {c.id: c.name for c in library.competencies.values()}
        banks = {b.bank: b.title for b in library.banks}
        return " · ".join(
            (
                names(self.competencies, areas, "all areas"),
                names(self.banks, banks, "all banks"),
                names(self.settings, {}, "any setting"),
                "difficulty " + names(self.difficulties, {}, "any"),
            )
        )


def candidate_prompts(library: Library, scope: Scope) -> list[Item]:
    return [item for item in library.items.values() if scope.matches(item)]


def _facts(session: Session, profile_id: int, items: list[Item]) -> tuple[list[PromptFacts], dict[str, float]]:
    ids = [i.id for i in items]
    due = dict(
        session.execute(
            select(CardState.item_id, CardState.due).where(
                CardState.profile_id == profile_id, CardState.item_id.in_(ids)
            )
        ).all()
    )
    answered: set[str] = set()
    last_overall: dict[str, int] = {}
    recent: dict[str, list[int]] = defaultdict(list)
    rows = session.execute(
        select(Attempt.item_id, Attempt.overall_rating, ItemRecord.competency)
        .join(ItemRecord, ItemRecord.id == Attempt.item_id)
        .where(Attempt.profile_id == profile_id, Attempt.status == "submitted")
        .order_by(Attempt.submitted_at.desc(), Attempt.id.desc())
    )
    for item_id, overall, competency in rows:
        answered.add(item_id)
        if overall is None:
            continue
        last_overall.setdefault(item_id, overall)
        if len(recent[competency]) < RECENT_RATINGS:
            recent[competency].append(overall)
    facts = [
        PromptFacts(i.id, i.competency, n, due.get(i.id), i.id in answered, last_overall.get(i.id))
        for n, i in enumerate(items)
    ]
    return facts, {c: sum(r) / len(r) for c, r in recent.items()}


def plan(store: Store, profile_id: int, library: Library, scope: Scope, count: int, now: datetime) -> list[PanelChoice]:
    """The prompts a panel would ask now, in order, each with why it was chosen."""
    items = candidate_prompts(library, scope)
    with store.read() as session:
        facts, scores = _facts(session, profile_id, items)
    return plan_panel(facts, scores, count, now)


def start_session(store: Store, profile_id: int, library: Library, scope: Scope, count: int, now: datetime) -> int:
    if not 1 <= count <= MAX_PROMPTS:
        raise InterviewError(f"a panel has 1 to {MAX_PROMPTS} prompts")
    choices = plan(store, profile_id, library, scope, count, now)
    if not choices:
        raise InterviewError("no prompt matches this scope; widen the areas, banks, setting or difficulty")
    with store.transaction() as session:
        for old in session.scalars(_open_sessions(profile_id)):
            old.ended_at = now  # one panel at a time; its answers stay in the store
        record = PracticeSession(
            profile_id=profile_id,
            kind=KIND,
            started_at=now,
            scope=scope.to_dict(),
            plan=[{"item_id": c.item_id, "reason": c.reason, "detail": c.detail} for c in choices],
        )
        session.add(record)
        session.flush()
        return record.id


def _open_sessions(profile_id: int):  # noqa: ANN202 - a select statement
    return (
        select(PracticeSession)
        .where(
            PracticeSession.profile_id == profile_id,
            PracticeSession.kind == KIND,
            PracticeSession.ended_at.is_(None),
        )
        .order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())
    )


# ---------------------------------------------------------------- reading sessions


@dataclass(frozen=True)
class PlanEntry:
    position: int
    item_id: str
    reason: str
    detail: str


@dataclass(frozen=True)
class AttemptView:
    id: int
    item_id: str
    position: int
    status: str
    answer_text: str
    audio_path: str | None
    audio_seconds: float | None
    started_at: datetime
    updated_at: datetime
    submitted_at: datetime | None
    seconds_used: float | None
    coverage: Coverage | None
    stats: AnswerStats | None
    overall_rating: int | None
    note: str
    scores: dict[str, int] = field(default_factory=dict)

    @property
    def submitted(self) -> bool:
        return self.status == "submitted"

    @property
    def rated(self) -> bool:
        return self.overall_rating is not None


def attempt_view_of(row: Attempt, scores: dict[str, int] | None = None) -> AttemptView:
    return AttemptView(
        id=row.id,
        item_id=row.item_id,
        position=row.position,
        status=row.status,
        answer_text=row.answer_text or "",
        audio_path=row.audio_path,
        audio_seconds=row.audio_seconds,
        started_at=row.started_at,
        updated_at=row.updated_at,
        submitted_at=row.submitted_at,
        seconds_used=row.seconds_used,
        coverage=Coverage.from_dict(row.coverage) if row.coverage else None,
        stats=AnswerStats.from_dict(row.stats) if row.stats else None,
        overall_rating=row.overall_rating,
        note=row.note or "",
        scores=dict(scores or {}),
    )


@dataclass(frozen=True)
class SessionView:
    id: int
    started_at: datetime
    ended_at: datetime | None
    scope: Scope
    plan: tuple[PlanEntry, ...]
    attempts: dict[int, AttemptView]
    item_texts: dict[str, str]

    @property
    def current_position(self) -> int:
        """The prompt on screen: the latest one opened, or the first when none is."""
        return max(self.attempts, default=0)

    @property
    def answered(self) -> int:
        return sum(a.submitted for a in self.attempts.values())

    def next_position(self, after: int, library: Library) -> int | None:
        """The next planned prompt that still exists in the banks."""
        return next((e.position for e in self.plan if e.position > after and e.item_id in library.items), None)


def _session_view(session: Session, record: PracticeSession) -> SessionView:
    entries = tuple(
        PlanEntry(n, str(e["item_id"]), str(e.get("reason", "")), str(e.get("detail", "")))
        for n, e in enumerate(record.plan or [])
    )
    rows = list(session.scalars(select(Attempt).where(Attempt.session_id == record.id).order_by(Attempt.id)))
    scores: dict[int, dict[str, int]] = defaultdict(dict)
    if rows:
        for r in session.scalars(select(Rating).where(Rating.attempt_id.in_([a.id for a in rows]))):
            scores[r.attempt_id][r.dimension] = r.score
    attempts = {row.position: attempt_view_of(row, scores[row.id]) for row in rows}
    ids = [e.item_id for e in entries]
    texts = dict(session.execute(select(ItemRecord.id, ItemRecord.text).where(ItemRecord.id.in_(ids))).all())
    return SessionView(
        record.id, record.started_at, record.ended_at, Scope.from_dict(record.scope), entries, attempts, texts
    )


def open_session(store: Store, profile_id: int) -> SessionView | None:
    """The profile's unfinished panel, if any: what a reloaded page resumes."""
    with store.read() as session:
        record = session.scalars(_open_sessions(profile_id).limit(1)).first()
        return _session_view(session, record) if record is not None else None


def load_session(store: Store, profile_id: int, session_id: int) -> SessionView | None:
    with store.read() as session:
        record = session.get(PracticeSession, session_id)
        if record is None or record.profile_id != profile_id or record.kind != KIND:
            return None
        return _session_view(session, record)


@dataclass(frozen=True)
class PastSession:
    id: int
    started_at: datetime
    ended_at: datetime | None
    planned: int
    answered: int
    mean_overall: float | None


def past_sessions(store: Store, profile_id: int, limit: int = 10) -> list[PastSession]:
    """The profile's latest panels, newest first."""
    with store.read() as session:
        records = list(
            session.scalars(
                select(PracticeSession)
                .where(PracticeSession.profile_id == profile_id, PracticeSession.kind == KIND)
                .order_by(PracticeSession.started_at.desc(), PracticeSession.id.desc())
                .limit(limit)
            )
        )
        ids = [r.id for r in records]
        rows = session.execute(
            select(Attempt.session_id, Attempt.overall_rating).where(
                Attempt.session_id.in_(ids), Attempt.status == "submitted"
            )
        ).all()
        answered: dict[int, list[int | None]] = defaultdict(list)
        for session_id, overall in rows:
            answered[session_id].append(overall)
    result = []
    for r in records:
        rated = [o for o in answered[r.id] if o is not None]
        mean = sum(rated) / len(rated) if rated else None
        result.append(PastSession(r.id, r.started_at, r.ended_at, len(r.plan or []), len(answered[r.id]), mean))
    return result


# ---------------------------------------------------------------- answering


def _own_attempt(session: Session, profile_id: int, attempt_id: int) -> Attempt:
    row = session.get(Attempt, attempt_id)
    if row is None or row.profile_id != profile_id:
        raise InterviewError("that answer no longer exists for this profile; reload the page")
    return row


def open_attempt(store: Store, profile_id: int, session_id: int, position: int, now: datetime) -> AttemptView:
    """The answer at this place of the panel, created as an empty draft (its clock starts now)."""
    with store.transaction() as session:
        record = session.get(PracticeSession, session_id)
        if record is None or record.profile_id != profile_id:
            raise InterviewError("that panel no longer exists; start a new one")
        plan_items = record.plan or []
        if not 0 <= position < len(plan_items):
            raise InterviewError(f"this panel has no prompt {position + 1}")
        row = session.scalars(
            select(Attempt).where(Attempt.session_id == session_id, Attempt.position == position)
        ).first()
        if row is None:
            row = Attempt(
                profile_id=profile_id,
                session_id=session_id,
                item_id=str(plan_items[position]["item_id"]),
                position=position,
                status="draft",
                answer_text="",
                started_at=now,
                updated_at=now,
            )
            session.add(row)
            session.flush()
        return attempt_view_of(row)


def save_draft(store: Store, profile_id: int, attempt_id: int, text: str, now: datetime) -> str | None:
    """Keep the typed draft and return the draft as stored; None (nothing written) once submitted.

    A blank box never replaces a written draft: a browser that reconnects or switches pages can
    report an empty text area the candidate never emptied, and that must not erase their work.
    """
    text = str(text)[:MAX_ANSWER_CHARS]
    with store.transaction() as session:
        row = _own_attempt(session, profile_id, attempt_id)
        if row.status != "draft":
            return None
        if row.answer_text != text and (text.strip() or not row.answer_text.strip()):
            row.answer_text = text
            row.updated_at = now
        return row.answer_text


def audio_file(audio_dir: Path, attempt: AttemptView) -> Path | None:
    """The stored recording of an answer, only ever inside the audio folder."""
    if not attempt.audio_path:
        return None
    folder = audio_dir.resolve()
    path = (folder / attempt.audio_path).resolve()
    if path.parent != folder or not path.is_file():
        return None
    return path


def wav_seconds(data: bytes) -> float | None:
    """The length of a WAV recording, or None when it is not a WAV the stdlib can read."""
    if data[:4] != b"RIFF" or data[8:12] != b"WAVE":
        return None
    try:
        with wave.open(io.BytesIO(data)) as reader:
            rate = reader.getframerate()
            return reader.getnframes() / rate if rate else None
    except (wave.Error, EOFError, ValueError):
        return None


def _write_atomically(target: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".audio-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_audio(
    store: Store, profile_id: int, attempt_id: int, data: bytes, audio_dir: Path, now: datetime
) -> AttemptView:
    """Keep a recording as <audio_dir>/attempt-<id>.wav (named by the answer, never by the upload)."""
    if not data:
        raise InterviewError("the recording is empty; record again")
    if len(data) > MAX_AUDIO_BYTES:
        raise InterviewError(
            f"the recording is {len(data) / 1048576:.0f} MB; at most {MAX_AUDIO_BYTES // 1048576} MB is kept"
        )
    seconds = wav_seconds(data)
    is_wav = data[:4] == b"RIFF" and data[8:12] == b"WAVE"
    name = f"attempt-{int(attempt_id)}{'.wav' if is_wav else '.audio'}"
    with store.transaction() as session:
        row = _own_attempt(session, profile_id, attempt_id)
        if row.status != "draft":
            raise InterviewError("this answer is already submitted; its recording is kept as it was")
        audio_dir.mkdir(parents=True, exist_ok=True)
        _write_atomically(audio_dir / name, data)
        if row.audio_path and row.audio_path != name:
            (audio_dir / Path(row.audio_path).name).unlink(missing_ok=True)
        row.audio_path = name
        row.audio_seconds = seconds
        row.updated_at = now
        session.flush()
        return attempt_view_of(row)


def submit_answer(
    store: Store, profile_id: int, attempt_id: int, text: str, prompt: Prompt, now: datetime
) -> AttemptView:
    """Commit the answer as submitted first; then work out and keep its coverage and statistics."""
    text = str(text)
    if len(text) > MAX_ANSWER_CHARS:
        raise InterviewError(f"the answer is {len(text)} characters; at most {MAX_ANSWER_CHARS} are kept")
    with store.transaction() as session:
        row = _own_attempt(session, profile_id, attempt_id)
        if row.status == "draft":
            if not text.strip() and not row.audio_path:
                raise InterviewError("type an answer or record one before submitting")
            row.status = "submitted"
            row.answer_text = text
            row.submitted_at = now
            row.updated_at = now
            row.seconds_used = max(0.0, (now - row.started_at).total_seconds())
    return ensure_feedback(store, profile_id, attempt_id, prompt)


def ensure_feedback(store: Store, profile_id: int, attempt_id: int, prompt: Prompt) -> AttemptView:
    """Coverage and statistics of a submitted answer, computed once and kept with it."""
    with store.transaction() as session:
        row = _own_attempt(session, profile_id, attempt_id)
        if row.status == "submitted" and (row.coverage is None or row.stats is None):
            row.coverage = coverage(row.answer_text, prompt.talking_points).to_dict()
            row.stats = answer_stats(row.answer_text, prompt.time_limit).to_dict()
        return attempt_view_of(row)


def desired_retention(store: Store, profile_id: int) -> float:
    value = profile_settings(store, profile_id).get("desired_retention", DEFAULT_RETENTION)
    return float(value) if isinstance(value, int | float) and 0.7 <= value <= 0.99 else DEFAULT_RETENTION


def save_ratings(
    store: Store,
    profile_id: int,
    attempt_id: int,
    scores: dict[str, int],
    overall: int,
    note: str,
    rubric: Rubric | None,
    now: datetime,
) -> CardSnapshot:
    """Keep the self-ratings and note, and reschedule the prompt by the overall rating, in one commit."""
    known = {d.id for d in rubric.dimensions} if rubric else set()
    if overall not in range(1, 6):
        raise InterviewError("the overall rating is 1 to 5")
    for dimension, score in scores.items():
        if dimension not in known:
            raise InterviewError(f"'{dimension}' is not a rubric dimension")
        if score not in range(1, 6):
            raise InterviewError(f"the rating for '{dimension}' is 1 to 5")
    retention = desired_retention(store, profile_id)
    with store.transaction() as session:
        row = _own_attempt(session, profile_id, attempt_id)
        if row.status != "submitted":
            raise InterviewError("submit the answer before rating it")
        if row.overall_rating is not None:
            raise InterviewError("this answer is already rated")
        for dimension, score in scores.items():
            session.add(Rating(attempt_id=row.id, dimension=dimension, score=score))
        row.overall_rating = overall
        row.note = str(note)[:MAX_NOTE_CHARS]
        row.updated_at = now
        duration = int(row.seconds_used * 1000) if row.seconds_used is not None else None
        snapshot, _log_id = apply_rating(
            session,
            profile_id,
            row.item_id,
            rating_for_overall(overall),
            now,
            duration_ms=duration,
            source=KIND,
            desired_retention=retention,
        )
        return snapshot


def end_session(store: Store, profile_id: int, session_id: int, now: datetime) -> None:
    with store.transaction() as session:
        record = session.get(PracticeSession, session_id)
        if record is None or record.profile_id != profile_id:
            raise InterviewError("that panel no longer exists")
        if record.ended_at is None:
            record.ended_at = now


# ---------------------------------------------------------------- summary and report


@dataclass(frozen=True)
class SummaryRow:
    position: int
    item_id: str
    prompt: str
    competency: str
    time_limit: int | None
    attempt: AttemptView | None
    scores: tuple[tuple[str, int | None], ...]  # (dimension name, score) in rubric order

    @property
    def status(self) -> str:
        if self.attempt is None:
            return "not reached"
        if not self.attempt.submitted:
            return "draft kept, not submitted"
        return "rated" if self.attempt.rated else "submitted, not rated"


@dataclass(frozen=True)
class SessionSummary:
    session_id: int
    started_at: datetime
    ended_at: datetime | None
    scope: str
    rows: tuple[SummaryRow, ...]

    @property
    def submitted(self) -> list[SummaryRow]:
        return [r for r in self.rows if r.attempt is not None and r.attempt.submitted]

    @property
    def mean_overall(self) -> float | None:
        rated = [r.attempt.overall_rating for r in self.submitted if r.attempt]
        known = [x for x in rated if x is not None]
        return sum(known) / len(known) if known else None

    @property
    def coverage_share(self) -> float | None:
        covs = [r.attempt.coverage for r in self.submitted if r.attempt and r.attempt.coverage]
        total = sum(c.total for c in covs)
        return sum(c.covered for c in covs) / total if total else None

    @property
    def seconds_used(self) -> float:
        return sum(r.attempt.seconds_used or 0 for r in self.submitted if r.attempt)


def summarise(view: SessionView, library: Library) -> SessionSummary:
    dimensions = library.rubric.dimensions if library.rubric else []
    rows = []
    for entry in view.plan:
        item = library.items.get(entry.item_id)
        model = item.model if item is not None and isinstance(item.model, Prompt) else None
        attempt = view.attempts.get(entry.position)
        fallback = view.item_texts.get(entry.item_id, entry.item_id) + " (no longer in any bank)"
        competency = item.competency if item else ""
        scores = tuple((d.name, attempt.scores.get(d.id) if attempt else None) for d in dimensions)
        rows.append(
            SummaryRow(
                position=entry.position,
                item_id=entry.item_id,
                prompt=model.prompt if model else fallback,
                competency=library.competencies[competency].name if competency in library.competencies else competency,
                time_limit=model.time_limit if model else None,
                attempt=attempt,
                scores=scores,
            )
        )
    return SessionSummary(view.id, view.started_at, view.ended_at, view.scope.describe(library), tuple(rows))


def stats_line(stats: AnswerStats) -> str:
    """One line of statistics, for the report and the summary."""
    share = stats.i_share
    pronouns = "no I/we" if share is None else f'"I" {share:.0%} / "we" {1 - share:.0%}'
    counts = ((stats.filler_total, "filler word"), (stats.hedge_total, "hedge"), (len(stats.figures), "figure"))
    listed = ", ".join(f"{n} {name}{'s' * (n != 1)}" for n, name in counts)
    return (
        f"{stats.words} word{'s' * (stats.words != 1)} (about {clock(stats.speaking_seconds)} spoken at "
        f"{WORDS_PER_MINUTE} wpm), {listed}, {pronouns}"
    )


def _quote(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in text.strip().splitlines())


def _report_row(row: SummaryRow) -> list[str]:
    lines = [f"## {row.position + 1}. {' '.join(row.prompt.split())}", ""]
    attempt = row.attempt
    facts = [row.competency or "no area", row.status]
    if attempt is not None and attempt.submitted:
        facts.append(f"time used {clock(attempt.seconds_used)} of {clock(row.time_limit)}")
    if attempt is not None and attempt.audio_path:
        facts.append(f"recording {clock(attempt.audio_seconds)}")
    lines += ["- " + " · ".join(facts)]
    if attempt is None or not attempt.submitted:
        return [*lines, ""]
    if attempt.coverage is not None:
        marks = "; ".join(("✓ " if p.covered else "✗ ") + p.point for p in attempt.coverage.points)
        lines.append(f"- Talking points covered: {attempt.coverage.label()} ({marks})")
    if attempt.stats is not None:
        lines.append(f"- Statistics: {stats_line(attempt.stats)}")
    if attempt.rated:
        scored = ", ".join(f"{name} {score}" for name, score in row.scores if score is not None)
        lines.append(f"- Ratings: {scored + ' · ' if scored else ''}overall {attempt.overall_rating}/5")
    if attempt.note.strip():
        lines.append(f"- Note to self: {' '.join(attempt.note.split())}")
    lines += ["", "**Answer**", "", _quote(attempt.answer_text) or "> (spoken only)", ""]
    return lines


def report_markdown(summary: SessionSummary) -> str:
    """The session as a Markdown document to keep or share with a coach."""
    mean = summary.mean_overall
    share = summary.coverage_share
    head = [
        f"# Mock interview, {summary.started_at:%Y-%m-%d %H:%M} UTC",
        "",
        f"- Scope: {summary.scope}",
        f"- Answered: {len(summary.submitted)} of {len(summary.rows)} prompts, time used {clock(summary.seconds_used)}",
        f"- Average overall rating: {f'{mean:.1f}/5' if mean is not None else 'not rated'}",
        f"- Talking points covered: {f'{share:.0%}' if share is not None else '-'}",
        "",
    ]
    body = [line for row in summary.rows for line in _report_row(row)]
    return "\n".join(head + body).rstrip() + "\n"
