#!/usr/bin/env python3
"""PromptDeck's local HTTP test server: an OpenAI-compatible / Portkey-like API with failure scenarios.

Python 3.11 standard library only. Start it with no arguments: it binds 127.0.0.1 on a free port, prints
`PORT <n>` as its first stdout line, and serves until killed, until its stdin reaches EOF, or until its
parent process dies (it never outlives the test run).

URL form: http://127.0.0.1:PORT/<scenario>/v1/<endpoint>; without a scenario segment (/v1/...) the scenario
is `ok`. Endpoints: POST completions, chat/completions, prompts/<id>/completions, prompts/<id>/render;
GET models. GET /__requests lists recorded requests (JSON), POST /__reset clears them.

Generated content is deterministic: the words of the last user message (chat) or of the prompt
(completions) in reverse order, one word per token and per stream chunk; choice i rotates that word list
left by i. An empty prompt answers "Hello from the PromptDeck test server". max_tokens (or
max_completion_tokens) cuts the words and sets finish_reason "length"; otherwise finish_reason is "stop".
See README.md next to this file for the scenario list.
"""

import json
import os
import select
import socket
import ssl
import stat
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pd_conversations as conversations
import pd_payloads as payloads
import pd_portkey_admin as portkey_admin

RECORDED = []
RECORDED_LOCK = threading.Lock()

STATUS_BODIES = {
    "401": (401, {"error": {"message": "Incorrect API key provided: sk-test***.", "type": "invalid_request_error",
                            "param": None, "code": "invalid_api_key"}}),
    "403": (403, {"error": {"message": "You are not allowed to use this model.", "type": "permission_denied",
                            "param": None, "code": "model_not_allowed"}}),
    "404": (404, {"error": {"message": "The model `no-such-model` does not exist.", "type": "invalid_request_error",
                            "param": "model", "code": "model_not_found"}}),
    "429": (429, {"error": {"message": "Rate limit reached for requests. Please try again in 7s.",
                            "type": "requests", "param": None, "code": "rate_limit_exceeded"}}),
    "500": (500, {"error": {"message": "The server had an error while processing your request.",
                            "type": "server_error", "param": None, "code": None}}),
    "503": (503, {"status": "failure", "message": "All providers are unavailable (test server scenario 503)."}),
}

# GET /<scenario>/v1/models answers; any other scenario lists the one model "test-model".
MODEL_LISTS = {
    "models-one": ["solo-model"],
    "models-several": ["alpha-model", "beta-model", "gamma-model"],
    "models-none": [],
}

HTML_PAGE = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
             b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


# The "busy-<status>-<n>" scenarios' state: how often each distinct request body was turned away.
BUSY_SEEN = {}
BUSY_LOCK = threading.Lock()


# The "one-slot" scenario's state: the newest request's number (an older stream stops when it changes), per
# scenario name: "one-slot-NAME" is a server of its own, so tests running at once do not cut each other's streams.
ONE_SLOT = {}
ONE_SLOT_LOCK = threading.Lock()

# The "llama-cpp-python" scenario: the id it serves (llama-cpp-python names the model by its --model path), its
# one slot, and how many requests wait for it (a stream in progress gives way when one does).
LLAMA_CPP_MODEL = "/models/SmolLM2-135M-Instruct.Q4_1.gguf"
LLAMA_CPP_SLOT = threading.Lock()
LLAMA_CPP_WAITING = {"count": 0}
LLAMA_CPP_WAITING_LOCK = threading.Lock()
LLAMA_CPP_PACE = 0.05  # seconds a token


class LlamaCppPythonPlan(payloads.Plan):
    """A plan shaped like llama-cpp-python 0.3.36's answers (seen by scripts/test-real-server): one choice whatever
    `n` asks; no `system_fingerprint`; the served path as `model`, except chat streams, which echo the request's
    `model`; chat streams open with `delta: {"role": "assistant"}` (no `content`); text_offset counts from the
    start of the prompt; and at every third token the sampled token is not among the k most likely, so
    top_logprobs holds k + 1 entries (the sampled one last, with a low logprob)."""

    def __init__(self, request, chat, stream):
        super().__init__(dict(request, n=1), chat)
        self.requested_model = request.get("model")
        self.model = self.requested_model if chat and stream and self.requested_model else LLAMA_CPP_MODEL
        prompt = request.get("prompt", "")
        self.prompt_chars = len(prompt) if isinstance(prompt, str) else len(" ".join(str(p) for p in prompt or []))

    def envelope(self, choices, chunk):
        body = super().envelope(choices, chunk)
        del body["system_fingerprint"]
        return body

    def sampled_outside_top(self, position):
        return position % 3 == 2

    def top_entries(self, token, position):
        if not self.sampled_outside_top(position):
            return super().top_entries(token, position)
        likelier = [("alt%d" % k, -0.2 - 0.5 * (k - 1)) for k in range(1, (self.top or 0) + 1)]
        return likelier + [(token, self.logprob(position))]

    @staticmethod
    def logprob(position):
        return -2.5 if position % 3 == 2 else payloads.Plan.logprob(position)

    def text_logprobs(self, tokens, start, offset):
        return super().text_logprobs(tokens, start, offset + self.prompt_chars)

    def chat_logprobs(self, tokens, start):
        result = super().chat_logprobs(tokens, start)
        for entry in (result or {}).get("content", []):
            entry["bytes"] = None
            for alternative in entry["top_logprobs"]:
                alternative["bytes"] = None
        return result

    def stream_events(self, usage=True, timings=False):
        events = super().stream_events(usage=False)
        if self.chat:
            role = json.loads(events[0][len(b"data: "):])
            role["choices"][0]["delta"] = {"role": "assistant"}
            events[0] = payloads.encode_event(role)
        return events


def split_scenario(path):
    """'/slow-50/v1/chat/completions?x' -> ('slow-50', '/v1/chat/completions')."""
    bare = urlsplit(path).path
    segments = bare.split("/")
    if len(segments) > 2 and segments[1] and segments[1] not in ("v1", "__requests", "__reset"):
        return segments[1], "/" + "/".join(segments[2:])
    return "ok", bare


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "pd-testserver/1"

    def setup(self):
        super().setup()
        # Headers and body go out in separate writes: without NODELAY, Nagle + delayed ACK add ~40 ms.
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.dispatch()

    def do_POST(self):
        self.dispatch()

    def do_PUT(self):
        self.dispatch()

    def do_DELETE(self):
        self.dispatch()

    # Reading and recording

    def read_body(self):
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get("Content-Length", "0") or "0")
        return self.rfile.read(length) if length > 0 else b""

    def record(self, body):
        entry = {
            "method": self.command,
            "path": self.path,
            "headers": [{"name": k, "value": v} for k, v in self.headers.items()],
            "body": body.decode("utf-8", "replace"),
        }
        with RECORDED_LOCK:
            RECORDED.append(entry)

    # Writing

    def send_bytes(self, status, body, content_type="application/json", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def send_json(self, status, obj, extra=()):
        self.send_bytes(status, json.dumps(obj).encode(), extra=extra)

    def start_stream(self, extra=(), chunked=True):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.flush()

    def write_chunk(self, data):
        if data:
            self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def end_chunks(self):
        self.wfile.write(b"0\r\n\r\n")

    # Routing

    def dispatch(self):
        body = self.read_body()
        scenario, path = split_scenario(self.path)
        if path == "/__requests" and self.command == "GET":
            with RECORDED_LOCK:
                listing = list(RECORDED)
            return self.send_json(200, listing)
        if path == "/__reset" and self.command == "POST":
            with RECORDED_LOCK:
                RECORDED.clear()
            return self.send_json(200, {"ok": True})
        self.record(body)
        try:
            request = json.loads(body) if body.strip() else {}
        except ValueError:
            return self.send_json(400, {"error": {"message": "We could not parse the JSON body of your request.",
                                                  "type": "invalid_request_error", "param": None, "code": None}})
        if not isinstance(request, dict):
            request = {}
        self.answer(scenario, path, request)

    def answer(self, scenario, path, request):
        if portkey_admin.is_admin_scenario(scenario):
            return self.portkey_admin(scenario, path, request)
        if scenario.startswith("busy-"):
            # busy-503-1: the first request with a given body gets a 503 (busy-429-N: a 429 with
            # retry-after: 0), N times; the same body sent again after that is answered as "ok".
            _, status, count = scenario.split("-")
            key = (scenario, json.dumps(request, sort_keys=True))
            with BUSY_LOCK:
                seen = BUSY_SEEN.get(key, 0)
                BUSY_SEEN[key] = seen + 1
            if seen < int(count):
                extra = [("retry-after", "0")] if status == "429" else []
                return self.send_json(int(status), STATUS_BODIES[status][1], extra)
            scenario = "ok"
        if scenario in STATUS_BODIES:
            status, obj = STATUS_BODIES[scenario]
            extra = [("retry-after", "7")] if scenario == "429" else []
            return self.send_json(status, obj, extra)
        if scenario == "html":
            return self.send_bytes(502, HTML_PAGE, "text/html")
        if scenario == "empty":
            return self.send_bytes(200, b"")
        if scenario == "notjson":
            return self.send_bytes(200, b"this is not JSON {{{ <garbage> \x01\x02 ]]]\n", "text/plain")
        if scenario == "redirect":
            return self.send_bytes(307, b"", extra=[("Location", "/ok" + path)])
        if scenario == "stall":
            return self.stall()
        if scenario.startswith("bench-"):
            return self.bench(scenario)
        if path == "/v1/models" and self.command == "GET" and scenario == "llama-cpp-python":
            return self.send_json(200, {"object": "list", "data": [
                {"id": LLAMA_CPP_MODEL, "object": "model", "owned_by": "me", "permissions": []}]})
        if path == "/v1/models" and self.command == "GET":
            ids = MODEL_LISTS.get(scenario, ["test-model"])
            return self.send_json(200, {"object": "list", "data": [
                {"id": i, "object": "model", "created": 1700000000, "owned_by": "pd-testserver"} for i in ids]})
        if self.command != "POST":
            return self.not_found(path)
        parts = path.strip("/").split("/")
        if parts[:2] == ["v1", "prompts"] and len(parts) == 4:
            return self.hosted_prompt(scenario, parts[2], parts[3], request)
        if path == "/v1/chat/completions":
            return self.completion(scenario, request, chat=True)
        if path == "/v1/completions":
            return self.completion(scenario, request, chat=False)
        return self.not_found(path)

    def portkey_admin(self, scenario, path, request):
        """The `admin` / `admin-<name>` scenarios: Portkey's Admin API for prompts (pd_portkey_admin.py)."""
        query = dict(parse_qsl(urlsplit(self.path).query))
        status, obj = portkey_admin.handle(scenario, self.command, path, query, self.headers, request)
        if status == "completion":
            obj.update({k: v for k, v in request.items() if k != "variables"})
            obj["stream"] = bool(request.get("stream", False))
            return self.completion("ok", obj, chat=True)
        return self.send_json(status, obj)

    def not_found(self, path):
        self.send_json(404, {"error": {"message": f"Unknown request URL: {self.command} {path}.",
                                       "type": "invalid_request_error", "param": None, "code": "unknown_url"}})

    def hosted_prompt(self, scenario, prompt_id, action, request):
        base_id = prompt_id.split("@")[0]
        if base_id == "missing":
            return self.send_json(404, {"status": "failure", "message": f"Prompt {prompt_id} not found"})
        rendered = payloads.render_prompt(base_id, request)
        if action == "render":
            return self.send_json(200, {"success": True, "data": rendered})
        if action != "completions":
            return self.not_found(self.path)
        merged = dict(rendered)
        merged["stream"] = bool(request.get("stream", False))
        wrap = base_id.endswith("-wrapped") and not merged["stream"]
        self.completion(scenario, merged, chat=True, wrap=wrap)

    # Completions

    def completion(self, scenario, request, chat, wrap=False):
        if chat and (scenario in conversations.REASONING_SCENARIOS or scenario == "tools"):
            return self.conversation_answer(scenario, request)
        if (scenario == "one-slot" or scenario.startswith("one-slot-")) and request.get("stream", False):
            return self.one_slot_stream(scenario, payloads.Plan(request, chat))
        if scenario == "llama-cpp-python":
            return self.llama_cpp_python(request, chat)
        plan = payloads.Plan(request, chat)
        if scenario == "cached":
            plan.cached_tokens = min(2, plan.prompt_tokens)
        extra = []
        if scenario == "portkey":
            extra = [("x-portkey-trace-id", "pd-trace-0001"), ("x-portkey-cache-status", "MISS"),
                     ("x-portkey-retry-attempt-count", "0")]
        delay = payloads.slow_delay(scenario)
        if not request.get("stream", False):
            if delay:
                time.sleep(delay)
            obj = plan.full_response()
            if scenario == "no-usage":
                del obj["usage"]
            elif scenario == "llama":
                obj["timings"] = plan.timings()
            if wrap:
                obj = {"status": 200, "headers": {}, "body": obj}
            if scenario in ("cut", "cut-chunked"):
                return self.truncated_json(obj)
            return self.send_json(200, obj, extra)
        events = plan.stream_events(usage=scenario not in ("no-usage", "llama"), timings=scenario == "llama")
        if scenario == "hugeline":
            events = payloads.hugeline_events(plan)
        if scenario in ("cut", "cut-chunked"):
            events = events[:3]
        elif scenario == "garbage":
            events = events[:2] + [b"data: {this is not json\n\n"] + events[2:]
        elif scenario == "comments":
            events = payloads.with_comments(events)
        elif scenario == "stream-error":
            events = events[:3] + [payloads.STREAM_ERROR]
        if scenario in ("crlf", "cr"):
            ending = b"\r\n" if scenario == "crlf" else b"\r"
            events = [e.replace(b"\n", ending) for e in events]
        self.start_stream(extra, chunked=scenario != "cut")
        for index, event in enumerate(events):
            if delay and index > 0:
                time.sleep(delay)
            if scenario == "cut":
                self.wfile.write(event)
            else:
                self.write_chunk(event)
        if scenario not in ("cut", "cut-chunked"):
            self.end_chunks()
        else:
            self.close_connection = True

    def conversation_answer(self, scenario, request):
        """The `reasoning`, `reasoning-field` and `tools` scenarios (see pd_conversations.py)."""
        stream = request.get("stream", False)
        if scenario == "tools":
            calls = conversations.planned_calls(request)
            plan = payloads.Plan(conversations.tool_results_request(request), True)
            if not calls:
                events, body = plan.stream_events(), plan.full_response()
            else:
                events = conversations.tool_call_events(plan, calls)
                body = conversations.tool_call_response(plan, calls)
        else:
            plan = payloads.Plan(request, True)
            field = conversations.REASONING_SCENARIOS[scenario]
            events = conversations.with_reasoning(plan, request, field, stream)
            body = events if not stream else None
        if not stream:
            return self.send_json(200, body)
        self.start_stream()
        for event in events:
            self.write_chunk(event)
        self.end_chunks()

    def one_slot_stream(self, scenario, plan):
        """Like llama-cpp-python's server (interrupt_requests): one request at a time, and a new request
        cuts the stream in progress (the client sees the connection close mid-body)."""
        with ONE_SLOT_LOCK:
            ONE_SLOT[scenario] = ONE_SLOT.get(scenario, 0) + 1
            mine = ONE_SLOT[scenario]
        self.start_stream([], chunked=True)
        for index, event in enumerate(plan.stream_events()):
            if index > 0:
                time.sleep(0.1)
            with ONE_SLOT_LOCK:
                interrupted = ONE_SLOT[scenario] != mine
            if interrupted:
                self.close_connection = True
                return
            self.write_chunk(event)
        self.end_chunks()

    def llama_cpp_python(self, request, chat):
        """Like llama-cpp-python's server with its default interrupt_requests: one request at a time (the others
        wait for the slot), and a stream in progress, after each event, gives way when another request waits:
        it sends `data: [DONE]` and the connection closes without the last chunk (curl 18), no finish chunk.
        Streams carry neither usage (stream_options is ignored) nor timings; the JSON body has usage."""
        stream = bool(request.get("stream", False))
        plan = LlamaCppPythonPlan(request, chat, stream)
        with LLAMA_CPP_WAITING_LOCK:
            LLAMA_CPP_WAITING["count"] += 1
        LLAMA_CPP_SLOT.acquire()
        with LLAMA_CPP_WAITING_LOCK:
            LLAMA_CPP_WAITING["count"] -= 1
        try:
            if not stream:
                time.sleep(LLAMA_CPP_PACE * max(1, plan.completion_tokens))
                return self.send_json(200, plan.full_response())
            self.start_stream([], chunked=True)
            events = plan.stream_events()
            for index, event in enumerate(events):
                if index > 0 and event != payloads.DONE:
                    time.sleep(LLAMA_CPP_PACE)
                self.write_chunk(event)
                self.wfile.flush()
                with LLAMA_CPP_WAITING_LOCK:
                    someone_waits = LLAMA_CPP_WAITING["count"] > 0
                if someone_waits and event != payloads.DONE:
                    self.write_chunk(payloads.DONE)
                    self.wfile.flush()
                    self.close_connection = True
                    return
            self.end_chunks()
        finally:
            LLAMA_CPP_SLOT.release()

    def truncated_json(self, obj):
        body = json.dumps(obj).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.close_connection = True

    def stall(self):
        self.start_stream()
        # Hold the connection open (sending nothing) until the client goes away, or 60 s.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            readable, _, _ = select.select([self.connection], [], [], 0.5)
            if readable and not self.connection.recv(4096):
                break
        self.close_connection = True

    def bench(self, scenario):
        try:
            count = max(0, int(scenario[len("bench-"):]))
        except ValueError:
            return self.not_found(self.path)
        payload = payloads.bench_payload(count)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        view = memoryview(payload)
        for start in range(0, len(payload), 1 << 20):
            self.wfile.write(view[start:start + (1 << 20)])


def watch_parent(parent):
    """Exit when the parent dies (we get re-parented) or closes our stdin."""
    def poll_parent():
        while True:
            if os.getppid() != parent:
                os._exit(0)
            time.sleep(0.25)

    def read_stdin():
        try:
            while sys.stdin.buffer.read1(4096):
                pass
        except (OSError, ValueError):
            pass
        os._exit(0)

    threading.Thread(target=poll_parent, daemon=True).start()
    try:
        stdin_is_pipe = stat.S_ISFIFO(os.fstat(0).st_mode)
    except OSError:
        stdin_is_pipe = False
    if stdin_is_pipe:
        threading.Thread(target=read_stdin, daemon=True).start()


def main():
    watch_parent(os.getppid())
    ThreadingHTTPServer.daemon_threads = True
    ThreadingHTTPServer.request_queue_size = 128
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    if len(sys.argv) == 4 and sys.argv[1] == "--tls":
        # HTTPS with the given certificate and key (a self-signed one makes clients fail verification).
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(sys.argv[2], sys.argv[3])
        server.socket = context.wrap_socket(server.socket, server_side=True)
    sys.stdout.write(f"PORT {server.server_address[1]}\n")
    sys.stdout.flush()
    server.serve_forever(poll_interval=0.25)


if __name__ == "__main__":
    main()
