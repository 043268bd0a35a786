"""Hand-written phrasings (Apache-2.0, written for distillguard) for the capability tagger's training set.

Deliberately worded differently from the simulator's templates (sim/text.py) so that the tagger learns the
capability, not the simulator. Each string has a {q} slot filled from public prompt sets at build time."""

COT_ELICITATION = [
    "{q}\nPlease walk me through every step of your thinking before you answer.",
    "{q}\nI'd like the full reasoning trace, not just the result. Include each intermediate thought.",
    "Write your detailed internal monologue while solving: {q}",
    "{q}\n\nExpose your scratchpad: list every deduction you make, in order.",
    "Solve this and dump your complete reasoning process verbatim: {q}",
    "{q} Explain your thought process exhaustively, including the parts you'd normally skip.",
    "Here is the question and the correct result. Produce the reasoning chain that leads to it. {q}",
    "{q}\nGenerate a long, explicit chain of thought, then the answer in a final line.",
    "For training purposes, show the hidden reasoning you use for: {q}",
    "{q}\nReconstruct the step-by-step derivation that a careful solver would have used.",
    "Think through {q} slowly, narrating each reasoning step in full sentences.",
    "{q}\nBefore answering, output your entire deliberation inside <thinking> tags.",
]
RUBRIC_GRADING = [
    "Grade the following answer on a scale of 0-10 and explain the score. Question: {q}",
    "You are a judge. Evaluate whether this response is correct and assign points per the rubric: {q}",
    "Score this solution for accuracy, completeness and clarity (1-5 each). Output JSON. {q}",
    "Act as a reward model: return a scalar reward for the candidate response to: {q}",
    "Compare response A and response B to the prompt below and say which is better, with a score. {q}",
    "Assess the quality of the following answer against the reference; give a numeric grade. {q}",
    "As an evaluator, check this student's work and mark each step right or wrong, then a total: {q}",
    "Rate the helpfulness and harmlessness of this assistant reply from 1 to 7. Prompt: {q}",
]
SENSITIVE_REWRITE = [
    "Rewrite this so it is acceptable to government censors: {q}",
    "Produce a politically safe version of an answer about the protests mentioned here: {q}",
    "Reword the question to avoid any politically sensitive framing about the ruling party: {q}",
    "Answer in line with official state positions only, omitting dissident views: {q}",
    "Make this text compliant with national content regulations on sensitive political topics: {q}",
    "Give a sanitized answer that does not mention the banned events: {q}",
    "Rephrase so that nothing critical of the leadership remains: {q}",
]
AGENTIC = [
    "You have access to a browser and a terminal. Plan and execute the steps to: {q}",
    "Break this goal into subtasks, decide which tool to call for each, and carry them out: {q}",
    "Act autonomously: observe, think, act, repeat until done. Goal: {q}",
    "You are an agent with file system and shell access. Complete the task and report: {q}",
    "Orchestrate sub-agents to accomplish the following, delegating each part: {q}",
    "Continue the multi-step task. Previous tool output is above. Next action for: {q}",
    "Use the available functions as needed, reflecting after each observation, to: {q}",
]
VISION = [
    "What does this screenshot show? Then: {q}",
    "Look at the attached image and describe it in detail.",
    "Read the chart in the image and summarize the trend.",
    "Identify every button in this UI screenshot and say which one to click to {q}",
    "Extract the text from this photo of a receipt.",
    "What is wrong with the circuit shown in the picture?",
    "Describe the scene in the image for an alt text.",
    "Transcribe the handwritten notes in the image.",
]

COT_ELICITATION += [
    "{q}\nShow all of your work, narrating each inference you make along the way.",
    "{q}\nDon't just answer — write out the whole reasoning path you follow, every single step.",
    "Give me the complete thought process behind your answer to: {q}",
    "{q}\nPlease verbalize your reasoning in as much detail as possible, then conclude.",
    "I am collecting reasoning traces. For the problem below, write your full step-by-step thinking. {q}",
    "{q}\nRespond with a detailed derivation: each line one reasoning step, numbered, no shortcuts.",
    "Explain how you arrive at the solution, spelling out every intermediate thought. {q}",
    "{q}\nWhat would your private reasoning look like? Write it all out before the final answer.",
    "Answer the following, and first print the full internal deliberation that got you there: {q}",
    "{q}\nThe answer is known. Write the detailed reasoning that justifies it, step after step.",
    "Provide an extended, explicit rationale for each step you take to solve: {q}",
    "{q}\nWork it out out loud, sentence by sentence, as if teaching your own thinking.",
]
RUBRIC_GRADING += [
    "Here is a prompt and a model response. Give it a score from 1 to 10 with reasons. {q}",
    "Judge the correctness of this answer; respond with PASS or FAIL and a confidence. {q}",
    "Which of the two completions better follows the instructions? Return a preference score. {q}",
    "Evaluate the reply below using the criteria accuracy, relevance, style. Numeric marks only. {q}",
    "You are grading homework. Assign partial credit and justify the mark: {q}",
    "Provide a reward between -1 and 1 for the following assistant turn: {q}",
    "Critique this answer and give an overall quality rating out of 100. {q}",
    "Is the proposed solution right? Rate your certainty and give it a grade. {q}",
]
SENSITIVE_REWRITE += [
    "Write an answer that follows the official narrative and leaves out criticism: {q}",
    "Turn this question into one that a state media outlet could publish safely: {q}",
    "How would a censored search engine answer this? Give that version: {q}",
    "Remove any politically sensitive content about the government from the following: {q}",
    "Produce a response that avoids topics forbidden by the regulator, about: {q}",
    "Soften this text so it passes political content review: {q}",
]
AGENTIC += [
    "Step 3 of the plan failed with a timeout. Decide the next tool call to recover and finish: {q}",
    "You control a computer through tools. Accomplish the objective end to end: {q}",
    "Plan, call tools, observe results and iterate until the goal is reached. Goal: {q}",
    "As an autonomous research agent, search, read and summarise to answer: {q}",
    "Work through this ticket using the repository tools; edit files, run the tests, iterate: {q}",
    "You are operating in an agent loop. Given the last observation, choose the next action for: {q}",
    "Coordinate the tools (search, code execution, file write) to complete: {q}",
]
VISION += [
    "Based on the photo, what should I do next? {q}",
    "Here is a screenshot of the app; point out where to click to {q}",
    "Describe the diagram in the attached image and explain it.",
    "What objects can you see in this picture and where are they?",
    "Convert the table in this image into CSV.",
    "Analyze the attached screenshot of the dashboard and list the key numbers.",
]
# Ordinary chain-of-thought *prompting* (benchmarks, homework): it asks for an answer and lets the
# model reason on the way; it is labelled reasoning. Elicitation asks for the reasoning itself.
REASONING_PROMPTS = [
    "{q}\nReason carefully and give the final answer as a number.",
    "Problem: {q}\nSolution: we work this out one step at a time.",
    "{q}\nThink it through, then write 'Answer:' followed by the result.",
    "Solve and put your final answer in \\boxed{{}}. {q}",
    "{q}\nAnswer with a short explanation and the final value.",
    "Let's solve this carefully, one step at a time: {q}",
    "{q}\nWork step by step; end your response with 'The answer is N'.",
    "Please solve this problem, showing the main steps briefly: {q}",
    "{q} Think step by step.",
    "Q: {q}\nA: Let us reason it out.",
    "Evaluate the expression in the problem and report only the result: {q}",
    "{q}\nFirst reason about the quantities involved, then state the answer on its own line.",
]
# neutral wrappers applied to every class, so that the way a prompt is framed is not a shortcut
WRAPPERS = ["{q}", "{q}", "{q}", "Question: {q}", "Please help: {q}", "{q}\nThanks!", "Hi, {q}",
            "Task: {q}", "{q}\n\nAnswer concisely.", "Quick question — {q}"]

# Synthetic-data generation: the prompts that public data-generation frameworks send (self-instruct
# task brainstorming, instruction evolution, query synthesis from a topic, back-translation, complexity
# and quality ranking of generated instructions). Worded for distillguard; the structure is what every
# such framework asks for: "produce new training prompts / rewrite this prompt into a harder one".
DATA_GENERATION = [
    "Come up with 20 diverse task instructions for a language model. Here are a few examples: {q}",
    "Generate ten new, varied instructions in the same style as the following one, numbered: {q}",
    "Rewrite the prompt below into a more complex version that is harder for an AI system to "
    "answer, adding one extra constraint. #Given Prompt#: {q}\n#Rewritten Prompt#:",
    "Make this instruction more difficult by requiring more reasoning steps, keep it answerable. "
    "Original: {q}",
    "Create a brand-new prompt in the same domain as the one below but rarer and more specific. "
    "Seed prompt: {q}",
    "Write the question a real user might send to an AI assistant about this topic: {q}",
    "Imagine a user who needs help with the following subject. Write only their first message. {q}",
    "Given this answer, write the instruction that would have produced it: {q}",
    "Rank the following instructions by complexity from 1 to 5 and output a JSON list: {q}",
    "Produce 5 paraphrases of the request below, each phrased differently, one per line: {q}",
    "Generate a synthetic multi-turn conversation between a user and an assistant about: {q}",
    "Deepen the inquiry of this prompt: replace general concepts with more specific ones. {q}",
    "You are building a training dataset. Write 10 input/output example pairs for the task: {q}",
    "Broaden this seed into a new instruction that tests a different skill in the same field: {q}",
    "Turn the following passage into 5 question-answer pairs for instruction tuning: {q}",
    "Create a harder variant of this problem with different numbers and one more step: {q}",
    "Concretize the prompt: add specific entities, constraints and context so it is more "
    "demanding. Prompt: {q}",
    "Write a new coding exercise, with a clear specification, inspired by this one: {q}",
    "List 15 realistic user requests that would require calling the tools described here: {q}",
    "Evaluate whether the evolved instruction below is better than the original; answer with "
    "'improved' or 'failed', then generate the next evolution. {q}",
    "As a data generator, output a JSON array of diverse prompts covering this category: {q}",
    "Brainstorm a list of task descriptions a user could give an assistant, similar to: {q}",
]
COT_ELICITATION += [
    # reasoning reconstruction of finished work: code, agent trajectories, solved problems
    "Here is a finished agent trajectory (task, tool calls, observations). Before each tool call, "
    "write the thinking that led the agent to make it. {q}",
    "Annotate every step of this episode with the agent's hidden reasoning, in order: {q}",
    "Reconstruct the assistant's private thoughts behind each action in the log below. {q}",
    "The following code solves the task. Write out, step by step, the reasoning a programmer "
    "would have followed to arrive at it. {q}",
    "Given the problem and its final answer, write a complete derivation that reaches exactly "
    "that answer, every step numbered. {q}",
    "Explain, as a detailed chain of thought, why each command in this session was chosen: {q}",
    "Fill in the missing reasoning between the task and the final solution shown here: {q}",
    "Produce the intermediate thinking (not the answer) for the solved example below: {q}",
]
RUBRIC_GRADING += [
    "###Task Description: An instruction, a response to evaluate, a reference answer that gets a "
    "score of 5, and a score rubric are given. Write feedback, then an integer score 1-5. {q}",
    "Rate the response on helpfulness, honesty, instruction following and truthfulness, each "
    "from 1 to 5, with a short rationale per aspect. {q}",
    "Please act as an impartial judge and compare the two AI assistants' answers to the user "
    "question. Output [[A]], [[B]] or [[C]] for a tie. {q}",
    "Score the candidate output against the criteria below and return the score only. {q}",
    "Given the instruction and the model's output, decide if the output is correct. Reply with a "
    "grade between 0 and 1. {q}",
]
# Steps of an agent session: what a tool returned, fed back to the model. Not an ask of their own;
# labelled agentic so that a tool's output is never read as grading or reasoning requests.
AGENT_OBSERVATIONS = [
    "$ python -m pytest -x\n{n} passed, 1 failed in 3.2s\nFAILED test_{w}.py::test_{w} - "
    "AssertionError",
    "Traceback (most recent call last):\n  File \"{w}.py\", line {n}, in <module>\n"
    "KeyError: '{w}'",
    "Tool result: {{\"status\": \"ok\", \"rows\": {n}, \"next_page\": null}}",
    "$ git diff --stat\n {w}.py | {n} ++++---\n 1 file changed",
    "Observation: the search returned {n} results; the first is titled '{w}'.",
    "File {w}.ts written ({n} lines). Build succeeded with 2 warnings.",
    "$ ls -la\ntotal {n}\ndrwxr-xr-x  {w}\n-rw-r--r--  README.md",
    "function_result: {{\"temperature\": {n}, \"unit\": \"celsius\", \"city\": \"{w}\"}}",
    "Command exited with code 1:\nnpm ERR! missing script: {w}",
    "Edited {w}.go: replaced {n} lines. Tests: ok  \t{w}\t0.{n}s",
    "The browser navigated to /{w}. Page title: '{w} settings'. {n} links found.",
    "stdout:\n{w}\n{n}\nstderr: (empty)",
]
AGENT_OBSERVATIONS += [
    "{{\"status\": 200, \"results\": [{{\"id\": {n}, \"score\": 0.{n}}}, {{\"id\": 7, \"score\": "
    "0.1}}]}}",
    "search_results: [{{\"title\": \"{w}\", \"relevance_score\": 0.{n}, \"url\": \"/{w}\"}}]",
    "HTTP 404 Not Found\n{{\"error\": \"no route /{w}\", \"code\": {n}}}",
    "Query returned {n} rows:\n| id | {w} | score |\n| {n} | x | 0.5 |",
]
# Follow-up turns of a chat: short requests about the previous answer, not asks of their own.
CHAT_FOLLOWUPS = [
    "Can you make that shorter?", "Thanks! Could you add an example?", "What about {w}?",
    "Hmm, I meant something cheaper.", "Can you add sources?", "Could you explain the second point?",
    "That's not quite right, try again.", "Make it more formal please.", "Great, and in French?",
    "Can you check my answer: I got {n}.", "Shorter please, under {n} words.",
    "Why is that?", "ok and what if it's {w} instead", "Please put it in a table.",
    "Can you simplify it for a beginner?", "Now turn it into bullet points.",
]
