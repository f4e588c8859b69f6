"""Hostile inputs, built on the fly: big ones are streamed to disk, never held in memory.

Bombs are sequences of gzip members, each the same compressed run of 16 MiB, so a file
that decompresses to gigabytes is written in a fraction of a second.
"""

from __future__ import annotations

import gzip
import io
import json
import random
from functools import cache
from pathlib import Path

MIB = 1024 * 1024
GIB = 1024 * MIB
CHUNK = 16 * MIB

LEAD = (
    "The city council voted on Tuesday to close the old market hall for repairs, "
    "after engineers found cracks in two of its supporting arches.\n\n"
    "\u201cWe cannot take any risks with public safety,\u201d said the council leader, "
    "Sara Lind. The hall will reopen in the spring at the earliest."
)
GOOD = (
    "Ferry service resumes after storm\n\n"
    "Ferries between the mainland and the island resumed on Wednesday after two days of "
    "storms, the operator said. About 1,200 passengers had been stranded.\n\n"
    "\u201cThe crossings are safe again,\u201d a spokeswoman for the operator said."
)
RUSSIAN = ("Министр обороны заявил во вторник, что комплекс развернут.\n\n"
           "Это второе предложение статьи, и оно длиннее первого.")
CHINESE = "国防部长星期二表示，该系统已经部署。\n\n这是文章的第二段，比第一段更长一些。"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256))


@cache
def _member(fill: bytes) -> bytes:
    """One gzip member holding ``CHUNK`` bytes of ``fill`` repeated."""
    return gzip.compress(fill * (CHUNK // len(fill)), compresslevel=9)


def _members(out: io.BufferedWriter, total: int, fill: bytes = b"\x00") -> None:
    for _ in range(total // CHUNK):
        out.write(_member(fill))


def write_big_html(path: Path, size: int = 200 * MIB) -> Path:
    """A well-formed page of ``size`` bytes, written a megabyte at a time."""
    para = "<p>" + "The council met on Tuesday to discuss the budget. " * 20 + "</p>\n"
    block = para * (MIB // len(para))
    with path.open("w", encoding="utf-8") as out:
        out.write("<html><head><title>Budget</title></head><body><article>")
        written = 0
        while written < size:
            out.write(block)
            written += len(block)
        out.write("</article></body></html>")
    return path


def write_nested_html(path: Path, depth: int = 100_000) -> Path:
    deep = "<p>The deepest paragraph of the page. It says that the bridge reopened.</p>"
    path.write_text("<html><head><title>Deep</title></head><body>" + "<div>" * depth + deep
                    + "</div>" * depth + "</body></html>", encoding="utf-8")
    return path


def write_gzip_bomb(path: Path, size: int = 4 * GIB) -> Path:
    """A ``.gz`` of ``size`` zero bytes (about a thousandth of that on disk)."""
    with path.open("wb") as out:
        _members(out, size)
    return path


def warc_header(length: int, record_type: str = "resource",
                 content_type: str = "application/octet-stream") -> bytes:
    return (f"WARC/1.0\r\nWARC-Type: {record_type}\r\n"
            "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            "WARC-Date: 2024-12-19T10:00:00Z\r\nWARC-Target-URI: https://news.example/a\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {length}\r\n\r\n").encode()


def write_warc_bomb_declared(path: Path, size: int = 4 * GIB) -> Path:
    """One record of ``size`` zero bytes that says so: a WARC of gigabytes once inflated."""
    with path.open("wb") as out:
        out.write(gzip.compress(warc_header(size)))
        _members(out, size)
        out.write(gzip.compress(b"\r\n\r\n"))
    return path


def write_warc_bomb_records(path: Path, records: int = 256) -> Path:
    """``records`` honest records of 16 MiB of zeros, one gzip member each (4 GiB)."""
    record = gzip.compress(warc_header(CHUNK) + bytes(CHUNK) + b"\r\n\r\n", compresslevel=9)
    with path.open("wb") as out:
        for _ in range(records):
            out.write(record)
    return path


def write_warc_bomb_lying(path: Path, size: int = 4 * GIB, fill: bytes = b"\x00") -> Path:
    """A record that declares ten bytes, followed by ``size`` bytes of ``fill``.

    warcio would read the zeros as one line of gigabytes, or newlines as that many blank
    lines between records.
    """
    with path.open("wb") as out:
        out.write(gzip.compress(warc_header(10) + b"0123456789\r\n\r\n"))
        _members(out, size, fill)
    return path


def random_bytes(path: Path, size: int = 20_000, seed: int = 7) -> Path:
    rng = random.Random(seed)
    path.write_bytes(bytes(rng.randrange(256) for _ in range(size)))
    return path


def invalid_utf8() -> bytes:
    """A UTF-8 article with a truncated character inside and a stray byte at the end."""
    data = LEAD.encode("utf-8")
    return data[:60] + b"\xc3" + data[60:] + b"\xff"


def mixed_encodings() -> bytes:
    """A UTF-8 article with a paragraph pasted in from a Windows-1252 file."""
    return (LEAD + "\n\nThe mayor\u2019s office \u2014 which opposed the plan \u2014 said "
            "little.\n\n").encode("utf-8") + "Le caf\u00e9 du march\u00e9 restera ouvert, "\
        "a r\u00e9sum\u00e9 said.".encode("cp1252")


def html_feed() -> bytes:
    """A web page saved under a feed's name."""
    return ("<!DOCTYPE html><html><head><title>Market hall to close</title></head><body>"
            f"<article><h1>Market hall to close</h1><p>{LEAD}</p></article></body></html>"
            ).encode()


def jsonl_with_a_broken_line() -> bytes:
    return "\n".join([
        json.dumps({"id": "hall-1", "title": "Market hall to close",
                    "text": LEAD + "\n\nFrom the wire service."}),
        '{"id": "hall-2", "title": "Broken", "text": "the line ends',
        json.dumps({"id": "hall-3", "text": "The hall will reopen in the spring."}),
    ]).encode("utf-8")
