"""Profiles: every answer, rating and setting belongs to one. A default profile always exists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from prep.store.db import Store
from prep.store.schema import Profile

MAX_NAME = 80


@dataclass(frozen=True)
class ProfileInfo:
    id: int
    name: str


class ProfileError(ValueError):
    """A one-line reason a profile could not be created or renamed."""


def list_profiles(store: Store) -> list[ProfileInfo]:
    store.default_profile_id()
    with store.read() as session:
        rows = session.execute(select(Profile.id, Profile.name).order_by(Profile.id))
        return [ProfileInfo(r.id, r.name) for r in rows]


def _clean(name: str) -> str:
    name = " ".join(str(name).split())
    if not name:
        raise ProfileError("a profile needs a name")
    if len(name) > MAX_NAME:
        raise ProfileError(f"a profile name may be at most {MAX_NAME} characters")
    return name


def _check_free(session: Any, name: str, except_id: int | None = None) -> None:
    query = select(Profile.id).where(func.lower(Profile.name) == name.lower())
    if except_id is not None:
        query = query.where(Profile.id != except_id)
    if session.scalars(query).first() is not None:
        raise ProfileError(f"a profile named '{name}' already exists")


def create_profile(store: Store, name: str) -> int:
    name = _clean(name)
    try:
        with store.transaction() as session:
            _check_free(session, name)
            profile = Profile(name=name, settings={})
            session.add(profile)
            session.flush()
            return profile.id
    except IntegrityError as exc:
        raise ProfileError(f"a profile named '{name}' already exists") from exc


def rename_profile(store: Store, profile_id: int, name: str) -> None:
    name = _clean(name)
    try:
        with store.transaction() as session:
            profile = session.get(Profile, profile_id)
            if profile is None:
                raise ProfileError("that profile no longer exists")
            _check_free(session, name, except_id=profile_id)
            profile.name = name
    except IntegrityError as exc:
        raise ProfileError(f"a profile named '{name}' already exists") from exc


def profile_settings(store: Store, profile_id: int) -> dict[str, Any]:
    with store.read() as session:
        profile = session.get(Profile, profile_id)
        return dict(profile.settings or {}) if profile else {}


def update_profile_settings(store: Store, profile_id: int, **changes: Any) -> dict[str, Any]:
    with store.transaction() as session:
        profile = session.get(Profile, profile_id)
        if profile is None:
            raise ProfileError("that profile no longer exists")
        merged = {**(profile.settings or {}), **changes}
        profile.settings = merged
        return merged
