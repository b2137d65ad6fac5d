"""Why a drill database cannot be used, in the reader's language.

SQLite and the PostgreSQL drivers explain a failure in English ("unable to open database
file", "connection to server … failed: Connection refused"), whatever language the reader
chose. A drill office needs to know what to fix — the folder, the file, the server, the
password — so the common cases are told apart here and said with the catalogue's words;
anything else is said in words that name what to check, never by echoing the driver.

SQLite's answers are read from its result code (``sqlite_errorcode``), not its text; a
file that cannot be opened is looked at again to say why (no folder, a folder in its
place, no permission). PostgreSQL's are read from the SQLSTATE when the server sent one,
else from libpq's well-known phrases.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sqlalchemy.engine import URL
from sqlalchemy.exc import ArgumentError, NoSuchModuleError

from ..errors import system_reason
from ..messages import Message

#: SQLite's primary result codes (https://sqlite.org/rescode.html) and what they mean to a reader.
_SQLITE_SAYS = {
    3: "db_error.permission",  # SQLITE_PERM
    5: "db_error.busy",  # SQLITE_BUSY
    8: "db_error.read_only",  # SQLITE_READONLY
    11: "db_error.damaged",  # SQLITE_CORRUPT
    13: "os_error.no_space",  # SQLITE_FULL
    23: "db_error.permission",  # SQLITE_AUTH
    26: "db_error.not_a_database",  # SQLITE_NOTADB
}
SQLITE_CANTOPEN = 14

#: PostgreSQL's SQLSTATE classes and codes (appendix A of its manual).
_SQLSTATE_SAYS = {
    "28P01": "db_error.login_refused",  # invalid_password
    "28000": "db_error.login_refused",  # invalid_authorization_specification
    "3D000": "db_error.no_such_database",  # invalid_catalog_name
    "42501": "db_error.permission",  # insufficient_privilege
    "53300": "db_error.busy",  # too_many_connections
    "57P03": "db_error.starting",  # cannot_connect_now
}
#: libpq's phrases for failures that come before the server says anything (no SQLSTATE).
_LIBPQ_SAYS = (
    ("connection refused", "os_error.refused"),
    ("could not translate host name", "os_error.unknown_host"),
    ("failed to resolve host", "os_error.unknown_host"),
    ("no route to host", "os_error.unreachable"),
    ("network is unreachable", "os_error.unreachable"),
    ("timeout expired", "os_error.timed_out"),
    ("password authentication failed", "db_error.login_refused"),
    ("no password supplied", "db_error.login_refused"),
    ("authentication failed", "db_error.login_refused"),
    ('role "', "db_error.login_refused"),  # role "u" does not exist
    ("does not exist", "db_error.no_such_database"),  # database "x" does not exist
)


def bad_url(error: Exception, url: str) -> Message:
    """Why ``url`` names no database this program can reach: not a URL at all, a kind of
    database it does not know, or a driver that is not installed."""
    if isinstance(error, NoSuchModuleError):
        return Message("db_error.unknown_kind", kind=url.partition(":")[0])
    if isinstance(error, ImportError):
        return Message("db_error.no_driver", kind=url.partition(":")[0])
    if isinstance(error, ArgumentError):
        return Message("db_error.not_a_url")
    # a part SQLAlchemy cannot read: an @ or a : typed as is in a password, a port that is no number
    return Message("db_error.bad_part") if isinstance(error, ValueError) else Message("db_error.unusable")


def cannot_open(error: Exception, url: URL) -> Message:
    """Why the database at ``url`` could not be opened (``error``: the driver's error, or
    SQLAlchemy's wrapping of it)."""
    orig = getattr(error, "orig", None) or error
    if url.get_backend_name() == "sqlite":
        return _sqlite(orig, url.database)
    return _server(orig)


def _sqlite(error: Exception, database: str | None) -> Message:
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:
        return Message("db_error.unusable")
    code &= 0xFF  # the primary code; extended codes add detail in the high bits
    if code == SQLITE_CANTOPEN:
        return _file_refused(database)
    return Message(_SQLITE_SAYS.get(code, "db_error.unusable"))


def _file_refused(database: str | None) -> Message:
    """Why SQLite could not open or create the file ``database``: asked of the system
    again, which answers with an error number rather than SQLite's one phrase for all."""
    if not database or database == ":memory:":
        return Message("db_error.unusable")
    file = Path(database)
    try:
        if file.exists():
            os.close(os.open(file, os.O_RDWR))  # a folder, no permission, a read-only disk
        else:
            if not stat.S_ISDIR(os.stat(file.parent).st_mode):  # no such folder: ENOENT
                return Message("os_error.not_directory")  # a file where a folder should be
            if not os.access(file.parent, os.W_OK | os.X_OK):
                return Message("os_error.permission")
    except OSError as refusal:
        # os.path.exists says no where Path.exists raises again (a name too long to look up)
        return system_reason(refusal, writing=not os.path.exists(file))
    return Message("db_error.cannot_create")


def _server(error: Exception) -> Message:
    state = getattr(error, "sqlstate", None) or getattr(error, "pgcode", None)
    if state in _SQLSTATE_SAYS:
        return Message(_SQLSTATE_SAYS[state])
    said = str(error).lower()
    for phrase, key in _LIBPQ_SAYS:
        if phrase in said:
            return Message(key)
    return Message("db_error.unusable")
