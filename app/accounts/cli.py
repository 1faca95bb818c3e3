"""`python -m app teacher add NAME [--admin] | list | passwd NAME`.

Passwords are read from the first line of standard input, never from the
command line (which other users of the machine can see in `ps`).
"""

from __future__ import annotations

import argparse
import sys

from app.accounts.errors import AccountError
from app.accounts.users import AccountStore
from app.settings import Settings
from app.store.db import make_engine


def _password() -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\r\n")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m app teacher", description="Manage the teachers of a classroom server.")
    commands = parser.add_subparsers(dest="command", required=True)
    add = commands.add_parser("add", help="add a teacher (password from the first line of standard input)")
    add.add_argument("name")
    add.add_argument("--admin", action="store_true", help="the teacher may also administer the server")
    commands.add_parser("list", help="list the teachers")
    passwd = commands.add_parser("passwd", help="set a teacher's password (from standard input); their sessions end")
    passwd.add_argument("name")
    args = parser.parse_args(argv)

    settings = Settings.from_env()
    accounts = AccountStore(make_engine(settings.database_url))
    try:
        if args.command == "add":
            user = accounts.add_teacher(args.name, _password(), admin=args.admin)
            print(f"added teacher {user.name!r}{' (admin)' if user.admin else ''}")
        elif args.command == "list":
            for row in accounts.teachers():
                print(f"{row['name']}\t{'admin' if row['admin'] else 'teacher'}")
        elif args.command == "passwd":
            if not accounts.set_password(args.name, _password()):
                print(f"no teacher named {args.name!r}", file=sys.stderr)
                return 1
            print(f"password changed for {args.name!r}")
    except AccountError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0
