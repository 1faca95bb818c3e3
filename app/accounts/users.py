"""Teachers, students and classes in the database.

A teacher signs in with a name and a password (argon2). A student has no
password: they join a class with its code and a name, and their signed
session cookie is their key; a teacher can hand them a one-time sign-in link
when they lose it. Personal mode has one implicit user, `PERSONAL`.
"""

from __future__ import annotations

import hashlib
import secrets
import time
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from app.accounts import passwords
from app.accounts.errors import AccountError
from app.i18n import T
from app.i18n.messages import show
from app.store.db import classes, links, users

LINK_DAYS = 7
MAX_NAME = 40
# join codes avoid letters and digits that read alike (0/O, 1/I/L)
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
JOIN_CODE = T("the class's join code, such as \"K7PQ2M\"", "班级的加入码，例如 \"K7PQ2M\"")


@dataclass(frozen=True)
class User:
    id: str | None
    name: str | None
    role: str  # "teacher" | "student" | "personal"
    admin: bool = False
    class_id: str | None = None
    session_version: int = 1
    classes: tuple[dict, ...] = field(default=(), compare=False)

    @property
    def teacher(self) -> bool:
        return self.role == "teacher"

    @property
    def personal(self) -> bool:
        return self.role == "personal"

    def public(self) -> dict:
        return {"id": self.id, "name": self.name, "role": self.role}


PERSONAL = User(id=None, name=None, role="personal", admin=True)
ANONYMOUS = User(id=None, name=None, role="anonymous")  # classroom mode, no session: the public pages only


def clean_name(raw: object, loc: tuple = ("name",)) -> str:
    """1–40 printable characters, trimmed; anything else is a 422 at `loc`."""
    name = raw.strip() if isinstance(raw, str) else None
    if not name or len(name) > MAX_NAME or any(unicodedata.category(ch)[0] == "C" for ch in name):
        raise AccountError(422, "name", loc, value=show(raw))
    return unicodedata.normalize("NFC", name)


def check_password(raw: object, loc: tuple = ("password",)) -> str:
    if not isinstance(raw, str) or not passwords.MIN_LENGTH <= len(raw) <= passwords.MAX_LENGTH:
        count = len(raw) if isinstance(raw, str) else 0
        raise AccountError(422, "password", loc, min=passwords.MIN_LENGTH, max=passwords.MAX_LENGTH, count=count)
    return raw


def _id() -> str:
    return secrets.token_hex(8)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class AccountStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    # -- users -------------------------------------------------------------------

    def _user(self, row) -> User:
        return User(
            id=row["id"], name=row["name"], role=row["role"], admin=bool(row["admin"]),
            class_id=row["class_id"], session_version=row["session_version"],
        )  # fmt: skip

    def get(self, user_id: str) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.id == user_id)).mappings().first()
        return self._user(row) if row else None

    def with_classes(self, user: User) -> User:
        """The user with the classes they teach or belong to."""
        if user.personal:
            return user
        with self.engine.connect() as conn:
            where = classes.c.teacher_id == user.id if user.teacher else classes.c.id == user.class_id
            rows = conn.execute(select(classes.c.id, classes.c.name).where(where).order_by(classes.c.created_at)).mappings()
            found = tuple({"id": r["id"], "name": r["name"]} for r in rows)
        return User(**{**user.__dict__, "classes": found})

    def add_teacher(self, name: str, password: str, admin: bool = False) -> User:
        name, password = clean_name(name), check_password(password)
        row = {
            "id": _id(), "name": name, "login": name.casefold(), "role": "teacher", "admin": admin,
            "password_hash": passwords.hash_password(password), "session_version": 1, "created_at": time.time(),
        }  # fmt: skip
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(users).values(**row))
        except IntegrityError:
            raise AccountError(409, "teacher_taken", ("name",), value=show(name)) from None
        return self.get(row["id"])

    def teachers(self) -> list[dict]:
        with self.engine.connect() as conn:
            query = select(users.c.id, users.c.name, users.c.admin, users.c.created_at).where(users.c.role == "teacher")
            return [dict(r) for r in conn.execute(query.order_by(users.c.created_at)).mappings()]

    def set_password(self, name: str, password: str) -> bool:
        """A new password; every session of that teacher ends."""
        password = check_password(password)
        with self.engine.begin() as conn:
            done = conn.execute(
                update(users)
                .where(users.c.login == name.strip().casefold())
                .values(password_hash=passwords.hash_password(password), session_version=users.c.session_version + 1)
            )
        return done.rowcount == 1

    def authenticate(self, name: str, password: str) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(users).where(users.c.login == name.strip().casefold())).mappings().first()
        if not passwords.verify(row["password_hash"] if row else None, password):
            return None
        return self._user(row)

    # -- classes -----------------------------------------------------------------

    def create_class(self, teacher: User, name: str) -> dict:
        name = clean_name(name)
        for _ in range(10):
            row = {"id": _id(), "name": name, "teacher_id": teacher.id, "join_code": "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)), "created_at": time.time()}
            try:
                with self.engine.begin() as conn:
                    conn.execute(insert(classes).values(**row))
                return {k: row[k] for k in ("id", "name", "join_code")}
            except IntegrityError:
                continue  # the code exists already: draw another
        raise RuntimeError("no free join code after 10 draws")

    def get_class(self, class_id: str) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(classes).where(classes.c.id == class_id)).mappings().first()
        return dict(row) if row else None

    def students(self, class_id: str) -> list[dict]:
        with self.engine.connect() as conn:
            query = select(users.c.id, users.c.name).where(users.c.class_id == class_id, users.c.role == "student")
            return [dict(r) for r in conn.execute(query.order_by(users.c.created_at, users.c.name)).mappings()]

    def student_ids(self, teacher: User) -> set[str]:
        """Everyone in the classes this teacher teaches."""
        with self.engine.connect() as conn:
            query = select(users.c.id).join(classes, users.c.class_id == classes.c.id).where(classes.c.teacher_id == teacher.id)
            return set(conn.execute(query).scalars())

    def teaches(self, teacher: User, student_id: str) -> bool:
        with self.engine.connect() as conn:
            query = select(func.count()).select_from(users.join(classes, users.c.class_id == classes.c.id))
            return conn.execute(query.where(users.c.id == student_id, classes.c.teacher_id == teacher.id)).scalar_one() > 0

    def join(self, code: object, name: object) -> User:
        """A new student in the class whose join code is `code`."""
        if not isinstance(code, str) or not code.strip():
            raise AccountError(422, "text", ("code",), what=JOIN_CODE, value=show(code))
        name = clean_name(name)
        with self.engine.connect() as conn:
            found = conn.execute(select(classes.c.id).where(classes.c.join_code == code.strip().upper())).scalar()
        if found is None:
            raise AccountError(404, "unknown_code", ("code",), value=show(code.strip()))
        return self._add_student(found, name)

    def _add_student(self, class_id: str, name: str) -> User:
        row = {"id": _id(), "name": name, "role": "student", "admin": False, "class_id": class_id, "session_version": 1, "created_at": time.time()}
        try:
            with self.engine.begin() as conn:
                conn.execute(insert(users).values(**row))
        except IntegrityError:
            raise AccountError(409, "name_taken", ("name",), value=show(name)) from None
        return self.get(row["id"])

    def roster(self, class_id: str, names: list[str]) -> list[dict]:
        """Students for each name (an existing one is kept), each with a fresh sign-in link."""
        out = []
        for name in names:
            with self.engine.connect() as conn:
                existing = conn.execute(select(users.c.id).where(users.c.class_id == class_id, users.c.name == name)).scalar()
            student_id = existing or self._add_student(class_id, name).id
            out.append({"id": student_id, "name": name, "link": self.new_link(student_id)})
        return out

    # -- one-time sign-in links -----------------------------------------------------

    def new_link(self, user_id: str) -> str:
        token = secrets.token_urlsafe(24)
        with self.engine.begin() as conn:
            conn.execute(insert(links).values(token_hash=_token_hash(token), user_id=user_id, expires_at=time.time() + LINK_DAYS * 86400))
        return f"/join/{token}"

    def use_link(self, token: str) -> User | None:
        """The link's student, once: the same link never signs anyone in again."""
        now = time.time()
        with self.engine.begin() as conn:
            done = conn.execute(
                update(links)
                .where(links.c.token_hash == _token_hash(token), links.c.used_at.is_(None), links.c.expires_at > now)
                .values(used_at=now)
            )
            if done.rowcount != 1:
                return None
            user_id = conn.execute(select(links.c.user_id).where(links.c.token_hash == _token_hash(token))).scalar_one()
        return self.get(user_id)


def session_user(accounts: AccountStore, session: dict) -> User | None:
    """The user a session cookie names, if it is still good (a new password ends old sessions)."""
    user = accounts.get(str(session.get("uid")))
    if user is None or session.get("sv") != user.session_version:
        return None
    return user
