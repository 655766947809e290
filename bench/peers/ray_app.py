"""The bench's ONNX model served by Ray Serve (docs/performance.md, "Against the peers").

One deployment with Ray Serve's defaults (one replica, ``max_ongoing_requests`` 5, the default
actor options), written as the Ray Serve quickstart writes its model: ``async def __call__(self,
request)`` reads the JSON body and calls the model. The body is the row (a JSON list of `width`
floats); the answer is the JSON demo-desktop's model function gives, ``{"y": {"dims": [1, width],
"data": [...]}}``, so the bytes on the wire match the other servers'. The model runs in one
onnxruntime session with default options (CPU provider, graph optimisation "all", ORT's default
threads), as the raw loop does.

Ray starts a local cluster of its own (``address="local"``: never an existing one) with the
dashboard off (less background CPU for Ray) and its session files under ``--temp-dir``, and Serve's
HTTP proxy on 127.0.0.1. POST ``/infer`` is the route. ``--max-ongoing-requests N`` overrides the
default. Usage stats are off; nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import logging
from typing import Any

from peer_common import base_arguments, offline_environment, ready, serve_until_stdin_closes, versions

ROUTE = "/infer"


def make_deployment(serve: Any, max_ongoing_requests: int | None) -> Any:
    options: dict[str, Any] = {} if max_ongoing_requests is None else {"max_ongoing_requests": max_ongoing_requests}

    class Model:
        def __init__(self, model_path: str) -> None:
            import numpy as np
            import onnxruntime as ort

            self.np = np
            self.session = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])

        async def __call__(self, request: Any) -> dict[str, Any]:
            row = await request.json()
            x = self.np.asarray(row, dtype=self.np.float32).reshape(1, -1)
            (y,) = self.session.run(["y"], {"x": x})
            return {"y": {"dims": list(y.shape), "data": y.reshape(-1).tolist()}}

    return serve.deployment(**options)(Model)


def effective_settings(deployment: Any) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    for name in ("num_replicas", "max_ongoing_requests", "ray_actor_options"):
        settings[name] = getattr(deployment, name, "unknown")
    return settings


def main() -> None:
    parser = base_arguments("Serve the bench's ONNX model with Ray Serve.")
    parser.add_argument("--temp-dir", required=True, help="Ray's session files (the harness finds Ray's processes by it)")
    parser.add_argument("--max-ongoing-requests", type=int, default=None, help="the deployment's max_ongoing_requests (default: Ray Serve's)")
    args = parser.parse_args()
    offline_environment()

    import ray
    from ray import serve

    ray.init(address="local", include_dashboard=False, _temp_dir=args.temp_dir, logging_level=logging.WARNING)
    serve.start(http_options={"host": args.host, "port": args.port})
    deployment = make_deployment(serve, args.max_ongoing_requests)
    serve.run(deployment.bind(args.model), name="peers", route_prefix=ROUTE)
    ready(
        f"http://{args.host}:{args.port}{ROUTE}",
        {
            "server": "ray",
            "versions": versions("ray", "onnxruntime", "numpy", "starlette", "uvicorn"),
            "settings": effective_settings(deployment),
        },
    )
    serve_until_stdin_closes()
    serve.shutdown()
    ray.shutdown()


if __name__ == "__main__":
    main()
