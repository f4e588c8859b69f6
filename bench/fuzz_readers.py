"""Coverage-guided fuzzing of the readers with atheris (libFuzzer for Python).

    python -m bench.fuzz_readers -max_total_time=600          # seed corpus made for you
    python -m bench.fuzz_readers -runs=100000 CORPUS_DIR      # your own corpus folder

Each input's first byte chooses how the rest reaches ``read_inputs``: as a file with one
of ``CHANNELS``' extensions (so every sniffed format and the gzip path are reached), or
as standard input. A crash is any exception escaping ``read_inputs``, a ReadError that
reports an unexpected failure (a reader bug that ``read_inputs`` caught) or spans more
than one line, and an Article with empty or unnormalised text. libFuzzer stops at the
first crash and writes the input to ``-artifact_prefix`` (default: the temporary
folder below); replay it with ``python -m bench.fuzz_readers CRASH_FILE``.

Limits are small, so that a bomb costs milliseconds: the fuzzer is after logic errors.
Needs ``pip install atheris`` (not a project dependency).
"""

from __future__ import annotations

import gzip
import io
import json
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["triangulate", "warcio", "feedparser"]):
    import feedparser  # noqa: F401  (instrumented here, imported late by the reader)
    import warcio.archiveiterator  # noqa: F401

    import triangulate.readers.warc_guard  # noqa: F401
    from triangulate.errors import ReadError
    from triangulate.model import Article, normalise_text
    from triangulate.readers import UNEXPECTED, Limits, read_inputs

REPO = Path(__file__).resolve().parents[1]
WORK = Path(tempfile.gettempdir()) / "triangulate-fuzz"
# How an input reaches the readers: a file extension, or "-" for standard input.
CHANNELS = (".txt", ".md", "", ".html", ".htm", ".json", ".jsonl", ".rss", ".atom", ".xml",
            ".warc", ".txt.gz", ".json.gz", ".warc.gz", "-")
LIMITS = Limits(max_file_bytes=1 << 20, max_decompressed_bytes=8 << 20,
                max_html_bytes=1 << 20, max_articles_per_file=64)


class ReaderBug(AssertionError):
    """An output of ``read_inputs`` that breaks its contract."""


def _check(item: Article | ReadError) -> None:
    if isinstance(item, ReadError):
        message = str(item)
        if UNEXPECTED in message or "\n" in message or not message.endswith("]"):
            raise ReaderBug(message)
    elif not isinstance(item, Article) or not item.text or \
            item.text != normalise_text(item.text) or not item.id:
        raise ReaderBug(repr(item)[:500])


def test_one_input(data: bytes) -> None:
    if not data:
        return
    channel = CHANNELS[data[0] % len(CHANNELS)]
    content = data[1:]
    if channel == "-":
        items = read_inputs(["-"], limits=LIMITS, stdin=io.BytesIO(content))
    else:
        path = WORK / "inputs" / f"in{channel}"
        path.write_bytes(content)
        items = read_inputs([path], limits=LIMITS)
    for item in items:
        _check(item)


def _warc(pages: list[tuple[str, bytes]], compress: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compress)
    for uri, payload in pages:
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                   protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            uri, "response", payload=io.BytesIO(payload), http_headers=headers))
    return buffer.getvalue()


def seed_corpus(folder: Path) -> None:
    """Small samples of every format, each prefixed with the byte of its channel."""
    story = ("The river burst its banks on Sunday, flooding about 300 homes, officials "
             "said.\n\n\u201cWe have never seen water this high,\u201d said Mayor Ana Ruiz. "
             "Rescue teams worked through the night.")
    page = (f"<html><head><title>Flood</title><meta property='og:site_name' content='Daily'>"
            f"</head><body><article><p>{story}</p></article></body></html>").encode()
    entry = f"<item><title>Flood</title><description>{story} {story}</description></item>"
    samples: dict[str, bytes] = {
        ".txt": f"River floods town\n\n{story}".encode(),
        ".md": f"# River floods town\n\n{story}".encode(),
        "": story.encode("utf-16"),
        ".html": page,
        ".json": json.dumps([{"id": "a", "title": "Flood", "text": story,
                              "published": "2024-03-01"}]).encode(),
        ".jsonl": (json.dumps({"text": story}) + "\n{broken\n").encode(),
        ".rss": f"<?xml version='1.0'?><rss><channel><title>D</title>{entry}</channel></rss>"
                .encode(),
        ".atom": (f"<feed xmlns='http://www.w3.org/2005/Atom'><entry><title>F</title>"
                  f"<content type='text'>{story} {story}</content></entry></feed>").encode(),
        ".warc": _warc([("https://daily.example/flood", page)], compress=False),
        ".warc.gz": _warc([("https://daily.example/flood", page)], compress=True),
        ".txt.gz": gzip.compress(story.encode()),
        ".json.gz": gzip.compress(json.dumps({"body": story}).encode()),
        "-": story.encode("latin-1", "replace"),
    }
    fixtures = REPO / "tests" / "readers" / "fixtures"
    for path in sorted(fixtures.glob("*")):
        samples[f"{path.suffix}#{path.stem}"] = path.read_bytes()[:16384]
    folder.mkdir(parents=True, exist_ok=True)
    for n, (key, content) in enumerate(samples.items()):
        channel = CHANNELS.index(key.split("#")[0])
        (folder / f"seed-{n:02d}").write_bytes(bytes([channel]) + content)


def main() -> None:
    (WORK / "inputs").mkdir(parents=True, exist_ok=True)
    args = list(sys.argv)
    options = [a for a in args[1:] if a.startswith("-")]
    if not any(not a.startswith("-") for a in args[1:]):
        corpus = WORK / "corpus"
        seed_corpus(corpus)
        args.append(str(corpus))
    defaults = {"-artifact_prefix=": f"{WORK}/", "-max_len=": "16384", "-timeout=": "20",
                "-rss_limit_mb=": "2048", "-print_final_stats=": "1"}
    for flag, value in defaults.items():
        if not any(o.startswith(flag) for o in options):
            args.insert(1, flag + value)
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
