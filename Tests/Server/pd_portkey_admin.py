"""A small, stateful, in-memory imitation of Portkey's Admin API for prompts (the shapes of Portkey's OpenAPI
spec: PromptSummary, Prompt, PromptVersionSummary, Label, PromptPartialSummary, PromptPartial).

Served under the scenarios `admin` and `admin-<name>`: each distinct scenario name has its own store, seeded
fresh on first use, so tests running in parallel do not see each other's writes. Keys (x-portkey-api-key):
`pk-admin` may do everything, `pk-readonly` only reads (writes answer 403), anything else (or none) is 401.
POST .../prompts/<slug>[@N|@latest|@label]/completions answers a chat completion whose words are the
chosen version's rendered template, so a test can tell which version ran.
"""

import json
import re
import threading
import uuid

STORES = {}
STORES_LOCK = threading.Lock()

ADMIN_KEY = "pk-admin"
READONLY_KEY = "pk-readonly"
STAMP = "2026-01-02T03:04:05.000Z"


def _id(kind, name):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "pd-portkey/%s/%s" % (kind, name)))


class Store:
    def __init__(self):
        self.lock = threading.Lock()
        self.collections = [{"id": _id("collection", "main"), "slug": "main", "name": "Main"},
                            {"id": _id("collection", "other"), "slug": "other", "name": "Other"}]
        self.labels = [{"id": _id("label", n), "name": n, "is_universal": True, "status": "active"}
                       for n in ("production", "staging", "development")]
        self.partials = [{"id": _id("partial", "signature"), "slug": "signature", "name": "signature",
                          "string": "-- sent with {{sender}}", "version": 1}]
        self.prompts = []
        chat = json.dumps([{"role": "system", "content": "You are a tagline writer."},
                           {"role": "user", "content": "Write a tagline for {{shop}} in {{city}}."}])
        self.add("tagline", "Tagline", chat, {"max_tokens": 64, "temperature": 0.7}, "gpt-4o-mini",
                 {"type": "chat"}, "main", tools=[{"type": "function", "function": {"name": "lookup"}}])
        self.add("summary-text", "Summary (completion)", "Summarise: {{text}}\n{{>signature}}", {"max_tokens": 32},
                 "gpt-3.5-turbo-instruct", None, "main")
        for i in range(1, 6):
            self.add("filler-%d" % i, "Filler %d" % i, "Filler {{x}}", {}, "gpt-4o-mini", None,
                     "other" if i == 5 else "main")

    def add(self, slug, name, string, parameters, model, metadata, collection, tools=None, virtual_key="vk-test"):
        prompt = {"id": _id("prompt", slug), "slug": slug, "name": name,
                  "collection_id": self.collection(collection)["id"], "versions": [], "default": 1,
                  "created_at": STAMP, "last_updated_at": STAMP, "status": "active"}
        self.prompts.append(prompt)
        self.new_version(prompt, {"string": string, "parameters": parameters, "model": model,
                                  "template_metadata": metadata, "tools": tools, "virtual_key": virtual_key,
                                  "version_description": "first version"})
        return prompt

    def collection(self, key):
        return next((c for c in self.collections if key in (c["id"], c["slug"])), None)

    def new_version(self, prompt, body):
        number = len(prompt["versions"]) + 1
        version = {"id": _id("version", "%s/%d" % (prompt["slug"], number)), "number": number,
                   "string": body.get("string", ""), "parameters": body.get("parameters") or {},
                   "model": body.get("model"), "tools": body.get("tools"), "tool_choice": body.get("tool_choice"),
                   "virtual_key": body.get("virtual_key"), "template_metadata": body.get("template_metadata"),
                   "description": body.get("version_description", ""), "label_id": None, "created_at": STAMP}
        prompt["versions"].append(version)
        return version

    def find(self, key):
        return next((p for p in self.prompts if key in (p["id"], p["slug"])), None)

    def label_by(self, key):
        return next((l for l in self.labels if key in (l["id"], l["name"])), None)

    def summary(self, prompt):
        version = prompt["versions"][prompt["default"] - 1]
        return {"id": prompt["id"], "slug": prompt["slug"], "name": prompt["name"],
                "collection_id": prompt["collection_id"], "model": version["model"], "status": "active",
                "created_at": prompt["created_at"], "last_updated_at": prompt["last_updated_at"], "object": "prompt"}

    def detail(self, prompt, version):
        return {"id": prompt["id"], "slug": prompt["slug"], "name": prompt["name"],
                "collection_id": prompt["collection_id"], "string": version["string"],
                "parameters": version["parameters"], "prompt_version": version["number"],
                "prompt_version_id": version["id"], "prompt_version_status": "active",
                "prompt_version_description": version["description"],
                "prompt_version_label_id": version["label_id"], "virtual_key": version["virtual_key"],
                "model": version["model"], "functions": [], "tools": version["tools"] or [],
                "tool_choice": version["tool_choice"], "template_metadata": version["template_metadata"] or {},
                "is_raw_template": False, "status": "active", "created_at": prompt["created_at"],
                "last_updated_at": prompt["last_updated_at"]}

    def version_summary(self, prompt, version):
        return {"id": version["id"], "prompt_id": prompt["id"],
                "prompt_template": {"string": version["string"], "parameters": version["parameters"]},
                "prompt_version": version["number"], "prompt_description": version["description"],
                "label_id": version["label_id"], "created_at": version["created_at"], "status": "active",
                "object": "prompt"}

    def resolve(self, reference):
        """'slug', 'slug@2', 'slug@latest', 'slug@staging' -> (prompt, version) or (prompt, None)."""
        slug, _, selector = reference.partition("@")
        prompt = self.find(slug)
        if prompt is None:
            return None, None
        if not selector:
            return prompt, prompt["versions"][prompt["default"] - 1]
        if selector == "latest":
            return prompt, prompt["versions"][-1]
        if selector.isdigit():
            n = int(selector)
            return prompt, prompt["versions"][n - 1] if 1 <= n <= len(prompt["versions"]) else None
        label = self.label_by(selector)
        match = [v for v in prompt["versions"] if label and v["label_id"] == label["id"]]
        return prompt, match[0] if match else None


def store_for(scenario):
    with STORES_LOCK:
        if scenario not in STORES:
            STORES[scenario] = Store()
        return STORES[scenario]


def is_admin_scenario(scenario):
    return scenario == "admin" or scenario.startswith("admin-")


def failure(status, message):
    return status, {"status": "failure", "message": message}


def render(template, variables):
    def value(match):
        name = match.group(1).strip()
        return str(variables.get(name, ""))
    return re.sub(r"\{\{\{?\s*&?\s*([^}>#^/!]+?)\s*\}?\}\}", value, template)


def handle(scenario, method, path, query, headers, body):
    """Answers an Admin API call: (status, JSON object). `path` starts with /v1/."""
    store = store_for(scenario)
    key = headers.get("x-portkey-api-key", "")
    if key not in (ADMIN_KEY, READONLY_KEY):
        return failure(401, "Invalid API Key")
    writes = method in ("PUT", "POST", "DELETE")
    parts = [p for p in path.split("/") if p][1:]  # drop "v1"
    completion = len(parts) == 3 and parts[0] == "prompts" and parts[2] in ("completions", "render")
    if writes and key == READONLY_KEY and not completion:
        return failure(403, "You do not have enough permissions to perform this action. Required scope: prompts.create")
    with store.lock:
        return route(store, method, parts, query, body)


def route(store, method, parts, query, body):
    if parts == ["labels"] and method == "GET":
        return 200, {"total": len(store.labels), "data": store.labels}
    if parts == ["collections"] and method == "GET":
        return 200, {"total": len(store.collections), "data": store.collections}
    if parts == ["prompts", "partials"] and method == "GET":
        return 200, [{"id": p["id"], "slug": p["slug"], "name": p["name"], "status": "active", "object": "partial"}
                     for p in store.partials]
    if len(parts) == 3 and parts[:2] == ["prompts", "partials"] and method == "GET":
        partial = next((p for p in store.partials if parts[2] in (p["id"], p["slug"])), None)
        if partial is None:
            return failure(404, "Prompt partial not found")
        return 200, dict(partial, prompt_partial_version_id=_id("pv", partial["slug"]), status="active")
    if parts == ["prompts"] and method == "GET":
        return list_prompts(store, query)
    if parts == ["prompts"] and method == "POST":
        return create_prompt(store, body)
    if not parts or parts[0] != "prompts" or len(parts) < 2:
        return failure(404, "Not found")
    if len(parts) == 3 and parts[2] in ("completions", "render") and method == "POST":
        return hosted(store, parts[1], parts[2], body)
    prompt = store.find(parts[1])
    if prompt is None:
        return failure(404, "Prompt not found: %s" % parts[1])
    rest = parts[2:]
    if rest == [] and method == "GET":
        return 200, store.detail(prompt, prompt["versions"][prompt["default"] - 1])
    if rest == [] and method == "PUT":
        if "string" not in body:
            return failure(400, "\"string\" is required")
        version = store.new_version(prompt, body)
        return 200, {"id": prompt["id"], "slug": prompt["slug"], "prompt_version_id": version["id"]}
    if rest == ["versions"] and method == "GET":
        return 200, [store.version_summary(prompt, v) for v in prompt["versions"]]
    if rest == ["makeDefault"] and method == "PUT":
        number = body.get("version")
        if not isinstance(number, (int, float)) or not 1 <= int(number) <= len(prompt["versions"]):
            return failure(400, "Invalid version: %s" % json.dumps(number))
        prompt["default"] = int(number)
        return 200, {}
    if len(rest) == 2 and rest[0] == "versions":
        version = next((v for v in prompt["versions"] if v["id"] == rest[1]), None)
        if version is None:
            return failure(404, "Prompt version not found")
        if method == "GET":
            return 200, store.detail(prompt, version)
        if method == "PUT":
            label = store.label_by(body.get("label_id", ""))
            if label is None:
                return failure(400, "Invalid label_id")
            for other in prompt["versions"]:
                if other["label_id"] == label["id"]:
                    other["label_id"] = None
            version["label_id"] = label["id"]
            return 200, {}
    return failure(404, "Not found")


def list_prompts(store, query):
    prompts = store.prompts
    collection = query.get("collection_id")
    if collection:
        found = store.collection(collection)
        prompts = [p for p in prompts if found and p["collection_id"] == found["id"]]
    search = query.get("search", "").lower()
    if search:
        prompts = [p for p in prompts if search in p["name"].lower() or search in p["slug"].lower()]
    page = max(1, int(query.get("current_page", "1") or "1"))
    size = max(1, int(query.get("page_size", "100") or "100"))
    chunk = prompts[(page - 1) * size: page * size]
    return 200, {"total": len(prompts), "data": [store.summary(p) for p in chunk]}


def create_prompt(store, body):
    missing = [k for k in ("name", "collection_id", "string", "parameters", "virtual_key") if k not in body]
    if missing:
        return failure(400, "Missing required fields: %s" % ", ".join(missing))
    collection = store.collection(body["collection_id"])
    if collection is None:
        return failure(400, "Invalid collection_id")
    slug = re.sub(r"[^a-z0-9]+", "-", body["name"].lower()).strip("-") or "prompt"
    if store.find(slug):
        return failure(409, "A prompt with this name already exists")
    prompt = store.add(slug, body["name"], body["string"], body.get("parameters"), body.get("model"),
                       body.get("template_metadata"), collection["slug"], tools=body.get("tools"),
                       virtual_key=body["virtual_key"])
    prompt["versions"][0]["description"] = body.get("version_description", "")
    return 200, {"id": prompt["id"], "slug": prompt["slug"], "version_id": prompt["versions"][0]["id"],
                 "object": "prompt"}


def hosted(store, reference, action, body):
    prompt, version = store.resolve(reference)
    if prompt is None or version is None:
        return failure(404, "Prompt %s not found" % reference)
    variables = body.get("variables") or {}
    text = version["string"]
    try:
        messages = json.loads(text)
        last = [m for m in messages if m.get("role") == "user"][-1]["content"]
        rendered = render(last if isinstance(last, str) else json.dumps(last), variables)
    except (ValueError, TypeError, IndexError, AttributeError):
        rendered = render(text, variables)
    data = {"model": version["model"], "messages": [{"role": "user", "content": rendered}]}
    data.update({k: v for k, v in version["parameters"].items()})
    if action == "render":
        return 200, {"success": True, "data": data}
    return "completion", data
