"""Conformance of a demo-desktop server with the unmodified Python gradio_client.

Usage: python3 test/python/conformance.py <BASE URL>

The server must serve the demo project of test/server/support/demo-app.ts (greet, count, slow,
boom, makeFile, readText, echoFile). Each check prints one line, "PASS <name>" or
"FAIL <name>: <why>", then a closing "N passed, N failed" line; the exit status is 0 only if every
check passed, 2 when gradio_client is not installed (nothing was checked).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path
from typing import Any, Callable

try:
    from gradio_client import Client, handle_file
    from gradio_client.exceptions import AppError
except ImportError as error:  # pragma: no cover - depends on the machine
    print(f"gradio_client is not installed ({error}); install it with: pip install gradio_client", file=sys.stderr)
    sys.exit(2)


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def check_handshake(client: Client, _: Path) -> None:
    api = client.view_api(print_info=False, return_format="dict")
    expect(isinstance(api, dict), f"view_api returned {type(api).__name__}")
    named = api["named_endpoints"]
    for name in ("/greet", "/count", "/slow", "/boom", "/makeFile", "/readText"):
        expect(name in named, f"{name} missing from /info: {sorted(named)}")
    expect("/hidden_greet" not in named, "an undocumented endpoint is listed")
    greet = named["/greet"]["parameters"]
    expect([p["parameter_name"] for p in greet] == ["name"], f"greet parameters: {greet}")


def check_predict_positional(client: Client, _: Path) -> None:
    result = client.predict("World", api_name="/greet")
    expect(result == "Hello World!", f"got {result!r}")


def check_predict_keyword(client: Client, _: Path) -> None:
    result = client.predict(name="Keyword", api_name="/greet")
    expect(result == "Hello Keyword!", f"got {result!r}")


def check_generator(client: Client, _: Path) -> None:
    job = client.submit(3, api_name="/count")
    streamed = [output for output in job]
    final = job.result(timeout=30)
    expect(final == "1 2 3", f"final {final!r}")
    expect(len(streamed) >= 1 and streamed[-1] == "1 2 3", f"streamed {streamed!r}")
    expect(all(isinstance(o, str) for o in job.outputs()), f"outputs {job.outputs()!r}")


def check_file_upload(client: Client, workdir: Path) -> None:
    source = workdir / "hello.txt"
    source.write_text("hello python")
    result = client.predict(handle_file(str(source)), api_name="/readText")
    expect(result == "hello.txt -> hello python", f"got {result!r}")


def check_file_download(client: Client, workdir: Path) -> None:
    local = client.predict("from python", api_name="/makeFile")
    expect(isinstance(local, str) and Path(local).is_file(), f"not a downloaded file: {local!r}")
    expect(Path(local).read_text() == "note: from python", f"content {Path(local).read_text()!r}")
    source = workdir / "bytes.bin"
    source.write_bytes(bytes(range(256)) * 4)
    echoed = client.predict(handle_file(str(source)), api_name="/echoFile")
    expect(Path(echoed).read_bytes() == source.read_bytes(), "echoed file differs")


def check_error(client: Client, _: Path) -> None:
    try:
        client.predict("x", api_name="/boom")
    except AppError as error:
        expect("boom: x" in str(error), f"message {error}")
        return
    raise AssertionError("no AppError raised")


def check_cancel(client: Client, _: Path) -> None:
    job = client.submit(20_000, api_name="/slow")
    deadline = time.monotonic() + 10
    while job.status().code.name not in ("PROCESSING", "ITERATING", "PROGRESS") and time.monotonic() < deadline:
        time.sleep(0.05)
    expect(job.status().code.name in ("PROCESSING", "ITERATING", "PROGRESS"), f"never started: {job.status().code}")
    started = time.monotonic()
    expect(bool(job.cancel()), "cancel() returned false")
    while not job.done() and time.monotonic() - started < 10:
        time.sleep(0.05)
    expect(job.done(), "the cancelled job is still running after 10 s")
    expect(time.monotonic() - started < 10, "cancel took as long as the job")
    # The client and the server are still good for another call.
    expect(client.predict("again", api_name="/greet") == "Hello again!", "predict after cancel failed")


CHECKS: list[tuple[str, Callable[[Client, Path], None]]] = [
    ("handshake", check_handshake),
    ("predict positional", check_predict_positional),
    ("predict keyword", check_predict_keyword),
    ("generator", check_generator),
    ("file upload", check_file_upload),
    ("file download", check_file_download),
    ("error", check_error),
    ("cancel", check_cancel),
]


def run_with_timeout(fn: Callable[[], Any], seconds: float) -> None:
    """Runs fn in a thread so one hung check cannot hang the whole script."""
    failure: list[BaseException] = []

    def target() -> None:
        try:
            fn()
        except BaseException as error:  # noqa: BLE001 - reported, not swallowed
            failure.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise TimeoutError(f"no answer within {seconds} s")
    if failure:
        raise failure[0]


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 64
    base = argv[1]
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="gradio-conformance-") as tmp:
        workdir = Path(tmp)
        client = Client(base, verbose=False, download_files=str(workdir / "downloads"))
        try:
            for name, check in CHECKS:
                try:
                    run_with_timeout(lambda: check(client, workdir), 60)
                    print(f"PASS {name}", flush=True)
                    passed += 1
                except BaseException as error:  # noqa: BLE001 - every failure is reported
                    reason = f"{type(error).__name__}: {error}".replace("\n", " ")
                    print(f"FAIL {name}: {reason}", flush=True)
                    traceback.print_exc(file=sys.stderr)
                    failed += 1
        finally:
            close = getattr(client, "close", None)
            if callable(close):
                close()
    print(f"{passed} passed, {failed} failed", flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    code = main(sys.argv)
    sys.stdout.flush()
    sys.stderr.flush()
    # The client's heartbeat thread must not keep the interpreter alive.
    os._exit(code)
