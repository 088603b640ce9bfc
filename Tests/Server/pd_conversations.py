"""Scenarios of the test server for conversations: reasoning (both field names) and tool calls."""

import json

import pd_payloads as payloads

REASONING_SCENARIOS = {"reasoning": "reasoning_content", "reasoning-field": "reasoning"}


def reasoning_words(plan_source):
    return ("Thinking about: " + (plan_source or "nothing")).split()


def last_user_text(request):
    messages = [m for m in request.get("messages") or [] if isinstance(m, dict)]
    users = [payloads.content_text(m.get("content")) for m in messages if m.get("role") == "user"]
    return users[-1] if users else ""


def with_reasoning(plan, request, field, stream):
    """The plan's answer preceded by reasoning under `field`; usage counts the reasoning tokens apart."""
    words = reasoning_words(last_user_text(request))
    tokens = [w if j == 0 else " " + w for j, w in enumerate(words)]
    if not stream:
        body = plan.full_response()
        for choice in body["choices"]:
            choice["message"][field] = "".join(tokens)
        body["usage"]["completion_tokens"] += len(tokens)
        body["usage"]["total_tokens"] += len(tokens)
        body["usage"]["completion_tokens_details"] = {"reasoning_tokens": len(tokens)}
        return body
    events = plan.stream_events(usage=False)
    thinking = []
    for token in tokens:
        choice = {"index": 0, "delta": {field: token}, "logprobs": None, "finish_reason": None}
        thinking.append(payloads.encode_event(plan.envelope([choice], chunk=True)))
    usage = plan.usage()
    usage["completion_tokens"] += len(tokens)
    usage["total_tokens"] += len(tokens)
    usage["completion_tokens_details"] = {"reasoning_tokens": len(tokens)}
    last = json.loads(events[-2][len(b"data: "):])
    last["usage"] = usage
    roles = len(plan.choices)
    return events[:roles] + thinking + events[roles:-2] + [payloads.encode_event(last), payloads.DONE]


def planned_calls(request):
    """The calls the `tools` scenario makes: one per offered tool (at most two, in parallel), string
    properties set to the last user message; none when no tools are offered, `tool_choice` is `none`, or
    the last message is a tool result."""
    tools = [t for t in request.get("tools") or [] if isinstance(t, dict)]
    messages = [m for m in request.get("messages") or [] if isinstance(m, dict)]
    if not tools or request.get("tool_choice") == "none" or (messages and messages[-1].get("role") == "tool"):
        return []
    turn = 1 + sum(1 for m in messages if m.get("role") == "assistant")
    text = last_user_text(request)
    calls = []
    for index, tool in enumerate(tools[:2]):
        function = tool.get("function") or {}
        properties = (function.get("parameters") or {}).get("properties") or {}
        arguments = {name: (text if (schema or {}).get("type", "string") == "string" else 1)
                     for name, schema in sorted(properties.items())}
        calls.append({"id": "call_pd_%d_%d" % (turn, index), "name": function.get("name", "tool"),
                      "arguments": json.dumps(arguments, separators=(",", ":"))})
    return calls


def tool_results_request(request):
    """After tool results, the answer is made from their contents (as if they were the user's words)."""
    messages = [m for m in request.get("messages") or [] if isinstance(m, dict)]
    results = []
    for message in reversed(messages):
        if message.get("role") != "tool":
            break
        results.insert(0, payloads.content_text(message.get("content")))
    if not results:
        return request
    return dict(request, messages=messages + [{"role": "user", "content": " ".join(results)}])


def tool_call_response(plan, calls):
    message = {"role": "assistant", "content": None,
               "tool_calls": [{"id": c["id"], "type": "function",
                               "function": {"name": c["name"], "arguments": c["arguments"]}} for c in calls]}
    body = plan.envelope([{"index": 0, "message": message, "logprobs": None, "finish_reason": "tool_calls"}],
                         chunk=False)
    body["usage"] = {"prompt_tokens": plan.prompt_tokens, "completion_tokens": 7 * len(calls),
                     "total_tokens": plan.prompt_tokens + 7 * len(calls)}
    return body


def tool_call_events(plan, calls):
    """The first piece of each call carries its id, type and name; its arguments follow in 5-character
    pieces, the calls' pieces interleaved by index."""
    def event(delta, finish=None):
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        return payloads.encode_event(plan.envelope([choice], chunk=True))

    events = [event({"role": "assistant", "content": None})]
    pieces = [[c["arguments"][i:i + 5] for i in range(0, len(c["arguments"]), 5)] or [""] for c in calls]
    for index, call in enumerate(calls):
        events.append(event({"tool_calls": [{"index": index, "id": call["id"], "type": "function",
                                             "function": {"name": call["name"], "arguments": ""}}]}))
    for step in range(max(len(p) for p in pieces)):
        for index, parts in enumerate(pieces):
            if step < len(parts):
                events.append(event({"tool_calls": [{"index": index, "function": {"arguments": parts[step]}}]}))
    last = json.loads(event({}, "tool_calls")[len(b"data: "):])
    last["usage"] = {"prompt_tokens": plan.prompt_tokens, "completion_tokens": 7 * len(calls),
                     "total_tokens": plan.prompt_tokens + 7 * len(calls)}
    events.append(payloads.encode_event(last))
    events.append(payloads.DONE)
    return events
