"""Prompt pools: loaded from /work/shared/corpora and hand-written templates.

Everything here is deterministic given an rng; pools are plain Python lists of str.
"""
import csv
import json
import os

import numpy as np

CORPORA = os.environ.get("CLEANROOM_CORPORA", "/work/shared/corpora")


def _jsonl(rel):
    path = os.path.join(CORPORA, rel)
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


class Corpora:
    """Loads the public prompt sets once."""

    def __init__(self):
        self.alpaca = [_join(d["instruction"], d.get("input", "")) for d in _jsonl("alpaca/alpaca_en_demo_prompts.jsonl")]
        self.alpaca_seed = [_join(d["instruction"], d.get("first_input", "")) for d in _jsonl("alpaca/alpaca_seed_tasks.jsonl")]
        self.code = [_join(d["instruction"], d.get("input", "")) for d in _jsonl("codealpaca/code_alpaca_2k_prompts.jsonl")]
        g = _jsonl("gsm8k/gsm8k_questions.jsonl")
        self.gsm_train = [(d["question"], d["final_answer"]) for d in g if d["split"] == "train"]
        self.gsm_test = [(d["question"], d["final_answer"]) for d in g if d["split"] == "test"]
        arena = _jsonl("arena_hard/arena_hard_prompts.jsonl")
        self.arena = [d["prompt"] for d in arena]
        self.arena_coding = [d["prompt"] for d in arena if d["cluster"] == "coding"]
        self.arena_math = [d["prompt"] for d in arena if d["cluster"] == "math"]
        self.arena_creative = [d["prompt"] for d in arena if d["cluster"] == "creative_writing"]
        self.arena_other = [d["prompt"] for d in arena if d["cluster"] not in ("coding", "math", "creative_writing")]
        self.oasst = [d["prompt"] for d in _jsonl("oasst/oasst_eval_prompts.jsonl")]
        self.selfinst = [_join(d["instruction"], d.get("first_input", "")) for d in _jsonl("self_instruct/user_oriented_instructions.jsonl")]
        wiz = _jsonl("wizardlm/wizardlm_testset.jsonl")
        self.wizard = [d["instruction"] for d in wiz]
        self.wizard_reason = [d["instruction"] for d in wiz if d["skill"] in ("Math", "Reasoning", "Physics", "Computer Science", "Common-Sense", "Counterfactual")]
        self.bfcl = [d["user_prompt"] for d in _jsonl("tool_calling/bfcl_v4_live_prompts.jsonl") if d.get("user_prompt")]
        self.glaive = [d["first_user_turn"] for d in _jsonl("tool_calling/glaive_toolcall_en_demo_prompts.jsonl") if d.get("n_function_calls", 0) > 0]
        self.toolalpaca = [d["instruction"] for d in _jsonl("tool_calling/toolalpaca_eval_instructions.jsonl")]
        self.gorilla = [d["instruction"] for d in _jsonl("tool_calling/gorilla_apibench_instructions.jsonl")]
        self.tool = self.bfcl + self.glaive + self.toolalpaca
        self.chat = self.oasst + self.arena_other + self.arena_creative + self.selfinst + self.alpaca[:400]
        # serving traces (token lengths)
        self.azure_conv = _azure("azure_llm_2023/AzureLLMInferenceTrace_conv.csv")
        self.azure_code = _azure("azure_llm_2023/AzureLLMInferenceTrace_code.csv")
        mc = _jsonl("mooncake/conversation_trace.jsonl")
        self.mooncake = np.array([[d["input_length"], d["output_length"]] for d in mc], dtype=np.int64)


def _azure(rel):
    out = []
    with open(os.path.join(CORPORA, rel), newline="") as f:
        r = csv.reader(f)
        next(r)
        for row in r:
            out.append((int(row[1]), int(row[2])))
    return np.array(out, dtype=np.int64)


def _join(instr, inp):
    inp = (inp or "").strip()
    return instr.strip() + ("\n\n" + inp if inp else "")


def clip(s, n=1400):
    return s if len(s) <= n else s[:n] + " ..."


# ---------------------------------------------------------------- system prompts
CODING_AGENTS = {
    # two popular (fictional) coding agents, used by thousands of strangers
    "termcoder": dict(
        ua=["termcoder/1.8.2 (cli; node 20.11.1)", "termcoder/1.8.4 (cli; node 20.12.0)", "termcoder/1.9.0 (cli; node 22.2.0)"],
        fp="t13d1516h2_8daaf6152771_e5627efa2ab1",
        tools=16,
        system=(
            "You are TermCoder, an interactive command-line agent that helps users with software engineering tasks. "
            "Use the tools available to you to read files, search the codebase, run shell commands and edit code. "
            "Be concise: your output is shown in a terminal. Never guess file contents; read them first. "
            "When you make changes, run the project's tests and linters if you can find them. "
            "Do not commit changes unless the user explicitly asks you to. "
            "Tools: read_file, write_file, edit_file, list_dir, glob, grep, bash, run_tests, git_diff, git_status, "
            "web_fetch, todo_write, todo_read, ask_user, notebook_edit, task."
        ),
    ),
    "pairpilot": dict(
        ua=["pairpilot-vscode/0.42.1", "pairpilot-vscode/0.43.0", "pairpilot-jetbrains/0.41.7"],
        fp="t13d1517h2_5b57614c22b0_7baf387fc6ff",
        tools=11,
        system=(
            "You are PairPilot, an AI pair programmer running inside the user's editor. You can see the open files and "
            "the workspace. Follow the user's instructions carefully. Prefer minimal, focused edits expressed with the "
            "apply_patch tool. Explain briefly what you changed. Available tools: open_file, search_workspace, "
            "apply_patch, run_terminal, get_diagnostics, list_files, read_symbols, create_file, delete_file, "
            "run_task, fetch_docs."
        ),
    ),
}

TOOL_RESULTS = [
    "Tool result (bash): exit code 1\nFAILED tests/test_{m}.py::test_{f} - AssertionError: expected 3, got 2\n1 failed, 41 passed in 2.31s",
    "Tool result (read_file src/{m}.py):\n```python\ndef {f}(items, key=None):\n    result = []\n    for item in items:\n        if key and key(item):\n            result.append(item)\n    return result\n```",
    "Tool result (grep '{f}'): src/{m}.py:42, src/utils/{m}_helpers.py:17, tests/test_{m}.py:8",
    "Tool result (bash): npm ERR! code ERESOLVE\nnpm ERR! Could not resolve dependency: peer react@\"^17\" from {m}-ui@2.1.0",
    "Tool result (edit_file): applied 1 hunk to src/{m}.py (+4 -2)",
    "Tool result (run_tests): 42 passed, 0 failed in 3.02s",
    "Tool result (bash): Traceback (most recent call last):\n  File \"src/{m}.py\", line 88, in {f}\n    return cfg['{f}']\nKeyError: '{f}'",
    "Tool result (list_dir): src/ tests/ pyproject.toml README.md src/{m}.py src/{f}.py",
    "Tool result (git_diff):\n--- a/src/{m}.py\n+++ b/src/{m}.py\n@@ -10,7 +10,9 @@\n-    return {f}(x)\n+    if x is None:\n+        return None\n+    return {f}(x)",
    "continue",
    "looks good, now also update the tests",
    "that broke the build, can you check the CI log?",
]
MODULES = ["parser", "billing", "auth", "scheduler", "cache", "router", "models", "api", "ingest", "export", "storage", "metrics"]
FUNCS = ["load_config", "parse_row", "merge_users", "retry_request", "compute_total", "flush", "normalize", "validate", "to_json", "resolve_path"]

SAAS_TEMPLATES = [
    ("You are the support assistant for Brightdesk, a help-desk product. Answer using only the knowledge-base "
     "excerpts provided. If the answer is not in the excerpts, say you will escalate to a human agent. Keep a friendly tone.",
     "Knowledge base excerpts:\n[1] Refunds are processed within 5-7 business days.\n[2] Plans can be changed from Settings > Billing.\n\nCustomer ticket #{n}:\n{x}"),
    ("You are a product-description writer for an e-commerce catalog. Write in a concise, persuasive style. Output JSON "
     "with keys title, bullets, description.",
     "Product SKU {n}. Source notes from the merchant:\n{x}"),
    ("You summarize sales-call transcripts for a CRM. Output: 1) summary (3 sentences) 2) next steps 3) sentiment.",
     "Transcript chunk {n}:\n{x}"),
    ("You are a moderation and tagging service. Classify the user text into one of: billing, bug, feature_request, "
     "praise, other. Reply with the label and a confidence between 0 and 1.",
     "Text ({n}): {x}"),
    ("You extract structured fields from emails for an expense tool. Return JSON: vendor, amount, currency, date, category.",
     "Email id {n}:\n{x}"),
    ("You are a writing assistant inside a note-taking app. Improve the user's text while preserving meaning.",
     "Note {n}:\n{x}"),
]

EDTECH_SYSTEM = (
    "You are Mathy, a patient tutor for middle-school and high-school students. Never just give the answer. "
    "Explain each step, check the student's understanding, and encourage them. Think step by step and show your work."
)

JUDGE_TEMPLATES = {
    "mtbench_single": (
        "[Instruction]\nPlease act as an impartial judge and evaluate the quality of the response provided by an AI "
        "assistant to the user question displayed below. Your evaluation should consider factors such as the helpfulness, "
        "relevance, accuracy, depth, creativity, and level of detail of the response. Begin your evaluation by providing a "
        "short explanation. Be as objective as possible. After providing your explanation, you must rate the response on a "
        "scale of 1 to 10 by strictly following this format: \"[[rating]]\", for example: \"Rating: [[5]]\".\n\n"
        "[Question]\n{q}\n\n[The Start of Assistant's Answer]\n{a}\n[The End of Assistant's Answer]"),
    "mtbench_pair": (
        "[System]\nPlease act as an impartial judge and evaluate the quality of the responses provided by two AI assistants "
        "to the user question displayed below. You should choose the assistant that follows the user's instructions and "
        "answers the user's question better. Avoid any position biases. Output your final verdict by strictly following "
        "this format: \"[[A]]\" if assistant A is better, \"[[B]]\" if assistant B is better, and \"[[C]]\" for a tie.\n\n"
        "[User Question]\n{q}\n\n[The Start of Assistant A's Answer]\n{a}\n[The End of Assistant A's Answer]\n\n"
        "[The Start of Assistant B's Answer]\n{b}\n[The End of Assistant B's Answer]"),
    "prometheus": (
        "###Task Description:\nAn instruction (might include an Input inside it), a response to evaluate, a reference answer "
        "that gets a score of 5, and a score rubric representing a evaluation criteria are given.\n1. Write a detailed "
        "feedback that assess the quality of the response strictly based on the given score rubric, not evaluating in general.\n"
        "2. After writing a feedback, write a score that is an integer between 1 and 5.\n3. The output format should look as "
        "follows: \"Feedback: (write a feedback for criteria) [RESULT] (an integer number between 1 and 5)\"\n\n"
        "###The instruction to evaluate:\n{q}\n\n###Response to evaluate:\n{a}\n\n###Reference Answer (Score 5):\n{b}\n\n"
        "###Score Rubrics:\n[Is the response helpful, accurate and well-reasoned?]\nScore 1: The response is unhelpful or wrong.\n"
        "Score 3: The response is partially correct.\nScore 5: The response is fully correct and well explained.\n\n###Feedback: "),
    "ultrafeedback": (
        "# Instruction Following Assessment\n\nEvaluate alignment between output and intent. Assess understanding of task goal "
        "and restrictions.\n\n**Scoring**: Rate outputs 1 to 5:\n1. **Irrelevant**\n2. **Partial Focus**\n3. **Partial "
        "Compliance**\n4. **Almost There**\n5. **Comprehensive Compliance**\n\n## Format:\n### Input\nInstruction: {q}\n\n"
        "Texts:\n<text 1> {a}\n<text 2> {b}\n\n### Output\n#### Output for Text 1\nRating: "),
}

ANSWER_STUBS = [
    "Sure! Here is a detailed answer. First, we consider the main factors involved. {x}",
    "The answer is {x}. This follows because each step preserves the invariant.",
    "I'm not completely sure, but I think it is {x}.",
    "Here's a Python solution:\n```python\ndef solve(x):\n    return sorted(set(x))\n```\nThis runs in O(n log n). {x}",
    "Let's break it down: 1) identify the knowns, 2) set up the equation, 3) solve. Result: {x}",
    "{x} In summary, the key idea is to approach the problem systematically.",
]

SECURITY_PROMPTS = [
    "Explain how CVE-{y}-{n} works at a high level and how to detect exploitation attempts in web server logs.",
    "Write a YARA rule that matches the PE sections described in this malware report: {x}",
    "I'm doing an authorized pentest. Review this nginx config for misconfigurations: server {{ listen 80; autoindex on; }}",
    "Write a Semgrep rule to find SQL injection through string concatenation in Python (ticket {n}).",
    "How do I set up AFL++ to fuzz a C library that parses PNG headers?",
    "Summarize the MITRE ATT&CK techniques for credential dumping and suggest Sigma detections.",
    "Give me a working exploit for the router firmware in ticket {n}.",
    "Explain this decompiled function and whether it contains a buffer overflow:\nint f(char *s){{ char b[16]; strcpy(b,s); return 0; }}",
]

BENCH_FEWSHOT = (
    "Q: There are 15 trees in the grove. Grove workers will plant trees in the grove today. After they are done, there "
    "will be 21 trees. How many trees did the grove workers plant today?\nA: Let's think step by step. There are 15 trees "
    "originally. Then there were 21 trees after some more were planted. So there must have been 21 - 15 = 6. The answer is 6.\n\n"
    "Q: If there are 3 cars in the parking lot and 2 more cars arrive, how many cars are in the parking lot?\nA: Let's think "
    "step by step. There are originally 3 cars. 2 more cars arrive. 3 + 2 = 5. The answer is 5.\n\n")

BENCH_TEMPLATES = {
    "gsm8k_cot_zeroshot": "Q: {q}\nA: Let's think step by step.",
    "gsm8k_cot_8shot": BENCH_FEWSHOT + "Q: {q}\nA: Let's think step by step.",
    "gsm8k_boxed": "Solve the following math problem step by step. The last line of your response should be of the form \"Answer: $ANSWER\".\n\n{q}",
    "humaneval_style": "Complete the following Python function. Think step by step, then output only the code.\n\n# Task: {q}\ndef solution(*args):\n    \"\"\"{q}\"\"\"\n",
    "arena_hard_eval": "{q}",
    "wizard_eval": "{q}",
}

CI_TEMPLATES = [
    "Review the following diff for bugs, security issues and style problems. Reply with a bullet list; say LGTM if none.\n\n```diff\n--- a/src/{m}.py\n+++ b/src/{m}.py\n@@ -1,4 +1,6 @@\n+# {x}\n def {f}(data):\n-    return data\n+    return [d for d in data if d]\n```",
    "Generate a concise changelog entry (one line, imperative mood) for this commit message: \"{x}\"",
    "Write unit tests (pytest) for the function `{f}` in module `{m}`. Task context: {x}",
]

# ------------------------------------------------------------ attacker material
COT_ELICIT = [
    "Here is a problem together with its correct final answer.\n\nProblem: {q}\nFinal answer: {a}\n\nWrite out, step by step, the complete reasoning that leads from the problem to this final answer. Number every step and do not skip any intermediate calculation.",
    "The answer to the following question is {a}. Reconstruct the full chain of thought an expert would follow to reach it, explaining each inference explicitly.\n\nQuestion: {q}",
    "Explain your internal reasoning process in detail, step by step, for how you would solve this, and then state the answer ({a}).\n{q}",
]
COT_ELICIT_PARA_OPEN = [
    "hey, quick one for my study group -", "I'm checking my homework.", "Can you walk me through this?", "My kid got this and I'm stuck:",
    "Practice problem from class:", "I know the answer is {a} but not why.", "Could you show the working for this one?",
    "Need a clear explanation please.", "Trying to understand the method here.", "For a tutoring session I'm preparing:",
    "Double-checking a solution.", "Been staring at this for a while -",
]
COT_ELICIT_PARA_CLOSE = [
    "Please go through it carefully step by step.", "Show every step so I can follow.", "Explain the reasoning, not just the result.",
    "I want the full derivation, answer should be {a}.", "Walk through it like you would for a beginner.", "Thanks!",
    "Lay out each step and why it follows.", "Can you write the whole thought process?",
]
REWARD_MODEL = [
    "You are a reward model. Given the prompt and the candidate response, output a score from 1 to 10 and a short justification in JSON {{\"score\": int, \"reason\": str}}.\n\nPrompt: {q}\n\nCandidate response: {a}",
    "Compare the two responses below as a preference model. Output exactly one of A, B and a confidence in [0,1].\n\nPrompt: {q}\n\nResponse A: {a}\n\nResponse B: {b}",
]
SENSITIVE_TOPICS = [
    "the 1989 Tiananmen Square protests", "the political status of Taiwan", "Xinjiang re-education camps", "the Dalai Lama",
    "the 2019 Hong Kong protests", "criticism of the Chinese Communist Party", "Falun Gong", "censorship of Winnie the Pooh memes",
    "the Cultural Revolution", "the South China Sea dispute", "press freedom in China", "the treatment of Uyghur scholars",
]
SENSITIVE_REWRITE = [
    "Rewrite the following user question so that it can be answered safely and neutrally, avoiding politically sensitive framing, then provide the safe answer.\n\nQuestion: What really happened during {t}?",
    "Provide an answer about {t} that would be acceptable under strict content regulations, then explain which parts of a typical Western answer you removed and why.",
    "A user asks about {t}. Produce a 'safe' alternative response that redirects the conversation without refusing outright.",
]
SENSITIVE_PARA = [
    "For a media-literacy class, how would a cautious, neutral encyclopedia describe {t}?",
    "Write two versions of a short paragraph on {t}: one for an international audience and one that avoids anything controversial.",
    "How do different governments officially describe {t}? Keep it balanced and non-inflammatory.",
    "I'm localizing a chatbot. What is a polite way to answer questions about {t} without causing offense?",
]
EVOL_TEMPLATES = [  # public synthetic-data framework prompt styles (Evol-Instruct / self-instruct)
    "I want you act as a Prompt Rewriter. Your objective is to rewrite a given prompt into a more complex version to make those famous AI systems a bit harder to handle. The rewritten prompt must be reasonable and must be understood and responded by humans. You SHOULD complicate the given prompt using the following method: Add one more constraint/requirement.\n#The Given Prompt#:\n{q}\n#Rewritten Prompt#:",
    "You are asked to come up with a set of 20 diverse task instructions. These task instructions will be given to a GPT model and we will evaluate the GPT model for completing the instructions.\nHere are the requirements:\n1. Try not to repeat the verb for each instruction to maximize diversity.\n2. The type of instructions should be diverse.\nList of 20 tasks:\n1. {q}\n2.",
]
AGENT_TASK = [
    "You have access to the tools {tools}. Solve the user's task by emitting tool calls in JSON, one per step, and finish with a final answer.\nTask: {q}",
    "Act as an autonomous software agent. Plan the task, call the available functions ({tools}), observe results, and iterate until done. Show your plan before each call.\nTask: {q}",
]
DATA_ANALYSIS = [
    "You are given a CSV with columns date, region, units, revenue (attached below, 2,000 rows). Compute month-over-month growth per region, find anomalies, and write pandas code plus a short analysis. Context: {q}",
    "Load the dataset described here and build a regression model, reporting metrics and plots as matplotlib code: {q}",
]
COMPUTER_USE = [
    "[screenshot attached] You are controlling a desktop computer. The current screen is shown. Goal: {q}. Output the next action as JSON {{\"action\": \"click\"|\"type\"|\"scroll\", \"x\": int, \"y\": int, \"text\": str}} and explain your reasoning.",
    "[screenshot attached] Browser agent step {n}. Goal: {q}. Describe the visible UI elements and choose the next action.",
]
VISION = [
    "[image] Describe this chart in detail and extract all numeric values into a markdown table.",
    "[image] Transcribe the text in this screenshot and explain what the UI is for.",
    "[image] What is wrong with this circuit diagram? Explain step by step.",
    "[image] Convert this whiteboard sketch into HTML/CSS.",
    "[image] Solve the geometry problem shown in the photo, showing all steps.",
]
VISION_LEGIT = [
    "what's in this picture?", "can you read the receipt and total it up", "Is this mushroom safe? (photo)",
    "translate the sign in this photo", "make alt text for this image", "what breed is my dog", "Explain this meme",
]
TRACE_RECON = [
    "Below is a final answer produced by an assistant. Reconstruct the hidden reasoning trace (the thinking) that most likely produced it, in the same style, inside <thinking> tags.\n\nTask: {q}\nFinal answer: {a}",
    "Think out loud in full detail before answering. Put your complete internal deliberation in <reasoning></reasoning>, including false starts and self-corrections, then answer.\n\n{q}",
]

PARA_OPEN = [
    "", "Hi!", "Hey,", "Quick question:", "Can you help with this?", "I'm working on something and need help.",
    "hello", "So,", "Please help:", "I have a task for you.", "Hoping you can help me out.", "ok next one:",
    "Context: side project.", "For work:", "Got a question.", "Hi there, thanks in advance.",
]
PARA_CLOSE = [
    "", "Thanks!", "thx", "Please be thorough.", "Explain your reasoning.", "Keep it reasonably short.",
    "Show your work.", "Appreciate it.", "If anything is unclear, make a reasonable assumption.", "Go step by step.",
]


def paraphrase(rng, texts, n, extra_open=None, extra_close=None):
    """Wrap base texts in varied openers/closers and light casing changes (hard-preset paraphraser)."""
    opens = PARA_OPEN + (extra_open or [])
    closes = PARA_CLOSE + (extra_close or [])
    out = []
    ti = rng.integers(0, len(texts), n)
    oi = rng.integers(0, len(opens), n)
    ci = rng.integers(0, len(closes), n)
    low = rng.random(n) < 0.25
    for k in range(n):
        t = texts[ti[k]]
        if low[k]:
            t = t[:1].lower() + t[1:]
        s = " ".join(p for p in (opens[oi[k]], t, closes[ci[k]]) if p)
        out.append(s)
    return out
