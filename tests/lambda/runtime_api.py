"""A local AWS Lambda Runtime API (version 2018-06-01) for tests and the benchmark.

The Runtime API is four HTTP endpoints the function's runtime client calls in a loop:
  GET  /2018-06-01/runtime/invocation/next            -> the next event (blocks until one is queued)
  POST /2018-06-01/runtime/invocation/{id}/response   -> the function's answer
  POST /2018-06-01/runtime/invocation/{id}/error      -> a failed invocation
  POST /2018-06-01/runtime/init/error                 -> the runtime could not start
`invoke()` queues an event and waits for its answer, like the Lambda service does.
"""

import json
import queue
import socket
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PREFIX = "/2018-06-01/runtime"


class RuntimeApi:
    def __init__(self, function_arn="arn:aws:lambda:eu-west-2:123456789012:function:flowkeys-test"):
        self.function_arn = function_arn
        self._events = queue.Queue()
        self._results = {}
        self._cond = threading.Condition()
        self.init_error = None
        self.first_poll_at = None
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # keep test output clean
                pass

            def setup(self):
                super().setup()
                # Headers and body go out in two writes; without this, Nagle's algorithm and the
                # client's delayed ACK add ~40 ms to every answer.
                self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def _body(self):
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    data = b""
                    while True:
                        size = int(self.rfile.readline().strip().split(b";")[0], 16)
                        if size == 0:
                            while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                                pass
                            return data
                        data += self.rfile.read(size)
                        self.rfile.readline()
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def _reply(self, status, payload=b"", headers=None):
                self.send_response(status)
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):  # noqa: N802
                if self.path != f"{PREFIX}/invocation/next":
                    return self._reply(404, b'{"errorMessage":"unknown path"}')
                if api.first_poll_at is None:
                    api.first_poll_at = time.monotonic()
                request_id, body, deadline_ms = api._events.get()
                self._reply(200, body, {
                    "Lambda-Runtime-Aws-Request-Id": request_id,
                    "Lambda-Runtime-Deadline-Ms": str(deadline_ms),
                    "Lambda-Runtime-Invoked-Function-Arn": api.function_arn,
                    "Lambda-Runtime-Trace-Id": "Root=1-00000000-000000000000000000000000;Sampled=0",
                })

            def do_POST(self):  # noqa: N802
                body = self._body()
                parts = self.path[len(PREFIX):].strip("/").split("/")
                if parts == ["init", "error"]:
                    with api._cond:
                        api.init_error = body
                        api._cond.notify_all()
                    return self._reply(202, b'{"status":"OK"}')
                if len(parts) == 3 and parts[0] == "invocation" and parts[2] in ("response", "error"):
                    with api._cond:
                        api._results[parts[1]] = (parts[2], body)
                        api._cond.notify_all()
                    return self._reply(202, b'{"status":"OK"}')
                return self._reply(404, b'{"errorMessage":"unknown path"}')

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                # A function process stopped while its long poll was open: expected, not news.
                if not isinstance(sys.exc_info()[1], (ConnectionError, BrokenPipeError)):
                    super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def address(self):
        host, port = self.server.server_address[:2]
        return f"{host}:{port}"

    def invoke(self, event, timeout=30.0, deadline_s=8.0):
        """Queues `event`; returns ("response" | "error", parsed body). Raises TimeoutError."""
        request_id = str(uuid.uuid4())
        deadline_ms = int((time.time() + deadline_s) * 1000)
        self._events.put((request_id, json.dumps(event).encode(), deadline_ms))
        end = time.monotonic() + timeout
        with self._cond:
            while request_id not in self._results:
                if self.init_error is not None:
                    raise RuntimeError(f"the runtime reported an init error: {self.init_error!r}")
                left = end - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no answer to invocation {request_id} within {timeout} s")
                self._cond.wait(left)
            kind, body = self._results.pop(request_id)
        return kind, json.loads(body) if body else None

    def close(self):
        self.server.shutdown()
        self.server.server_close()
