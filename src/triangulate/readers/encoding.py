"""Bytes to text: byte-order marks, UTF-8, a declared charset, then detection.

Binary data is refused before any decoding is tried, so a picture renamed ``.txt``
gives a clear error instead of a page of mojibake.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from triangulate.errors import Err, ReadError

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of common binary formats, so the error can say what the file is.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive or Office document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Office document"),
    (b"\x7fELF", "executable"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"BZh91AY&SY", "bzip2-compressed data"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"RIFF", "RIFF media file"),
    (b"OggS", "Ogg media file"),
    (b"wOFF", "web font"),
    (b"\x1f\x8b", "gzip-compressed data"),
)

_SAMPLE = 64 * 1024
# surrogateescape's stand-ins for undecodable bytes 0x80-0xFF
_STRAY = re.compile("[\udc80-\udcff]")
_NON_ASCII = re.compile("[^\x00-\x7f]")
# Share of control characters above which decoded "text" is really binary data.
_MAX_CONTROL_SHARE = 0.02
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1b")

_DECLARED = (
    re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9_.:-]{1,40})", re.I),
    re.compile(rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?([A-Za-z0-9_.:-]{1,40})", re.I),
)


def binary_kind(data: bytes) -> str | None:
    """What binary format ``data`` starts with, if it is a known one."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime media file"
    return None


def declared_charset(data: bytes) -> str | None:
    """The charset an XML declaration or HTML <meta> names near the start, if valid."""
    head = data[:4096]
    for pattern in _DECLARED:
        m = pattern.search(head)
        if m:
            name = m.group(1).decode("ascii")
            try:
                return codecs.lookup(name).name
            except LookupError:
                return None
    return None


def _bom_codec(data: bytes) -> tuple[str, int] | None:
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec, len(bom)
    return None


def _utf16_32_without_bom(sample: bytes) -> str | None:
    """Guess UTF-16/32 from where the NUL bytes sit (mostly-ASCII text has a pattern)."""
    n = len(sample) - len(sample) % 4
    if n < 4:
        return None
    quads = [sample[i::4][: n // 4] for i in range(4)]
    share = [q.count(0) / len(q) for q in quads]
    # The two high bytes of a UTF-32 unit are NUL for any character of the Basic
    # Multilingual Plane, whatever its script; the third is NUL only for Latin-1.
    if share[2] > 0.9 and share[3] > 0.9 and share[0] < 0.5:
        return "utf-32-le"
    if share[0] > 0.9 and share[1] > 0.9 and share[3] < 0.5:
        return "utf-32-be"
    even = (share[0] + share[2]) / 2
    odd = (share[1] + share[3]) / 2
    if odd > 0.6 and even < 0.2:
        return "utf-16-le"
    if even > 0.6 and odd < 0.2:
        return "utf-16-be"
    return None


def _utf16_by_nul_side(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark in a script beyond Latin-1 (Cyrillic, CJK ...).

    Then only ASCII characters (spaces, digits, line breaks) and a few others have a NUL
    byte, too few for the pattern of mostly-ASCII text. Each byte order is tried, the
    likelier first (ASCII's NUL is the high byte), and kept only if the decoded text
    reads as text: decoded with the wrong order, or from binary data, it does not.
    """
    sample = data[:_SAMPLE]
    n = len(sample) - len(sample) % 2
    even, odd = sample[0:n:2].count(0), sample[1:n:2].count(0)
    order = ("utf-16-le", "utf-16-be") if odd >= even else ("utf-16-be", "utf-16-le")
    for codec in order:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        head = text[: _SAMPLE // 2]
        # ASCII spaces and line breaks, each with its NUL, are what real text has and
        # text of 8-bit bytes with a stray NUL, read as UTF-16, has not
        breaks = sum(head.count(ch) for ch in " \n\r\t")
        if breaks >= max(2, len(head) // 200) and _reads_as_text(head):
            return text
    return None


def _reads_as_text(sample: str) -> bool:
    """Nearly all letters, digits, spaces, punctuation or symbols, with some breaks.

    Binary data decoded by chance gives unassigned, private-use and format characters,
    and no spaces or punctuation.
    """
    if not sample:
        return False
    kinds = [unicodedata.category(ch)[0] for ch in sample]
    texty = sum(1 for ch, k in zip(sample, kinds, strict=True)
                if k in "LMNZPS" or ch in _TEXT_CONTROLS)
    breaks = sum(1 for ch, k in zip(sample, kinds, strict=True)
                 if k in "ZP" or ch in _TEXT_CONTROLS)
    return texty >= 0.95 * len(sample) and breaks >= 0.02 * len(sample)


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few stray bytes of a legacy code page, else None.

    Text pasted together from two sources, or cut inside a character. Decoding it all
    with a detected code page would garble every valid UTF-8 character; instead the
    UTF-8 is kept and each stray byte is read as Windows-1252, the usual other source.
    """
    head = data[: 4 * _SAMPLE].decode("utf-8", "surrogateescape")  # decide on a sample
    stray = len(_STRAY.findall(head))
    wide = len(_NON_ASCII.findall(head)) - stray
    if wide == 0 or stray > wide:
        return None  # mostly another encoding: let detection decide
    return _STRAY.sub(_as_cp1252, data.decode("utf-8", "surrogateescape"))


def _as_cp1252(m: re.Match[str]) -> str:
    return bytes([ord(m.group()) - 0xDC00]).decode("cp1252", errors="replace")


def _control_share(text: str) -> float:
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    controls = sum(
        1 for ch in sample
        if ch not in _TEXT_CONTROLS and unicodedata.category(ch) in ("Cc", "Cs")
    )
    return controls / len(sample)


def _strict(data: bytes, codec: str, source: str) -> str:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ReadError(source, Err.UNDECODABLE, detail=f"invalid {codec}: {_short(exc)}") from None


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) <= 120 else text[:117] + "..."


def _detect(data: bytes, source: str) -> str:
    from charset_normalizer import from_bytes  # imported late: it is slow to load

    best = from_bytes(data[: 4 * _SAMPLE] if len(data) > 4 * _SAMPLE else data).best()
    if best is None or best.encoding is None:
        raise ReadError(source, Err.UNDECODABLE, detail="not UTF-8 and no known encoding fits")
    return _strict(data, best.encoding, source)


def decode_bytes(data: bytes, source: str, *, declared: str | None = None) -> str:
    """Decode ``data`` to text, or raise a ReadError (BINARY or UNDECODABLE).

    Order: a byte-order mark; UTF-16/32 recognised from NUL patterns; strict UTF-8
    (valid UTF-8 beats a declared charset, since pages often mis-declare); mostly
    UTF-8 with stray legacy bytes; the charset the document declares;
    charset-normalizer's detection.
    """
    kind = binary_kind(data)
    if kind:
        raise ReadError(source, Err.BINARY, detail=kind)
    bom = _bom_codec(data)
    if bom:
        text = _strict(data[bom[1]:], bom[0], source)
    elif b"\x00" in data[:_SAMPLE]:
        codec = _utf16_32_without_bom(data[:_SAMPLE])
        if codec is not None:
            text = _strict(data, codec, source)
        else:
            wide = _utf16_by_nul_side(data)
            if wide is None:
                raise ReadError(source, Err.BINARY, detail="contains NUL bytes")
            text = wide
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _mostly_utf8(data) or ""
            if not text and declared and declared != "utf-8":
                try:
                    text = data.decode(declared)
                except (UnicodeDecodeError, LookupError):
                    text = ""
            if not text:
                text = _detect(data, source)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise ReadError(source, Err.BINARY, detail="too many control characters")
    return text
