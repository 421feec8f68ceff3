"""A real ``graphsvc serve`` process on a loopback port, for tests that need one."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    data_dir: Path
    log_path: Path

    def engine_pid(self) -> int:
        return int((self.data_dir / "engine.pid").read_text().strip())

    def stop(self) -> str:
        """SIGTERM, as a process manager would; returns what the server logged."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def serve(data_dir: Path, **env: str) -> Served:
    """Start the server and wait until /readyz says ready (it listens on 127.0.0.1)."""
    port = free_port()
    clean = {k: v for k, v in os.environ.items() if not k.startswith("GRAPHSVC_")}
    clean.update(GRAPHSVC_DATA_DIR=str(data_dir), GRAPHSVC_DATABASE_URL="", **env)
    # The log goes to a file: a pipe nobody reads fills up and blocks the server.
    log_path = data_dir.parent / f"serve-{port}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "graphsvc", "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=clean,
            stdout=subprocess.DEVNULL,
            stderr=log,
            text=True,
        )
    served = Served(process, f"http://127.0.0.1:{port}", data_dir, log_path)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"graphsvc serve exited: {served.stop()}")
        try:
            if httpx.get(served.url + "/readyz", timeout=2).status_code == 200:
                return served
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"graphsvc serve did not become ready: {served.stop()}")
