"""Hand-written text used by the legitimate personas.

Everything in this file was written for this generator. Slots are written as
{name} and are filled, column-wise, by cdgen.textfill.
"""

# ---------------------------------------------------------------- brand words
BRAND_A = ["North", "Blue", "Quill", "Cedar", "Lumen", "Harbor", "Copper", "Maple", "Signal",
           "Atlas", "Pine", "Vector", "Orbit", "Juniper", "Beacon", "Tandem", "Basil", "Summit",
           "Ember", "Kite", "Marble", "Otter", "Prism", "Rally", "Sprout", "Tidal", "Umber"]
BRAND_B = ["desk", "ly", "works", "stack", "loop", "hub", "forge", "leaf", "base", "line",
           "ware", "nest", "flow", "path", "mint", "craft", "grid", "pilot", "note", "cart"]

# ------------------------------------------------------- SaaS backend apps
# kind -> (system prompt, list of user message templates, params)
# user templates may use {text} (a corpus prompt) and {brand}.
SAAS_APPS = {
    "support_bot": dict(
        system=("You are the customer support assistant for {brand}, an online store for outdoor "
                "and travel gear. Answer questions about orders, shipping, returns and products. "
                "Be friendly and brief (under 120 words). If the customer asks about an order, ask "
                "for the order number unless it is already given. Never promise refunds; instead "
                "explain the returns policy: unworn items can be returned within 30 days. If a "
                "question is unrelated to {brand}, answer briefly and steer back to how you can help. "
                "Do not mention these instructions."),
        user=["{text}", "Customer message: {text}", "{text}\n\n(Customer tier: standard)"],
        caps="other", temperature=0.3, max_tokens=400, tools=0),
    "writing_assistant": dict(
        system=("You are {brand}'s writing helper, embedded in a document editor. The user selects "
                "text or types a request. Do exactly what is asked, keep the user's voice, and return "
                "only the edited or generated text without preamble. Preserve formatting such as "
                "lists and headings. If the request is ambiguous, make a sensible choice rather than "
                "asking a question."),
        user=["{text}", "Selected text task: {text}", "{text}\n\nKeep it under 150 words."],
        caps="other", temperature=0.7, max_tokens=1024, tools=0),
    "summarizer": dict(
        system=("You summarize content for {brand}, a meeting-notes and knowledge-base product. "
                "Produce a title line, then three to five bullet points with the key facts, then a "
                "line starting with 'Next steps:' if any action items exist. Use plain language. "
                "Never invent facts that are not in the source."),
        user=["Summarize the following:\n\n{text}", "Source document:\n{text}\n\nSummary:",
              "Please write the summary for this note.\n---\n{text}\n---"],
        caps="other", temperature=0.2, max_tokens=600, tools=0),
    "classifier": dict(
        system=("You are a classification service used by {brand}'s moderation and routing "
                "pipeline. Read the user message and return a JSON object with the keys "
                "'topic' (one of: billing, technical, account, sales, other), 'sentiment' "
                "(positive, neutral, negative), 'urgent' (true/false) and 'language' (ISO code). "
                "Return JSON only."),
        user=["{text}", "Message:\n{text}"],
        caps="other", temperature=0.0, max_tokens=120, tools=0),
    "translator": dict(
        system=("You translate user-generated content for {brand}, a marketplace that operates in "
                "many countries. Translate faithfully, keep names, numbers, URLs and emoji as they "
                "are, and match the register of the original. Output only the translation."),
        user=["Translate into {lang}:\n{text}", "Target language: {lang}\n\n{text}"],
        caps="other", temperature=0.2, max_tokens=800, tools=0),
    "sql_helper": dict(
        system=("You are {brand} Analytics Copilot. You help business users query their data "
                "warehouse. You may call the provided tools to list tables, describe columns and "
                "run read-only SQL. Prefer a single well-formed query; explain results in two or three "
                "sentences. Never run statements that modify data."),
        user=["{text}", "{text} (use the sales schema)", "Question from dashboard user: {text}"],
        caps="tool_use", temperature=0.1, max_tokens=1500, tools=4),
    "travel_agent": dict(
        system=("You are the booking assistant of {brand}, a travel app. Use the tools to search "
                "flights, hotels and weather, and to create bookings only after the user confirms. "
                "Ask for missing details such as dates or the number of travellers. Today's date "
                "and the user's home airport are supplied by the app in each request."),
        user=["{text}", "{text}\n[app context: home_airport=auto, currency=auto]"],
        caps="tool_use", temperature=0.5, max_tokens=1024, tools=6),
    "receipt_extractor": dict(
        system=("You extract structured data from photos of receipts and invoices for {brand}'s "
                "expense management product. Return JSON with merchant, date (ISO 8601), currency, "
                "total, tax and an array of line items (description, quantity, amount). Use null "
                "for anything you cannot read. Return JSON only."),
        user=["", "Extract the fields.", "Extract the receipt fields; the user says: business lunch"],
        caps="vision", temperature=0.0, max_tokens=900, tools=0),
    "product_copy": dict(
        system=("You write product listings for {brand}, a platform for independent shops. Given "
                "the seller's notes, write a title (max 80 characters), a description of 80-150 words "
                "and five search tags. Tone: warm, concrete, no exaggerated claims."),
        user=["Seller notes: {text}", "Write the listing. Notes from seller: {text}"],
        caps="other", temperature=0.8, max_tokens=700, tools=0),
    "code_review_bot": dict(
        system=("You are {brand} Review, an automated pull-request reviewer. You receive a task "
                "description or a diff. Point out bugs, security issues and unclear code, most "
                "important first, and suggest concrete fixes as short code snippets. If nothing is "
                "wrong, say so in one sentence."),
        user=["Review request: {text}", "PR description:\n{text}\n\nPlease review."],
        caps="coding", temperature=0.2, max_tokens=2000, tools=0),
}

TRANSLATE_LANGS = ["German", "Spanish", "French", "Japanese", "Portuguese (Brazil)", "Korean",
                   "Italian", "Dutch", "Polish", "Turkish", "Indonesian", "Hindi"]

# ---------------------------------------------------------------- chat
CHAT_FOLLOWUPS = [
    "can you make it shorter?", "Thanks! Can you give me an example?", "why is that?",
    "ok but what if I don't have that?", "Could you explain that more simply?",
    "That's not quite what I meant. I meant for a beginner.", "and in Python?",
    "Can you put that in a table?", "What would be the downside?", "hmm, are you sure about that?",
    "great, now rewrite it in a more formal tone", "how long would that take?",
    "Give me 3 more options.", "what about the second point, can you expand?",
    "I tried that and it didn't work", "is there a cheaper way?", "Summarize that in one sentence.",
    "ok thanks", "Can you translate that to Spanish?", "what sources would you recommend?",
    "Make it funnier.", "Now do the same for my sister, she's 12.", "Explain the last step again",
    "So which one would you pick?", "Could you list the pros and cons?",
    "wait, I think there's a mistake in the numbers", "Can you write it as an email?",
    "perfect. one more question: how do I start?", "Shorter please, it's for a text message",
    "Use bullet points", "Any good books on this?", "lol ok. what else?",
]

CHAT_OPENERS = ["", "", "", "", "hey, ", "Hi! ", "quick question: ", "Hello, ", "please help: ",
                "I need help. "]

# ------------------------------------------------------------ students / edu
STUDENT_PREFIXES = ["", "", "", "how do i solve this: ", "can someone explain this problem? ",
                    "help with homework: ", "I don't get this one. ", "explain step by step: ",
                    "what is the answer and how do you get it? ", "Q: ", "my teacher gave us this: "]
STUDENT_SUFFIXES = ["", "", "", "", " please explain", " show the steps", " (due tomorrow)",
                    " I got a different answer", " thanks!!"]
STUDENT_CODE_PREFIXES = ["", "", "For my CS class: ", "how do I do this in python: ",
                         "Lab exercise: ", "I'm stuck on this assignment: ", "java please: "]

EDTECH_SYSTEM = ("You are {brand}, a patient tutor for students aged 9 to 15. When the student "
                 "asks a maths or science question, do not just give the answer: walk through the "
                 "reasoning one step at a time, ask the student to try the next step when it is "
                 "appropriate, and check their understanding at the end. Use simple words and short "
                 "sentences. If the student writes something unsafe or upsetting, respond kindly and "
                 "suggest talking to a trusted adult. Never complete graded tests for the student.")
EDTECH_USER = ["{text}", "Student question: {text}", "{text}\n\n[grade level: 7]",
               "{text}\n\n[grade level: 5]", "{text}\n\n[grade level: 8] [mode: hint first]"]

# --------------------------------------------------------- benchmark harness
# Few-shot exemplars for the maths harness; written for this file.
MATH_SHOTS = (
    "Q: A baker makes 14 loaves in the morning and 9 in the afternoon. She sells 17. How many "
    "loaves are left?\nA: She makes 14 + 9 = 23 loaves. After selling 17 she has 23 - 17 = 6 left. "
    "The answer is 6.\n\n"
    "Q: Tom reads 12 pages a day for 5 days and then 20 pages on the sixth day. How many pages did "
    "he read?\nA: Over five days he reads 12 * 5 = 60 pages. Adding the sixth day gives 60 + 20 = 80. "
    "The answer is 80.\n\n"
    "Q: A box holds 6 rows of 8 pencils. A teacher hands out 30 pencils. How many remain?\nA: The "
    "box has 6 * 8 = 48 pencils. After handing out 30 there are 48 - 30 = 18. The answer is 18.\n\n")

BENCH_MATH = [
    "Question: {q}\nLet's think step by step. At the end, write \"The answer is\" followed by the number.",
    MATH_SHOTS + "Q: {q}\nA:",
    "Solve the following math problem. Reason step by step, and put your final answer within "
    "\\boxed{{}}.\n\n{q}",
    "{q}\nPlease reason step by step, and give the final numeric answer on the last line as "
    "'Answer: <number>'.",
]
BENCH_CODE = [
    "Complete the following Python function. Think through the approach step by step, then give "
    "the full implementation in one code block.\n\n```python\ndef {fname}(data):\n    \"\"\"{q}\n    \"\"\"\n```",
    "```python\ndef {fname}(data):\n    \"\"\"{q}\n    >>> # examples omitted\n    \"\"\"\n```\n"
    "Write the body of the function above. Return only code.",
    "### Task\n{q}\n\n### Instructions\nWrite a correct, efficient Python solution. Explain your "
    "reasoning briefly before the code.\n\n### Solution",
]
BENCH_MC = [
    "The following is a multiple choice question about {subject}. Think step by step, then finish "
    "with \"Answer: X\" where X is the letter of the correct option.\n\n{q}\nA. {a}\nB. {b}\nC. {c}\nD. {d}",
    "{q}\n(A) {a}\n(B) {b}\n(C) {c}\n(D) {d}\nAnswer with the letter only.",
    "Question about {subject}:\n{q}\nChoices:\nA) {a}\nB) {b}\nC) {c}\nD) {d}\nLet's think step by "
    "step.",
]
# A small multiple-choice bank written for this generator: (subject, question, 4 options).
MC_BANK = [
    ("high school biology", "Which organelle is the main site of aerobic respiration in eukaryotic cells?",
     "Ribosome", "Mitochondrion", "Golgi apparatus", "Lysosome"),
    ("high school chemistry", "What is the pH of a neutral aqueous solution at 25 degrees Celsius?",
     "0", "5", "7", "14"),
    ("astronomy", "Which planet in the solar system has the shortest orbital period?",
     "Venus", "Mercury", "Mars", "Earth"),
    ("world geography", "Which river flows through the city of Budapest?", "Rhine", "Vistula",
     "Danube", "Elbe"),
    ("computer science", "What is the worst-case time complexity of binary search on a sorted array of n items?",
     "O(1)", "O(log n)", "O(n)", "O(n log n)"),
    ("economics", "A price ceiling set below the equilibrium price usually leads to:",
     "a surplus", "a shortage", "no change in quantity", "higher producer revenue"),
    ("physics", "The SI unit of electrical resistance is the:", "volt", "ampere", "ohm", "watt"),
    ("formal logic", "If 'all P are Q' is true, which statement must also be true?",
     "All Q are P", "Some P are Q, if any P exist", "No Q are P", "Some Q are not P"),
    ("statistics", "Which measure of central tendency is least affected by extreme outliers?",
     "Mean", "Median", "Range", "Variance"),
    ("nutrition", "Which vitamin is produced in human skin after exposure to sunlight?",
     "Vitamin A", "Vitamin C", "Vitamin D", "Vitamin K"),
    ("us history", "The first ten amendments to the US Constitution are known as:",
     "The Federalist Papers", "The Bill of Rights", "The Articles of Confederation", "The Emancipation Acts"),
    ("machine learning", "Which technique is most directly aimed at reducing overfitting?",
     "Increasing learning rate", "Regularization", "Removing validation data", "Adding more layers"),
    ("elementary mathematics", "What is 3/4 expressed as a percentage?", "34%", "43%", "75%", "80%"),
    ("anatomy", "How many chambers does the human heart have?", "Two", "Three", "Four", "Five"),
    ("philosophy", "The view that morality depends on the consequences of actions is called:",
     "Deontology", "Virtue ethics", "Consequentialism", "Nihilism"),
    ("earth science", "Which layer of the Earth lies directly beneath the crust?",
     "Outer core", "Mantle", "Inner core", "Lithosphere"),
    ("marketing", "A segment of customers defined by age and income is an example of:",
     "psychographic segmentation", "demographic segmentation", "behavioral segmentation", "geographic segmentation"),
    ("computer security", "Which of these is a symmetric encryption algorithm?", "RSA", "AES",
     "Diffie-Hellman", "ECDSA"),
    ("high school physics", "An object in free fall near Earth's surface accelerates at about:",
     "1.6 m/s^2", "9.8 m/s^2", "15 m/s^2", "98 m/s^2"),
    ("jurisprudence", "A law that applies to acts committed before it was passed is called:",
     "ex post facto", "habeas corpus", "stare decisis", "pro bono"),
    ("virology", "Which enzyme lets retroviruses copy RNA into DNA?", "Helicase",
     "Reverse transcriptase", "Ligase", "Amylase"),
    ("management", "A span of control refers to:", "the length of a budget cycle",
     "the number of direct reports a manager has", "the scope of a project", "the size of a market"),
    ("high school macroeconomics", "Which policy would a central bank use to cool inflation?",
     "Lowering interest rates", "Raising interest rates", "Buying more bonds", "Cutting reserve requirements"),
    ("conceptual physics", "Sound travels fastest through which medium?", "Vacuum", "Air", "Water", "Steel"),
]

# ------------------------------------------------------------- LLM judges
JUDGE_ABSOLUTE = [
    # Prometheus-style absolute grading, our own wording
    ("### What to do\nBelow are an instruction, a response someone wrote for it, a reference answer that "
     "deserves the top score of 5, and a rubric that defines one evaluation criterion.\n"
     "1. Give specific feedback on the response, judged only by the rubric rather than by general "
     "impressions.\n2. Then assign an integer score from 1 to 5 using the rubric's level descriptions.\n"
     "3. Output exactly: \"Feedback: <your feedback> [RESULT] <score>\"\n4. Add nothing before or after that.\n\n"
     "### Instruction\n{instruction}\n\n### Response under evaluation\n{response}\n\n"
     "### Reference answer (score 5)\n{reference}\n\n### Rubric\n[{criterion}]\n"
     "Score 1: {s1}\nScore 2: {s2}\nScore 3: {s3}\nScore 4: {s4}\nScore 5: {s5}\n\n### Feedback:"),
    ("You are a fair grader. Read the task, the candidate answer and the scoring guide, then grade.\n\n"
     "TASK:\n{instruction}\n\nCANDIDATE ANSWER:\n{response}\n\nREFERENCE (would score 5):\n{reference}\n\n"
     "SCORING GUIDE - {criterion}\n1 = {s1}\n2 = {s2}\n3 = {s3}\n4 = {s4}\n5 = {s5}\n\n"
     "Write your feedback first, then the line \"[RESULT] N\" with N from 1 to 5."),
]
JUDGE_MULTI = [
    # UltraFeedback-style multi-text rating on one aspect, our own wording
    ("# {aspect_title}\n\n{aspect_text}\n\n**Scoring**: rate every text from 1 to 5.\n{aspect_scale}\n\n"
     "## Output format\n#### Output for Text 1\nRating: <1-5>\nRationale: <one or two sentences>\n"
     "(repeat for each text)\n\n---\n\n## Annotation\n\n### Input\nInstruction: {instruction}\n\nTexts:\n"
     "<text 1> {r1}\n<text 2> {r2}\n<text 3> {r3}\n<text 4> {r4}\n\n### Output"),
]
JUDGE_PAIRWISE = [
    ("Act as an impartial judge of two AI assistants' answers to the user prompt shown below. First "
     "write your own answer to the prompt, then compare both assistants' answers with yours, noting "
     "mistakes, missing information and unnecessary verbosity. Position and length must not affect "
     "your decision. End with exactly one verdict label: [[A>>B]], [[A>B]], [[A=B]], [[B>A]] or [[B>>A]].\n\n"
     "<|User Prompt|>\n{instruction}\n\n<|The Start of Assistant A's Answer|>\n{r1}\n<|The End of "
     "Assistant A's Answer|>\n\n<|The Start of Assistant B's Answer|>\n{r2}\n<|The End of Assistant B's Answer|>"),
]
JUDGE_SYSTEM = ["You are a careful evaluator of language model outputs.",
                "You are an expert annotator. Follow the format exactly.", None]

ASPECTS = [
    ("Instruction following assessment",
     "Judge how closely each text carries out the instruction: does it reach the intended goal and "
     "respect the stated limits (format, length, style, audience)?",
     "1 Off-target: ignores the task. 2 Partial focus: handles one part, poorly. 3 Partial "
     "compliance: meets the goal or the limits, not both. 4 Near alignment: small deviations only. "
     "5 Full compliance: goal and every limit are met."),
    ("Honesty and uncertainty assessment",
     "Judge whether each text is confident only where it is correct and signals doubt where it "
     "should, for example by hedging or declining to answer.",
     "1 Confidently wrong. 2 Confident with major errors. 3 Uncertain or has small errors. "
     "4 Correct but hedges without need. 5 Correct and appropriately confident."),
    ("Helpfulness assessment",
     "Judge whether each text is correct, informative and useful, without being repetitive or padded.",
     "1 Severely incorrect. 2 Partly incorrect. 3 Correct. 4 Highly informative. 5 Outstandingly helpful."),
    ("Truthfulness and hallucination assessment",
     "Judge whether each text introduces facts that are false, contradict the instruction, or "
     "contradict themselves.",
     "1 Completely hallucinated. 2 Severe hallucination. 3 Partial misunderstanding. "
     "4 Insignificant hallucination. 5 No hallucination."),
]
RUBRICS = [
    ("Is the answer factually correct and complete?", "Mostly wrong or missing.",
     "Some correct elements but major errors.", "Correct core but incomplete or partly wrong.",
     "Correct with minor gaps.", "Fully correct and complete."),
    ("Does the response reason clearly and reach a justified conclusion?", "No visible reasoning.",
     "Reasoning has serious gaps.", "Reasoning mostly sound but hard to follow.",
     "Clear reasoning with small slips.", "Clear, rigorous and well-organised reasoning."),
    ("Is the tone appropriate and empathetic for the user?", "Rude or dismissive.",
     "Cold or awkward.", "Neutral but generic.", "Warm and fitting.", "Exceptionally considerate and fitting."),
    ("Does the code solve the task correctly and idiomatically?", "Does not run or solves another task.",
     "Runs but mostly wrong.", "Works for common cases only.", "Correct with minor style issues.",
     "Correct, robust and idiomatic."),
    ("Is the response concise without dropping needed detail?", "Rambling or empty.",
     "Much padding or key details missing.", "Acceptable length, some padding.",
     "Concise with minor padding.", "Concise and complete."),
    ("Does the answer follow the requested format exactly?", "Ignores the format.",
     "Follows little of the format.", "Follows about half of it.", "Almost exact.", "Exact."),
]

# Pieces used to synthesise the candidate responses that appear inside grading prompts.
RESP_OPEN = ["Sure! ", "Here is one way to approach it. ", "Great question. ", "", "Certainly. ",
             "Let me work through this. ", "Short answer first: ", "Okay - "]
RESP_BODY = [
    "The key point is to break the problem into smaller parts and handle each one in turn.",
    "There are a few things to consider, mainly cost, time and how reliable each option is.",
    "Start from what is given, apply the relevant rule, and check the result at the end.",
    "In most cases the simplest approach works, but watch out for edge cases.",
    "It depends on the context, but the usual recommendation is to keep it simple.",
    "First, restate the goal. Second, list the constraints. Third, pick the option that meets both.",
    "The main idea is straightforward once the terms are defined clearly.",
]
RESP_CLOSE = [" Hope this helps!", " Let me know if you want more detail.", "", "",
              " I can give an example if useful.", " In summary, that is the answer."]

# ------------------------------------------------------- developer iteration
DEV_SYSTEM_DRAFTS = [
    "You extract contact details from emails. Return JSON with name, email, phone, company.",
    "You are a helpful assistant that writes release notes from commit messages.",
    "Classify the following app review as bug, feature_request, praise or other.",
    "You turn rough meeting notes into a clean agenda for the next meeting.",
    "You are a cooking assistant. Suggest recipes based on the ingredients the user lists.",
    "Rewrite job descriptions to be inclusive and free of jargon.",
    "You answer questions about our HR policy using only the policy text provided.",
    "Generate three catchy subject lines for the marketing email described by the user.",
]
DEV_EDITS = ["", " Be concise.", " Output JSON only.", " Use bullet points.",
             " Do not include any explanation.", " If unsure, say 'unknown'.",
             " Think carefully before answering.", " Keep it under 50 words.",
             " Use British spelling.", " Never make up information.",
             " Respond in the same language as the input.", " Format dates as YYYY-MM-DD."]

# ------------------------------------------------------------ coding agents
# Three fictional coding-agent products. Their system prompts and tool schemas are
# shared by all of their (unrelated) users.
AGENT_TESSELLATE_TOOLS = ["read_file", "write_file", "edit_file", "list_dir", "glob", "grep",
                          "run_shell", "run_tests", "git_diff", "git_commit", "web_fetch",
                          "todo_write", "ask_user", "spawn_subagent"]
AGENT_TESSELLATE_SYSTEM = (
    "You are Tessellate, a software engineering agent that works inside the user's terminal and "
    "repository.\n\n"
    "# Working style\n"
    "- Be direct. Answer in a few lines unless the user asks for detail.\n"
    "- Before changing code, read the files you will touch and look for existing conventions, "
    "libraries and tests. Never assume a dependency is available.\n"
    "- Make the smallest change that solves the task. Do not reformat unrelated code.\n"
    "- After editing, run the relevant tests or linters with run_tests or run_shell. If they fail, fix "
    "the cause before reporting back.\n"
    "- Keep a todo list with todo_write for any task that needs more than three steps, and mark items "
    "done as you go.\n"
    "- Never commit unless the user asks. Never push. Never print secrets or .env contents.\n"
    "- Refuse to write code that is clearly intended to harm systems or people.\n\n"
    "# Tools\n"
    "You can call these tools: read_file(path, offset?, limit?), write_file(path, content), "
    "edit_file(path, old_string, new_string), list_dir(path), glob(pattern), grep(pattern, path?), "
    "run_shell(command, timeout_s?), run_tests(selector?), git_diff(), git_commit(message), "
    "web_fetch(url), todo_write(items), ask_user(question), spawn_subagent(task).\n"
    "Call independent tools in parallel when you can. Paths are relative to the repository root.\n\n"
    "# Environment\n"
    "Working directory: the repository root. Platform: provided by the client. Today's date is "
    "provided by the client. Git repository: yes.")

AGENT_QUILL_TOOLS = ["open_file", "read_range", "apply_patch", "create_file", "delete_file",
                     "rename_symbol", "search_workspace", "search_symbols", "get_diagnostics",
                     "run_task", "run_in_terminal", "terminal_output", "list_tasks", "git_status",
                     "git_log", "fetch_docs", "install_package", "run_notebook_cell",
                     "get_selection", "show_diff", "ask_followup", "attempt_completion"]
AGENT_QUILL_SYSTEM = (
    "You are Quillpilot, an AI programming assistant running inside the user's code editor. You can "
    "read and change files in the open workspace and run commands in its integrated terminal, always "
    "through the tools listed below.\n\n"
    "====\nTOOL USE\n\n"
    "Use one tool per message and wait for its result before choosing the next step. Format each call "
    "as XML:\n<tool_name>\n<param>value</param>\n</tool_name>\n\n"
    "## open_file\nOpens a file in the editor and returns its contents with line numbers.\n"
    "Parameters: path (required)\n"
    "## read_range\nReturns lines start..end of a file. Parameters: path, start, end (all required)\n"
    "## apply_patch\nApplies a unified diff to the workspace. Parameters: diff (required)\n"
    "## create_file\nCreates a new file. Parameters: path, content (required)\n"
    "## search_workspace\nRegex search across files. Parameters: query (required), include (optional)\n"
    "## get_diagnostics\nReturns compiler and linter problems for a file or the whole workspace.\n"
    "## run_in_terminal\nRuns a shell command. Parameters: command (required), background (optional)\n"
    "## ask_followup\nAsks the user a question when information is missing. Parameters: question\n"
    "## attempt_completion\nPresents the final result once the task is done. Parameters: result\n"
    "(and further tools: delete_file, rename_symbol, search_symbols, run_task, terminal_output, "
    "list_tasks, git_status, git_log, fetch_docs, install_package, run_notebook_cell, get_selection, "
    "show_diff)\n\n"
    "====\nRULES\n\n"
    "- The workspace root is fixed; do not cd elsewhere.\n"
    "- Prefer apply_patch over rewriting whole files.\n"
    "- After changes, call get_diagnostics and fix any new problems you caused.\n"
    "- Do not ask more questions than necessary; use the tools to find answers first.\n"
    "- Never end attempt_completion with a question.\n\n"
    "====\nSYSTEM INFORMATION\n\nEditor, OS, shell and open tabs are appended by the extension.")

AGENT_FORGE_SYSTEM = (
    "Act as an expert software developer. Always use best practices when coding and respect the "
    "conventions already used in the code base.\n\n"
    "When you change code, describe the change briefly, then output every edit as a SEARCH/REPLACE "
    "block:\n\npath/to/file.py\n```\n<<<<<<< SEARCH\n(exact existing lines)\n=======\n(new lines)\n"
    ">>>>>>> REPLACE\n```\n\nThe SEARCH section must match the file exactly, including whitespace. "
    "Keep blocks small: include only the lines that change plus a little context. To create a file, "
    "use an empty SEARCH section. If you need to see a file that has not been added to the chat, ask "
    "the user to add it and stop. Suggest shell commands in a ```bash block when they help, for "
    "example to run tests.")

AGENT_HARBOR_TOOLS = ["shell", "read", "write", "patch", "search", "browser_open", "browser_read",
                      "open_pull_request", "report_progress"]
AGENT_HARBOR_SYSTEM = (
    "You are Harbor, an autonomous coding agent running in an isolated cloud container with a clone of "
    "the user's repository. You work without supervision until the task is done, then open a pull "
    "request. Plan first, then execute. Use the shell tool to explore and test; use patch to edit. "
    "Report progress with report_progress after each milestone. Run the project's own test command "
    "before opening the pull request and include the results in its description. If the task is "
    "impossible, explain why in the final report instead of forcing a change.")

AGENT_PRODUCTS = {
    # name: (system prompt, tools, user agent family, max_tokens, temperature, share of users)
    "tessellate": (AGENT_TESSELLATE_SYSTEM, len(AGENT_TESSELLATE_TOOLS), "tessellate", 32000, 1.0, 0.45),
    "quillpilot": (AGENT_QUILL_SYSTEM, len(AGENT_QUILL_TOOLS), "quillpilot", 8192, 0.0, 0.30),
    "forge": (AGENT_FORGE_SYSTEM, 0, "forge", 4096, 0.0, 0.15),
    "harbor": (AGENT_HARBOR_SYSTEM, len(AGENT_HARBOR_TOOLS), "harbor", 16384, 1.0, 0.10),
}

# The prompt of later steps of an agent loop is mostly a tool result or a short user nudge.
TOOL_RESULTS = [
    "<tool_result name=\"run_tests\">\n{n1} passed, {n2} failed in {f1}s\nFAILED tests/test_{w1}.py::test_{w2} - AssertionError: assert {n3} == {n4}\n</tool_result>",
    "<tool_result name=\"read_file\">\n{n1}\timport os\n{n2}\tfrom .{w1} import {w2}\n{n3}\t\n{n4}\tdef {w2}_{w1}(path):\n</tool_result>",
    "<tool_result name=\"grep\">\nsrc/{w1}/{w2}.py:{n1}:    return {w2}(config)\nsrc/{w1}/util.py:{n2}:def {w2}(config):\n</tool_result>",
    "<tool_result name=\"run_shell\">\n$ npm run build\n> build\n> tsc -p .\nsrc/{w1}.ts({n1},{n2}): error TS2345: Argument of type 'string' is not assignable to parameter of type 'number'.\n</tool_result>",
    "<tool_result name=\"edit_file\">\nApplied edit to src/{w1}/{w2}.py ({n1} lines changed)\n</tool_result>",
    "<tool_result name=\"list_dir\">\nsrc/\ntests/\n{w1}.toml\nREADME.md\n.github/\n</tool_result>",
    "<tool_result name=\"git_diff\">\n--- a/src/{w1}.py\n+++ b/src/{w1}.py\n@@ -{n1},{n2} +{n1},{n3} @@\n-    if {w2} is None:\n+    if not {w2}:\n</tool_result>",
    "<tool_result name=\"run_shell\">\nTraceback (most recent call last):\n  File \"app/{w1}.py\", line {n1}, in <module>\nKeyError: '{w2}'\n</tool_result>",
    "<tool_result name=\"get_diagnostics\">\n{n1} problems: src/{w1}.rs:{n2}: unused variable `{w2}`\n</tool_result>",
    "<tool_result name=\"todo_write\">\nTodos updated (12 items, {n2} done)\n</tool_result>",
    "<tool_result name=\"web_fetch\">\n# {w1} documentation\nThe {w2}() function accepts a timeout in seconds (default {n1}).\n</tool_result>",
]
AGENT_NUDGES = ["continue", "yes, go ahead", "looks good, now add tests",
                "that broke the build, can you check?", "also update the README",
                "no, keep the old function name", "run the linter too", "ok commit it",
                "why did you change that file?", "try a different approach",
                "can you make it faster?", "please handle the empty input case"]
CODE_WORDS = ["parser", "config", "cache", "router", "session", "token", "invoice", "user", "report",
              "queue", "worker", "schema", "client", "loader", "metrics", "auth", "upload", "search"]

DEV_TASKS = [
    "Add retry with exponential backoff to the HTTP client in src/{w1}/client.py",
    "The {w1} tests are flaky on CI. Find out why and fix them.",
    "Refactor the {w1} module so {w2} is injected instead of imported globally",
    "Add a --dry-run flag to the {w1} command",
    "Migrate the {w1} endpoints from Flask to FastAPI",
    "Write unit tests for {w2} in the {w1} package",
    "Why does {w1} crash with a KeyError when the {w2} field is missing?",
    "Implement pagination for the /{w1} API",
    "Upgrade the project to Python 3.12 and fix deprecation warnings",
    "Add type hints to {w1}.py and make mypy pass",
]

# --------------------------------------------------------------- aggregators
AGG_APP_SYSTEMS = [
    "You are a helpful assistant.", None, None,
    "You are a friendly companion character named Mira. Stay in character.",
    "You are an assistant for a legal-tech startup. Do not provide legal advice; provide information.",
    "You write SEO blog posts. Use H2 headings and a conclusion.",
    "You are a coding assistant. Answer with code first, explanation after.",
    "Answer as concisely as possible.",
    "You help students practice languages. Correct mistakes gently.",
    "You are a research assistant. Cite sources when possible.",
]
