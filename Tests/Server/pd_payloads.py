"""Response bodies and SSE events for pd_testserver.py (deterministic, derived from the request)."""

import itertools
import json
import threading

CREATED = 1700000000
DEFAULT_WORDS = "Hello from the PromptDeck test server".split()
STREAM_ERROR = (b'data: {"error":{"message":"The model produced invalid content.","type":"server_error",'
                b'"param":null,"code":"stream_error"}}\n\n')
ERROR_EVENT = (b'event: error\ndata: {"error":{"message":"Upstream provider hiccup.","type":"server_error",'
               b'"param":null,"code":"upstream_error"}}\n\n')
DONE = b"data: [DONE]\n\n"
HUGE_UNIT = "abcdefghij"
HUGE_REPEAT = 1024 * 1024  # content of 10 MiB

_ids = itertools.count(1)
_bench_cache = {}
_bench_lock = threading.Lock()


def encode_event(obj):
    return b"data: " + json.dumps(obj, separators=(",", ":")).encode() + b"\n\n"


def content_text(content):
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


def slow_delay(scenario):
    if scenario == "slow":
        return 0.2
    if scenario.startswith("slow-"):
        try:
            return max(0, int(scenario[5:])) / 1000.0
        except ValueError:
            return 0.2
    return 0


def int_or(value, default):
    return value if isinstance(value, int) and not isinstance(value, bool) else default


class Plan:
    """What a completion request will answer: the tokens of every choice, and the shapes around them."""

    def __init__(self, request, chat):
        self.chat = chat
        self.model = request.get("model") or "test-model"
        self.id = ("chatcmpl-pdtest-%d" if chat else "cmpl-pdtest-%d") % next(_ids)
        n = max(1, min(16, int_or(request.get("n"), 1)))
        if chat:
            messages = [m for m in request.get("messages") or [] if isinstance(m, dict)]
            users = [content_text(m.get("content")) for m in messages if m.get("role") == "user"]
            source = users[-1] if users else ""
            self.prompt_tokens = sum(len(content_text(m.get("content")).split()) for m in messages)
            self.top = int_or(request.get("top_logprobs"), 0) if request.get("logprobs") is True else None
        else:
            prompt = request.get("prompt", "")
            source = prompt if isinstance(prompt, str) else " ".join(str(p) for p in prompt or [])
            self.prompt_tokens = len(source.split())
            self.top = int_or(request.get("logprobs"), None)
        words = source.split()[::-1] or DEFAULT_WORDS
        limit = request.get("max_completion_tokens", request.get("max_tokens"))
        limit = limit if isinstance(limit, int) and limit >= 0 else None
        self.choices = []
        for i in range(n):
            shift = i % len(words)
            rotated = words[shift:] + words[:shift]
            kept = rotated if limit is None else rotated[:limit]
            tokens = [w if j == 0 else " " + w for j, w in enumerate(kept)]
            self.choices.append((tokens, "length" if len(kept) < len(rotated) else "stop"))
        self.completion_tokens = sum(len(t) for t, _ in self.choices)

    # The "cached" scenario sets this: how many prompt tokens usage reports as read from the prompt cache.
    cached_tokens = None

    def usage(self):
        usage = {"prompt_tokens": self.prompt_tokens, "completion_tokens": self.completion_tokens,
                 "total_tokens": self.prompt_tokens + self.completion_tokens}
        if self.cached_tokens is not None:
            usage["prompt_tokens_details"] = {"cached_tokens": self.cached_tokens}
        return usage

    def envelope(self, choices, chunk):
        kind = ("chat.completion.chunk" if chunk else "chat.completion") if self.chat else "text_completion"
        return {"id": self.id, "object": kind, "created": CREATED, "model": self.model,
                "system_fingerprint": "fp_pdtest", "choices": choices}

    # Logprobs

    @staticmethod
    def logprob(position):
        return -round(0.05 * (position % 7 + 1), 4)

    def top_entries(self, token, position):
        alternatives = [token] + ["alt%d" % k for k in range(1, max(0, self.top or 0))]
        return [(alt, self.logprob(position) - 0.5 * k) for k, alt in enumerate(alternatives[: self.top or 0])]

    def chat_logprobs(self, tokens, start):
        if self.top is None:
            return None
        content = []
        for j, token in enumerate(tokens, start):
            top = [{"token": t, "logprob": lp, "bytes": list(t.encode())} for t, lp in self.top_entries(token, j)]
            content.append({"token": token, "logprob": self.logprob(j), "bytes": list(token.encode()),
                            "top_logprobs": top})
        return {"content": content, "refusal": None}

    def text_logprobs(self, tokens, start, offset):
        if self.top is None:
            return None
        result = {"tokens": [], "token_logprobs": [], "top_logprobs": [], "text_offset": []}
        for j, token in enumerate(tokens, start):
            result["tokens"].append(token)
            result["token_logprobs"].append(self.logprob(j))
            result["top_logprobs"].append({t: lp for t, lp in self.top_entries(token, j)})
            result["text_offset"].append(offset)
            offset += len(token)
        return result

    # Shapes

    def full_response(self):
        choices = []
        for index, (tokens, finish) in enumerate(self.choices):
            text = "".join(tokens)
            if self.chat:
                choices.append({"index": index, "message": {"role": "assistant", "content": text, "refusal": None},
                                "logprobs": self.chat_logprobs(tokens, 0), "finish_reason": finish})
            else:
                choices.append({"text": text, "index": index, "logprobs": self.text_logprobs(tokens, 0, 0),
                                "finish_reason": finish})
        body = self.envelope(choices, chunk=False)
        body["usage"] = self.usage()
        return body

    def delta_choice(self, index, token, position, offset):
        if self.chat:
            return {"index": index, "delta": {"content": token},
                    "logprobs": self.chat_logprobs([token], position), "finish_reason": None}
        return {"text": token, "index": index, "logprobs": self.text_logprobs([token], position, offset),
                "finish_reason": None}

    def finish_choice(self, index, finish):
        if self.chat:
            return {"index": index, "delta": {}, "logprobs": None, "finish_reason": finish}
        return {"text": "", "index": index, "logprobs": None, "finish_reason": finish}

    def timings(self):
        """llama.cpp's server `timings` object: prompt and generation counts, times and speeds (fixed figures)."""
        prompt_ms, predicted_ms = 12.5, 40.0 * max(1, self.completion_tokens)
        return {"prompt_n": self.prompt_tokens, "prompt_ms": prompt_ms,
                "prompt_per_token_ms": prompt_ms / max(1, self.prompt_tokens),
                "prompt_per_second": round(1000.0 * self.prompt_tokens / prompt_ms, 3),
                "predicted_n": self.completion_tokens, "predicted_ms": predicted_ms,
                "predicted_per_token_ms": 40.0, "predicted_per_second": 25.0}

    def stream_events(self, usage=True, timings=False):
        """The SSE events; `usage=False` leaves `usage` out (llama.cpp's streams), `timings` adds llama.cpp's
        `timings` object to the last finish chunk."""
        events = []
        if self.chat:
            for index in range(len(self.choices)):
                role = {"index": index, "delta": {"role": "assistant", "content": ""}, "logprobs": None,
                        "finish_reason": None}
                events.append(encode_event(self.envelope([role], chunk=True)))
        offsets = [0] * len(self.choices)
        longest = max(len(tokens) for tokens, _ in self.choices)
        for position in range(longest):
            for index, (tokens, _) in enumerate(self.choices):
                if position < len(tokens):
                    choice = self.delta_choice(index, tokens[position], position, offsets[index])
                    offsets[index] += len(tokens[position])
                    events.append(encode_event(self.envelope([choice], chunk=True)))
        for index, (_, finish) in enumerate(self.choices):
            body = self.envelope([self.finish_choice(index, finish)], chunk=True)
            if index == len(self.choices) - 1:
                if usage:
                    body["usage"] = self.usage()
                if timings:
                    body["timings"] = self.timings()
            events.append(encode_event(body))
        events.append(DONE)
        return events


def hugeline_events(plan):
    """One chunk whose single data line carries 10 MiB of content, then the finish chunk and [DONE]."""
    text = HUGE_UNIT * HUGE_REPEAT
    choice = plan.delta_choice(0, text, 0, 0)
    choice["logprobs"] = None
    finish = plan.envelope([plan.finish_choice(0, "stop")], chunk=True)
    finish["usage"] = {"prompt_tokens": plan.prompt_tokens, "completion_tokens": 1,
                       "total_tokens": plan.prompt_tokens + 1}
    return [encode_event(plan.envelope([choice], chunk=True)), encode_event(finish), DONE]


def with_comments(events):
    """Comments and a retry field around every event; an `event: error` replaces [DONE]."""
    out = [b": connected to pd-testserver\n\n", b"retry: 3000\n\n"]
    for event in events:
        if event == DONE:
            continue
        out.append(event)
        out.append(b": keep-alive\n\n")
    out.append(ERROR_EVENT)
    return out


def bench_payload(count):
    """N chat chunks (plus role, finish+usage and [DONE]) as one pre-built byte string, cached per N."""
    with _bench_lock:
        cached = _bench_cache.get(count)
        if cached is not None:
            return cached
    plan = Plan({"model": "bench-model", "messages": []}, chat=True)
    parts = [encode_event(plan.envelope([{"index": 0, "delta": {"role": "assistant", "content": ""},
                                           "logprobs": None, "finish_reason": None}], chunk=True))]
    marker = "@@TOKEN@@"
    choice = {"index": 0, "delta": {"content": marker}, "logprobs": None, "finish_reason": None}
    before, after = encode_event(plan.envelope([choice], chunk=True)).split(marker.encode())
    distinct = [before + (" tok%d" % k).encode() + after for k in range(1000)]
    parts.extend(distinct[j % 1000] for j in range(count))
    finish = plan.envelope([plan.finish_choice(0, "stop")], chunk=True)
    finish["usage"] = {"prompt_tokens": 0, "completion_tokens": count, "total_tokens": count}
    parts.append(encode_event(finish))
    parts.append(DONE)
    payload = b"".join(parts)
    with _bench_lock:
        _bench_cache[count] = payload
    return payload


def render_prompt(prompt_id, request):
    """The request body a hosted prompt would send: a fixed system line and the variables as `key: value`."""
    variables = request.get("variables") or {}
    if not isinstance(variables, dict):
        variables = {}
    lines = []
    for key in sorted(variables):
        value = variables[key]
        lines.append("%s: %s" % (key, value if isinstance(value, str) else json.dumps(value)))
    data = {"model": request.get("model") or "test-model",
            "messages": [{"role": "system", "content": "You are the test prompt %s." % prompt_id},
                         {"role": "user", "content": "\n".join(lines)}]}
    for key, value in request.items():
        if key not in ("variables", "stream", "model", "messages"):
            data[key] = value
    return data
