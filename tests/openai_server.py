"""A local HTTP server that speaks the OpenAI chat-completions protocol with scripted answers (a test double that is
a real server: the openai client talks to it over TCP as to vLLM or Ollama)."""

from __future__ import annotations

import http.server
import json
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Reply:
    content: str | None = None  # the assistant's message (status 200)
    status: int = 200
    delay: float = 0.0  # seconds before answering (longer than the client's timeout: a timeout)
    headers: dict[str, str] = field(default_factory=dict)
    refuse_schema: bool = False  # answer 400 to a request with response_format, like a server without JSON schema
    logprobs: dict[str, float] | None = None  # first token's alternatives


def bullets(*texts: str) -> Reply:
    return Reply(json.dumps({"bullets": list(texts)}, ensure_ascii=False))


class ScriptedServer:
    """Answers POST /v1/chat/completions with the next scripted reply; every request is kept in ``requests``."""

    def __init__(self) -> None:
        self.script: list[Reply] = []
        self.requests: list[dict] = []
        self.refuse_schema = False
        owner = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802 - http.server API
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)) or b"{}")
                owner.requests.append(body)
                if self.path != "/v1/chat/completions":
                    return self._send(404, {"error": {"message": "not found"}})
                if owner.refuse_schema and "response_format" in body:
                    return self._send(400, {"error": {"message": "response_format is not supported", "type": "invalid_request_error"}})
                reply = owner.script.pop(0) if owner.script else Reply(status=500, content="no scripted reply left")
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.status != 200:
                    return self._send(reply.status, {"error": {"message": reply.content or "error"}}, reply.headers)
                choice = {"index": 0, "message": {"role": "assistant", "content": reply.content}, "finish_reason": "stop"}
                if reply.logprobs:
                    first = max(reply.logprobs, key=reply.logprobs.get)
                    choice["logprobs"] = {"content": [{"token": first, "logprob": reply.logprobs[first], "bytes": None, "top_logprobs": [
                        {"token": t, "logprob": lp, "bytes": None} for t, lp in reply.logprobs.items()]}]}
                self._send(200, {"id": f"chatcmpl-{len(owner.requests)}", "object": "chat.completion", "created": int(time.time()),
                                 "model": body.get("model", "test"), "choices": [choice],
                                 "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}}, reply.headers)

            def _send(self, status: int, data: dict, headers: dict | None = None):
                raw = json.dumps(data, ensure_ascii=False).encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(raw)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (timeout)

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
