"""Hostile inputs: each is read alone through ``read_inputs``, and all of them through the
command line in one batch with a good file. Each gives one clear line (or a correct
read); the good file is stored whatever the others do.

The big ones (a 200 MB page, a gzip bomb and WARC bombs of 4 GiB) are read in a child
process whose peak memory is measured: the limits must stop them quickly, holding no
more than a chunk in memory.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from triangulate.errors import Err, ReadError
from triangulate.model import Article
from triangulate.readers import UNEXPECTED, Limits, read_inputs
from triangulate.store.sqlite import SQLiteStore

from . import hostile

REPO = Path(__file__).resolve().parents[2]
MAX_RSS_MB = 300
# A refusal by size must not read the file: well under a second, even on a busy machine.
MAX_REFUSAL_SECONDS = 2.0
MAX_BOMB_SECONDS = 30.0

Check = Callable[[list[Article], list[ReadError]], None]


def article(*contains: str) -> Check:
    """Exactly one article, holding each of ``contains``, and no error."""
    def check(articles: list[Article], errors: list[ReadError]) -> None:
        assert not errors, [str(e) for e in errors]
        assert len(articles) == 1
        for part in contains:
            assert part in articles[0].text, (part, articles[0].text[:300])
    return check


def two_articles_and_a_broken_line(articles: list[Article], errors: list[ReadError]) -> None:
    assert [a.id for a in articles] == ["hall-1", "hall-3"]
    assert [(e.source.rsplit("/", 1)[-1], e.err) for e in errors] == \
        [("lines.jsonl:2", Err.BAD_JSON)]


@dataclass(frozen=True)
class Case:
    name: str
    build: Callable[[Path], Path | bytes | str]  # a path, or the file's content
    codes: tuple[Err, ...] = ()  # the error it may give (empty: it must be read)
    stored: tuple[str, ...] = ()  # ids of the articles read from it
    check: Check | None = None  # a check of its own, for read_inputs
    big: bool = False  # read in a measured child process

    def check_read(self, articles: list[Article], errors: list[ReadError]) -> None:
        if self.check is not None:
            self.check(articles, errors)
        elif self.codes and (errors or not self.stored):
            assert not articles, [a.id for a in articles]
            assert len(errors) == 1 and errors[0].err in self.codes, [str(e) for e in errors]
        else:
            assert not errors, [str(e) for e in errors]
            assert [a.id for a in articles] == list(self.stored)

    def check_cli(self, reported: list[str], stored: set[str]) -> None:
        if self.check is two_articles_and_a_broken_line:
            assert reported == [Err.BAD_JSON.code] and set(self.stored) <= stored
        elif self.codes and (reported or not self.stored):
            assert len(reported) == 1 and reported[0] in {e.code for e in self.codes}, reported
            assert not set(self.stored) & stored
        else:
            assert not reported and set(self.stored) <= stored, (reported, self.stored)


def _own(text: str, n: int) -> str:
    """``text`` made distinct: the store keeps one article per content."""
    return f"{text}\n\nReport number {n}."


LEAD_START = "The city council voted on Tuesday"
QUOTE = "\u201cWe cannot take any risks with public safety,\u201d"

CASES: list[Case] = [
    Case("invalid_utf8.txt", lambda d: hostile.invalid_utf8(), stored=("invalid_utf8",),
         check=article(LEAD_START[:40], QUOTE)),
    Case("mixed_encodings.txt", lambda d: hostile.mixed_encodings(), stored=("mixed_encodings",),
         check=article(QUOTE, "mayor\u2019s office \u2014 which", "Le caf\u00e9 du march\u00e9")),
    Case("utf16_bom.txt", lambda d: _own(hostile.LEAD, 1).encode("utf-16"), stored=("utf16_bom",),
         check=article(QUOTE)),
    Case("utf16le_no_bom.txt", lambda d: _own(hostile.LEAD, 2).encode("utf-16-le"),
         stored=("utf16le_no_bom",), check=article(QUOTE)),
    Case("utf16be_no_bom_ru.txt", lambda d: _own(hostile.RUSSIAN, 3).encode("utf-16-be"),
         stored=("utf16be_no_bom_ru",), check=article("Это второе предложение")),
    Case("utf16le_no_bom_zh.txt", lambda d: hostile.CHINESE.encode("utf-16-le"),
         stored=("utf16le_no_bom_zh",), check=article("这是文章的第二段")),
    Case("utf32_no_bom_ru.txt", lambda d: _own(hostile.RUSSIAN, 4).encode("utf-32-le"),
         stored=("utf32_no_bom_ru",), check=article("Это второе предложение")),
    Case("photo.txt", lambda d: hostile.PNG, codes=(Err.BINARY,)),
    Case("noise.txt", lambda d: hostile.random_bytes(d / "noise.txt"),
         codes=(Err.BINARY, Err.UNDECODABLE)),
    Case("feed_is_a_page.rss", lambda d: hostile.html_feed(), stored=("feed_is_a_page",),
         check=article(LEAD_START)),
    Case("empty.txt", lambda d: b"", codes=(Err.EMPTY,)),
    Case("lines.jsonl", lambda d: hostile.jsonl_with_a_broken_line(),
         stored=("hall-1", "hall-3"), check=two_articles_and_a_broken_line),
    Case("deep.json", lambda d: "[" * 100_000 + "]" * 100_000, codes=(Err.BAD_JSON,)),
    # libxml2 stops at 255 levels, so the deep text may be lost: an error then, not a hang
    Case("nested.html", lambda d: hostile.write_nested_html(d / "nested.html"),
         codes=(Err.NO_TEXT, Err.BAD_HTML), stored=("nested",)),
    Case("big.html", lambda d: hostile.write_big_html(d / "big.html"),
         codes=(Err.TOO_LARGE,), big=True),
    Case("bomb.txt.gz", lambda d: hostile.write_gzip_bomb(d / "bomb.txt.gz"),
         codes=(Err.TOO_LARGE,), big=True),
    Case("bomb_declared.warc.gz",
         lambda d: hostile.write_warc_bomb_declared(d / "bomb_declared.warc.gz"),
         codes=(Err.TOO_LARGE,), big=True),
    Case("bomb_lying.warc.gz",
         lambda d: hostile.write_warc_bomb_lying(d / "bomb_lying.warc.gz"),
         codes=(Err.BAD_WARC, Err.TOO_LARGE), big=True),
    Case("bomb_blank_lines.warc.gz",
         lambda d: hostile.write_warc_bomb_lying(d / "bomb_blank_lines.warc.gz", fill=b"\n"),
         codes=(Err.BAD_WARC, Err.TOO_LARGE), big=True),
]
BY_NAME = {c.name: c for c in CASES}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    for case in CASES:
        made = case.build(root)
        if not isinstance(made, Path):
            (root / case.name).write_bytes(made.encode("utf-8") if isinstance(made, str)
                                           else made)
    (root / "good.txt").write_text(hostile.GOOD, encoding="utf-8")
    return root


def _split(items: list[Article | ReadError]) -> tuple[list[Article], list[ReadError]]:
    articles = [i for i in items if isinstance(i, Article)]
    errors = [i for i in items if isinstance(i, ReadError)]
    for e in errors:
        text = str(e)
        assert "\n" not in text and UNEXPECTED not in text, text
        assert re.search(r": .+ \[T\d{3}\]$", text), text
    return articles, errors


@pytest.mark.parametrize("name", [c.name for c in CASES if not c.big])
def test_read_alone(folder: Path, name: str) -> None:
    BY_NAME[name].check_read(*_split(list(read_inputs([folder / name]))))


# Reads each path given as LIMIT:PATH (LIMIT 0: the default limits) and prints one JSON
# line per path, then its own peak memory.
_MEASURE = """
import json, resource, sys, time
from triangulate.readers import Limits, read_inputs
for arg in sys.argv[1:]:
    limit, path = arg.split(":", 1)
    limits = Limits(max_decompressed_bytes=int(limit)) if int(limit) else Limits()
    start = time.perf_counter()
    items = [(type(i).__name__, str(i)) for i in read_inputs([path], limits=limits)]
    print(json.dumps({"path": path, "seconds": time.perf_counter() - start, "items": items}))
# VmHWM is this program's own peak; ru_maxrss would also count the pytest process this
# one was forked from (Linux keeps the high-water mark across exec)
try:
    with open("/proc/self/status") as status:
        kb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rss_mb": kb / 1024}))
"""


@dataclass(frozen=True)
class Measured:
    seconds: float
    items: list[tuple[str, str]]  # (type name, message or id)


def _measured_read(paths: list[tuple[int, Path]]) -> tuple[dict[str, Measured], float]:
    done = subprocess.run([sys.executable, "-c", _MEASURE, *(f"{n}:{p}" for n, p in paths)],
                          capture_output=True, text=True, timeout=300, cwd=REPO, check=True)
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    results = {Path(r["path"]).name: Measured(float(r["seconds"]), [tuple(i) for i in r["items"]])
               for r in lines[:-1]}
    return results, float(lines[-1]["rss_mb"])


def test_big_inputs_are_refused_quickly_with_bounded_memory(folder: Path) -> None:
    records = hostile.write_warc_bomb_records(folder / "bomb_records.warc.gz")
    big = [(0, folder / c.name) for c in CASES if c.big]
    results, rss_mb = _measured_read([*big, (64 * hostile.MIB, records)])
    assert rss_mb < MAX_RSS_MB, f"peak memory {rss_mb:.0f} MB"
    for name, result in results.items():
        assert [kind for kind, _ in result.items] == ["ReadError"], result
        message = result.items[0][1]
        assert "\n" not in message and UNEXPECTED not in message, message
        limit = MAX_REFUSAL_SECONDS if name == "big.html" else MAX_BOMB_SECONDS
        assert result.seconds < limit, (name, result.seconds)
    for name in ("big.html", "bomb.txt.gz", "bomb_declared.warc.gz", "bomb_records.warc.gz"):
        assert results[name].items[0][1].endswith("[T011]"), results[name]
    assert "--max-file-mb" in results["big.html"].items[0][1]
    assert "--max-decompressed-mb" in results["bomb.txt.gz"].items[0][1]


_LINE = re.compile(r"^error (?P<source>.+?): (?P<reason>.+) \[(?P<code>T\d{3})\]$")


def test_command_line_batch_reports_each_and_stores_the_good_file(folder: Path,
                                                                  tmp_path: Path) -> None:
    names = ["good.txt", *(c.name for c in CASES)]
    db = tmp_path / "store.db"
    done = subprocess.run(
        [sys.executable, "-m", "triangulate", "analyze", *(str(folder / n) for n in names),
         "--db", str(db), "--out", str(tmp_path / "report"), "--quiet"],
        capture_output=True, text=True, timeout=600, cwd=REPO)
    assert done.returncode == 1, done.stderr[-3000:]
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines[-1].endswith("could not be read"), lines
    reported: dict[str, list[str]] = {}
    for line in lines[:-1]:
        m = _LINE.match(line)
        assert m, f"not one clear error line: {line!r}"
        assert UNEXPECTED not in line, line
        name = Path(re.sub(r":\d+$", "", m["source"])).name
        reported.setdefault(name, []).append(m["code"])
    assert "good.txt" not in reported
    with SQLiteStore(db) as store:
        stored = set(store.article_ids())
    assert "good" in stored
    for case in CASES:
        case.check_cli(reported.get(case.name, []), stored)
    assert (tmp_path / "report" / "report.json").is_file()


def test_hostile_file_name_in_an_error_line(tmp_path: Path) -> None:
    """A file name is input too: one that looks like markup must be printed as it is."""
    folder = tmp_path / "notes ["  # the path then reads "notes [/red] [bold].json"
    folder.mkdir()
    bad = folder / "red] [bold].json"
    bad.write_text("{broken", encoding="utf-8")
    articles, (err,) = _split(list(read_inputs([bad])))
    assert not articles and err.err is Err.BAD_JSON and str(err).startswith(f"{bad}: ")


def test_command_line_prints_a_markup_like_file_name_verbatim(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Rich markup in a file name ('[/red]') once crashed the run or vanished."""
    from triangulate import cli

    problem = ReadError(str(tmp_path / "notes [/red] [bold].json"), Err.BAD_JSON, detail="x")
    cli._report_error(problem)
    assert f"error {problem}" in capsys.readouterr().err


def test_limits_are_named_with_their_flags() -> None:
    """Every TOO_LARGE error names the flag that raises its limit."""
    from triangulate.readers import FLAGS

    assert set(FLAGS) == {f for f in Limits.__dataclass_fields__}
