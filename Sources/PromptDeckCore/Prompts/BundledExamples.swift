/// The example prompts and partials compiled into the binary (listed as `examples/<name>`).
///
/// They are string literals rather than SwiftPM resources so that start-up never reads a resource bundle.
enum BundledExamples {
    /// The folder name bundled prompts are listed under.
    static let folder = "examples"

    /// Prompt file text by name (without `examples/` and `.yaml`).
    static let prompts: [String: String] = [
        "tagline": """
        name: Tagline
        description: A one-line tagline for a shop.
        kind: completion
        parameters:
          max_tokens: 64
          temperature: 0.8
        variables:
          shop:
            description: The shop and what it sells, e.g. "Bloom, a flower shop in Leeds"
        prompt: "Write a tagline for {{shop}}."

        """,
        "support-reply": """
        name: Support reply
        description: A friendly support answer; the system message sets the tone.
        kind: chat
        parameters:
          max_tokens: 200
          temperature: 0.3
        variables:
          company:
            default: Acme Tools
            description: Who the agent works for
          question:
            type: multiline
            default: How do I reset my password?
            description: The customer's question
        portkey:
          metadata:
            feature: support-reply
        messages:
          - role: system
            content: |-
              You are a friendly support agent for {{company}}.
              Answer in at most three sentences and never invent policies.
          - role: user
            content: "{{question}}"

        """,
        "explain": """
        name: Explain a topic
        description: A clear explanation for a chosen audience; the style rules come from a partial.
        kind: chat
        parameters:
          max_tokens: 300
          temperature: 0.5
        variables:
          topic:
            default: how a rainbow forms
          audience:
            default: a curious ten-year-old
          tone:
            type: text
            description: Optional, e.g. playful or formal
        messages:
          - role: system
            content: |-
              You explain things clearly and accurately.
              {{>style-guide}}
          - role: user
            content: Explain {{topic}} to {{audience}}.

        """,
        "weather": """
        name: Weather report
        description: A one-sentence weather report, for a city if one is given (a section).
        kind: completion
        parameters:
          max_tokens: 64
          temperature: 0.7
        variables:
          city:
            description: Leave empty for a report without a place
        prompt: "Write a one-sentence weather report for today{{#city}} in {{city}}{{/city}}."

        """,
        "shopping-list": """
        name: Recipe from a shopping list
        description: One dinner idea that uses every item of a list (a list section).
        kind: completion
        parameters:
          max_tokens: 200
          temperature: 0.7
        variables:
          items:
            type: list
            default: [eggs, spinach, feta]
            description: One item per line, or a JSON array
        prompt: |
          Suggest one dinner recipe that uses everything on this shopping list:
          {{#items}}
          - {{.}}
          {{/items}}

        """,
        "extract-fields": """
        name: Extract fields as JSON
        description: Pulls the fields of a JSON schema out of free text (a json variable).
        kind: chat
        parameters:
          max_tokens: 150
          temperature: 0
        variables:
          schema:
            type: json
            default:
              name: string
              email: string
              company: string
            description: The fields to extract, as JSON
          text:
            type: multiline
            default: Hi, I'm Dana Ruiz from Northwind (dana@northwind.example). Could you resend the invoice?
        messages:
          - role: system
            content: |-
              Extract the fields described by this JSON schema from the user's text. Reply with JSON only.
              Schema: {{schema}}
          - role: user
            content: "{{text}}"

        """,
        "translate": """
        name: Translate
        description: Translation with an optional formal register (a boolean and an inverted section).
        kind: chat
        parameters:
          max_tokens: 200
          temperature: 0.2
        variables:
          text:
            type: multiline
            default: Thanks for your order! It ships tomorrow.
          language:
            default: French
          formal:
            type: bool
            default: false
            description: Use the formal register
        messages:
          - role: user
            content: |-
              Translate into {{language}}{{#formal}}, using the formal register{{/formal}}{{^formal}}, keeping it casual{{/formal}}:

              {{text}}

        """,
        "travel-helper": """
        name: Travel helper
        description: A chat with a get_weather tool; the echo provider calls it, mock has a canned result.
        kind: chat
        parameters:
          max_tokens: 200
          temperature: 0.2
        variables:
          city:
            default: Lisbon
            description: The city the user asks about
        tools:
          - name: get_weather
            description: The current weather in a city
            parameters:
              type: object
              properties:
                city:
                  type: string
                  description: The city's name
              required: [city]
        tool_choice: auto
        mock:
          get_weather: {"city": "Lisbon", "sky": "sunny", "temperature_c": 21}
        messages:
          - role: system
            content: You answer questions about the weather. Call get_weather for the current conditions.
          - role: user
            content: What is the weather like in {{city}} today?

        """,
        "capitals": """
        name: Capitals
        description: "Evaluate over a dataset (E, or promptdeck eval examples/capitals): echo repeats the question, so a row's own check fails."
        kind: chat
        parameters:
          max_tokens: 60
          temperature: 0
        variables:
          city:
            default: Paris
          country:
            default: France
        dataset: capitals.yaml
        checks:
          - name: names the city
            contains: "{{city}}"
          - name: one sentence
            max_length: {words: 20}
        messages:
          - role: system
            content: Answer in one short sentence.
          - role: user
            content: Which country is {{city}} the capital of?

        """,
        "contact-card": """
        name: Contact card
        description: "Structured output: the reply is checked against a JSON schema (echo's reply is not JSON)."
        kind: chat
        parameters:
          max_tokens: 200
          temperature: 0
          response_format:
            type: json_schema
            json_schema:
              name: contact
              schema:
                type: object
                required: [name, email]
                additionalProperties: false
                properties:
                  name: {type: string, minLength: 1}
                  email: {type: string}
                  age: {type: integer, minimum: 0}
        variables:
          text:
            type: multiline
            default: "Reach Ada Lovelace at ada@example.com; she is 36."
            description: The text to read the contact from
        messages:
          - role: system
            content: Reply with one JSON object with the contact's name, email and (when given) age.
          - role: user
            content: "{{text}}"

        """,
    ]

    /// Dataset text by file name, for bundled prompts' `dataset:` (read when no such file is beside them).
    static let datasets: [String: String] = [
        "capitals.yaml": """
        # A row per case; __checks adds checks of its own to one row.
        - city: Paris
          country: France
        - city: Lisbon
          country: Portugal
        - city: Ouagadougou
          country: Burkina Faso
          __checks:
            - name: names the country
              contains: Burkina Faso

        """
    ]

    /// The dataset text for `path` (`examples/<name>`), when it is a bundled one.
    static func dataset(at path: String) -> String? {
        guard path.hasPrefix(folder + "/") else { return nil }
        return datasets[String(path.dropFirst(folder.count + 1))]
    }

    /// Partial text by name (without `.mustache`), seen by bundled prompts and, after their own, by user prompts.
    static let partials: [String: String] = [
        "style-guide":
            "Write plain English in short sentences and avoid jargon.{{#tone}} Keep the tone {{tone}}.{{/tone}}"
    ]

    /// The path shown in messages for a bundled prompt.
    static func path(ofPrompt name: String) -> String { "\(folder)/\(name).yaml" }

    /// The path shown in messages for a bundled partial.
    static func path(ofPartial name: String) -> String { "\(folder)/partials/\(name).mustache" }
}
