"""The only module that imports durable-rules: a safe host for compiled rulesets.

- One Host per process, with its timer threads never started: with them running, actions can
  run on another thread and `assert_fact` returns before they finish (silently wrong results).
- A ruleset is registered once per process (it can never be removed); a compiled set is a few small rulesets.
- One live session id per process, deleted in `finally` after every fact: live sessions are
  limited and their ids are matched by a 32-bit hash.
- Exceptions raised inside actions land in `state["exception"]`: raised here.
"""

from __future__ import annotations

import threading
from collections import Counter

import durable.engine as durable

from engine.errors import RecogniseError
from engine.rules.compiler import Compiled

_SID = "s"


class RuleEngineError(RecogniseError, RuntimeError):
    pass


class _QuietHost(durable.Host):
    def __init__(self) -> None:
        self.actions: dict[str, object] = {}
        super().__init__()

    def _run(self) -> None:  # no background dispatch threads
        return

    def get_action(self, action_name: str):
        return self.actions[action_name]


_host: _QuietHost | None = None
_registered: set[str] = set()
_lock = threading.Lock()
# facts asserted in this process, by kind of question (every one a distinct question: the callers remember answers)
asked: Counter[str] = Counter()


def _the_host() -> _QuietHost:
    global _host
    if _host is None:
        _host = _QuietHost()
    return _host


def register(compiled: Compiled) -> None:
    with _lock:
        if compiled.name in _registered:
            return
        host = _the_host()
        definition = compiled.definition()  # names its actions, the catch-all rule's included
        host.actions.update(compiled.actions)
        host.set_rulesets(definition)
        _registered.add(compiled.name)


def decide(ruleset: str, fact: dict) -> dict:
    """Assert one fact in a fresh session and return the state the rules left."""
    host = _the_host()
    with _lock:
        asked[str(fact.get("k", "?"))] += 1
        try:
            state = host.assert_fact(ruleset, {"sid": _SID, **fact})
        finally:
            host.delete_state(ruleset, _SID)
    if not isinstance(state, dict) or "seen" not in state:
        raise RuleEngineError(f"bộ máy luật không trả kết quả cho {fact}")
    if "exception" in state:
        raise RuleEngineError(f"lỗi trong luật: {state['exception']}")
    return state
