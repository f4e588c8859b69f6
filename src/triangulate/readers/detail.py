"""The detail of a read error as one short, printable line, whatever a library said."""

from __future__ import annotations

MAX_DETAIL = 160


def one_line(text: str, limit: int = MAX_DETAIL) -> str:
    """The first non-blank line of ``text``, each run of unprintable characters (bytes a
    parser quoted from a binary input) shown as one ``?``, cut to ``limit`` characters."""
    line = next((ln for ln in text.splitlines() if ln.strip()), "")
    out: list[str] = []
    for ch in line[: limit * 4]:
        if ch.isprintable():
            out.append(ch)
        elif not out or out[-1] != "?":
            out.append("?")
    return "".join(out).strip()[:limit]
