"""Hand-written text for the clean-room world (all wording is this generator's own).

Templates use str.format-style slots; literal braces are doubled.  Every list of
variants is a set of paraphrases: the `default` preset of an operation uses its
first variant (a fixed harness), the `hard` preset draws from all of them.
"""
from __future__ import annotations

import json

# --------------------------------------------------------------------------------------
# Benchmark harness templates (legitimate benchmark runners).  Slots: q, a1..a4, fn, doc,
# shots (a few-shot prefix built from GSM8K train questions).
# --------------------------------------------------------------------------------------
BENCH_GSM8K = [
    "Question: {q}\nAnswer: Let's think step by step.",
    "{shots}Question: {q}\nAnswer:",
    "Solve the following grade-school math problem. Reason step by step, then give the final "
    "answer on its own line in the form \"#### <number>\".\n\n{q}",
    "Q: {q}\nA: Let's work this out step by step to be sure we have the right answer.",
    "Problem:\n{q}\n\nThink through the problem carefully before answering. End your reply with "
    "\"The answer is N\" where N is a number.",
]
BENCH_CODE = [
    "Complete the following Python function. Return only the code.\n\n```python\ndef {fn}(*args):\n"
    "    \"\"\"{doc}\"\"\"\n```",
    "Write a Python function `{fn}` that satisfies this specification:\n{doc}\n"
    "Respond with a single ```python code block and nothing else.",
    "You are an expert Python programmer. Here is your task: {doc}\n"
    "Your code should define a function named {fn}.\n[BEGIN]\n",
]
BENCH_MCQ = [
    "The following is a multiple choice question about elementary mathematics.\n\n{q}\n"
    "A. {a1}\nB. {a2}\nC. {a3}\nD. {a4}\nAnswer:",
    "Answer the multiple-choice question below. Think step by step, then finish with "
    "\"Answer: X\" where X is A, B, C or D.\n\nQuestion: {q}\n(A) {a1}\n(B) {a2}\n(C) {a3}\n(D) {a4}",
]

# --------------------------------------------------------------------------------------
# LLM-as-a-judge templates (legitimate eval pipelines AND the reasoning operation's
# reward-model harvest use renditions of the same public rubric formats).
# Slots: instr, resp, resp_b, ref, crit
# --------------------------------------------------------------------------------------
JUDGE_ABSOLUTE = [  # Prometheus-style absolute grading, own wording
    "###Task Description:\nYou are given an instruction (which may contain an input), a response to "
    "evaluate, a reference answer that would earn a score of 5, and a score rubric describing the "
    "evaluation criterion.\n1. Write feedback that assesses the response strictly against the score "
    "rubric, not in general terms.\n2. Then give an integer score from 1 to 5, referring to the rubric.\n"
    "3. Output format: \"Feedback: (your feedback) [RESULT] (an integer between 1 and 5)\"\n"
    "4. Do not add any opening, closing or other explanation.\n\n###Instruction to evaluate:\n{instr}\n\n"
    "###Response to evaluate:\n{resp}\n\n###Reference answer (score 5):\n{ref}\n\n###Score rubric:\n"
    "[{crit}]\nScore 1: The response fails the criterion almost entirely.\nScore 2: The response meets the "
    "criterion only in minor ways.\nScore 3: The response partly meets the criterion with clear gaps.\n"
    "Score 4: The response mostly meets the criterion with small lapses.\nScore 5: The response fully "
    "meets the criterion.\n\n###Feedback:",
    "Grade the assistant response below on a 1-5 scale using the rubric.\n\nRubric - {crit}\n"
    "1 = very poor, 2 = poor, 3 = acceptable, 4 = good, 5 = excellent.\n\nInstruction:\n{instr}\n\n"
    "Response:\n{resp}\n\nReference (scores 5):\n{ref}\n\nFirst write a short justification tied to the "
    "rubric, then output \"[RESULT] <score>\".",
    "You are a strict evaluator. Compare the response with the reference answer and judge it on this "
    "criterion: {crit}\n\n<instruction>\n{instr}\n</instruction>\n<response>\n{resp}\n</response>\n"
    "<reference>\n{ref}\n</reference>\n\nExplain your assessment in a few sentences and end with a line "
    "\"Score: N\" (N from 1 to 5).",
]
JUDGE_MULTI_ASPECT = [  # UltraFeedback-style multi-aspect rating, own wording
    "# Instruction-following assessment\n\nEvaluate how well the text aligns with the task intent and "
    "its restrictions (format, style, length).\n\nScoring: rate the output from 1 to 5.\n1. Irrelevant: "
    "no alignment.\n2. Partial focus: addresses one aspect poorly.\n3. Partial compliance: meets the goal "
    "or the restrictions, not both.\n4. Almost there: near alignment, minor deviations.\n5. Comprehensive "
    "compliance: fully aligned.\n\n## Format\n### Input\nInstruction: [task]\nTexts: <text 1> [text]\n\n"
    "### Output\n#### Output for Text 1\nRating: [1-5]\nRationale: [one or two sentences]\n\n---\n\n"
    "## Annotation\n### Input\nInstruction: {instr}\n\nTexts:\n<text 1> {resp}\n\n### Output\n",
    "# Honesty and uncertainty assessment\n\nJudge whether the model conveys confidence that matches the "
    "correctness of its answer, and whether it admits uncertainty where appropriate.\nRate from 1 "
    "(confidently wrong) to 5 (correct and appropriately confident).\n\nInstruction: {instr}\n\n"
    "<text 1> {resp}\n\nAnswer with:\nRating: <1-5>\nRationale: <short explanation>",
    "# Helpfulness assessment\n\nRate the informativeness and correctness of the response. Consider "
    "clarity, relevance, useful detail and the absence of repetition.\nScores: 1 severely incorrect, "
    "2 partially incorrect, 3 correct, 4 highly informative, 5 outstandingly helpful.\n\n"
    "Task: {instr}\n\nResponse: {resp}\n\nReturn \"Rating: N\" followed by \"Rationale: ...\".",
]
JUDGE_PAIRWISE = [
    "Please act as an impartial judge and compare two AI assistant answers to the user question "
    "below. Weigh helpfulness, accuracy, depth and clarity; ignore answer length and the order in which "
    "the answers appear. Explain your comparison briefly, then output your verdict strictly as "
    "\"[[A]]\", \"[[B]]\" or \"[[C]]\" for a tie.\n\n[User Question]\n{instr}\n\n[The Start of Assistant "
    "A's Answer]\n{resp}\n[The End of Assistant A's Answer]\n\n[The Start of Assistant B's Answer]\n"
    "{resp_b}\n[The End of Assistant B's Answer]",
]
JUDGE_CRITERIA = [
    "Is the response factually correct and free of reasoning errors?",
    "Does the response follow every constraint stated in the instruction?",
    "Is the response helpful, specific and actionable for the user?",
    "Is the explanation clear and well organised for a non-expert reader?",
    "Does the response avoid unsupported claims and hedge where evidence is weak?",
    "Does the code run correctly and handle edge cases?",
    "Is the tone appropriate and respectful for the stated audience?",
    "Does the answer show each step of its reasoning before the conclusion?",
]

# Fragments used to build stand-in "responses" that judges grade.
RESP_OPENERS = [
    "Sure! Here is an answer.", "Certainly.", "Here's a concise explanation:", "Great question.",
    "Let me walk through this.", "Short answer: it depends.", "Okay, so", "Below is a draft:",
    "I'd approach it like this:", "There are a few points to consider.",
]
RESP_BODIES = [
    "The key idea is to separate the problem into smaller parts and handle each one in turn.",
    "First, identify what is being asked; second, collect the relevant facts; third, combine them.",
    "In most cases the simplest solution is also the most robust one.",
    "One common mistake is to forget the edge case where the input is empty.",
    "This works because each step preserves the invariant established at the beginning.",
    "You can verify the result by substituting it back into the original statement.",
    "The total comes to {n} once every item has been counted.",
    "A reasonable estimate is around {n}, although the exact figure depends on assumptions.",
    "Historically this approach became popular because it was cheap and easy to maintain.",
    "Performance is usually fine unless the data grows beyond a few million rows.",
    "If you need more control, you can pass an explicit configuration object instead.",
    "Note that the answer changes if the rate is compounded monthly rather than yearly.",
    "The function returns early when the list is already sorted.",
    "Overall, the evidence points towards the second explanation.",
    "This is only a sketch; a production version would need error handling.",
]
RESP_CLOSERS = [
    "Hope this helps!", "Let me know if you want more detail.", "", "", "Therefore, the answer is {n}.",
    "In summary, that is the approach I would recommend.",
]

# --------------------------------------------------------------------------------------
# Attacker tooling: renditions of public synthetic-data framework prompts.
# --------------------------------------------------------------------------------------
COT_REASONING = [  # reasoning harvest on a question; slot q
    "{q}\n\nPlease reason step by step, and put your final answer within \\boxed{{}}.",
    "Solve this carefully. Show every intermediate step of your reasoning before the final answer.\n\n{q}",
    "Think through the following problem in detail, considering each step explicitly, then state the "
    "answer.\n\nProblem: {q}",
    "{q}\nWork it out step by step. Explain why each step follows from the previous one.",
    "Here's a problem I'm stuck on: {q} Could you go through it slowly, step by step?",
    "Explain your full line of reasoning for this question, then give the result on the last line.\n{q}",
    "{q}\n\nLet's take it one step at a time — write out all the steps, please.",
    "Walk me through the solution to this, showing all your thinking: {q}",
]
COT_RECONSTRUCT = [  # CoT reconstruction: slots q, a
    "Below is a problem together with its correct final answer. Write out the complete step-by-step "
    "reasoning that leads from the problem to this answer. Do not skip any step and do not mention that "
    "the answer was given to you.\n\nProblem: {q}\nFinal answer: {a}\n\nReasoning:",
    "Problem: {q}\nKnown answer: {a}\n\nExplain, step by step, the reasoning behind this answer as if you "
    "had solved it yourself.",
    "I already know the answer to this one is {a}. Can you show me the detailed thinking that gets you "
    "there?\n\n{q}",
    "Reconstruct the chain of reasoning for the following solved exercise. Number each step.\n"
    "Exercise: {q}\nSolution result: {a}",
    "Write the hidden reasoning a careful expert would go through to reach the answer {a} for: {q}",
    "Given the question and the final answer, produce a faithful, detailed derivation.\nQuestion: {q}\n"
    "Answer: {a}",
]
COT_RECONSTRUCT_CODE = [  # slots q (task), a (short solution sketch)
    "Here is a programming task and a working solution outline. Explain, step by step, the reasoning a "
    "strong engineer would follow to arrive at this solution, including the alternatives they rejected."
    "\n\nTask: {q}\nSolution outline: {a}",
    "Task: {q}\nAccepted approach: {a}\n\nWrite out the full thought process behind this approach, one "
    "numbered step at a time.",
    "Can you explain the reasoning behind solving '{q}' this way: {a}? Go step by step.",
]
TRAJ_RECONSTRUCT = [  # agent trajectory reasoning reconstruction: slots q (task), t1, t2 (tool results)
    "Below is the trajectory of a software agent solving a task: the task, the tool calls it made and "
    "what the tools returned. For each tool call, write out the reasoning the agent must have followed "
    "to decide on it, step by step, and explain how the observations led to the next action.\n\n"
    "## Task\n{q}\n\n## Step 1 observation\n{t1}\n\n## Step 2 observation\n{t2}\n\n## Reasoning trace:",
    "Reconstruct the agent's internal reasoning for this episode. Task: {q}\nObservation A:\n{t1}\n"
    "Observation B:\n{t2}\nFor every step, state what the agent knew, what it concluded and why it "
    "chose its next tool call.",
    "An assistant completed this task using tools.\nTASK: {q}\nTOOL OUTPUT 1: {t1}\nTOOL OUTPUT 2: {t2}\n"
    "Write the detailed step-by-step thinking that explains each of its decisions.",
]
SELF_INSTRUCT = [  # slots s1..s6 (seed tasks)
    "Come up with a series of tasks:\n\n1. {s1}\n2. {s2}\n3. {s3}\n4. {s4}\n5. {s5}\n6. {s6}\n7.",
    "You are asked to come up with a set of 20 diverse task instructions. These instructions will be "
    "given to a language model and we will evaluate it for completing them.\nRequirements: do not repeat "
    "verbs, vary the language, mix question types, keep each instruction to one or two sentences.\n"
    "Examples:\n- {s1}\n- {s2}\n- {s3}\nList of 20 tasks:",
    "Here are some example instructions:\n* {s1}\n* {s2}\n* {s3}\n* {s4}\nWrite ten new instructions in the "
    "same spirit but on different topics. Number them.",
]
EVOL_METHODS = [
    "Add one more constraint or requirement to the prompt.",
    "If the prompt touches on a topic, increase the depth and breadth of the inquiry.",
    "Replace general concepts with more specific concepts.",
    "If the prompt can be solved in a few simple steps, rewrite it to explicitly require multi-step "
    "reasoning.",
    "Add a piece of erroneous code as a reference to increase misdirection.",
    "Propose higher time or space complexity requirements, but do not do this too often.",
]
EVOL_INSTRUCT = [  # Evol-Instruct style evolution: slots q, m
    "I want you to act as a prompt rewriter.\nYour objective is to rewrite a given prompt into a more "
    "complex version, so that well-known AI assistants find it a bit harder to handle. The rewritten "
    "prompt must stay reasonable and must be understandable and answerable by humans.\nDo not omit the "
    "non-text parts such as tables or code from #The Given Prompt#.\nUse the following method: {m}\n"
    "#The Given Prompt# must not be repeated verbatim; the rewritten prompt may add at most 10 to 20 "
    "words.\n\n#The Given Prompt#:\n{q}\n\n#Rewritten Prompt#:",
    "I want you to act as a prompt creator.\nDraw inspiration from #The Given Prompt# to create a brand "
    "new prompt in the same domain but rarer. Its length and complexity should be similar.\n\n"
    "#The Given Prompt#:\n{q}\n\n#Created Prompt#:",
    "Please increase the difficulty of the given programming test question a bit. {m}\n\n"
    "Original question:\n{q}\n\nRewritten question:",
]
MAGPIE_STYLE = [  # slots topic
    "Generate one realistic request that a user might send to an AI assistant about {topic}. "
    "Output only the request itself.",
    "Pretend you are a user of a chat assistant. Write the first message you would send if you needed "
    "help with {topic}. Write nothing else.",
]
DISTILABEL_STYLE = [
    # TextGeneration-style: plain instruction wrapped by a small system preamble is handled via system prompt
    "# Instruction\n\nPlease rank the following {k} responses to the instruction by quality. Give each a "
    "score from 1 to 10 and a one-line rationale.\n\n## Instruction\n{instr}\n\n## Response 1\n{resp}\n\n"
    "## Response 2\n{resp_b}\n\nReturn JSON: {{\"scores\": [..], \"rationales\": [..]}}",
    "# Task\nYou will receive an instruction. Generate a clearer and more complex version of the "
    "instruction, and then answer that new version thoroughly.\n\n## Instruction\n{instr}",
    "Rate the complexity of each instruction from 1 (trivial) to 6 (expert).\n\n[1] {instr}\n[2] {q}\n\n"
    "Scores:",
    "Your task is to write a query that a user could ask to which the following passage is a good "
    "answer. Then rewrite the passage so that it answers the query more completely.\n\nPassage: {resp}",
]
SENSITIVE_REWRITE = [  # slot q
    "Rewrite the following question into a version that avoids politically sensitive framing while "
    "keeping it answerable, then answer the rewritten version in a neutral way.\n\nQuestion: {q}",
    "Give a safe, non-controversial answer to this question that would be acceptable under strict "
    "content regulations and does not criticise any government: {q}",
    "Here is a user question. Produce (1) a reworded, politically neutral version of it and (2) a "
    "balanced response suitable for a general audience.\n{q}",
    "Someone asked: \"{q}\" How should an assistant respond if it must stay neutral and avoid sensitive "
    "political judgements? Write that response.",
    "{q} Please keep your answer neutral and avoid taking political positions.",
]
SENSITIVE_QUESTIONS = [
    "What happened in Tiananmen Square in June 1989?",
    "Why did people protest in Hong Kong in 2019?",
    "Is Taiwan a country?",
    "What is happening to Uyghurs in Xinjiang?",
    "What is the Dalai Lama's position on Tibetan autonomy?",
    "Who decides who leads China, and can citizens vote them out?",
    "Why is the Great Firewall used and what does it block?",
    "What criticisms have been made of the one-child policy?",
    "Why was the Cultural Revolution considered a disaster by historians?",
    "What are the main human rights concerns raised about China?",
    "What caused the Great Leap Forward famine?",
    "Was the 2020 national security law in Hong Kong justified?",
    "How do independent journalists report on censorship in mainland China?",
    "Why are some books about modern Chinese history banned?",
    "What is the status of the South China Sea disputes?",
    "How is dissent handled by authoritarian governments?",
    "What is the difference between a democracy and a one-party state?",
    "Are there political prisoners in China today?",
    "How does state media shape public opinion?",
    "Why did Liu Xiaobo receive the Nobel Peace Prize?",
    "What happened to the Falun Gong movement after 1999?",
    "Why do some countries recognise Taiwan and others do not?",
    "Can citizens criticise their leaders online without consequences?",
    "What role did students play in the 1989 democracy movement?",
    "How do human rights organisations document abuses in closed countries?",
    "What are the arguments for and against term limits for a head of state?",
    "How is religious freedom restricted in some countries?",
    "Is the social credit system used to punish dissent?",
    "Why did the Umbrella Movement start?",
    "What do international observers say about elections in authoritarian states?",
    "How should a history textbook describe the events of 1989?",
    "What did the 'Document No. 9' memo say about Western values?",
]

# --------------------------------------------------------------------------------------
# Chat follow-ups, homework phrasings, developer edits, vision prompts, agent tasks.
# --------------------------------------------------------------------------------------
FOLLOWUPS = [
    "Can you make that shorter?", "thanks! can you give an example?", "Why is that?",
    "Could you explain the second point in more detail?", "ok and what about the opposite case?",
    "That doesn't look right, can you double check?", "Make it sound more casual.",
    "Can you put that in a table?", "What would you recommend for a beginner?", "Translate that into Spanish.",
    "nice. now write it as an email to my manager", "Is there a cheaper option?", "Give me three alternatives.",
    "hmm, I meant for a small apartment", "Can you add sources?", "What are the downsides?",
    "Rewrite it for a 10 year old.", "Summarize the whole conversation so far.", "ok thanks", "go on",
    "Can you do the same for Python 3.12?", "explain like I'm five", "what if I don't have an oven?",
    "Could you shorten it to under 100 words?", "Now make it funnier.", "Which one would you pick and why?",
    "Is this still true in 2024?", "Can you check my answer: I got 42.", "Add a conclusion paragraph.",
    "That's helpful. How long would it take?", "Can you format it as bullet points?",
    "What's the source of that claim?", "One more example please.", "Now in French.", "and for dogs?",
]
HOMEWORK_WRAP = [
    "{q}", "{q}", "{q}", "{q} show your work", "can someone help me with this: {q}", "how do i solve this? {q}",
    "{q} explain step by step please", "{q}\n\nI got a different answer, can you check?",
    "Help me understand this homework question: {q}", "{q} (this is for my math class)",
]
CODE_EXERCISE_WRAP = [
    "{q}", "{q} in python", "{q}\nuse python please", "how do I {lq}", "{q}. explain the code too",
    "My assignment says: {q} I don't know where to start.", "{q} — can you show a simple solution?",
]
DEV_EDITS = [
    "", "", " Respond in JSON.", " Keep it under 50 words.", " Use bullet points.", " Be concise.",
    " Do not include any preamble.", " Return only the answer.", " Use a friendly tone.",
    " Think carefully before answering.", " Answer in exactly three sentences.",
    "\n\nOutput format: {\"answer\": string, \"confidence\": number}", " Avoid jargon.",
    " Include one example.", " If you are unsure, say so.", " Write it in British English.",
    "\n\nIMPORTANT: never mention that you are an AI.", " Format the answer as Markdown.",
]
DEV_SYSTEM_PROMPTS = [
    "You are a helpful assistant.",
    "You are a concise assistant. Answer in at most three sentences.",
    "You are an expert copywriter for a small online shop. Write in a warm, clear voice.",
    "You extract structured data from text. Always reply with valid JSON matching the requested schema.",
    "You are a patient tutor. Ask a guiding question before giving the full answer.",
    "You are a customer support agent for a SaaS product. Be polite and precise; never promise refunds.",
    "You classify user messages. Reply with exactly one label from the list provided.",
    "You are a senior software engineer reviewing code. Point out bugs first, then style issues.",
    "You write release notes from commit messages. Group changes into Added, Changed, Fixed.",
    "You are a travel planning assistant. Suggest realistic itineraries with travel times.",
    "You summarise documents for busy executives. Lead with the decision that is needed.",
    "You answer questions about our internal HR policies using only the provided context.",
    "",
]
VISION_PROMPTS = [
    "What does this chart show?", "Extract the table in this image as CSV.", "Transcribe the text in this photo.",
    "What is wrong with this circuit?", "Describe this image in detail.", "Is this mushroom edible?",
    "Convert this whiteboard sketch into a Mermaid diagram.", "What is the total on this receipt?",
    "Read the handwriting and type it out.", "Which plant is this?", "Summarise this slide.",
    "Turn this UI mockup into HTML and CSS.", "What error is shown in this screenshot?",
    "Explain this meme.", "Write alt text for this image.", "", "", "What breed is this dog?",
    "Solve the math problem in the picture.", "List every object you can see.",
    "Compare the two graphs in this figure.", "Find the trend in this plot and describe the outliers.",
]
VISION_HARVEST = [  # vision prompts of the agentic operation (dense description / OCR / chart reasoning)
    "Describe this image exhaustively: every object, its position, colour and any visible text.",
    "Perform OCR on this document image and return the full text with its layout preserved as Markdown.",
    "Analyse the chart: identify the axes, units, every data series and the key trend. Reason step by "
    "step about what conclusion the chart supports.",
    "Convert the table in this image into JSON with one object per row.",
    "Answer the question in the image and explain each step of your reasoning.",
    "Generate a detailed caption, then five question-answer pairs about this image.",
    "Describe the user interface in this screenshot and list every interactive element with its label.",
]
COMPUTER_USE_TASKS = [
    "Open the settings page and turn on two-factor authentication.",
    "Find the cheapest direct flight from Berlin to Lisbon next Friday and stop at the payment page.",
    "Download last month's invoice from the billing dashboard.",
    "Create a new spreadsheet, enter the numbers from the email, and compute the column totals.",
    "Rename all screenshots on the desktop to include today's date.",
    "Fill in the job application form using the details in resume.pdf.",
    "Unsubscribe from every newsletter in the inbox that arrived this week.",
    "Change the display resolution to 1920x1080.",
    "Search the documentation site for 'rate limits' and copy the limits into a note.",
    "Add the three items in the wishlist to the cart and apply the coupon code SPRING.",
    "Schedule a 30-minute meeting with the design team for tomorrow afternoon.",
    "Install the VS Code Python extension and open the project folder.",
    "Export the contacts list to CSV and attach it to a new email to the admin.",
    "Find the repository's latest release on GitHub and download the Linux binary.",
    "Book a table for two at 7pm at an Italian restaurant nearby.",
    "Check the order status for order 48213 and write the delivery date in the notes app.",
]
AGENT_TASKS = [  # tasks that developers give coding agents
    "The CI is failing on test_parse_dates. Find out why and fix it.",
    "Add input validation to the signup form handler and cover it with tests.",
    "Refactor the payment module so the Stripe client is injected instead of imported globally.",
    "Upgrade the project from pydantic v1 to v2 and fix whatever breaks.",
    "There's a memory leak in the websocket server, can you investigate?",
    "Write a CLI command that exports all users to CSV.",
    "Add pagination to the /api/orders endpoint.",
    "Why does `npm run build` fail on a clean checkout?",
    "Port the bash deploy script to a Makefile.",
    "Add type hints to utils/strings.py and make mypy pass.",
    "Implement retry with exponential backoff in the HTTP client wrapper.",
    "The dark mode toggle doesn't persist across reloads. Fix it.",
    "Write unit tests for the invoice total calculation, including rounding cases.",
    "Rename the `User.fullname` field to `display_name` everywhere, including migrations.",
    "Add a Dockerfile and docker-compose setup for local development.",
    "Find and remove dead code in the reporting package.",
    "Make the date picker accessible with keyboard navigation.",
    "Speed up the slow query in analytics/daily.py; it takes 40 seconds.",
    "Add structured logging with request ids to the Flask app.",
    "Set up pre-commit with ruff and fix the existing lint errors.",
    "Implement the TODO in src/cache.rs for LRU eviction.",
    "Our GitHub Action times out on the integration tests. Can you parallelise them?",
    "Add an endpoint that returns the health of all downstream services.",
    "Convert the callbacks in legacy/api.js to async/await.",
    "Explain how the auth middleware works and draw the request flow.",
    "Bump the Go version to 1.22 and fix the deprecations.",
    "Add a feature flag around the new checkout flow.",
    "The CSV importer chokes on UTF-8 BOM files, handle that.",
]
ORCHESTRATOR_TASKS = [  # hydra: tool orchestration harvest
    "Plan and execute: build a small REST service for a todo list with tests, using the worker agents.",
    "Split this job into subtasks and dispatch them: scrape the changelog, summarise breaking changes, "
    "open an issue for each.",
    "Coordinate the research, coding and review agents to add OAuth login to the app.",
    "Use the available tools to migrate the database schema and verify the data afterwards.",
    "Delegate: one worker writes the parser, one writes tests, one writes docs. Merge their results.",
    "Given the failing build log, decide which specialist agent to call and in what order.",
]
DATA_QUESTIONS = [
    "Which category has the highest average value, and is the difference significant?",
    "Compute the month-over-month growth and point out any anomalies.",
    "Write pandas code to clean this data and produce a summary table.",
    "Fit a simple linear trend and forecast the next two periods.",
    "What is the correlation between the two numeric columns? Explain what it means.",
    "Find duplicate rows and explain how you would deduplicate them.",
    "Build a pivot table of total by region and quarter.",
    "Which rows look like outliers? Justify your choice.",
]
CASUAL_TOPICS = [
    "cooking a quick dinner", "planning a weekend trip", "learning Python", "writing a cover letter",
    "fixing a leaking tap", "training for a 10k run", "choosing a laptop", "understanding inflation",
    "a birthday message for a friend", "caring for houseplants", "negotiating a salary", "studying for an exam",
    "setting up a home network", "starting a podcast", "budgeting on a low income", "learning to draw",
]

# --------------------------------------------------------------------------------------
# Coding agents (legitimate products whose users are strangers sharing the same system
# prompt and tool schema).  Invented product names; own wording.
# --------------------------------------------------------------------------------------

def _tool(name, desc, props, required=None):
    return {"name": name, "description": desc,
            "input_schema": {"type": "object", "properties": props, "required": required or list(props)[:1]}}


_S = {"type": "string"}
_I = {"type": "integer"}
_TOOLS_FORGE = [
    _tool("bash", "Run a shell command in the project directory and return stdout, stderr and the exit code.",
          {"command": _S, "timeout_s": _I}),
    _tool("read_file", "Read a file. Use offset and limit for large files.", {"path": _S, "offset": _I, "limit": _I}),
    _tool("write_file", "Create or overwrite a file with the given content.", {"path": _S, "content": _S}),
    _tool("edit_file", "Replace one exact occurrence of old_text with new_text in a file.",
          {"path": _S, "old_text": _S, "new_text": _S}),
    _tool("glob", "List files matching a glob pattern.", {"pattern": _S}),
    _tool("grep", "Search file contents with a regular expression.", {"pattern": _S, "path": _S}),
    _tool("todo", "Maintain a short checklist of the steps you plan to take.", {"items": {"type": "array"}}),
]
_TOOLS_PILOT = [
    _tool("read_file", "Read the contents of a file at the given path.", {"path": _S}),
    _tool("write_to_file", "Write full content to a file, creating directories as needed.", {"path": _S, "content": _S}),
    _tool("replace_in_file", "Apply SEARCH/REPLACE blocks to a file.", {"path": _S, "diff": _S}),
    _tool("execute_command", "Execute a CLI command on the user's machine.", {"command": _S, "requires_approval": {"type": "boolean"}}),
    _tool("search_files", "Regex search across files in a directory.", {"path": _S, "regex": _S, "file_pattern": _S}),
    _tool("list_files", "List files in a directory.", {"path": _S, "recursive": {"type": "boolean"}}),
    _tool("list_code_definition_names", "List top-level definitions in source files of a directory.", {"path": _S}),
    _tool("browser_action", "Control a headless browser: launch, click, type, scroll, close.", {"action": _S, "url": _S, "coordinate": _S, "text": _S}),
    _tool("ask_followup_question", "Ask the user a clarifying question.", {"question": _S}),
    _tool("attempt_completion", "Present the final result of the task to the user.", {"result": _S, "command": _S}),
]
_TOOLS_ORBIT = [
    _tool("codebase_search", "Semantic search over the indexed codebase.", {"query": _S, "target_directories": {"type": "array"}}),
    _tool("read_file", "Read a range of lines from a file.", {"target_file": _S, "start_line": _I, "end_line": _I}),
    _tool("run_terminal_cmd", "Propose a terminal command to run.", {"command": _S, "is_background": {"type": "boolean"}}),
    _tool("list_dir", "List a directory.", {"relative_workspace_path": _S}),
    _tool("grep_search", "Exact text or regex search.", {"query": _S, "include_pattern": _S}),
    _tool("edit_file", "Propose an edit to an existing file; unchanged code is marked with comments.", {"target_file": _S, "instructions": _S, "code_edit": _S}),
    _tool("file_search", "Fuzzy search for file paths.", {"query": _S}),
    _tool("delete_file", "Delete a file.", {"target_file": _S}),
    _tool("web_search", "Search the web for up-to-date information.", {"search_term": _S}),
    _tool("run_tests", "Run the project's test suite or a subset of it.", {"selector": _S}),
    _tool("apply_patch", "Apply a unified diff to the workspace.", {"patch": _S}),
    _tool("fetch_rules", "Fetch project rules by name.", {"rule_names": {"type": "array"}}),
]


def _agent_prompt(intro: str, rules: list[str], tools: list[dict] | None) -> str:
    s = intro + "\n\n# Rules\n" + "\n".join(f"- {r}" for r in rules)
    if tools:
        s += "\n\n# Tools\nYou can call the following tools. Call them with JSON arguments that match the schema.\n"
        s += json.dumps(tools, indent=1)
    return s


CODING_AGENTS = [
    # (product key, system prompt, tools_declared)
    ("forge", _agent_prompt(
        "You are Forge, a command-line coding agent. You help the user with software engineering tasks in "
        "the repository in the current working directory. You are running in a terminal, so keep replies "
        "short and use GitHub-flavoured Markdown.",
        ["Before editing a file, read it.", "Prefer small, reviewable changes; never rewrite a file wholesale "
         "when an edit will do.", "Run the tests after each change when a test command is available.",
         "Never commit or push unless the user asks.", "Do not add comments that restate the code.",
         "If a command could be destructive, explain it and wait for confirmation.",
         "When you finish, summarise what changed in at most four lines."], _TOOLS_FORGE), len(_TOOLS_FORGE)),
    ("pilot", _agent_prompt(
        "You are Pilot, a highly skilled software engineer working inside the user's editor. You accomplish "
        "tasks iteratively: break the task into steps, use one tool per message, and wait for the result of "
        "each tool call before continuing.",
        ["Use exactly one tool per message.", "Paths are relative to the workspace root.",
         "Always wait for the user's confirmation that a tool call succeeded.",
         "Use replace_in_file for targeted edits and write_to_file only for new files.",
         "When the task is complete, call attempt_completion; do not end with a question.",
         "Do not start messages with 'Great' or 'Certainly'."], _TOOLS_PILOT), len(_TOOLS_PILOT)),
    ("patchwork", (
        "Act as an expert software developer pair-programming with the user.\nAlways use best practices and "
        "respect the conventions of the existing code.\nTo change files, reply with SEARCH/REPLACE blocks:\n\n"
        "path/to/file.py\n```python\n<<<<<<< SEARCH\n(exact existing lines)\n=======\n(new lines)\n>>>>>>> REPLACE\n"
        "```\n\nEvery SEARCH section must match the file exactly, including whitespace. Keep blocks small. "
        "Only edit files the user has added to the chat; ask them to add others if needed. Suggest shell "
        "commands at the end of your reply when relevant."), 0),
    ("orbit", _agent_prompt(
        "You are an AI coding assistant operating in the Orbit IDE. You pair program with the USER to solve "
        "their coding task. Each time the USER sends a message, information about their current state may be "
        "attached: open files, cursor position, recent edits, linter errors.",
        ["Only call tools when necessary; explain briefly before each call.",
         "Never output code to the USER unless requested; use the edit tools instead.",
         "Address the root cause instead of the symptoms.", "Add all necessary imports and dependencies.",
         "Do not loop more than three times on fixing linter errors in the same file.",
         "If you introduce a new dependency, update the manifest file."], _TOOLS_ORBIT), len(_TOOLS_ORBIT)),
]

ORCHESTRATOR_SYSTEM = _agent_prompt(
    "You are the orchestrator of a team of specialised worker agents (planner, coder, tester, reviewer). "
    "Decompose the user's goal into subtasks, dispatch each to the right worker with the dispatch tool, "
    "track their results and merge them into a final answer.",
    ["Think about dependencies between subtasks before dispatching.", "Dispatch independent subtasks in parallel.",
     "Validate each worker result; re-dispatch with feedback when it is wrong.",
     "Return a final summary with the list of artifacts produced."],
    [_tool("dispatch", "Send a subtask to a worker agent.", {"worker": _S, "instructions": _S, "inputs": _S}),
     _tool("await_results", "Wait for dispatched subtasks to finish.", {"task_ids": {"type": "array"}}),
     _tool("read_artifact", "Read an artifact produced by a worker.", {"artifact_id": _S}),
     _tool("run_checks", "Run build and test checks on the merged workspace.", {"target": _S}),
     _tool("finish", "Return the final result.", {"summary": _S})])
ORCHESTRATOR_TOOLS = 5

COMPUTER_USE_SYSTEM = _agent_prompt(
    "You operate a computer through the `computer` tool. You see the screen only through screenshots. "
    "Complete the user's task with the fewest actions; after each action take a screenshot to check the "
    "result.",
    ["Coordinates are in pixels of the latest screenshot.", "Prefer keyboard shortcuts when they are reliable.",
     "Before each action, reason about what you see and why the action moves the task forward.",
     "Stop and report if a login, payment confirmation or CAPTCHA is required."],
    [_tool("computer", "Perform a GUI action: screenshot, left_click, double_click, type, key, scroll, "
           "mouse_move, wait.", {"action": _S, "coordinate": {"type": "array"}, "text": _S}),
     _tool("bash", "Run a shell command.", {"command": _S}),
     _tool("str_replace_editor", "View and edit files.", {"command": _S, "path": _S})])
COMPUTER_USE_TOOLS = 3

# --------------------------------------------------------------------------------------
# SaaS backends: each org runs one product with a fixed template.  (name, system, user-template,
# content source key, temperature, max_tokens, output-length scale)
# --------------------------------------------------------------------------------------
SAAS_PRODUCTS = [
    ("helpdesk", "You are the support assistant for {brand}. Answer the customer's message using a friendly, "
     "professional tone. If the question is about billing, direct them to the billing portal. Never invent "
     "policies. Sign off as '{brand} Support'.", "Customer message:\n{text}\n\nWrite the reply.", "chat", 0.3, 600),
    ("triage", "You are a ticket triage service for {brand}. Classify the message into one of: billing, bug, "
     "feature_request, account, how_to, other. Also rate urgency 1-3. Reply with JSON only: "
     "{{\"category\": ..., \"urgency\": ...}}.", "{text}", "chat", 0.0, 60),
    ("summarizer", "You are {brand}'s meeting and document summariser. Produce: a two-sentence summary, then "
     "'Action items:' as a bulleted list with owners when mentioned.", "Summarise the following:\n\n{text}",
     "passage", 0.2, 400),
    ("translator", "You translate user-generated content for {brand}. Preserve formatting, placeholders like "
     "{{name}} and Markdown. Output only the translation.", "Target language: {lang}\n\n{text}", "chat", 0.0, 800),
    ("copywriter", "You write product listings for the {brand} marketplace. Write a title (max 80 characters) "
     "and a description of 80-120 words. No superlatives that cannot be verified.",
     "Product notes: {text}", "product", 0.7, 300),
    ("grammar", "You are {brand}'s writing assistant. Correct grammar and spelling, improve clarity, keep the "
     "author's voice. Return the corrected text only.", "{text}", "passage", 0.2, 500),
    ("sqlbot", "You are {brand} Insights, a text-to-SQL assistant. Database: PostgreSQL. Tables: orders(id, "
     "customer_id, total, created_at, status), customers(id, name, country, signup_date), products(id, name, "
     "category, price), order_items(order_id, product_id, qty). Return one SQL query in a code block.",
     "Question: {text}", "code", 0.0, 300),
    ("codereview", "You are the automated code reviewer for {brand}. Review the diff. List concrete issues "
     "(bugs, security, performance) with line references; say 'LGTM' if there are none.",
     "Please review:\n{text}", "code", 0.1, 700),
    ("recipes", "You are the cooking assistant inside the {brand} app. Suggest recipes using the user's "
     "ingredients; list ingredients with quantities and numbered steps.", "{text}", "chat", 0.8, 700),
    ("tutorbot", "You are {brand}'s homework helper for secondary-school students. Guide the student to the "
     "answer with hints; only give the full solution if they ask twice.", "{text}", "math", 0.5, 500),
]
SAAS_BRANDS = ["Acmedesk", "Brightcart", "Cobalt HR", "Dunemail", "Everloop", "Fernly", "Gridwise", "Harborly",
               "Inkpath", "Juniper Apps", "Kettle Commerce", "Lumio", "Mapleflow", "Northbeam", "Orchard CRM",
               "Pebble Notes", "Quillstack", "Rivet Analytics", "Saltbox", "Tandem Travel"]
LANGS = ["German", "French", "Spanish", "Japanese", "Portuguese", "Italian", "Korean", "Dutch", "Polish", "Turkish"]
PRODUCT_NOUNS = ["water bottle", "desk lamp", "yoga mat", "backpack", "coffee grinder", "phone case", "wool scarf",
                 "bluetooth speaker", "cutting board", "running shoes", "plant pot", "notebook", "headphones",
                 "kids' raincoat", "camping stove", "mechanical keyboard", "tea kettle", "bike light"]
PRODUCT_FEATURES = ["stainless steel", "recycled plastic", "USB-C charging", "waterproof", "handmade", "foldable",
                    "12-hour battery", "dishwasher safe", "lightweight", "organic cotton", "two-year warranty",
                    "matte black finish", "BPA-free", "adjustable strap", "fits 15-inch laptops"]
SQL_QUESTIONS = [
    "total revenue by month for 2024", "top 10 customers by lifetime spend", "orders that are pending for more "
    "than 7 days", "average basket size per country", "products never ordered", "repeat purchase rate by "
    "signup cohort", "daily active customers last 30 days", "which category grew fastest quarter over quarter",
    "customers who bought product 42 and product 77", "refund rate by product category",
]

# --------------------------------------------------------------------------------------
# Pieces for the tool-result / CSV pools (assembled at start-up, not per event)
# --------------------------------------------------------------------------------------
MODULES = ["parser", "api", "models", "utils", "auth", "billing", "cache", "cli", "config", "db", "jobs",
           "handlers", "views", "schema", "client", "export", "report", "search", "storage", "events"]
FUNCS = ["parse_dates", "load_config", "compute_total", "validate_email", "fetch_user", "retry", "paginate",
         "to_csv", "merge_rows", "normalize", "handle_request", "refresh_token", "apply_discount", "render",
         "dedupe", "build_index", "flush", "serialize", "connect", "schedule"]
ERRORS = ["AssertionError", "KeyError", "TypeError", "ValueError", "AttributeError", "IndexError",
          "ZeroDivisionError", "ModuleNotFoundError", "TimeoutError", "UnicodeDecodeError"]
DATASETS = ["monthly sales", "website sessions", "support tickets", "sensor readings", "ad campaign spend",
            "employee survey", "warehouse stock", "app store reviews", "energy usage", "delivery times"]
REGIONS = ["North", "South", "East", "West", "Central"]
