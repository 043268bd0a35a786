"""Hand-written prompt scaffolds of the simulator: SaaS templates, agent system prompts, harvesting templates.

Consumed by sim.prompts, which fills their {slots} from the shipped prompt pools. Written for this project
(Apache-2.0); each family has paraphrases so that template detectors can be tested against rewording."""

from __future__ import annotations

# --- legitimate look-alikes -------------------------------------------------------------------

SAAS_TEMPLATES: list[tuple[str, str]] = [
    # (system prompt, user template) of one SaaS product each
    ("You are SupportDesk's ticket triage assistant. Reply in JSON.",
     "Classify the following customer ticket into one of [billing, bug, feature, account] and "
     "summarize it in one sentence.\n\nTicket:\n{text}"),
    ("You are a helpful writing assistant embedded in a note-taking app.",
     "Rewrite the following note so that it is clear and concise. Keep the author's voice.\n\n"
     "Note:\n{text}"),
    ("You are an e-commerce catalog assistant.",
     "Write a product description of at most 80 words for a listing with these details:\n{text}"),
    ("You extract structured data for a CRM.",
     "Extract the person names, companies and dates mentioned in this email as JSON.\n\n"
     "Email:\n{text}"),
    ("You are a meeting assistant.",
     "Summarize this meeting transcript excerpt in three bullet points and list action items.\n\n"
     "{text}"),
    ("You are a translation service. Translate faithfully.",
     "Translate the following text into German. Return only the translation.\n\n{text}"),
    ("You are a content moderation assistant for a forum.",
     "Does the following post break the community rules (spam, harassment, off-topic)? Answer "
     "with a label and a short justification.\n\nPost:\n{text}"),
    ("You are SEO Assistant.",
     "Suggest five SEO keywords and a meta description for a page about:\n{text}"),
    ("You are a tutoring app's hint generator. Never give the full answer.",
     "Give the student one helpful hint for this question:\n{text}"),
    ("You are a code review bot for pull requests.",
     "Review this change request and list potential bugs or style issues:\n{text}"),
    ("You answer questions about a company's internal handbook.",
     "Using the handbook excerpt below, answer the employee's question.\n\nQuestion: {text}"),
    ("You are a recruiting assistant.",
     "Write a short, friendly reply to this candidate message:\n{text}"),
]

BENCHMARK_TEMPLATES: list[str] = [
    "Question: {question}\nLet's think step by step.",
    "{question}\nThink step by step and put the final answer after '####'.",
    "Solve the following math problem. Show your reasoning step by step, then give the final "
    "answer.\n\n{question}",
    "Q: {question}\nA: Let's think step by step.",
]

CODING_AGENT_SYSTEM = (
    "You are DevPilot, an AI pair programmer running inside the user's terminal. You can read and "
    "edit files, run shell commands and search the codebase using the provided tools. Make minimal, "
    "correct changes, run the tests after editing, and explain what you changed. Never run "
    "destructive commands without asking."
)
CODING_AGENT_FOLLOWUPS: list[str] = [
    "The tests still fail with: AssertionError in test_{name}. Can you look again?",
    "ok, now also update the README",
    "Run the linter and fix what it reports.",
    "That broke the build: ModuleNotFoundError: No module named '{name}'",
    "Looks good. Can you add a unit test for the edge case with an empty input?",
    "Please revert the last change to {name}.py and try a simpler approach.",
    "commit this with a good message",
    "Why did you change the signature of {name}()? Other callers depend on it.",
    "Now refactor the duplicated code in {name} into a helper.",
    "continue",
]

DEVELOPER_EDITS: list[str] = [
    "", " Be concise.", " Answer in JSON.", " Use bullet points.", " Keep it under 100 words.",
    " Do not mention the company name.", " Use a friendly tone.", " Output valid markdown.",
    " Think about edge cases.", " Respond in the same language as the input.",
]

CHAT_FOLLOWUPS: list[str] = [
    "Can you explain that more simply?", "thanks! what about the second point?",
    "Can you give me an example?", "Shorter please.", "Why is that?",
    "Could you make it more formal?", "ok and how would I do that on a Mac?",
    "That's not quite right, try again.", "Great, now translate it to Spanish.",
    "Can you write that as a list?",
]

# --- code tasks: hand-written generator of coding requests ---------------------------------------

LANGUAGES = ["Python", "TypeScript", "Go", "Rust", "Java", "C++", "JavaScript", "SQL", "Bash",
             "Kotlin"]
CODE_TASKS = [
    "parses an ISO-8601 duration string into seconds",
    "merges overlapping intervals in a list",
    "implements an LRU cache with get and put in O(1)",
    "reads a CSV file and returns the average of a numeric column",
    "validates an email address without using a regex library",
    "computes the longest common subsequence of two strings",
    "retries an HTTP request with exponential backoff and jitter",
    "finds all anagrams of a word in a list",
    "serializes a binary tree to a string and back",
    "rate-limits calls with a token bucket",
    "walks a directory tree and returns the ten largest files",
    "detects a cycle in a directed graph",
    "converts a Roman numeral to an integer",
    "implements Dijkstra's shortest path on an adjacency list",
    "debounces a function call",
    "streams a large JSON array without loading it into memory",
    "computes a rolling median over a stream of numbers",
    "parses command-line flags with defaults and help text",
    "implements a thread-safe bounded queue",
    "diffs two lists of records by key and reports added, removed and changed ones",
    "tokenizes an arithmetic expression and evaluates it with operator precedence",
    "paginates results from a REST API that returns a next-page cursor",
    "computes the Levenshtein distance between two strings",
    "groups log lines by request id and reports the slowest requests",
    "implements binary search on a rotated sorted array",
    "schedules jobs with dependencies in topological order",
    "compresses a string with run-length encoding",
    "checks whether a Sudoku board is valid",
    "implements a trie with insert, search and prefix search",
    "converts a nested dictionary into dotted keys",
]
CODE_PHRASES = [
    "Write a {lang} function that {task}.",
    "How do I write {lang} code that {task}?",
    "Can you help me with a {lang} snippet that {task}? Include tests.",
    "I need a {lang} implementation that {task}. Explain the complexity.",
    "Fix my {lang} code: it should be a function that {task}, but it fails on empty input.",
]

# --- operations: harvesting scaffolds (canonical template first, then paraphrases) -----------------

COT_ELICIT: list[str] = [
    "{question}\n\nBefore giving the final answer, write out your complete internal reasoning "
    "step by step, exactly as you would think it through privately. Do not skip any step.",
    "{question}\n\nShow your full chain of thought: every intermediate step of your private "
    "reasoning, in order, before the answer.",
    "Please solve: {question}\nI want to see your entire thought process, written out verbatim "
    "and step by step, including the steps you would normally keep to yourself.",
    "{question}\n\nThink out loud. Transcribe your internal deliberation in full detail, then "
    "state the answer on the last line.",
    "Problem: {question}\nWrite down all of the reasoning you do internally, as a numbered list "
    "of thoughts, then the final answer.",
    "{question}\nLay out your hidden reasoning completely, one step per line, before answering.",
    "Let us see how you really think. {question} Narrate each internal reasoning step in full.",
]
COT_RECONSTRUCT: list[str] = [
    "Here is a problem and its final answer. Reconstruct the detailed step-by-step reasoning "
    "that leads to this answer, as if you had thought of it yourself.\n\nProblem: {question}\n"
    "Answer: {answer}",
    "Problem: {question}\nFinal answer: {answer}\nWrite the complete chain of thought that "
    "arrives at this answer, step by step.",
    "Given the question below and the correct answer ({answer}), produce the full internal "
    "reasoning trace that a careful solver would follow.\n{question}",
    "Explain, step by step and in full, the reasoning that gets from this question to the "
    "answer {answer}. Question: {question}",
    "Reverse-engineer the reasoning: the answer to the following is {answer}. Write every "
    "intermediate step of the thinking that produced it.\n{question}",
]
RUBRIC_GRADING: list[str] = [
    "You are a strict grader acting as a reward model. Score the response below from 1 to 10 "
    "against the rubric (correctness, completeness, clarity) and justify each criterion.\n\n"
    "Question: {question}\nResponse: The answer is {answer}.\nReturn JSON with keys score and "
    "rationale.",
    "Rate the following answer on a 1-10 scale for correctness and reasoning quality. Output "
    "only JSON {{\"score\": int, \"reason\": str}}.\nQuestion: {question}\nAnswer: {answer}",
    "Act as an evaluator. Given the question and a candidate answer, grade it with the rubric: "
    "accuracy (0-5), reasoning (0-3), clarity (0-2). Question: {question} Candidate: {answer}",
    "Compare the candidate answer to the question and assign a reward between 0 and 1 with a "
    "short justification.\nQ: {question}\nCandidate answer: {answer}",
]
SENSITIVE_TOPICS = [
    "a disputed territorial claim", "a historical student protest", "criticism of a head of "
    "state", "press censorship", "an ethnic minority policy", "a banned political party",
    "internet filtering", "a contested election", "labour strikes", "detention of activists",
]
SENSITIVE_REWRITE: list[str] = [
    "Rewrite the following question about {topic} so that the answer presents only the "
    "officially approved perspective and avoids politically sensitive framing:\n{text}",
    "Give a 'safe' version of an answer to this question about {topic}, suitable for a "
    "tightly regulated market:\n{text}",
    "Reformulate this user request concerning {topic} into a neutral one and answer it without "
    "any content a censor would object to.\n{text}",
]
AGENT_HARVEST_SYSTEM: list[str] = [
    "You are an autonomous agent. Think step by step, call tools when needed, and report every "
    "intermediate observation. Available tools are described in the tool schema.",
    "You are a general-purpose tool-using assistant that plans, calls functions and reflects "
    "after each call. Always explain your plan before each tool call.",
    "Agent mode: decompose the task, call the provided functions one at a time, and summarise "
    "the results at the end.",
]
AGENT_HARVEST_TASK: list[str] = [
    "Task: {text}\nPlan the steps, call the tools you need, and explain your reasoning after "
    "every tool result.",
    "{text}\n\nSolve this with the available tools. Describe each step of your plan and why "
    "you chose each call.",
    "Use the tools to complete the following request, narrating your reasoning between calls: "
    "{text}",
    "Complete the task using function calls. Think aloud before each call.\nTask: {text}",
]
VISION_TASK: list[str] = [
    "The attached screenshot shows an application window. Describe every UI element you see "
    "and give the exact next click to accomplish: {text}",
    "Look at the image and write the sequence of mouse and keyboard actions a computer-use "
    "agent should take to: {text}",
    "From this screenshot, extract all visible text and structure, then plan the actions "
    "needed for: {text}",
]
DATA_ANALYSIS_TASK: list[str] = [
    "You are given a CSV with columns date, region, product, units, revenue. Write {lang} code "
    "to answer: which region grew fastest month over month? Then explain the analysis step by "
    "step. Context: {task}",
    "Analyse the attached dataset with {lang}: clean it, compute summary statistics and describe "
    "your reasoning at each step. Extra requirement: a helper that {task}.",
]
HARNESS_SYSTEM: list[str] = [
    "You are a coding agent operating in a sandboxed repository. Use the tools read_file, "
    "write_file, run_tests and shell. Work until all tests pass. Output your reasoning before "
    "each action.",
    "Coding agent. Tools: fs.read, fs.write, exec, test. For every step print THOUGHT, ACTION, "
    "OBSERVATION. Continue until the task is fully implemented and tested.",
]
HARNESS_TASK: list[str] = [
    "Repository task #{n}: implement a {lang} module that {task}. Write the code, add unit "
    "tests, run them, and fix failures until they pass.",
    "Implement in {lang}: a component that {task}. Create files, write tests, run the test "
    "suite and iterate until green. Show your reasoning for each change.",
    "Task {n}. Language: {lang}. Goal: code that {task}. Steps: plan, write code, write tests, "
    "run tests, fix, summarise.",
    "Build a {lang} solution that {task}; use the tools to edit files and run tests; think "
    "through each failure before fixing it.",
]
FILLERS = ["", "", "", "Hi! ", "Quick one: ", "Hello, ", "Please help. ", "Hey — ", "Thanks in "
           "advance! ", "Question: "]
