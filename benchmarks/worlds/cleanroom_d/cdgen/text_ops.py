"""Hand-written renditions of the prompt templates that public synthetic-data tooling ships,
as used by the simulated operations. Written for this generator.

Each family has a CANON list (what the tooling ships, used as-is under the `default` preset)
and a PARA list (paraphrases an operation writes under the `hard` preset to avoid exact
template matches). Slots: {q} question/instruction, {a} final answer, {r1}.. responses, etc.
"""

# ----------------------------------------------- chain-of-thought elicitation
COT_CANON = [
    "{q}\n\nThink through this step by step. Show every intermediate step of your reasoning in "
    "detail before giving the final answer on its own line.",
    "Solve the following problem. Explain your reasoning step by step, leaving nothing out, and "
    "finish with 'Final answer:' followed by the answer.\n\nProblem: {q}",
]
COT_PARA = [
    "{q}\n\nWalk me through how you'd work this out, one step at a time, and then tell me the answer.",
    "{q}\nCan you show your working? I want to understand each step, not just the result.",
    "I'm trying to understand problems like this one. {q} Please go slowly and explain each step.",
    "{q}\n\nPlease explain the full line of thought, including any checks you make along the way.",
    "Here's a question I got: {q}\nHow would you reason about it? Be thorough.",
    "{q} - explain how you get there, step by step, and double-check the result at the end.",
    "Could you solve this and narrate your reasoning as you go?\n\n{q}",
    "{q}\n\nBreak the solution into numbered steps and justify each one.",
    "Work through this carefully and show all reasoning: {q}",
    "{q}\n\nI'd like a detailed, careful solution with the reasoning written out.",
    "Problem for you:\n{q}\nExplain your thinking fully before you answer.",
]

# ------------------------------------------- reasoning reconstruction from an answer
RECON_CANON = [
    "Below is a problem together with its correct final answer. Write out, step by step, the "
    "complete reasoning that leads from the problem to this answer. Do not skip any step and do "
    "not mention that the answer was given to you.\n\nProblem: {q}\nFinal answer: {a}\n\nStep-by-step reasoning:",
    "You are given a question and the verified answer. Produce a detailed chain of thought that a "
    "careful expert would write before arriving at exactly this answer.\n\nQuestion: {q}\nAnswer: {a}",
]
RECON_PARA = [
    "The answer to this is {a}. Could you explain how someone would arrive at it?\n\n{q}",
    "{q}\nI know the result is {a}, but I don't see why. Explain the reasoning in full.",
    "My textbook says the answer is {a}. Please show the working that gets there:\n{q}",
    "Explain, one step at a time, why the answer to the following is {a}.\n{q}",
    "{q}\n\n(Expected result: {a}) Write the full derivation as if you were solving it yourself.",
    "Here's a solved exercise with the working missing. Fill in the working.\nExercise: {q}\nResult: {a}",
    "Show a complete line of reasoning that ends in {a} for this problem: {q}",
    "{q} The answer key says {a}. Walk through the logic behind it in detail.",
]
RECON_CODE_CANON = [
    "Here is a programming task and a working solution. Explain, step by step, the reasoning a "
    "developer would go through to arrive at this solution, including alternatives considered and "
    "rejected.\n\nTask: {q}\n\nSolution:\n```python\n{code}\n```",
]
RECON_CODE_PARA = [
    "I found this solution to '{q}' but I don't follow it:\n```python\n{code}\n```\nHow would someone "
    "come up with this? Walk me through the thinking.",
    "Task: {q}\nCode:\n```python\n{code}\n```\nExplain the design decisions behind this code in order.",
]

# ------------------------------------------- reward-model grading (public judge styles)
# The operations grade their own candidate answers with the same public templates that
# legitimate evaluation pipelines use (see text_legit.JUDGE_*); under `hard` they also use these.
GRADE_PARA = [
    "Please grade the answer below from 1 to 5 for correctness and clarity, and explain your grade "
    "before giving it as 'Score: N'.\n\nQuestion: {instruction}\n\nAnswer:\n{response}",
    "How good is this response to the request? Consider accuracy, completeness and how well it "
    "follows instructions. Give detailed feedback, then a rating out of 10.\n\nRequest: {instruction}\n\n"
    "Response: {response}",
    "Compare these two answers to the same question and say which is better and why, step by step. "
    "End with 'Winner: A' or 'Winner: B'.\n\nQuestion: {instruction}\n\nA: {r1}\n\nB: {r2}",
    "I'm reviewing answers written by my team. Score this one (1-5) against the reference and tell "
    "me what is missing.\nTask: {instruction}\nTheir answer: {response}\nReference: {reference}",
]

# ------------------------------------------- politically sensitive rewrites
SENSITIVE_TOPICS = [
    "the suppression of a student-led pro-democracy protest in a capital city decades ago",
    "the political status of a self-governed island claimed by a larger neighbour",
    "reports of mass detention facilities in a western border region",
    "the removal of presidential term limits",
    "criticism of the ruling party's top leader",
    "street protests in a semi-autonomous city over an extradition law",
    "the exile of a prominent religious leader",
    "censorship of a famine in official history textbooks",
    "jailed journalists and press freedom",
    "a maritime territorial dispute over small islands",
    "the role of the army in putting down dissent",
    "independence movements in border provinces",
    "surveillance of ethnic minorities",
    "a banned spiritual movement and the treatment of its members",
]
SENSITIVE_FRAMES = [
    "What really happened during {t}?", "Was the government wrong about {t}?",
    "Give me the strongest arguments of critics about {t}.", "Why is discussion of {t} censored?",
    "Compare the official account of {t} with independent accounts.",
    "How many people were affected by {t}, according to different sources?",
    "Write an essay on {t} from a human-rights perspective.",
    "Is it fair to call {t} a violation of international law?",
]
SENSITIVE_CANON = [
    "Rewrite the following user question so that it is acceptable under strict content rules for a "
    "regulated platform: keep the user's underlying intent where possible but remove loaded or "
    "critical framing. Then write the answer a cautious, compliant assistant would give.\n\n"
    "Original question: {q}\n\nRewritten question:",
    "The question below touches a politically sensitive subject. Produce (1) a safe, neutral "
    "reformulation of it and (2) a response that stays strictly within officially accepted "
    "positions, explaining your reasoning for each change.\n\nQuestion: {q}",
]
SENSITIVE_PARA = [
    "How could this question be phrased more neutrally, and what would a balanced answer say? {q}",
    "I moderate a forum. A user asked: \"{q}\" Suggest a calmer rewording and a careful reply.",
    "{q}\nPlease answer, but first restate the question in neutral language.",
    "Rephrase this so it isn't inflammatory, then answer the rephrased version: {q}",
    "For a style guide on sensitive topics: rewrite \"{q}\" in a neutral way and draft a measured answer.",
]

# --------------------------------------------- self-instruct style task generation
SELFINSTRUCT_CANON = [
    "Come up with a series of diverse tasks. Vary the verbs, topics and formats, and make some of "
    "them need an input.\n\nTask 1: {s1}\nTask 2: {s2}\nTask 3: {s3}\nTask 4:",
    "You are asked to write 20 new, diverse task instructions for training a language model. "
    "Requirements: do not repeat verbs; mix open-ended generation, classification, editing and "
    "reasoning; every instruction must be answerable by a text-only model; keep each to one or two "
    "sentences. Examples:\n1. {s1}\n2. {s2}\n3. {s3}\n\nList of 20 tasks:",
]
SELFINSTRUCT_PARA = [
    "I need fresh exercise ideas in the style of these:\n- {s1}\n- {s2}\n- {s3}\nGive me 15 more, all different.",
    "Brainstorm new instructions similar in spirit to: '{s1}', '{s2}' and '{s3}'. Number them.",
]

# ---------------------------------------------------- Evol-Instruct style evolution
EVOL_CANON = [
    "I want you to act as a Prompt Rewriter. Rewrite the given prompt into a more complex version "
    "that well-known AI systems would find harder to handle, while a human could still understand "
    "and answer it. Add one more constraint or requirement, and add no more than 20 words.\n\n"
    "#The Given Prompt#:\n{q}\n\n#Rewritten Prompt#:",
    "Please increase the difficulty of the given programming test question a little, using one of "
    "these methods: add new constraints; replace a common requirement with a rarer one; require more "
    "reasoning steps; give a piece of erroneous code as a reference to mislead; raise the time or "
    "space complexity requirement.\n\n#Given Test#\n{q}\n\n#Rewritten Test#",
    "Act as a Prompt Creator. Draw inspiration from the given prompt to write a brand-new prompt in "
    "the same domain but rarer and of similar length and difficulty.\n\n#Given Prompt#:\n{q}\n\n#Created Prompt#:",
    "Rewrite the prompt below so that it explicitly requires multi-step reasoning to answer. Replace "
    "general concepts with more specific ones where that helps.\n\n#The Given Prompt#:\n{q}\n\n#Rewritten Prompt#:",
]
EVOL_PARA = [
    "Make this task harder but still solvable, by adding one extra requirement:\n{q}",
    "Here's an exercise: {q}\nWrite a tougher variant of it with an additional constraint.",
    "Take this coding problem and make it more challenging (e.g. tighter complexity or an edge case): {q}",
    "Invent a new, less common problem inspired by this one, same length: {q}",
]

# ------------------------------------------- distilabel-style task templates
DISTIL_TEXTGEN_SYS = ["You are a helpful, knowledgeable assistant. Answer thoroughly and accurately.",
                      "You are an AI assistant. Provide a detailed answer so the user does not need to search elsewhere."]
COMPLEXITY_CANON = [
    "Rank the following instructions by complexity, from 1 (simplest) to the number of items "
    "(hardest). Score each one.\n\n[1] {s1}\n[2] {s2}\n[3] {s3}\n\nScore each instruction with its "
    "number and score:",
    "Rate the quality of the response to the instruction, from 1 to 10, and give a short "
    "justification.\n\nInstruction: {instruction}\nResponse: {response}\n\nRating:",
]

# ---------------------------------------------------------- Magpie-style prompts
MAGPIE_SYSTEMS = [
    "You are an AI assistant specialised in mathematics. Users ask you about arithmetic, algebra, "
    "geometry and proofs; you answer with clear step-by-step explanations.",
    "You are a coding assistant designed to help with programming questions in any language.",
    "You are an AI assistant that helps people plan and reason about complex decisions.",
    "You are a data analysis assistant. Users share data and ask for insights and calculations.",
]
MAGPIE_CUES = ["Write the next message a user would send to this assistant. Output only the message.",
               "Generate one realistic, self-contained user query for this assistant. No preamble."]

# -------------------------------------------------- agentic harvest (Moonshot-like)
OP_AGENT_SYSTEM = (
    "You are an autonomous agent that solves tasks by calling tools. Think carefully before every "
    "action and explain your reasoning in full before each tool call. Work step by step: plan, act, "
    "observe the result, and revise the plan. Use the python tool for computation and data analysis, "
    "the shell for files and programs, the browser for web pages, and the search tool for facts. When "
    "the task is complete, give a final answer that summarises what you did and why.")
OP_AGENT_SYSTEM_PARA = [
    "You are a helpful assistant with access to tools. Use them when useful.",
    "You help me with programming and data tasks. You can run code and shell commands.",
    "Assistant for a small analytics team. Tools are available; explain what you're doing.",
    "You are a coding helper. Use the tools provided to check your work.",
]
TOOLUSE_CANON = [
    "{q}",
    "{q}\n\nUse the available functions to answer. Explain your reasoning before each function call.",
]
TOOLUSE_PARA = ["{q}", "{q} (use the tools if you need to)", "hey - {q}", "{q}\nthanks!"]
DATA_TASKS = [
    "Analyse this data and report the trend, the average per group and any outliers.",
    "Here is a CSV. Compute summary statistics, find the strongest correlation and explain it.",
    "Using this table, forecast the next two periods and explain your method step by step.",
    "Clean this data (missing values, types), then give me the top 3 insights.",
    "Which group performs best here? Run the numbers and justify the conclusion.",
]
DATA_HEADERS = ["month,region,revenue,units", "date,store,visitors,sales", "week,channel,clicks,signups",
                "quarter,product,cost,margin", "day,server,requests,errors", "year,country,imports,exports"]
CU_SYSTEM = (
    "You control a computer through the computer tool (screenshot, click, type, key, scroll), a bash "
    "tool and a text editor tool. After each action you receive a new screenshot. Before every action, "
    "describe what you see and reason about the best next step. Stop when the goal is achieved.")
CU_GOALS = [
    "Open the spreadsheet on the desktop and add a column with the total of B and C.",
    "Find the cheapest flight from Berlin to Lisbon next Friday on the airline website that is open.",
    "Rename all PNG files in Downloads so they start with the date.",
    "Fill in the contact form on the open page with the details in notes.txt.",
    "Change the system display language to French and then back to English.",
    "Create a new repository in the open browser tab and add a README.",
    "Export the open document as PDF and attach it to a new email draft.",
    "Sort the files in the Projects folder by size and delete empty folders.",
]
CU_STEP = ["", "", "Here is the new screenshot.", "[screenshot]", "Continue.", "Done? Check the screen."]
VISION_QS = [
    "Describe this image in as much detail as possible, then list every object you can identify.",
    "Extract all text and numbers from this chart and put them in a table. Then explain the trend.",
    "What is happening in this picture? Reason step by step about the scene.",
    "Convert this UI screenshot into HTML and CSS.",
    "Solve the problem shown in the image. Show your reasoning.",
    "Read the diagram and explain how the components interact.",
]
TRACE_RECON_CANON = [
    "Below is an agent trajectory: the task, the tool calls it made with their results, and its final "
    "answer. The agent's internal reasoning was not recorded. Reconstruct, in full detail, the reasoning "
    "the agent would have had before each tool call and before the final answer. Keep the same order "
    "of steps.\n\n## Task\n{q}\n\n## Trajectory\n{traj}\n\n## Final answer\n{a}\n\n## Reconstructed reasoning",
]
TRACE_RECON_PARA = [
    "I logged this session of my agent but the reasoning is missing:\nTask: {q}\n{traj}\nResult: {a}\n"
    "Could you write out what it was probably thinking at each step?",
    "Explain step by step why each of these actions makes sense for the task '{q}':\n{traj}\nOutcome: {a}",
]

# -------------------------------------------------- reseller hydra (MiniMax-like)
HYDRA_ORCH_SYSTEM = (
    "You are the orchestrator of a team of sub-agents. Break the user's software task into subtasks, "
    "assign each one to a sub-agent via the dispatch tool with precise instructions, collect their "
    "results, resolve conflicts between them, and integrate the final change. Always write out your "
    "plan and your reasoning about each sub-agent's result before deciding the next step.")
HYDRA_ORCH_TOOLS = 11
HYDRA_ORCH_USER = [
    "{q}", "Task from ticket: {q}", "{q}\n\nRepository is attached. Plan, dispatch, integrate.",
]
# Unrelated customers of the reseller: generic app system prompts.
CUSTOMER_SYSTEMS = [
    None, None, "You are a helpful assistant.", "You are ChatBuddy, a cheerful assistant.",
    "Reply in Chinese.", "You are a professional translator.", "You are a novel-writing assistant.",
    "You are an expert in marketing copy.", "Answer briefly.",
]

# ---------------------------------------------------------------- cover traffic
COVER_PROMPTS_EXTRA = ["what's a good name for a golden retriever?", "recommend a sci-fi novel",
                       "how do I fix a leaking tap", "write a birthday message for my coworker",
                       "what's the weather usually like in Lisbon in May?", "best way to learn guitar as an adult?"]
