"""`pip install .` outside the checkout gives a graphsvc that finds its queries and loaders."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support.raw import REPO

PROBE = """
import json, graphsvc, loaders
from graphsvc.queries import Catalog, cypher_root
from graphsvc.cli import sample_path
print(json.dumps({
    "graphsvc": graphsvc.__file__, "loaders": loaders.__file__,
    "cypher_root": str(cypher_root()), "names": len(Catalog("falkordb").names()),
    "sample": sample_path().is_file(),
}))
"""


def test_a_wheel_installed_outside_the_checkout_finds_queries_loaders_and_sample(
    tmp_path: Path,
) -> None:
    wheels, target = tmp_path / "wheels", tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(wheels), str(REPO)],
        check=True,
        timeout=600,
        capture_output=True,
    )
    [wheel] = list(wheels.glob("graphsvc-*.whl"))
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=600,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(target)}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = json.loads(done.stdout)
    assert found["graphsvc"].startswith(str(target))
    assert found["loaders"].startswith(str(target))
    assert found["cypher_root"].startswith(str(target))
    assert found["names"] > 20 and found["sample"] is True
    loaded = subprocess.run(
        [
            sys.executable,
            "-m",
            "graphsvc",
            "load",
            "openalex",
            str(target / "graphsvc" / "sample" / "openalex_works_sample.jsonl.gz"),
        ],
        cwd=tmp_path,
        env={**env, "GRAPHSVC_DATA_DIR": str(tmp_path / "data")},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert loaded.returncode == 0, loaded.stderr
    assert "294" in loaded.stderr
