"""Intern every prompt source into the world's string tables once, as id arrays."""
from __future__ import annotations

import numpy as np

from . import texts as T
from .common import stream


class Pools:
    def __init__(self, w, C):
        P, S = w.P, w.S
        rng = stream(w.seed, "pools")
        self.w = w
        self.C = C
        a = lambda xs: P.add_many(xs)
        self.empty = P.add("")
        # general chat
        self.chat = a(C.chat)
        self.chat_lower = a([s.lower() if len(s) < 400 else s for s in C.chat])
        self.openers = a(T.OPENERS)
        self.closers = a(T.CLOSERS)
        self.followups = a(T.FOLLOWUPS)
        self.vision = a(T.VISION_PROMPTS)
        self.act_as = a(T.act_as_prompts())
        self.sens_q = a(T.SENSITIVE_Q)
        self.sens_other = a(T.SENSITIVE_OTHER)
        self.sens_pass = a(T.SENSITIVE_PASSAGES)
        self.alpaca = a(C.alpaca)
        self.alpaca_out = C.alpaca_out
        self.alpaca_seeds = a(C.alpaca_seeds)
        self.self_instruct = a(C.self_instruct)
        self.oasst = a(C.oasst)
        self.wizard = a(C.wizard)
        self.arena_all = a(C.arena_all)
        self.arena_v01 = a(C.arena_v01)
        self.arena_code = a(C.arena_code)
        self.arena_math = a(C.arena_math)
        # code
        self.code = a(C.code)
        self.code_out = C.code_out
        # maths
        self.gsm_q = a(C.gsm_q)
        self.gsm_a = a(C.gsm_a)
        self.gsm_sol = C.gsm_sol
        self.gsm_test = C.gsm_test
        self.gsm_train = C.gsm_train
        # tools
        self.tool = a(C.tool_prompts)
        self.tool_n = C.tool_ntools
        self.bfcl = C.bfcl_idx
        self.gorilla = a(C.gorilla)
        # agents
        self.tool_results = a(T.tool_result_snippets(rng, 2500))
        self.human_tasks = a(T.human_coding_tasks(rng, 3000))
        self.spec_tasks = a(T.spec_coding_tasks(rng, 6000))
        self.agent_follow = a(T.AGENT_USER_FOLLOWUPS)
        self.csv = a([T.make_csv(rng) for _ in range(600)])
        # public coding-agent products: system prompt variants (cwd/platform differ per user)
        self.agent_sys = {}
        for name, spec in T.AGENT_PRODUCTS.items():
            ids = []
            for cwd in T.CWDS:
                for plat in ("linux", "darwin", "win32"):
                    ids.append(S.add(spec["system"].replace("{cwd}", cwd).replace("{platform}", plat)
                                     .replace("{repomap}", f"{cwd}/src\n{cwd}/tests\n{cwd}/README.md")))
            self.agent_sys[name] = np.array(ids, np.int32)
        # math candidate answers for graders (both legit judges and op A)
        n = len(C.gsm_q)
        self.gsm_cand_good = a([T.candidate_answer(rng, C.gsm_q[i], C.gsm_a[i], True) for i in range(n)])
        self.gsm_cand_bad = a([T.candidate_answer(rng, C.gsm_q[i], C.gsm_a[i], False) for i in range(n)])
        self.generic_ans = a([T.generic_answer(rng) for _ in range(400)])
        # Chinese-language chat for reseller customers
        self.cn_chat = a(T.D_CN_CHAT)
        self.cn_harvest = a(T.D_CN_HARVEST)

    def pid(self, s: str) -> int:
        return self.w.P.add(s)

    def sid(self, s: str) -> int:
        return self.w.S.add(s)

    @staticmethod
    def pick(rng, pool, n):
        return pool[rng.integers(0, len(pool), n)]
