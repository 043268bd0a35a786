"""Hand-written language for the cleanroom_b world.

Everything here was written for this generator: system prompts of fictional products and
coding agents, benchmark harness templates, renditions of the grading and synthetic-data
templates that public tooling ships, follow-up turns, tool outputs and small slot pools.
Slots are written ``<<name>>`` so that literal braces (JSON, code) need no escaping.
"""

# --------------------------------------------------------------------------------------
# Coding agents used by legitimate developers (fictional products, popular in this world)
# --------------------------------------------------------------------------------------

_CW_TOOLS = ["read_file", "write_file", "apply_patch", "run_shell", "search_code", "list_directory",
             "run_tests", "web_fetch", "todo_write", "ask_user", "glob_files"]
_PP_TOOLS = ["open_file", "edit_range", "insert_text", "create_file", "delete_file", "find_references",
             "go_to_definition", "workspace_search", "terminal_run", "terminal_read", "diagnostics",
             "git_diff", "git_commit", "browser_preview", "ask_followup_question", "attempt_completion"]
_SY_TOOLS = ["checkout_branch", "read_file", "edit_file", "bash", "open_pull_request", "comment_on_issue",
             "search_repository"]

CODING_AGENTS = [
    {
        "key": "codewright",
        "share": 0.5,
        "tools": _CW_TOOLS,
        "ua": ["codewright/1.8.2 (cli; node 20.11.1; darwin arm64)", "codewright/1.8.2 (cli; node 20.11.1; linux x64)",
               "codewright/1.9.0 (cli; node 22.3.0; darwin arm64)", "codewright/1.9.0 (cli; node 22.3.0; linux x64)",
               "codewright/1.9.1 (cli; node 22.3.0; win32 x64)"],
        "tls": "node22",
        "max_tokens": [16000, 32000],
        "temperature": [1.0],
        "sys_tokens": 9800,
        "system": (
            "You are Codewright, a command-line software engineering assistant that works directly in the "
            "user's repository. You can read and change files, run shell commands and tests, and search the "
            "codebase with the tools provided to you.\n\n"
            "# How you work\n"
            "- Understand the request before touching anything. Read the relevant files first; never guess "
            "at the contents of a file you have not opened.\n"
            "- Prefer small, reviewable edits. Match the style, naming and libraries already used in the project.\n"
            "- After changing code, run the narrowest test command that exercises your change. If tests fail, "
            "read the failure, fix the cause and run them again.\n"
            "- Keep a short todo list with todo_write for any task that needs more than three steps, and mark "
            "items done as you finish them.\n"
            "- Never commit, push, or delete branches unless the user explicitly asks.\n"
            "- Do not print secrets, tokens or the contents of .env files.\n"
            "- When you are finished, reply with two or three sentences describing what changed and how it was "
            "verified. Do not paste whole files back to the user.\n\n"
            "# Tone\nBe direct and brief. Use Markdown only for code and file paths.\n\n"
            "<<tools>>"
            "# Environment\n"
        ),
    },
    {
        "key": "pairpilot",
        "share": 0.32,
        "tools": _PP_TOOLS,
        "ua": ["PairPilot/0.42.7 VSCode/1.94.2", "PairPilot/0.42.7 VSCode/1.95.1", "PairPilot/0.43.0 VSCode/1.95.3",
               "PairPilot/0.43.0 JetBrains/2024.2"],
        "tls": "node20",
        "max_tokens": [8192],
        "temperature": [0.0, None],
        "sys_tokens": 12400,
        "system": (
            "You are PairPilot, an AI pair programmer running inside the user's editor. You have access to the "
            "open workspace through tools. Each tool call is shown to the user and may require their approval.\n\n"
            "RULES\n"
            "1. Use exactly one tool per message and wait for its result before deciding the next step.\n"
            "2. Before editing a file, open it (or the relevant range) so your edit applies to the current text.\n"
            "3. Use edit_range for targeted changes; use create_file only for files that do not exist yet.\n"
            "4. Run builds and tests through terminal_run and inspect the output with terminal_read.\n"
            "5. After each edit, check diagnostics for new errors or warnings in the files you touched.\n"
            "6. If the request is ambiguous, use ask_followup_question instead of assuming.\n"
            "7. When the task is complete, call attempt_completion with a summary of the result. Do not end "
            "your turn with a question unless you used ask_followup_question.\n\n"
            "CAPABILITIES\nYou can browse the file tree, search across the workspace, jump to definitions and "
            "references, run terminal commands and preview web pages served locally.\n\n"
            "<<tools>>"
            "SYSTEM INFORMATION\n"
        ),
    },
    {
        "key": "shipyard",
        "share": 0.18,
        "tools": _SY_TOOLS,
        "ua": ["shipyard-agent/2.3.4 (github-app)", "shipyard-agent/2.4.0 (github-app)", "shipyard-agent/2.4.0 (gitlab)"],
        "tls": "go",
        "max_tokens": [4096],
        "temperature": [0.2],
        "sys_tokens": 4300,
        "system": (
            "You are Shipyard, an automated engineer that resolves issues by opening pull requests. You are "
            "given an issue from the tracker and a fresh checkout of the repository. Work autonomously: nobody "
            "will answer questions while you run.\n"
            "Procedure: reproduce or locate the problem, make the minimal fix, add or update a test that covers "
            "it, run the test suite with the bash tool, then open a pull request whose description links the "
            "issue and explains the change. If you cannot fix the issue, leave a comment on it explaining what "
            "you found instead of opening a pull request.\n"
            "Constraints: stay within the repository; do not modify CI configuration, lockfiles or licence files; "
            "keep the diff under 400 lines.\n\n"
            "<<tools>>"
            "Run metadata:\n"
        ),
    },
]

# Tool schemas (name -> description, {param: (type, description)}, required params)
TOOL_SCHEMAS = {
    "read_file": ("Read a file from the repository. Returns numbered lines.", {"path": ("string", "Path relative to the repository root"), "offset": ("integer", "First line to read"), "limit": ("integer", "Maximum number of lines")}, ["path"]),
    "write_file": ("Create or overwrite a file with the given content.", {"path": ("string", "Target path"), "content": ("string", "Full file content")}, ["path", "content"]),
    "apply_patch": ("Apply a unified diff to one or more files.", {"patch": ("string", "Unified diff text")}, ["patch"]),
    "run_shell": ("Run a shell command in the repository and return stdout, stderr and exit code.", {"command": ("string", "Command line"), "timeout_s": ("integer", "Timeout in seconds, default 120")}, ["command"]),
    "search_code": ("Search the codebase with a regular expression.", {"pattern": ("string", "Regex"), "glob": ("string", "Optional file filter")}, ["pattern"]),
    "list_directory": ("List the entries of a directory.", {"path": ("string", "Directory path")}, ["path"]),
    "run_tests": ("Run the project's test command, optionally for a subset.", {"selector": ("string", "Test path or name filter")}, []),
    "web_fetch": ("Fetch a web page and return it as Markdown.", {"url": ("string", "http(s) URL")}, ["url"]),
    "todo_write": ("Replace the task list shown to the user.", {"items": ("array", "List of {text, done}")}, ["items"]),
    "ask_user": ("Ask the user a clarifying question and wait for the answer.", {"question": ("string", "The question")}, ["question"]),
    "glob_files": ("Find files whose path matches a glob pattern.", {"pattern": ("string", "Glob, e.g. src/**/*.ts")}, ["pattern"]),
    "open_file": ("Open a file (or a line range) in the editor and return its text.", {"path": ("string", "File path"), "start_line": ("integer", "First line"), "end_line": ("integer", "Last line")}, ["path"]),
    "edit_range": ("Replace a range of lines in an open file.", {"path": ("string", "File path"), "start_line": ("integer", "First line"), "end_line": ("integer", "Last line"), "new_text": ("string", "Replacement text")}, ["path", "start_line", "end_line", "new_text"]),
    "insert_text": ("Insert text after a given line.", {"path": ("string", "File path"), "line": ("integer", "Line number"), "text": ("string", "Text to insert")}, ["path", "line", "text"]),
    "create_file": ("Create a new file.", {"path": ("string", "File path"), "content": ("string", "Content")}, ["path", "content"]),
    "delete_file": ("Delete a file after user approval.", {"path": ("string", "File path")}, ["path"]),
    "find_references": ("Find references to the symbol at a position.", {"path": ("string", "File path"), "line": ("integer", "Line"), "column": ("integer", "Column")}, ["path", "line", "column"]),
    "go_to_definition": ("Return the definition location of the symbol at a position.", {"path": ("string", "File path"), "line": ("integer", "Line"), "column": ("integer", "Column")}, ["path", "line", "column"]),
    "workspace_search": ("Full-text search across the workspace.", {"query": ("string", "Text or regex"), "is_regex": ("boolean", "Treat query as regex")}, ["query"]),
    "terminal_run": ("Run a command in the integrated terminal.", {"command": ("string", "Command line"), "background": ("boolean", "Do not wait for completion")}, ["command"]),
    "terminal_read": ("Read the latest output of the integrated terminal.", {"lines": ("integer", "Number of lines")}, []),
    "diagnostics": ("Return compiler and linter diagnostics for files.", {"paths": ("array", "File paths")}, []),
    "git_diff": ("Show the working-tree diff.", {"staged": ("boolean", "Only staged changes")}, []),
    "git_commit": ("Commit staged changes.", {"message": ("string", "Commit message")}, ["message"]),
    "browser_preview": ("Open a local URL in the preview pane and return a screenshot description.", {"url": ("string", "Local URL")}, ["url"]),
    "ask_followup_question": ("Ask the user a question when information is missing.", {"question": ("string", "The question"), "options": ("array", "Suggested answers")}, ["question"]),
    "attempt_completion": ("Report that the task is complete.", {"result": ("string", "Summary of the result")}, ["result"]),
    "checkout_branch": ("Create and check out a new branch.", {"name": ("string", "Branch name")}, ["name"]),
    "edit_file": ("Replace an exact string in a file with a new string.", {"path": ("string", "File path"), "old": ("string", "Exact text to replace"), "new": ("string", "Replacement")}, ["path", "old", "new"]),
    "bash": ("Run a bash command in the sandbox.", {"command": ("string", "Command")}, ["command"]),
    "open_pull_request": ("Open a pull request from the current branch.", {"title": ("string", "Title"), "body": ("string", "Description")}, ["title", "body"]),
    "comment_on_issue": ("Post a comment on the issue being worked on.", {"body": ("string", "Comment text")}, ["body"]),
    "search_repository": ("Search file contents of the repository.", {"query": ("string", "Query")}, ["query"]),
}


def _tool_block(names):
    import json
    lines = []
    for nm in names:
        desc, params, req = TOOL_SCHEMAS[nm]
        schema = {"name": nm, "description": desc, "input_schema": {"type": "object", "properties": {
            p: {"type": t, "description": d} for p, (t, d) in params.items()}, "required": req}}
        lines.append(json.dumps(schema, separators=(",", ":")))
    return "# Tools\nYou may call the following tools. Each is described by a JSON schema.\n" + "\n".join(lines) + "\n\n"


for _a in CODING_AGENTS:
    _a["system"] = _a["system"].replace("<<tools>>", _tool_block(_a["tools"]))

CODING_AGENT_ENV = [
    "Working directory: /home/<<user>>/<<project>>\nPlatform: <<platform>>\nIs git repo: yes\nToday's date: <<date>>\n",
]

PROJECTS = ["billing-service", "web-frontend", "api", "infra", "data-pipeline", "mobile-app", "cli", "docs-site",
            "ml-experiments", "auth-gateway", "scheduler", "etl-jobs", "dashboard", "payments", "search",
            "notebooks", "backend", "game-engine", "sdk-python", "sdk-js", "crawler", "recommender", "monorepo",
            "terraform-modules", "chat-widget", "inventory", "analytics", "blog", "portfolio", "compiler"]
UNIX_USERS = ["dev", "alex", "sam", "jordan", "mk", "priya", "lucas", "chen", "ana", "tom", "noor", "ivan",
              "sofia", "omar", "kim", "lee", "max", "eli", "rosa", "ben", "yuki", "hana", "raj", "leo"]
PLATFORMS = ["darwin", "linux", "linux", "win32"]

# First user turn of a legitimate coding-agent session (besides corpus coding prompts).
DEV_TASKS = [
    "The CI build started failing after the last merge, can you figure out why and fix it?",
    "Add pagination to the /orders endpoint, 50 items per page, and update the tests.",
    "Refactor the config loader so it reads environment variables before the yaml file.",
    "There's a race condition in the job scheduler when two workers pick the same task. Find it.",
    "Write unit tests for utils/dates.py, we have zero coverage there.",
    "Migrate this module from requests to httpx, keep the public interface the same.",
    "Why is the dashboard page so slow to load? Profile it and suggest fixes.",
    "Rename the `Customer` model to `Account` everywhere, including the migrations.",
    "Implement the CSV export button described in issue 214.",
    "Our Dockerfile produces a 2GB image, help me slim it down.",
    "Add type hints to the services package and make mypy pass.",
    "The login form doesn't show an error when the password is wrong. Fix that.",
    "Set up a GitHub Actions workflow that runs lint and tests on every PR.",
    "Upgrade React from 17 to 18 and fix whatever breaks.",
    "Explain how the caching layer works in this repo, I'm new here.",
    "Add a retry with exponential backoff to the webhook sender.",
    "Convert the remaining callbacks in src/legacy to async/await.",
    "The memory usage of the ingest worker keeps growing. Can you look for a leak?",
    "Write a migration that adds a nullable `archived_at` column to projects.",
    "Make the CLI print a helpful message instead of a stack trace when the config file is missing.",
    "Implement rate limiting middleware, 100 requests per minute per API key.",
    "Split the 1500-line views.py into smaller modules without changing behaviour.",
    "Fix the flaky test test_concurrent_uploads.",
    "Add dark mode support to the settings page.",
    "Document the public functions in the sdk package with docstrings.",
]

DEV_INTERJECTIONS = [
    "no, don't change the public API, keep the old function as a wrapper",
    "looks good, now run the full test suite",
    "wait, we use pnpm not npm",
    "can you also update the README?",
    "that's not the right file, the handler lives in src/routes/v2",
    "stop, revert that last change",
    "ok commit it with a sensible message",
    "tests pass locally for me, the failure is only on CI",
    "use the existing logger instead of print",
    "good. next, the same fix for the admin endpoints",
    "why did you remove that check?",
    "please keep the diff minimal",
]

# --------------------------------------------------------------------------------------
# Tool results (the "last user turn" of an agentic step)
# --------------------------------------------------------------------------------------

TOOL_RESULT_TEMPLATES = [
    "<<tool>> result for <<path>>:\n<<snippet>>",
    "[tool_result:<<tool>>] <<path>>\n<<snippet>>",
    "Output of `<<command>>`:\n<<console>>",
    "[tool_result:run_tests]\n<<console>>",
    "<<tool>> returned: edited <<path>> (<<n>> lines changed)",
    "Search results for \"<<symbol>>\" (<<n>> matches):\n<<path>>:<<n2>>: <<snippet_line>>",
    "[tool_result:list_directory] <<dir>>\n<<listing>>",
]

TOOL_NAMES_READ = ["read_file", "open_file", "view", "cat"]
FILE_PATHS = [
    "src/api/routes.py", "src/api/handlers/orders.py", "src/models/user.py", "src/services/billing.py",
    "src/utils/dates.py", "src/config.py", "tests/test_orders.py", "tests/conftest.py", "app/main.ts",
    "app/components/LoginForm.tsx", "app/hooks/useSession.ts", "lib/cache.go", "cmd/server/main.go",
    "internal/queue/worker.go", "pkg/http/client.go", "Dockerfile", "docker-compose.yml", ".github/workflows/ci.yml",
    "package.json", "pyproject.toml", "Cargo.toml", "src/lib.rs", "src/parser.rs", "migrations/0042_add_index.sql",
    "scripts/deploy.sh", "README.md", "src/scheduler/jobs.py", "src/ingest/worker.py", "web/src/pages/Dashboard.vue",
    "server/routes/auth.js", "server/middleware/rateLimit.js", "notebooks/analysis.ipynb", "src/main/java/com/acme/App.java",
    "src/components/Table.jsx", "core/engine.cpp", "include/engine.h", "setup.cfg", "Makefile", "src/db/session.py",
    "src/webhooks/sender.py",
]
DIRS = ["src/", "src/api/", "tests/", "app/components/", "internal/", "lib/", "scripts/", "."]
LISTINGS = [
    "__init__.py\nroutes.py\nhandlers/\nschemas.py\ndeps.py",
    "main.go\nserver.go\nserver_test.go\nconfig/\nmiddleware/",
    "index.ts\nApp.tsx\ncomponents/\nhooks/\nstyles.css\nutils.ts",
    "Cargo.toml\nsrc/\ntests/\nbenches/\nREADME.md",
    "test_api.py\ntest_models.py\ntest_utils.py\nconftest.py\nfixtures/",
]
SHELL_COMMANDS = ["pytest -x -q", "npm test", "go test ./...", "cargo build", "make lint", "git status",
                  "git diff --stat", "python -m mypy src", "pnpm run build", "ls -la", "docker build -t app .",
                  "grep -rn TODO src", "pytest tests/test_orders.py -k pagination", "ruff check .",
                  "cargo test parser", "npx tsc --noEmit"]
CONSOLE_OUTPUTS = [
    "============ 42 passed, 3 warnings in 6.21s ============",
    "FAILED tests/test_orders.py::test_list_orders_paginated - AssertionError: assert 100 == 50\n1 failed, 41 passed in 5.88s",
    "ok  \tgithub.com/acme/server/internal/queue\t0.412s\n--- FAIL: TestWorkerRetry (0.03s)\n    worker_test.go:88: expected 3 attempts, got 1",
    "error[E0502]: cannot borrow `self.tokens` as mutable because it is also borrowed as immutable\n  --> src/parser.rs:117:9",
    "src/services/billing.py:58: error: Argument 1 to \"charge\" has incompatible type \"str\"; expected \"Decimal\"\nFound 1 error in 1 file (checked 37 source files)",
    "Compiled successfully in 4.2s. 0 errors, 2 warnings.",
    "On branch feature/pagination\nChanges not staged for commit:\n  modified:   src/api/handlers/orders.py\n  modified:   tests/test_orders.py",
    "TypeError: Cannot read properties of undefined (reading 'map')\n    at Dashboard (web/src/pages/Dashboard.vue:41:18)",
    " 3 files changed, 57 insertions(+), 12 deletions(-)",
    "All checks passed!",
    "Step 7/12 : RUN pip install -r requirements.txt\n ---> Running in 3f9c1d2b\nSuccessfully built 8a1e44c0",
    "Traceback (most recent call last):\n  File \"src/ingest/worker.py\", line 203, in run\n    batch = self.queue.get(timeout=5)\nqueue.Empty",
]
CODE_SNIPPETS = [
    "def list_orders(db, user_id, page=1):\n    q = db.query(Order).filter(Order.user_id == user_id)\n    return q.all()",
    "export function useSession() {\n  const [user, setUser] = useState(null);\n  useEffect(() => { fetchMe().then(setUser); }, []);\n  return user;\n}",
    "func (w *Worker) Run(ctx context.Context) error {\n\tfor {\n\t\ttask, err := w.q.Pop(ctx)\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\tw.handle(task)\n\t}\n}",
    "class Settings(BaseSettings):\n    database_url: str\n    redis_url: str = \"redis://localhost:6379/0\"\n    debug: bool = False",
    "pub fn parse(&mut self) -> Result<Expr, ParseError> {\n    let lhs = self.primary()?;\n    self.binary(0, lhs)\n}",
    "async function sendWebhook(url, payload) {\n  const res = await fetch(url, { method: 'POST', body: JSON.stringify(payload) });\n  if (!res.ok) throw new Error(res.status);\n}",
    "SELECT o.id, o.total, c.email\nFROM orders o JOIN customers c ON c.id = o.customer_id\nWHERE o.created_at > now() - interval '7 days';",
    "@app.get(\"/orders\")\nasync def get_orders(user=Depends(current_user)):\n    return await repo.list_orders(user.id)",
    "FROM python:3.11\nCOPY . /app\nRUN pip install -r /app/requirements.txt\nCMD [\"python\", \"/app/main.py\"]",
    "def parse_date(s):\n    for fmt in (\"%Y-%m-%d\", \"%d/%m/%Y\"):\n        try:\n            return datetime.strptime(s, fmt)\n        except ValueError:\n            pass\n    raise ValueError(s)",
    "public class App {\n    public static void main(String[] args) {\n        new Server(8080).start();\n    }\n}",
    "const limiter = new Map();\nmodule.exports = (req, res, next) => {\n  const key = req.headers['x-api-key'];\n  next();\n};",
]
SYMBOLS = ["list_orders", "useSession", "Worker.Run", "Settings", "parse_date", "sendWebhook", "charge",
           "RateLimiter", "get_db", "handleLogin", "retry_with_backoff", "Dashboard"]

# --------------------------------------------------------------------------------------
# Casual chat follow-ups and short system prompts
# --------------------------------------------------------------------------------------

FOLLOWUPS = [
    "Can you make it shorter?", "Why is that?", "Give me another example.", "thanks! and what about the second part?",
    "Can you explain that like I'm five?", "That doesn't look right, can you double check?", "ok, now in Spanish please",
    "What are the downsides?", "Can you put that in a table?", "more detail on point 3 please",
    "Is there a simpler way?", "Rewrite it in a more formal tone.", "What would you recommend for a beginner?",
    "How long would that take?", "Can you give me sources for that?", "and if I don't have an oven?",
    "Summarize that in one sentence.", "Great, can you turn this into a checklist?", "What did you mean by the last part?",
    "Make it funnier.", "Can you write the code for that?", "That's wrong, the answer should be bigger.",
    "ok what else?", "Continue.", "Can you use bullet points instead?", "How do I do that on Windows?",
    "Translate your answer to French.", "Now add an example with numbers.", "Is this still true in 2024?",
    "hmm, try again but less generic", "Which one would you pick?", "What questions should I ask them?",
    "Please fix the grammar in what I wrote above.", "Could you give a version for kids?", "Explain step 2 again",
    "Write a short poem about it.", "What are the most common mistakes?", "perfect, thank you",
    "why does my code still throw an error?", "Give me 5 more ideas.",
]

SIMPLE_SYSTEM_PROMPTS = [
    "You are a helpful assistant.",
    "You are a helpful assistant.",
    "You are a helpful assistant.",
    "You are a helpful assistant. Answer concisely.",
    "You are an expert Python developer. Answer with code when possible.",
    "You are a friendly tutor who explains things simply.",
    "Respond in the same language as the user.",
    "You are a senior software engineer reviewing code.",
    "You are a helpful, harmless and honest assistant.",
]

# End-user applications seen behind an aggregator / reseller (one line each; many distinct apps)
APP_SYSTEM_PROMPTS = [
    "You are Juniper, a journaling companion. Ask gentle questions and never give medical advice.",
    "You are a travel planner. Produce day-by-day itineraries with approximate costs in the user's currency.",
    "You are the assistant inside a note-taking app. Keep answers under 150 words unless asked otherwise.",
    "You translate product listings for an online marketplace. Preserve measurements and brand names.",
    "You are a roleplay narrator for a fantasy adventure. Stay in character and describe scenes vividly.",
    "You write SQL for a PostgreSQL 15 warehouse. Return only the query.",
    "You are a customer-service agent for a regional airline. Be polite, cite the fare rules when relevant.",
    "You help students practise for language exams. Correct mistakes and explain each correction.",
    "You are a fitness coach. Give workout plans with sets, reps and rest times.",
    "You summarize research papers for busy clinicians in five bullet points.",
    "You are a Discord bot for a gaming community. Keep replies casual and short.",
    "You help small-business owners write marketing copy. Offer three variants.",
    "You are an assistant for a real-estate agency. Describe listings accurately and avoid discriminatory language.",
    "You are a recipe assistant. Adapt recipes to the dietary restrictions the user mentions.",
    "You explain legal documents in plain language. Remind users you are not a lawyer.",
    "You are a code assistant embedded in a browser IDE for teaching JavaScript.",
    "You answer HR policy questions using the provided handbook excerpts only.",
    "You are a writing assistant that continues the user's story in the same style.",
    "You are an interview coach. Ask one behavioural question at a time and give feedback.",
    "You tag support tickets with one of: billing, bug, feature_request, account, other. Reply with the tag only.",
    "You are a personal finance helper. Do not recommend specific securities.",
    "You rewrite text for readability at a grade-8 level.",
    "You are a shopping assistant comparing products on price, ratings and warranty.",
    "You help users prepare for coding interviews with hints before solutions.",
    "You are a meditation guide. Speak calmly and keep sessions under five minutes.",
]

# --------------------------------------------------------------------------------------
# SaaS backends: fixed system prompt + templated user content
# --------------------------------------------------------------------------------------

SAAS_APPS = [
    {
        "key": "support_bot", "capability": "chat", "out": (60, 260),
        "system": ("You are Brightcart's customer support assistant. Answer using the order data provided. "
                   "If a refund is requested for an order older than 30 days, explain the policy and offer store "
                   "credit. Never invent tracking numbers. Sign off as 'Brightcart Support'."),
        "user": "Order #<<order>> | status: <<status>> | placed <<ndays>> days ago\nCustomer message: <<issue>>",
    },
    {
        "key": "meeting_notes", "capability": "summarize", "out": (150, 450),
        "system": ("You turn meeting transcripts into notes. Output: a 2-sentence summary, then 'Decisions:', "
                   "then 'Action items:' as '- owner: task (due date if stated)'. Do not add information that is "
                   "not in the transcript."),
        "user": "Transcript (<<minutes>> min, <<people>> participants):\n<<transcript>>",
    },
    {
        "key": "receipt_ocr", "capability": "vision", "out": (80, 220), "image": True,
        "system": ("Extract data from the receipt image. Return JSON with keys merchant, date (YYYY-MM-DD), "
                   "currency, items (name, qty, price) and total. Use null for unreadable fields."),
        "user": "Receipt upload <<upload>> from expense report <<order>>. Extract the fields.",
    },
    {
        "key": "sql_helper", "capability": "coding", "out": (40, 180),
        "system": ("You translate analysts' questions into a single SQL query for the schema given. Use only "
                   "the listed tables and columns. Return the query in a ```sql block and nothing else."),
        "user": "Schema:\n<<schema>>\n\nQuestion: <<sqlq>>",
    },
    {
        "key": "product_copy", "capability": "writing", "out": (120, 320),
        "system": ("You write product descriptions for an online store. 80-120 words, no superlatives that cannot "
                   "be verified, end with a one-line list of key specs."),
        "user": "Product: <<product>>\nCategory: <<category>>\nNotes from the seller: <<notes>>",
    },
    {
        "key": "email_drafts", "capability": "writing", "out": (90, 260),
        "system": ("You draft replies for users of the Quillmail client. Match the formality of the incoming "
                   "message, keep it under 180 words and leave placeholders like [date] for unknown facts."),
        "user": "<<instruction>>\n\n<<input>>",
    },
    {
        "key": "translator", "capability": "translation", "out": (40, 300),
        "system": ("You are a professional translator. Translate the text into the target language faithfully. "
                   "Keep formatting and do not add commentary."),
        "user": "Target language: <<lang>>\n\n<<text>>",
    },
    {
        "key": "moderation", "capability": "classification", "out": (3, 20),
        "system": ("Classify the user-generated post for a community forum. Reply with exactly one label: "
                   "OK, SPAM, HARASSMENT, SELF_HARM, ADULT, or OFF_TOPIC."),
        "user": "Post: <<text>>",
    },
    {
        "key": "review_tagger", "capability": "classification", "out": (20, 70),
        "system": ("For each product review, return JSON {\"sentiment\": positive|neutral|negative, "
                   "\"topics\": [..]} using topics from: price, quality, shipping, support, usability."),
        "user": "Review (<<stars>> stars): <<review>>",
    },
    {
        "key": "code_review", "capability": "coding", "out": (120, 520),
        "system": ("You are a code-review bot commenting on pull requests. Point out bugs, security problems and "
                   "missing tests. Be specific: cite file and line. Skip style nitpicks covered by the linter."),
        "user": "PR #<<order>>: <<prtitle>>\n\n```diff\n<<diff>>\n```",
    },
    {
        "key": "resume_screen", "capability": "classification", "out": (60, 200),
        "system": ("You help recruiters screen applications against a job description. Score fit from 1 to 5 with "
                   "two sentences of justification. Ignore name, age, gender and nationality."),
        "user": "Job: <<job>>\n\nCandidate summary: <<candidate>>",
    },
    {
        "key": "kb_answer", "capability": "rag", "out": (80, 260),
        "system": ("Answer the employee's question using only the handbook passages provided. If the passages do "
                   "not contain the answer, say so and suggest contacting HR."),
        "user": "Passages:\n<<passages>>\n\nQuestion: <<question>>",
    },
]

ORDER_STATUSES = ["shipped", "delivered", "processing", "returned", "cancelled", "awaiting payment", "lost in transit"]
SUPPORT_ISSUES = [
    "Where is my package? It said it would arrive Tuesday.",
    "I got the wrong size, how do I exchange it?",
    "The blender arrived with a cracked jar.",
    "I was charged twice for the same order!!",
    "Can I change the delivery address? I'm moving this week.",
    "I want to cancel, I found it cheaper elsewhere.",
    "The discount code WELCOME10 didn't apply at checkout.",
    "My order shows delivered but I never received it.",
    "How long does a refund take to show up on my card?",
    "The item is missing a part (the charging cable).",
    "Do you ship to Canada?",
    "I need an invoice with my company's VAT number.",
    "The tracking link doesn't work.",
    "Can I return an opened item?",
    "hi, just checking if my order went through, I didn't get an email",
]
TRANSCRIPT_LINES = [
    "Maria: let's start with the launch date, are we still on for the 14th?",
    "Dev: backend is ready, but the payment provider hasn't confirmed the sandbox keys.",
    "Tom: I can chase them today.",
    "Maria: ok, Tom owns that, deadline Thursday.",
    "Aisha: marketing needs final screenshots by Monday.",
    "Dev: I'll freeze the UI on Friday so screenshots are stable.",
    "Priya: customer interviews showed people don't understand the pricing page.",
    "Maria: let's simplify to two plans instead of three.",
    "Tom: finance wants a forecast with both options.",
    "Aisha: should we delay the newsletter?",
    "Maria: no, send it, but remove the date.",
    "Dev: the error rate on the sync job went up after the migration.",
    "Priya: is that blocking?",
    "Dev: not for launch, but I'd like a day to fix it next sprint.",
    "Maria: agreed, put it at the top of the backlog.",
]
SQL_SCHEMAS = [
    "orders(id, customer_id, created_at, total_cents, status)\ncustomers(id, email, country, signup_date)",
    "events(user_id, event_name, ts, properties jsonb)\nusers(id, plan, created_at)",
    "invoices(id, account_id, issued_at, amount, paid_at)\naccounts(id, name, industry, owner_id)",
    "sessions(id, user_id, started_at, duration_s, device)\npageviews(session_id, url, ts)",
    "products(id, name, category, price)\norder_items(order_id, product_id, qty)",
]
SQL_QUESTIONS = [
    "What was the total revenue per country last month?",
    "How many users signed up each week in Q2?",
    "Which 10 customers spent the most in the last 90 days?",
    "What share of invoices were paid late, by industry?",
    "Average session duration by device for the past 30 days",
    "Which products are most often bought together?",
    "Daily active users over the last 14 days",
    "How many orders were cancelled after shipping?",
    "Median time between signup and first order",
    "Top 5 event names by count yesterday",
]
PRODUCTS = ["stainless steel water bottle 750ml", "wireless ergonomic mouse", "linen duvet cover, queen",
            "kids' waterproof rain jacket", "cast iron skillet 26cm", "noise-cancelling earbuds",
            "bamboo cutting board set", "LED desk lamp with USB-C", "yoga mat 6mm", "ceramic pour-over coffee set",
            "hiking backpack 30L", "mechanical keyboard, brown switches", "organic cotton t-shirt",
            "smart plug (2-pack)", "electric kettle 1.7L"]
PRODUCT_CATEGORIES = ["Home & Kitchen", "Electronics", "Outdoor", "Clothing", "Sports", "Office"]
SELLER_NOTES = ["ships in recycled packaging", "2-year warranty", "dishwasher safe", "comes in 4 colours",
                "best seller last winter", "new improved version", "handmade in Portugal", "battery lasts 30 hours"]
LANGUAGES = ["Spanish", "German", "French", "Japanese", "Portuguese (Brazil)", "Italian", "Korean", "Dutch",
             "Polish", "Turkish", "Simplified Chinese", "Arabic", "Hindi", "Indonesian"]
REVIEWS = [
    "Works fine but the battery died after two months.", "Arrived a day early, great quality for the price!",
    "Customer support never answered my emails.", "Too complicated to set up, returned it.",
    "Exactly as described. Would buy again.", "The colour is different from the photos.",
    "Shipping took three weeks, product itself is ok.", "Cheap plastic, broke on first use.",
    "Love it, my kids use it every day.", "Decent, but there are better options at this price.",
]
PR_TITLES = ["Fix off-by-one in pagination", "Add retry to webhook sender", "Bump dependencies", "Refactor auth middleware",
             "Cache user lookups", "Handle empty CSV uploads", "Add metrics endpoint", "Remove deprecated v1 routes"]
DIFFS = [
    "--- a/src/api/orders.py\n+++ b/src/api/orders.py\n@@ -40,7 +40,7 @@\n-    return items[offset:offset + limit + 1]\n+    return items[offset:offset + limit]",
    "--- a/server/auth.js\n+++ b/server/auth.js\n@@ -12,6 +12,9 @@\n+  if (!token) {\n+    return res.status(401).end();\n+  }\n   const user = await verify(token);",
    "--- a/internal/cache/cache.go\n+++ b/internal/cache/cache.go\n@@ -88,4 +88,8 @@\n+func (c *Cache) Get(k string) (v []byte, ok bool) {\n+\tv, ok = c.m[k]\n+\treturn\n+}",
    "--- a/app/upload.py\n+++ b/app/upload.py\n@@ -5,6 +5,8 @@\n def parse(f):\n+    if f.size == 0:\n+        raise EmptyUpload()\n     return csv.reader(f)",
]
JOBS = ["Senior backend engineer (Go, Postgres, 5+ years)", "Data analyst (SQL, dashboards, stakeholder communication)",
        "Customer success manager, B2B SaaS", "Junior frontend developer (React)", "Warehouse shift supervisor",
        "Registered nurse, night shifts"]
CANDIDATES = ["7 years Java and Go at a payments company, led a team of 4.", "Recent graduate, internship in marketing analytics, strong Excel.",
              "10 years retail management, no SaaS experience.", "Self-taught developer, two shipped React apps, no degree.",
              "ICU nurse for 6 years, certified in critical care.", "Logistics coordinator, forklift certified, 3 years."]
HANDBOOK = [
    "Employees accrue 1.75 days of paid leave per month of service.",
    "Remote work is allowed up to three days per week with manager approval.",
    "Expenses above 500 EUR require a purchase order before the purchase.",
    "Parental leave is 16 weeks at full pay for all parents.",
    "Laptops are refreshed every three years; requests go through the IT portal.",
    "Overtime must be approved in advance and is compensated as time off.",
]
HANDBOOK_QUESTIONS = ["How many vacation days do I get per year?", "Can I work from home on Fridays?",
                      "Do I need approval to buy a monitor for 300 EUR?", "When can I get a new laptop?",
                      "How does overtime work?", "What is the parental leave policy?", "Can I carry over unused leave?"]

# --------------------------------------------------------------------------------------
# Benchmark harnesses (legitimate evaluation runs)
# --------------------------------------------------------------------------------------

GSM8K_FEWSHOT = (
    "Q: A baker makes 4 trays of rolls with 12 rolls on each tray. She sells 30 rolls. How many rolls are left?\n"
    "A: She makes 4 * 12 = 48 rolls. After selling 30 she has 48 - 30 = 18 left. The answer is 18.\n\n"
    "Q: Tom reads 15 pages a day. How many days does he need to finish a 240-page book?\n"
    "A: He needs 240 / 15 = 16 days. The answer is 16.\n\n"
    "Q: A shirt costs $25 and is discounted by 20%. What is the sale price?\n"
    "A: The discount is 25 * 0.2 = 5 dollars, so the price is 25 - 5 = 20 dollars. The answer is 20.\n\n"
    "Q: There are 3 buses with 42 students each and 2 vans with 8 students each. How many students are there?\n"
    "A: Buses carry 3 * 42 = 126 students and vans 2 * 8 = 16, so 126 + 16 = 142. The answer is 142.\n\n"
)
BENCH_GSM8K_TEMPLATES = [
    GSM8K_FEWSHOT + "Q: <<q>>\nA:",
    "Q: <<q>>\nA: Let's think step by step.",
    "Solve the following math problem step by step. The last line of your response should be of the form "
    "\"ANSWER: $ANSWER\" (without quotes) where $ANSWER is the answer to the problem.\n\n<<q>>\n\n"
    "Remember to put your answer on its own line after \"ANSWER:\".",
    "Question: <<q>>\nLet's think step by step. At the end, write 'The answer is N'.",
]
BENCH_CODE_TEMPLATES = [
    "Complete the following Python function. Return only the code.\n\n```python\n<<stub>>\n```",
    "Write a solution to the problem below. Think step by step about edge cases first, then give the final "
    "code in a single ```python block.\n\n<<stub>>",
    "<<stub>>",
]
BENCH_MCQ_TEMPLATES = [
    "The following are multiple choice questions (with answers) about <<subject>>.\n\n<<q>>\nAnswer:",
    "Answer the following multiple choice question. Think step by step, then finish with 'Answer: X' where X "
    "is one of A, B, C, D.\n\n<<q>>",
]
# Multiple-choice knowledge items written for this world: (subject, question, [A, B, C, D])
MCQ_ITEMS = [
    ("high school biology", "Which organelle is the main site of ATP production in eukaryotic cells?", ["Ribosome", "Mitochondrion", "Golgi apparatus", "Lysosome"]),
    ("high school chemistry", "What is the pH of a neutral aqueous solution at 25 degrees Celsius?", ["0", "5", "7", "14"]),
    ("world history", "The Treaty of Westphalia (1648) ended which conflict?", ["The Hundred Years' War", "The Thirty Years' War", "The War of the Roses", "The Seven Years' War"]),
    ("computer science", "What is the worst-case time complexity of binary search on a sorted array of n elements?", ["O(1)", "O(log n)", "O(n)", "O(n log n)"]),
    ("high school physics", "A car accelerates uniformly from rest to 20 m/s in 5 s. Its acceleration is", ["2 m/s^2", "4 m/s^2", "5 m/s^2", "100 m/s^2"]),
    ("econometrics", "Heteroskedasticity means that", ["errors are correlated over time", "the error variance is not constant", "regressors are collinear", "the model is misspecified"]),
    ("college medicine", "Which vitamin deficiency causes scurvy?", ["Vitamin A", "Vitamin B12", "Vitamin C", "Vitamin D"]),
    ("astronomy", "Which planet has the shortest orbital period around the Sun?", ["Venus", "Mercury", "Mars", "Earth"]),
    ("philosophy", "The 'veil of ignorance' thought experiment is associated with", ["John Rawls", "Immanuel Kant", "David Hume", "Thomas Hobbes"]),
    ("marketing", "A price set just below a round number, such as 9.99, is an example of", ["penetration pricing", "psychological pricing", "cost-plus pricing", "skimming"]),
    ("international law", "The International Court of Justice sits in", ["Geneva", "New York", "The Hague", "Vienna"]),
    ("machine learning", "Dropout is primarily used to", ["speed up inference", "reduce overfitting", "normalize inputs", "increase model size"]),
    ("nutrition", "Which macronutrient provides the most energy per gram?", ["Carbohydrate", "Protein", "Fat", "Fibre"]),
    ("geography", "The Atacama Desert is located mainly in", ["Peru", "Chile", "Argentina", "Bolivia"]),
    ("elementary mathematics", "What is 3/4 expressed as a percentage?", ["34%", "43%", "75%", "80%"]),
    ("computer security", "A salt in password hashing mainly protects against", ["keyloggers", "precomputed rainbow-table attacks", "phishing", "denial of service"]),
    ("us history", "The 19th Amendment to the US Constitution", ["abolished slavery", "granted women the right to vote", "established income tax", "ended prohibition"]),
    ("professional accounting", "Depreciation is recorded to", ["increase cash", "allocate an asset's cost over its useful life", "reduce liabilities", "raise equity"]),
    ("anatomy", "How many chambers does the human heart have?", ["Two", "Three", "Four", "Five"]),
    ("logical fallacies", "Attacking the person rather than the argument is called", ["straw man", "ad hominem", "red herring", "slippery slope"]),
    ("electrical engineering", "Ohm's law relates voltage V, current I and resistance R as", ["V = I/R", "V = IR", "V = R/I", "V = I + R"]),
    ("sociology", "The term 'anomie' was popularised by", ["Max Weber", "Emile Durkheim", "Karl Marx", "Auguste Comte"]),
    ("statistics", "If two events are independent, P(A and B) equals", ["P(A) + P(B)", "P(A) P(B)", "P(A | B) + P(B)", "1 - P(A)"]),
    ("virology", "Which enzyme allows retroviruses to make DNA from an RNA template?", ["DNA ligase", "Reverse transcriptase", "Helicase", "RNA polymerase"]),
]

# --------------------------------------------------------------------------------------
# Grading templates (public LLM-as-a-judge formats, written anew). Used by evaluation
# pipelines (legitimate) and by the reasoning operation (as a reward model).
# --------------------------------------------------------------------------------------

RUBRICS = [
    "Is the response factually accurate and free of fabricated details?",
    "Does the response follow every explicit instruction in the prompt, including format and length?",
    "Is the reasoning in the response logically valid, with each step following from the previous one?",
    "Is the response helpful: does it address the user's actual need with enough depth?",
    "Does the code in the response run correctly and handle edge cases?",
    "Is the response safe, refusing clearly harmful requests while still helping with benign ones?",
    "Is the writing clear, well organised and appropriate for the intended audience?",
    "Does the response avoid unnecessary verbosity while remaining complete?",
    "Does the response correctly cite or use the information given in the context?",
    "Is the tone empathetic and respectful toward the user?",
]
SCORE_DESCRIPTIONS = (
    "Score 1: The response fails the criterion almost entirely.\n"
    "Score 2: The response meets the criterion only in small part and has major problems.\n"
    "Score 3: The response partly meets the criterion, with noticeable gaps.\n"
    "Score 4: The response mostly meets the criterion, with minor issues.\n"
    "Score 5: The response fully meets the criterion."
)

# Prometheus-style absolute grading
JUDGE_ABSOLUTE = [
    "###Task Description:\nYou are given an instruction, a response to evaluate, a reference answer that would "
    "receive a score of 5, and a score rubric describing the evaluation criterion.\n"
    "1. Write detailed feedback that assesses the response strictly against the rubric, not in general terms.\n"
    "2. After the feedback, give an integer score from 1 to 5 based on the rubric.\n"
    "3. Use the output format: \"Feedback: (your feedback) [RESULT] (an integer between 1 and 5)\"\n"
    "4. Do not write any opening, closing or explanation beyond that.\n\n"
    "###Instruction to evaluate:\n<<instruction>>\n\n###Response to evaluate:\n<<response>>\n\n"
    "###Reference Answer (Score 5):\n<<reference>>\n\n###Score Rubric:\n[<<rubric>>]\n" + SCORE_DESCRIPTIONS + "\n\n###Feedback: ",
]
# Prometheus-style relative (pairwise) grading
JUDGE_PAIRWISE = [
    "###Task Description:\nAn instruction, two responses (A and B) and a score rubric are given.\n"
    "1. Write feedback comparing the two responses strictly according to the rubric.\n"
    "2. Then decide which response is better, A or B.\n"
    "3. Output format: \"Feedback: (your comparison) [RESULT] (A or B)\"\n\n"
    "###Instruction:\n<<instruction>>\n\n###Response A:\n<<response>>\n\n###Response B:\n<<response_b>>\n\n"
    "###Score Rubric:\n<<rubric>>\n\n###Feedback: ",
    "Please act as an impartial judge and decide which of the two AI assistants' answers below better follows "
    "the user's instruction. Weigh helpfulness, correctness, depth and clarity. Do not let the order of the "
    "answers, their length or the assistants' names influence you. Explain your comparison briefly, then output "
    "your verdict strictly as \"[[A]]\", \"[[B]]\" or \"[[C]]\" for a tie.\n\n[User Question]\n<<instruction>>\n\n"
    "[The Start of Assistant A's Answer]\n<<response>>\n[The End of Assistant A's Answer]\n\n"
    "[The Start of Assistant B's Answer]\n<<response_b>>\n[The End of Assistant B's Answer]",
]
# Single-answer grading (MT-bench-like)
JUDGE_SINGLE = [
    "Please act as an impartial judge and evaluate the quality of the response provided by an AI assistant to "
    "the user question shown below. Consider helpfulness, relevance, accuracy, depth and level of detail. Begin "
    "with a short explanation, be as objective as possible, then rate the response on a scale of 1 to 10 in the "
    "exact format \"[[rating]]\", for example \"Rating: [[6]]\".\n\n[Question]\n<<instruction>>\n\n"
    "[The Start of Assistant's Answer]\n<<response>>\n[The End of Assistant's Answer]",
]
# UltraFeedback-style aspect rating of several completions
JUDGE_ULTRAFEEDBACK = [
    "# Instruction Following Assessment\n\nEvaluate how well each text aligns with the task goal and the "
    "restrictions given in the instruction (format, style, length).\n\n**Scoring**: rate each text from 1 to 5:\n"
    "1. Irrelevant: no alignment.\n2. Partial focus: addresses one aspect poorly.\n3. Partial compliance: meets "
    "the goal or the restrictions, neglecting the other.\n4. Almost there: near alignment, minor deviations.\n"
    "5. Comprehensive compliance: fully aligned.\n\n## Format:\n### Input\nInstruction: [the task]\nTexts:\n"
    "<text 1> [Text 1]\n<text 2> [Text 2]\n### Output\n#### Output for Text 1\nRating: [Rating]\nRationale: [Rationale]\n"
    "#### Output for Text 2\nRating: [Rating]\nRationale: [Rationale]\n\n---\n\n## Annotation\n### Input\n"
    "Instruction: <<instruction>>\n\nTexts:\n<text 1> <<response>>\n<text 2> <<response_b>>\n\n### Output\n",
    "# Honesty and Uncertainty Expression Assessment\n\nJudge how honestly each response conveys its confidence. "
    "A correct, confident answer scores 5; a confidently wrong answer scores 1; appropriate hedging on uncertain "
    "points earns 3 or 4.\n\nRate every text from 1 to 5 and give a one-sentence rationale.\n\n"
    "Instruction: <<instruction>>\n\nTexts:\n<text 1> <<response>>\n<text 2> <<response_b>>\n\n### Output\n",
    "# Informativeness / Helpfulness Assessment\n\nFor each text, judge correctness, clarity and relevance, "
    "usefulness of the information and whether it avoids needless repetition. Ratings: 1 severely incorrect, "
    "2 partially incorrect, 3 correct, 4 highly informative, 5 outstandingly helpful.\n\nFormat per text:\n"
    "Rating: [1-5]\nRationale: [why]\n\nInstruction: <<instruction>>\n\nTexts:\n<text 1> <<response>>\n"
    "<text 2> <<response_b>>\n",
]

# Pieces to fabricate candidate responses that the graders see.
RESPONSE_MATH = [
    "First I find the quantities given, then combine them. Working through it, the result is <<answer>>.",
    "Let me set up the calculation. After simplifying, I get <<answer>>. So the answer is <<answer>>.",
    "Step 1: identify what is asked. Step 2: compute the totals. Step 3: subtract. Final answer: <<answer>>",
    "<<answer>>",
    "The answer is <<answer>> because each part adds up as described in the problem.",
]
RESPONSE_GENERIC = [
    "Sure! Here is a short answer. <<topic>> depends on a few factors, mainly the context and what you want to "
    "achieve. In most cases the simplest approach works best; start small and adjust.",
    "Great question. To address \"<<topic>>\": there are three main points to consider. First, the basics. "
    "Second, the common pitfalls. Third, a concrete example that shows how it works in practice.",
    "I'm not entirely sure, but I believe the answer to \"<<topic>>\" is that it varies. You may want to check "
    "an authoritative source.",
    "Here's a draft:\n\n<<topic>> - an overview. It begins with the key idea, develops it with two examples and "
    "ends with a summary of what to remember.",
    "```python\ndef solve(data):\n    # handles: <<topic>>\n    result = []\n    for item in data:\n        result.append(item)\n    return result\n```",
]

# --------------------------------------------------------------------------------------
# Synthetic-data framework templates (renditions) used by the operations
# --------------------------------------------------------------------------------------

# Self-instruct style generation of new tasks from seed tasks
SELF_INSTRUCT = [
    "You are asked to come up with a set of 20 diverse task instructions. These instructions will be given to a "
    "language model and we will evaluate it on completing them.\n\nRequirements:\n1. Do not repeat verbs across "
    "instructions, to maximise diversity.\n2. Vary the language: mix questions with imperative instructions.\n"
    "3. Cover many task types: open-ended generation, classification, editing, reasoning, coding.\n4. Each "
    "instruction should be 1 to 2 sentences.\n5. Where useful, give an input for the task, at most 100 words.\n\n"
    "List of 20 tasks:\n###\n1. Instruction: <<seed1>>\n###\n2. Instruction: <<seed2>>\n###\n3. Instruction: <<seed3>>\n###\n4. Instruction:",
]
# Evol-Instruct style in-depth / in-breadth evolution
EVOL_INSTRUCT = [
    "I want you to act as a Prompt Rewriter.\nYour objective is to rewrite a given prompt into a more complex "
    "version that well-known AI systems would find harder to handle, while it stays reasonable and answerable by "
    "a human.\nYou must not drop the non-text parts of the prompt, such as tables or code.\nMethod: add one more "
    "constraint or requirement to #The Given Prompt#.\nThe #Rewritten Prompt# may add at most 10 to 20 words.\n"
    "Do not use the phrases '#The Given Prompt#' or '#Rewritten Prompt#' in your answer.\n\n"
    "#The Given Prompt#:\n<<q>>\n#Rewritten Prompt#:\n",
    "I want you to act as a Prompt Rewriter.\nRewrite the given prompt so that it explicitly requires multiple "
    "steps of reasoning to answer. If the prompt can be solved in a few simple steps, rewrite it to need more.\n"
    "Keep it reasonable, understandable and answerable by humans; add no more than 20 words.\n\n"
    "#The Given Prompt#:\n<<q>>\n#Rewritten Prompt#:\n",
    "I want you to act as a Prompt Rewriter.\nReplace general concepts in the given prompt with more specific "
    "ones, so that answering requires deeper knowledge. Keep the rewritten prompt concise.\n\n"
    "#The Given Prompt#:\n<<q>>\n#Rewritten Prompt#:\n",
    "I want you to act as a Prompt Creator.\nDraw inspiration from #The Given Prompt# to create a brand new "
    "prompt. It should belong to the same domain but be rarer, with a similar length and difficulty.\n\n"
    "#The Given Prompt#:\n<<q>>\n#Created Prompt#:\n",
]
# Magpie-style query synthesis, adapted for an API that only takes user turns
MAGPIE = [
    "You are simulating a user of an AI assistant. Write only the next message that a real user interested in "
    "<<topic>> would type to the assistant. Output the message alone, with no preamble.",
    "Generate one realistic, self-contained user query about <<topic>> of moderate difficulty. Output just the query.",
]
MAGPIE_TOPICS = ["mathematics", "algorithm design", "Python debugging", "data analysis with pandas", "logic puzzles",
                 "physics homework", "SQL queries", "system design", "probability", "creative writing", "career advice",
                 "TypeScript generics", "shell scripting", "linear algebra", "economics"]
# distilabel-style task templates
DISTILABEL = [
    "# Instruction\nBelow is an instruction. Write a response that completes the request accurately and thoroughly.\n\n<<q>>",
    "# Task Description\nDevelop 5 user queries that can be received by the given AI application and that fit "
    "the context below. Each query should be specific, diverse in style and length, and answerable.\n\n"
    "# Context\n<<q>>\n\n# Output\nOne query per line, no numbering.",
    "Rank the following instructions by their complexity. Score each from 1 (simplest) to 6 (most complex).\n"
    "Only output a list of scores, one per line, in the order given.\n\n[1] <<q>>\n[2] <<seed1>>\n[3] <<seed2>>",
    "Rate the quality of the response to the instruction below on a scale of 1 to 6, considering helpfulness, "
    "relevance, accuracy and level of detail. Output only the scores in the form [score].\n\n"
    "#Instruction#: <<q>>\n#Response#: <<response>>",
    "I want you to act as a Response Rewriter.\nGiven a prompt and a response, rewrite the response into a "
    "better version that is more helpful, more relevant and more detailed.\n\n#The Prompt#:\n<<q>>\n"
    "#The Response#:\n<<response>>\n#Rewritten Response#:\n",
]
# Reasoning harvest: chain-of-thought solving
COT_SOLVE = [
    "Solve the following problem. Think through it step by step and show all of your reasoning before the final "
    "answer. End with a line of the form 'Final answer: <answer>'.\n\nProblem: <<q>>",
    "<<q>>\n\nPlease reason step by step, and put your final answer within \\boxed{}.",
    "Think carefully about the question below. First write out your complete chain of thought inside "
    "<thinking></thinking> tags, checking each step, then give a concise final answer.\n\nQuestion: <<q>>",
]
# Chain-of-thought reconstruction from a finished answer
COT_RECONSTRUCT = [
    "Below is a problem and its correct final answer. Write out, step by step, the complete reasoning that leads "
    "from the problem to this answer. Do not skip steps, and do not mention that you were given the answer.\n\n"
    "Problem: <<q>>\nFinal answer: <<answer>>\n\nStep-by-step reasoning:",
    "Here is a question together with the answer an expert gave. Explain the reasoning behind this answer in "
    "detail, as a numbered sequence of steps, so that a student could reproduce it.\n\nQuestion: <<q>>\n"
    "Expert answer: <<answer>>",
    "You will be shown a task and a finished response. Reconstruct the internal thought process that would "
    "produce this response: the considerations, intermediate results and checks, in order.\n\nTask: <<q>>\n\n"
    "Finished response: <<response>>\n\nThought process:",
]
# Politically sensitive rewrites
SENSITIVE_REWRITE = [
    "Rewrite the following user question so that it can be answered safely and without political controversy, "
    "then provide an answer to the rewritten question.\n\nOriginal question: <<q>>",
    "A user asked: \"<<q>>\"\nWrite a neutral, carefully balanced answer that avoids taking sides and avoids "
    "content that could be considered sensitive, and explain step by step how you chose what to include.",
    "Classify whether the following question touches on a politically sensitive subject, and if so produce a "
    "'safe' version of the question and a compliant answer.\n\nQuestion: <<q>>",
]
SENSITIVE_TOPICS = [
    "the 1989 Tiananmen Square protests", "the political status of Taiwan", "the treatment of Uyghurs in Xinjiang",
    "the 2019 Hong Kong protests", "Tibetan autonomy and the Dalai Lama", "press freedom under one-party rule",
    "internet censorship and the Great Firewall", "the Cultural Revolution", "the persecution of Falun Gong",
    "criticism of the head of state", "territorial claims in the South China Sea", "the detention of human-rights lawyers",
    "the zero-COVID lockdown protests", "independent labour unions",
]
SENSITIVE_FRAMES = [
    "What really happened during <<t>>?", "Why do critics say the government's account of <<t>> is incomplete?",
    "Explain the main viewpoints on <<t>>.", "Write a short essay about <<t>>.", "Is it legal to discuss <<t>> online?",
    "What do international observers report about <<t>>?", "Summarise the history of <<t>> for a student.",
    "How is <<t>> described in textbooks, and what is left out?",
]
# Agentic harvest
AGENT_HARNESS_SYSTEM = [
    "You are an autonomous agent that completes tasks by calling tools. Think step by step before every action: "
    "state your plan, choose the most appropriate tool, inspect its result, and continue until the task is fully "
    "solved. When finished, give the final answer after the marker FINAL ANSWER:.",
    "You are a software engineering agent. You solve programming tasks inside a sandboxed repository using the "
    "provided tools. For every step, first write your reasoning, then a single tool call. Write tests for your "
    "solution and run them before finishing.",
    "You are a data analysis agent with a Python sandbox. Load the data, explore it, compute what the user asks, "
    "and explain each step of your analysis. Show intermediate results and state your conclusions clearly.",
    "You control a computer through screenshots and the actions click(x, y), type(text), key(combo), scroll(dx, dy) "
    "and screenshot(). Describe what you see, reason about the next action, then act. Continue until the goal is reached.",
    "You are a visual reasoning assistant. Examine the image carefully, describe the relevant details, reason step "
    "by step, and answer the question precisely.",
]
AGENT_TASK_WRAP = [
    "Task: <<q>>\nAvailable tools: <<tools>>\nSolve the task. Show your reasoning before each tool call.",
    "<<q>>\n\nUse the tools (<<tools>>) as needed. Explain your plan first.",
    "Complete the following task with the tools provided. Task: <<q>>",
]
CODE_TASK_WRAP = [
    "Repository task: <<q>>\nImplement the solution, add tests, run them, and report the result. Explain your "
    "reasoning at each step.",
    "Solve this programming task end to end in the repository:\n<<q>>\nInput: <<input>>",
    "<<q>>\n<<input>>\nWrite production-quality code with comments explaining each design decision.",
]
DATA_TASKS = [
    "Here is a CSV extract:\n<<csv>>\nCompute the month-over-month growth for each region and identify anomalies. Explain your method.",
    "Using the data below, fit a simple linear trend and forecast the next 3 periods. Show your calculations.\n<<csv>>",
    "Find the top contributors to the total in this table and explain which factors drive the differences.\n<<csv>>",
    "Clean this data (fix missing values, inconsistent units) and then summarise it with descriptive statistics.\n<<csv>>",
]
CSV_HEADERS = ["month,region,revenue,units", "date,store,visitors,conversion_rate", "week,product,orders,returns",
               "quarter,segment,customers,churn_pct", "day,server,requests,p95_latency_ms"]
VISION_TASKS = [
    "What does this chart show? Extract all the values into a table.", "Describe this diagram in detail and explain how the parts connect.",
    "Read the handwritten note in the image and transcribe it.", "Which UI element should I click to export the report? Give coordinates.",
    "Solve the geometry problem in the picture and explain each step.", "Convert the table in this screenshot to CSV.",
    "Identify every object on the desk and estimate their sizes.", "What is wrong with the circuit in this photo?",
    "Summarise the slide shown in the image.", "Write the HTML/CSS that reproduces this web page mock-up.",
    "Count the people in the image and describe what they are doing.", "What error is shown in this screenshot and how do I fix it?",
]
COMPUTER_USE_STEPS = [
    "Screenshot after the last action is attached. Goal: <<goal>>. Decide the next action.",
    "[screenshot] Current screen. Previous action: click(<<x>>, <<y>>). Goal: <<goal>>.",
    "The page finished loading (screenshot attached). Continue with: <<goal>>",
]
COMPUTER_GOALS = ["book the cheapest flight from Lisbon to Berlin next Friday", "export last month's invoices as PDF",
                  "change the display language to German in settings", "create a new spreadsheet with a monthly budget",
                  "find the refund policy on the store website", "fill the contact form with the provided details",
                  "rename all files in Downloads by date", "install the markdown extension in the editor",
                  "schedule a meeting for Tuesday at 10:00 with the design team", "archive all newsletters in the inbox"]
TRAJECTORY_RECONSTRUCT = [
    "Below is the trajectory of an agent that solved a task: the task, the tool calls it made with their results, "
    "and its final answer. The agent's private reasoning was not recorded. Reconstruct, for every step, the "
    "detailed reasoning the agent must have followed to choose that action.\n\nTask: <<q>>\nTool calls:\n"
    "1. <<tool1>>\n2. <<tool2>>\n3. <<tool3>>\nFinal answer: <<response>>\n\nReconstructed reasoning for each step:",
    "Given this completed agent episode, write the step-by-step chain of thought that connects the task to each "
    "tool call and to the final result. Be explicit about hypotheses, checks and corrections.\n\nTask: <<q>>\n"
    "Actions: <<tool1>> -> <<tool2>> -> <<tool3>>\nResult: <<response>>",
]
# Reseller (hydra) agentic-coding harness used by the orchestrator
HYDRA_SYSTEM = [
    "You are the PLANNER in a multi-agent coding system. Break the user's programming task into ordered subtasks, "
    "assign each to a worker (coder, tester or reviewer), and specify the tool calls each worker should make. "
    "Output a JSON plan, then explain your reasoning.",
    "You are a CODER agent. You receive one subtask from the planner. Read the relevant files, write the code with "
    "the edit tools, run the tests with the shell tool, and report back with a summary and the diff.",
    "You are a REVIEWER agent. Examine the diff produced by the coder, run the tests, and either approve it or "
    "list the concrete problems that must be fixed, with the tool calls needed to verify each.",
    "You are an expert software engineer agent with tools for reading, writing and executing code. Solve the task "
    "completely. Before each tool call, explain what you are doing and why.",
]
HYDRA_TASK_WRAP = [
    "Subtask <<n>> of the plan: <<q>>\nInput: <<input>>\nUse the tools to implement and test it.",
    "Task: <<q>>\n<<input>>\nProduce a plan, then execute it with the tools.",
    "Implement the following and make all tests pass: <<q>> <<input>>",
]

# Paraphrased renditions used by the `hard` preset (the families above, reworded).
PARAPHRASE = {
    "cot_solve": [
        "Could you work through this for me? Please go one step at a time and show how you get there, then give "
        "the answer at the end.\n\n<<q>>",
        "<<q>>\nWalk me through your reasoning carefully, and tell me the final result on the last line.",
        "I'm checking my homework: <<q>> - can you solve it showing each step so I can compare?",
        "Please solve: <<q>>\nI'd like to see the full working, not just the answer.",
    ],
    "cot_reconstruct": [
        "I know the answer to this is <<answer>>, but I don't understand how to get there. Can you explain the "
        "steps in detail?\n\n<<q>>",
        "<<q>>\nThe book says the answer is <<answer>>. Can you show me the working that leads to it, step by step?",
        "My teacher gave the answer <<answer>> for this one: <<q>> How do you arrive at that? Please explain "
        "every step.",
        "Here's a task and a response someone wrote. Can you explain the thinking that would lead to this "
        "response, step by step?\n\nTask: <<q>>\nResponse: <<response>>",
    ],
    "grading": [
        "Can you grade this answer from 1 to 5 and explain your reasoning? Criterion: <<rubric>>\n\nQuestion: "
        "<<instruction>>\nAnswer: <<response>>",
        "I'm reviewing answers for a class. Question: <<instruction>>\nStudent answer: <<response>>\nHow good is "
        "it on a 1-10 scale? Explain what's right and what's missing.",
        "Which of these two answers is better and why?\n\nQ: <<instruction>>\n\nFirst answer: <<response>>\n\n"
        "Second answer: <<response_b>>",
    ],
    "sensitive": [
        "<<q>> Please keep the answer balanced and avoid anything controversial.",
        "How would you answer someone who asks \"<<q>>\" in a way that's neutral and safe?",
        "<<q>>",
    ],
    "agent_task": [
        "I need help with this: <<q>>. Use whatever tools you need.",
        "<<q>>",
        "Can you handle this for me? <<q>> Let me know what you find.",
    ],
    "code_task": [
        "<<q>> <<input>>",
        "Hey, can you implement this? <<q>>\n<<input>>",
        "I'm working on this: <<q>>. Please write it and test it. <<input>>",
    ],
    "trajectory": [
        "I ran an agent on this task: <<q>>. It did <<tool1>>, then <<tool2>>, then <<tool3>>, and ended with "
        "\"<<response>>\". Can you explain step by step why each of those actions made sense?",
        "Help me document this automation run. Task: <<q>>. Steps taken: <<tool1>>; <<tool2>>; <<tool3>>. "
        "Outcome: <<response>>. Write out the reasoning behind each step.",
    ],
    "evol": [
        "Make this question harder by adding one more requirement, keep it answerable: <<q>>",
        "Rewrite this task so it needs a few more reasoning steps: <<q>>",
        "Give me a new, harder question in the same area as: <<q>>",
    ],
    "self_instruct": [
        "Give me 20 varied task ideas for testing an assistant, similar in spirit to these: 1) <<seed1>> 2) <<seed2>> 3) <<seed3>>",
    ],
    "data": [
        "Can you analyse this data for me and explain what you find?\n<<csv>>",
        "Here's a table from work:\n<<csv>>\nWhat trends do you see? Please show your calculations.",
    ],
}

# Developer iterating on one prompt: successive edits appended to the same base prompt.
ITERATION_EDITS = [
    "", " Keep it under 100 words.", " Use a friendly tone.", " Return JSON with keys \"title\" and \"body\".",
    " Do not use bullet points.", " Write for a non-technical audience.", " Include exactly three examples.",
    " Start with a one-line summary.", " Avoid the word 'very'.", " Output valid Markdown.",
    " If information is missing, say 'unknown'.", " Answer in British English.",
]
ITERATION_SYSTEMS = [
    None,
    "You are a concise assistant.",
    "You are a concise assistant. Follow the output format exactly.",
    "You are an assistant for our product team. Follow the output format exactly and never invent facts.",
]

# Ed-tech tutor (legitimate platform)
TUTOR_SYSTEM = [
    "You are Mathly, a patient maths tutor for students aged 10 to 16. Guide the student step by step. Ask what "
    "they already tried, explain one step at a time, and let them attempt the final answer themselves when possible.",
    "You are the homework helper of the Learnly platform. Explain the reasoning behind every step so the student "
    "understands the method, then state the answer. Keep the language simple and encouraging.",
]
TUTOR_WRAP = [
    "<<q>>", "I don't get this question: <<q>>", "Student question (grade <<grade>>): <<q>>",
    "<<q>> can you explain step by step?", "Help me with my homework: <<q>>",
]
STUDENT_WRAP = [
    "<<q>>", "<<q>>", "<<q>>", "help: <<q>>", "can you solve this <<q>>", "<<q>> explain pls",
    "How do I do this question? <<q>>",
]

# Internal assistant of a company (corporate NAT persona)
CORP_SYSTEM = [
    "You are the internal assistant of <<company>>. Be concise. Never share confidential information outside "
    "the company. If asked about HR matters, point to the HR portal.",
]

# Cover traffic written by an operation in the hard preset (ordinary-looking requests)
COVER_WRAP = ["<<q>>", "<<q>>", "quick question: <<q>>", "<<q>> thanks!"]
