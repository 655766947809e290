"""What the peer servers of bench/peers share (docs/performance.md, "Against the peers").

Each server is started by bench/peers/run.ts with the model file and a port. Once it serves, it
prints one line on stdout, ``PEERS-READY {json}`` (its URL, its pid, the versions it runs and the
settings it ended up with), then serves until its stdin closes: the harness closes it to stop the
server, and a harness that dies closes it too, so no server outlives a run. Everything else goes to
stderr. Only 127.0.0.1 is used.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import sys
from typing import Any


def base_arguments(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--model", required=True, help="the bench's cost.onnx (input x [batch, width] -> y)")
    parser.add_argument("--port", type=int, required=True, help="the port to serve on")
    parser.add_argument("--host", default="127.0.0.1", help="the address to serve on (default 127.0.0.1)")
    return parser


def offline_environment() -> None:
    """No telemetry, update checks or Hub calls: the run talks to 127.0.0.1 only."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"


def version_of(package: str) -> str | None:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None


def versions(*packages: str) -> dict[str, str | None]:
    found: dict[str, str | None] = {"python": sys.version.split()[0]}
    for package in packages:
        found[package] = version_of(package)
    return found


def ready(url: str, info: dict[str, Any]) -> None:
    """Tells the harness where to send requests; the line it waits for."""
    line = json.dumps({"url": url, "pid": os.getpid(), **info}, default=str)
    sys.stdout.write(f"PEERS-READY {line}\n")
    sys.stdout.flush()


def serve_until_stdin_closes() -> None:
    """Blocks the main thread until the harness closes our stdin (or goes away)."""
    try:
        sys.stdin.read()
    except KeyboardInterrupt:
        pass
