"""A throwaway PostgreSQL server for the tests and the benchmark.

`Cluster.start()` runs initdb in a new temporary folder, starts the server on a free port
of 127.0.0.1 (and a unix socket in the same folder), and `stop()` removes it all. PostgreSQL
refuses to run as root, so as root the server runs as the `postgres` user (created when
missing); as anyone else it runs as them. Each pytest-xdist worker starts its own cluster
(a worker is a process with its own session), and every test gets a database of its own.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from testdata import require_tool

SERVER_USER = "postgres"


def server_binaries() -> Path | None:
    """The newest PostgreSQL server's bin folder (Debian keeps them off PATH), or None."""
    found = sorted(
        (Path(p).parent for p in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1]
    on_path = shutil.which("initdb")
    return Path(on_path).parent if on_path else None


def missing() -> str | None:
    """Why no cluster can be started here, or None."""
    if server_binaries() is None:
        return "PostgreSQL's server (initdb, pg_ctl, postgres: apt-get install postgresql)"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg (pip install -e .)"
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        return "runuser (util-linux), to run the server as an unprivileged user"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ensure_server_user() -> None:
    if subprocess.run(["id", "-u", SERVER_USER], capture_output=True).returncode != 0:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVER_USER], check=True
        )


@dataclass
class Cluster:
    folder: Path
    bin: Path
    port: int
    as_root: bool
    settings: list[str] = field(default_factory=list)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def _as_server(self, *command: str) -> list[str]:
        return ["runuser", "-u", SERVER_USER, "--", *command] if self.as_root else list(command)

    def halt(self) -> None:
        """Stop the server at once, as a crash or a pulled cable would (keeping its data)."""
        subprocess.run(
            self._as_server(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"),
            capture_output=True,
            check=True,
            cwd=self.folder,
        )

    def resume(self) -> None:
        """Start the halted server again, on the same port."""
        subprocess.run(self._pg_ctl_start(), capture_output=True, check=True, cwd=self.folder)

    def _pg_ctl_start(self) -> list[str]:
        return self._as_server(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-l",
            str(self.folder / "server.log"),
            "-o",
            " ".join([f"-p {self.port}", *self.settings]),
            "-w",
            "start",
        )

    @classmethod
    def start(cls, durable: bool = False) -> Cluster:
        """A new server; `durable` keeps fsync on (the benchmark), else it is off (tests)."""
        bin_folder = server_binaries()
        assert bin_folder is not None
        as_root = os.geteuid() == 0
        if as_root:
            _ensure_server_user()
        folder = Path(tempfile.mkdtemp(prefix="quiz-pg-"))
        if as_root:
            shutil.chown(folder, SERVER_USER, SERVER_USER)
        cluster = cls(folder, bin_folder, 0, as_root)
        subprocess.run(
            cluster._as_server(
                str(bin_folder / "initdb"),
                "-D",
                str(cluster.data),
                "-U",
                SERVER_USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ),
            check=True,
            capture_output=True,
            cwd=folder,
        )
        settings = ["-c listen_addresses=127.0.0.1", f"-k {folder}", "-c max_connections=300"]
        if not durable:
            settings += ["-c fsync=off", "-c full_page_writes=off"]  # a crash of the OS loses it: fine here
        cluster.settings = settings
        for _ in range(5):  # another process may take the free port first: try another
            cluster.port = _free_port()
            started = subprocess.run(cluster._pg_ctl_start(), capture_output=True, text=True, cwd=folder)
            if started.returncode == 0:
                return cluster
        log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{log}")

    def stop(self) -> None:
        subprocess.run(
            self._as_server(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"),
            capture_output=True,
            cwd=self.folder,
        )
        shutil.rmtree(self.folder, ignore_errors=True)

    def admin(self, sql: str, database: str = "postgres") -> list[tuple]:
        import psycopg

        with psycopg.connect(self.url(database), autocommit=True) as con:
            cur = con.execute(sql)
            return cur.fetchall() if cur.description else []

    def new_database(self, name: str) -> str:
        self.admin(f'CREATE DATABASE "{name}"')
        return self.url(name)


_names = itertools.count()


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    require_tool(missing(), "this PostgreSQL test")
    cluster = Cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """A new, empty database on the session's cluster."""
    return pg_cluster.new_database(f"test_{os.getpid()}_{next(_names)}")
