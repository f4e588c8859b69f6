"""A throw-away PostgreSQL server for tests: initdb into a temporary folder, start it on
127.0.0.1 on a free port (unix socket in the same folder), create a database, stop and
delete everything at the end.

Used by ``tests/store/conftest.py``. Set ``TRIANGULATE_TEST_POSTGRES`` to the URL of a
server you already run to use that instead (its database must allow CREATE SCHEMA).

initdb and postgres refuse to run as root, so under root the server runs as the
``postgres`` user when there is one, else as ``nobody``; the folder is given to that user.
"""

from __future__ import annotations

import contextlib
import ctypes
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

APT_HINT = "install it with `apt-get install -y postgresql` (Debian/Ubuntu)"
_USER = "triangulate"
_DATABASE = "triangulate_test"
_START_TIMEOUT_S = 30.0
_STOP_TIMEOUT_S = 20.0
_BINARIES = ("initdb", "postgres")


class ServerUnavailable(RuntimeError):
    """PostgreSQL cannot be started here; the message says why, for ``pytest.skip``."""


def find_bindir() -> Path | None:
    """Where ``initdb`` and ``postgres`` live: pg_config, Debian's folders, then PATH."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True,
                                 timeout=10, check=True).stdout.strip()
            candidates.append(Path(out))
    # Debian keeps server binaries out of PATH, one folder per major version: newest first
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += sorted((Path(p) for p in versions),
                         key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
                         reverse=True)
    initdb = shutil.which("initdb")
    if initdb:
        candidates.append(Path(initdb).parent)
    for folder in candidates:
        if all(os.access(folder / b, os.X_OK) for b in _BINARIES):
            return folder
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _server_account() -> pwd.struct_passwd | None:
    """The account to run as: None when we are not root (run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise ServerUnavailable("running as root and neither a 'postgres' nor a 'nobody' "
                            "user exists to run PostgreSQL as")


def _die_with_parent() -> None:
    """In the child: get SIGINT (PostgreSQL's fast shutdown) if the test process dies,
    so a killed test run leaves no server behind. Linux only; elsewhere a no-op."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGINT)  # PR_SET_PDEATHSIG


class PostgresServer:
    """``start()`` then ``url``; ``stop()`` ends the server and removes its folder."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.account = _server_account()
        self.root = Path(tempfile.mkdtemp(prefix="triangulate-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "server.log"
        self.port = 0
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def admin_url(self) -> str:
        return f"postgresql://{_USER}@127.0.0.1:{self.port}/postgres"

    @property
    def url(self) -> str:
        return f"postgresql://{_USER}@127.0.0.1:{self.port}/{_DATABASE}"

    def _as_server_user(self) -> dict[str, Any]:
        if self.account is None:
            return {}
        return {"user": self.account.pw_uid, "group": self.account.pw_gid, "extra_groups": []}

    def start(self) -> None:
        if self.account is not None:
            os.chown(self.root, self.account.pw_uid, self.account.pw_gid)
        env = {**os.environ, "LC_ALL": "C", "TZ": "UTC"}
        initdb = subprocess.run(
            [str(self.bindir / "initdb"), "-D", str(self.data), "-U", _USER, "--auth=trust",
             "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"],
            capture_output=True, text=True, env=env, timeout=120, cwd=self.root,
            **self._as_server_user())
        if initdb.returncode != 0:
            raise ServerUnavailable(f"initdb failed: {initdb.stderr.strip()[-500:]}")
        for _attempt in range(3):  # another process may take the free port first
            self.port = _free_port()
            if self._launch(env):
                self._create_database()
                return
        raise ServerUnavailable(f"PostgreSQL did not start; log: {self._log_tail()}")

    def _launch(self, env: dict[str, str]) -> bool:
        # Durability is pointless for a throw-away server; small memory suits a test machine.
        settings = {
            "listen_addresses": "127.0.0.1", "port": str(self.port),
            "unix_socket_directories": str(self.root), "fsync": "off",
            "synchronous_commit": "off", "full_page_writes": "off",
            "shared_buffers": "32MB", "max_connections": "50", "logging_collector": "off",
        }
        args = [str(self.bindir / "postgres"), "-D", str(self.data)]
        for key, value in settings.items():
            args += ["-c", f"{key}={value}"]
        with open(self.log, "ab") as log:
            if self.account is not None:
                os.chown(self.log, self.account.pw_uid, self.account.pw_gid)
            self._process = subprocess.Popen(
                args, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=self.root,
                preexec_fn=_die_with_parent, **self._as_server_user())
        deadline = time.monotonic() + _START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                return False
            if self._ready():
                return True
            time.sleep(0.1)
        self._terminate()
        return False

    def _ready(self) -> bool:
        import psycopg

        try:
            with psycopg.connect(self.admin_url, connect_timeout=2):
                return True
        except psycopg.OperationalError:
            return False

    def _create_database(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {_DATABASE}")

    def _log_tail(self) -> str:
        try:
            return self.log.read_text(errors="replace").strip()[-500:]
        except OSError:
            return "(no log)"

    def _terminate(self) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGINT)  # fast shutdown: ends sessions, checkpoints
        try:
            process.wait(_STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def stop(self) -> None:
        self._terminate()
        shutil.rmtree(self.root, ignore_errors=True)


def start_server() -> PostgresServer:
    """A running server, or ``ServerUnavailable`` with a message that says what is missing."""
    try:
        import psycopg  # noqa: F401
    except ImportError as exc:
        raise ServerUnavailable("psycopg is not installed (pip install 'psycopg[binary]')"
                                ) from exc
    bindir = find_bindir()
    if bindir is None:
        raise ServerUnavailable("PostgreSQL server binaries (initdb, postgres) not found in "
                                f"pg_config --bindir, /usr/lib/postgresql/*/bin or PATH; "
                                f"{APT_HINT}")
    server = PostgresServer(bindir)
    try:
        server.start()
    except BaseException:
        server.stop()
        raise
    return server
