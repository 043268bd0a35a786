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
