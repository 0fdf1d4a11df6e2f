"""Quoting, escaping and naming helpers shared by the bundle generators.

Every user string that ends up in a generated file goes through one of these functions (or a real
serializer: json, yaml, jproperties). Nothing here guesses: a value that cannot be represented safely
raises :class:`UnsafeValue` instead of being written half-escaped.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = [
    "NameAllocator",
    "UnsafeValue",
    "compose_escape",
    "cql_identifier",
    "cql_string",
    "java_regex_literal",
    "java_replacement_literal",
    "logstash_string",
    "markdown_code",
    "safe_filename",
    "slugify",
    "unquote_cql_identifier",
]

_HOST_OK = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
_FILE_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")


class UnsafeValue(ValueError):
    """A value that cannot be written safely into the target syntax."""


def _digest(text: str, size: int = 8) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:size]


def slugify(text: str, *, fallback: str = "design", max_length: int = 60) -> str:
    """A lowercase ``[a-z0-9-]`` slug of ``text`` for file names (``"Active/Active!"`` -> ``"active-active"``)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:max_length].strip("-")
    return slug or fallback


def safe_filename(name: str) -> str:
    """A file name derived from ``name`` that cannot leave its folder or hide (no ``/``, ``..``, leading dot).

    Names that are already safe are kept as they are; any other name becomes a slug plus a short digest of
    the original, so two different names never share a file.
    """
    if _FILE_OK.match(name) and ".." not in name:
        return name
    return f"{slugify(name, fallback='item', max_length=60)}-{_digest(name)}"


class NameAllocator:
    """Hands out unique DNS-label names (compose service and host names, at most 63 characters)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def reserve(self, name: str) -> str:
        """Claim ``name`` exactly (node ids); raises :class:`UnsafeValue` if it is not a DNS label or taken."""
        if not _HOST_OK.match(name) or name in self._taken:
            raise UnsafeValue(f"{name!r} cannot be used as a service host name")
        self._taken.add(name)
        return name

    def allocate(self, wanted: str) -> str:
        """Claim ``wanted`` or, if it is too long or taken, a shortened variant with a digest suffix."""
        base = slugify(wanted, fallback="svc", max_length=63)
        if _HOST_OK.match(base) and base not in self._taken:
            self._taken.add(base)
            return base
        for attempt in range(1000):
            suffix = _digest(f"{wanted}#{attempt}")
            candidate = f"{base[: 62 - len(suffix)].rstrip('-')}-{suffix}"
            if candidate not in self._taken:
                self._taken.add(candidate)
                return candidate
        raise UnsafeValue(f"no free host name for {wanted!r}")  # pragma: no cover - 1000 digest collisions


def compose_escape(value: str) -> str:
    """Escape ``$`` so docker compose does not interpolate variables inside a literal value."""
    return value.replace("$", "$$")


def cql_identifier(name: str) -> str:
    """A double-quoted CQL identifier; ``"`` doubles. Refuses empty names and control characters."""
    if name == "" or any(unicodedata.category(ch).startswith("C") for ch in name):
        raise UnsafeValue(f"{name!r} cannot be a CQL identifier")
    return '"' + name.replace('"', '""') + '"'


def unquote_cql_identifier(token: str) -> str:
    """Inverse of :func:`cql_identifier` for a lexed ``quotedName`` token; unquoted names fold to lowercase."""
    if len(token) >= 2 and token[0] == token[-1] == '"':
        return token[1:-1].replace('""', '"')
    return token.lower()


def cql_string(value: str) -> str:
    """A single-quoted CQL string literal; ``'`` doubles."""
    if any(unicodedata.category(ch).startswith("C") for ch in value):
        raise UnsafeValue(f"{value!r} cannot be a CQL string literal")
    return "'" + value.replace("'", "''") + "'"


def java_regex_literal(text: str) -> str:
    """A Java regular expression matching exactly ``text`` (``\\Q...\\E`` quoting)."""
    if "\\E" in text:
        return "".join("\\" + ch if not ch.isalnum() else ch for ch in text)
    return f"\\Q{text}\\E"


def java_replacement_literal(text: str) -> str:
    """A Java ``Matcher.replaceAll`` replacement producing exactly ``text`` (``$`` and ``\\`` escaped)."""
    return text.replace("\\", "\\\\").replace("$", "\\$")


def logstash_string(value: str) -> str:
    """A Logstash config string literal.

    Logstash does not process backslash escapes unless ``config.support_escapes`` is on, so the only safe
    forms are a double-quoted string without ``"`` or a single-quoted one without ``'``; anything else
    (or a backslash or newline) is refused.
    """
    if "\\" in value or "\n" in value or "\r" in value:
        raise UnsafeValue(f"{value!r} cannot be written into a Logstash pipeline")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    raise UnsafeValue(f"{value!r} holds both quote characters; Logstash cannot represent it")


def markdown_code(value: str) -> str:
    """``value`` as an inline Markdown code span that its own backticks or newlines cannot break."""
    flat = value.replace("\r", " ").replace("\n", " ")
    longest = max((len(run) for run in re.findall(r"`+", flat)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") or longest else ""
    return f"{fence}{pad}{flat}{pad}{fence}"
