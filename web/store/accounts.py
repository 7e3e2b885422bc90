"""Accounts: argon2 password hashes, API tokens kept only as sha256, disabling that ends sessions at once."""

from __future__ import annotations

import hashlib
import os
import secrets
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from engine.errors import RecogniseError
from web import areas
from web.store.database import Database
from web.store.schema import users

MIN_PASSWORD = 8
MAX_PASSWORD = 1024
MAX_NAME = 100
_hasher = PasswordHasher()
# each verification takes the hasher's 64 MiB: twenty clerks logging in at once took the server to 700 MB
_HASHING = threading.BoundedSemaphore(max(1, min(4, os.cpu_count() or 1)))


@cache
def _dummy() -> str:
    """Verified against when the name is unknown, so a wrong name takes as long as a wrong password."""
    return _hasher.hash("không có tài khoản này")


class AccountError(RecogniseError):
    pass


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    area: str
    area_key: str
    active: bool
    epoch: int
    has_token: bool = False

    @property
    def role_vi(self) -> str:
        return areas.ROLES[self.role]

    def may_read(self, area_key: str) -> bool:
        return self.active and areas.may_read(self.role, self.area_key, area_key)

    def may_change(self, area_key: str) -> bool:
        return self.active and areas.may_change(self.role, self.area_key, area_key)

    def may_review(self, area_key: str) -> bool:
        return self.active and areas.may_review(self.role, self.area_key, area_key)


def _user(row) -> User:
    return User(row.id, row.name, row.role, row.area, row.area_key, row.active, row.epoch, row.token_sha256 is not None)


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(c.isspace() or not c.isprintable() for c in name):
        raise AccountError(f"tên đăng nhập “{name[:MAX_NAME]}” không hợp lệ: 1–{MAX_NAME} ký tự, không có dấu cách")
    return name


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"mật khẩu quá ngắn: cần ít nhất {MIN_PASSWORD} ký tự")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"mật khẩu quá dài: tối đa {MAX_PASSWORD} ký tự")


class Accounts:
    def __init__(self, db: Database):
        self.db = db

    def add(self, name: str, role: str, area: str, password: str) -> User:
        name = _check_name(name)
        if role not in areas.ROLES:
            raise AccountError(f"vai trò “{role}” không có; chọn một trong: {', '.join(areas.ROLES)}")
        try:
            shown = areas.clean(area)
        except areas.AreaError as exc:
            raise AccountError(str(exc)) from None
        check_password(password)
        with self.db.begin() as conn:
            if conn.execute(sa.select(users.c.id).where(users.c.name == name)).first() is not None:
                raise AccountError(f"tài khoản “{name}” đã có")
            conn.execute(users.insert().values(
                name=name, role=role, area=shown, area_key=areas.key(shown), password_hash=_hasher.hash(password),
                active=True, epoch=0, created_at=datetime.now(UTC)))
        return self.get(name)

    def find(self, name: str) -> User | None:
        with self.db.begin() as conn:
            row = conn.execute(sa.select(users).where(users.c.name == name.strip())).first()
        return _user(row) if row else None

    def get(self, name: str) -> User:
        found = self.find(name)
        if found is None:
            raise AccountError(f"không có tài khoản “{name}”")
        return found

    def by_id(self, user_id: int) -> User | None:
        with self.db.begin() as conn:
            row = conn.execute(sa.select(users).where(users.c.id == user_id)).first()
        return _user(row) if row else None

    def all(self) -> list[User]:
        with self.db.begin() as conn:
            return [_user(r) for r in conn.execute(sa.select(users).order_by(users.c.area_key, users.c.name))]

    def authenticate(self, name: str, password: str) -> User | None:
        """The active user with that name and password, else None (same work whether the name exists or not)."""
        with self.db.begin() as conn:
            row = conn.execute(sa.select(users).where(users.c.name == name.strip()[:MAX_NAME])).first()
        try:
            with _HASHING:
                _hasher.verify(row.password_hash if row else _dummy(), password[:MAX_PASSWORD])
        except (VerificationError, InvalidHashError):
            return None
        if row is None or not row.active:
            return None
        return _user(row)

    def set_password(self, name: str, password: str) -> None:
        check_password(password)
        user = self.get(name)
        with self.db.begin() as conn:
            conn.execute(users.update().where(users.c.id == user.id).values(
                password_hash=_hasher.hash(password), epoch=users.c.epoch + 1))

    def disable(self, name: str) -> None:
        """Locked out at once: sessions end (epoch) and the API token stops working."""
        user = self.get(name)
        with self.db.begin() as conn:
            conn.execute(users.update().where(users.c.id == user.id).values(
                active=False, epoch=users.c.epoch + 1, token_sha256=None))

    def end_sessions(self, user_id: int) -> None:
        """Signing out ends every session of the account: a copied cookie is worth nothing afterwards."""
        with self.db.begin() as conn:
            conn.execute(users.update().where(users.c.id == user_id).values(epoch=users.c.epoch + 1))

    def enable(self, name: str) -> None:
        user = self.get(name)
        with self.db.begin() as conn:
            conn.execute(users.update().where(users.c.id == user.id).values(active=True))

    def new_token(self, name: str) -> str:
        """A new API token (the previous one stops working); only its sha256 is kept."""
        user = self.get(name)
        if not user.active:
            raise AccountError(f"tài khoản “{name}” đã bị khóa")
        token = secrets.token_urlsafe(32)
        with self.db.begin() as conn:
            conn.execute(users.update().where(users.c.id == user.id).values(token_sha256=_sha(token)))
        return token

    def by_token(self, token: str) -> User | None:
        if not token or len(token) > 200:
            return None
        with self.db.begin() as conn:
            row = conn.execute(sa.select(users).where(users.c.token_sha256 == _sha(token))).first()
        return _user(row) if row is not None and row.active else None


def _sha(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
