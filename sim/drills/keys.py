"""Who may act in a drill: a secret key for the facilitator and one for each role's player.

A drill is played by people on a shared network, so the database does not take anyone's
word for who they are. Creating a drill makes a facilitator key (moving the clock,
assigning roles, releasing and sending injects) and one key per played role; giving a
role to someone makes a new key for them and the previous holder's key stops working.
A participant's key travels in their link (``…/participant?drill=ID&role=UNIT&key=…``)
or on the command line (``--key``); every action is logged under the person whose key
it carries.

Keys are stored as SHA-256 digests, never as themselves: someone who reads the database
(a backup, a copied file) cannot act with what they find there. A key is 128 random bits
(:mod:`secrets`), far beyond guessing, so an unsalted fast digest is enough — salting and
stretching protect short human passwords, which these are not.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from ..errors import echoed
from ..messages import Message

#: Where the app listens unless started for a room's network (``.streamlit/config.toml``).
DEFAULT_APP_URL = "http://127.0.0.1:8501"
#: A digest's length: the width of the columns that store them.
DIGEST_LENGTH = 64


@dataclass(frozen=True)
class NewDrill:
    """A drill just made (created or forked), with its keys: shown this once, as the
    database keeps only their digests."""

    id: int
    facilitator_key: str
    #: role -> the key of its player
    keys: Mapping[str, str]


def new_key() -> str:
    """A fresh key: 32 hexadecimal digits (128 random bits). Hexadecimal, so a key never
    starts with ``-`` (which a command line would take for an option) and reads aloud."""
    return secrets.token_hex(16)


def digest(key: str) -> str:
    """The stored form of a key (hex SHA-256); a key that is not text digests to nothing
    any drill holds."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def matches(key: str | None, stored: str | None) -> bool:
    """Whether ``key`` is the one whose digest is ``stored`` (compared in constant time)."""
    return key is not None and stored is not None and hmac.compare_digest(digest(key), stored)


def base_fault(base: str) -> Message | None:
    """What keeps ``base`` from being the app's address every link starts with (``--url``),
    or None. The links are opened in browsers and printed on sheets, so only an http(s)
    address with a host, and nothing after its path, makes one: anything else (a typo,
    ``javascript:…``) would hand out links that open nothing, or run something."""
    try:
        parts = urlsplit(base)
        host = parts.hostname
        parts.port  # noqa: B018  (read to refuse a port that is no number from 0 to 65535)
    except ValueError:  # an address urllib cannot read (an unclosed IPv6 bracket, a port of letters)
        host = None
    else:
        if parts.scheme.lower() not in ("http", "https") or parts.query or parts.fragment:
            host = None
    if not host or any(c.isspace() or not c.isprintable() for c in base):
        return Message("drill_refusal.url", url=echoed(base), example=DEFAULT_APP_URL)
    return None


def _link(base: str, page: str, query: dict, key: str, language: str | None) -> str:
    """A link to ``page`` with ``query``, the key and (when given) the language the page opens
    in: a link made on an English page opens in English. The language follows the key, so a
    link without one reads as before."""
    query = {**query, "key": key, **({"lang": language} if language else {})}
    return f"{base.rstrip('/')}/{page}?{urlencode(query)}"


def participant_link(base: str, drill_id: int, role: str, key: str, language: str | None = None) -> str:
    """A participant's link: the Participant page, their drill and role, and their key."""
    return _link(base, "participant", {"drill": drill_id, "role": role}, key, language)


def facilitator_link(base: str, drill_id: int, key: str, language: str | None = None) -> str:
    """The facilitator's link: the Facilitator page on their drill, with their key."""
    return _link(base, "facilitator", {"drill": drill_id}, key, language)


def projector_link(base: str, drill_id: int, key: str, language: str | None = None) -> str:
    """The projector view of a drill: the facilitator's (it carries their key), opened in the
    window the projector shows, in the language of the page that made the link (a wall has
    no language switch)."""
    return _link(base, "projector", {"drill": drill_id}, key, language)
