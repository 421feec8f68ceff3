"""The yardstick for API throughput: a bare JSON endpoint on the same uvicorn, same options.

``python -m benchmarks.bare --port P`` serves ``GET /`` with a constant JSON body about the
size of a profile. The harness measures both this and ``GET /researchers/{id}`` with the
same load generator in the same run, so their ratio says what graphsvc's own work costs.
"""

from __future__ import annotations

import argparse
from typing import Any

import orjson
import uvicorn

BODY = orjson.dumps(
    {
        "id": "A9000000001",
        "name": "Synthetic Author 1",
        "affiliation": {"id": "I9000000001", "name": "Synthetic Institution 1"},
        "works_count": 400,
        "topics_count": 120,
        "followers_count": 0,
        "close_collaborators_count": 35,
        "top_topics": [
            {"id": f"T{i}", "name": f"Synthetic Topic {i}", "works": i} for i in range(5)
        ],
    }
)
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(BODY)).encode())]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """A plain ASGI app: no framework, no validation, no engine."""
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": BODY})


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(app, host="127.0.0.1", port=args.port, log_level="warning", access_log=False)


if __name__ == "__main__":
    main()
