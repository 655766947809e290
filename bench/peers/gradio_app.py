"""The bench's ONNX model served by Gradio (docs/performance.md, "Against the peers").

A Blocks app shaped like the demo-desktop project the bench serves: a JSON input (the row, a list of
`width` floats), a JSON output, and one event, ``row.change(infer, api_name="infer")``. ``infer`` runs
the row through one onnxruntime session opened with default options (CPU provider, graph
optimisation "all", ORT's default threads), as the raw loop does, and answers the same JSON as
demo-desktop's model function: ``{"y": {"dims": [1, width], "data": [...]}}``. So both servers get
and send the same bytes over the same queue protocol (``queue/join`` + the ``queue/data`` stream).

Queue: Gradio's defaults (``launch()`` enables the queue; the event's ``concurrency_limit`` is
"default", i.e. ``default_concurrency_limit`` = 1 unless GRADIO_DEFAULT_CONCURRENCY_LIMIT is set,
which the harness removes from our environment). ``--concurrency-limit N|none`` overrides it.
Launched on 127.0.0.1 with ``ssr_mode=False`` (no Node page server; the API is unaffected), no
share link, analytics off. Prints the effective concurrency limit in its ready line.
"""

from __future__ import annotations

from typing import Any

from peer_common import base_arguments, offline_environment, ready, serve_until_stdin_closes, versions


def listener_options(limit: str) -> dict[str, Any]:
    if limit == "default":
        return {}
    if limit == "none":
        return {"concurrency_limit": None}
    return {"concurrency_limit": int(limit)}


def effective_limits(demo: Any) -> dict[str, Any]:
    """The queue's default limit and its limit per concurrency id (private attributes: best effort, for the report only)."""
    try:
        queue = demo._queue
        per_id = {str(key): events.concurrency_limit for key, events in queue.event_queue_per_concurrency_id.items()}
        return {"default_concurrency_limit": queue.default_concurrency_limit, "per_concurrency_id": per_id}
    except AttributeError:
        return {"unknown": "gradio internals changed"}


def main() -> None:
    parser = base_arguments("Serve the bench's ONNX model with Gradio.")
    parser.add_argument("--concurrency-limit", default="default", help='the event\'s concurrency_limit: "default" (Gradio\'s), "none" or N')
    args = parser.parse_args()
    offline_environment()

    import gradio as gr
    import numpy as np
    import onnxruntime as ort

    session = ort.InferenceSession(args.model, providers=["CPUExecutionProvider"])

    def infer(row: list[float]) -> dict[str, Any]:
        x = np.asarray(row, dtype=np.float32).reshape(1, -1)
        (y,) = session.run(["y"], {"x": x})
        return {"y": {"dims": list(y.shape), "data": y.reshape(-1).tolist()}}

    with gr.Blocks(analytics_enabled=False, title="peers bench") as demo:
        row = gr.JSON(label="Row")
        out = gr.JSON(label="Output")
        row.change(infer, inputs=row, outputs=out, api_name="infer", **listener_options(args.concurrency_limit))

    demo.launch(
        server_name=args.host,
        server_port=args.port,
        prevent_thread_lock=True,
        quiet=True,
        share=False,
        ssr_mode=False,
    )
    ready(
        f"http://{args.host}:{args.port}/",
        {
            "server": "gradio",
            "versions": versions("gradio", "gradio_client", "onnxruntime", "numpy"),
            "settings": {"concurrency_limit": args.concurrency_limit, "effective_limits": effective_limits(demo)},
        },
    )
    serve_until_stdin_closes()
    demo.close()


if __name__ == "__main__":
    main()
