"""What this Python has of what bench/peers needs: one JSON line on stdout.

``{"python": "3.11.7", "executable": ..., "modules": {"gradio": "6.25.0" | null, ...}}``. A module is
null when it does not import; ``ray.serve`` needs the ``ray[serve]`` extra. With ``--model FILE``,
also ``rowMs``: the median time of one row through onnxruntime here (default session options), the
Python side's raw loop, to put next to the Node raw loop's.
"""

from __future__ import annotations

import argparse
import importlib
import json
import statistics
import sys
import time
from typing import Any

from peer_common import offline_environment, version_of

MODULES = {"gradio": "gradio", "ray.serve": "ray", "onnxruntime": "onnxruntime", "numpy": "numpy"}


def imported_version(module: str, package: str) -> str | None:
    try:
        importlib.import_module(module)
    except Exception:  # any failure to import means the server cannot run
        return None
    return version_of(package) or "unknown"


def row_ms(model: str, runs: int) -> float:
    import numpy as np
    import onnxruntime as ort

    session = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
    width = int(session.get_inputs()[0].shape[1])
    x = np.full((1, width), 0.25, dtype=np.float32)
    for _ in range(3):
        session.run(["y"], {"x": x})
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        session.run(["y"], {"x": x})
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description="What this Python has of what bench/peers needs.")
    parser.add_argument("--model", help="also time one row of this model through onnxruntime")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    offline_environment()
    report: dict[str, Any] = {"python": sys.version.split()[0], "executable": sys.executable}
    report["modules"] = {module: imported_version(module, package) for module, package in MODULES.items()}
    if args.model and report["modules"]["onnxruntime"] and report["modules"]["numpy"]:
        report["rowMs"] = row_ms(args.model, args.runs)
    sys.stdout.write(json.dumps(report) + "\n")


if __name__ == "__main__":
    main()
