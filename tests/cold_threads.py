"""Run as a script: one Linter shared by N threads from a cold start (nothing loaded yet),
every thread checking replies in all four languages at once; prints JSON comparing each
thread's results with a serial run afterwards. Used by tests/test_thread_safety.py."""
from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import replylint

PROBE = Path(__file__).resolve().parent.parent / "benchmarks" / "probe"

REPLIES = [
    "Это бухгалтерия напутала, ждите ответа в ближайшее время.",
    "К сожалению, ничем не могу помочь, это не мой отдел.",
    "Склад перепутал заказ. Мы отправим новый завтра до 18:00.",
    "Вината е на куриера, не можем да направим нищо.",
    "Това не е мой отдел, обадете се на счетоводството.",
    "Ще ви се обадим възможно най-скоро.",
    "这不归我管，您自己联系商家吧。",
    "由于系统原因，暂时无法处理。我们会尽快处理。",
    "是物流那边搞错了，您再等等吧。",
    "That's not my department, please contact billing.",
    "The warehouse messed up your order. We'll sort it out soon.",
    "Escalated to L2, it's in the backlog (JIRA-4821).",
    "Здравствуйте! Мы уже проверяем ваш заказ.\n\nHi! We are checking your order now.\n\n您好，我们会尽快处理。",
]


def replies() -> list[str]:
    """Real-shaped replies in four languages: the probe set's, plus a few above."""
    texts = list(REPLIES)
    for path in sorted(PROBE.glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return texts


def main() -> int:
    threads = int(sys.argv[1]) if len(sys.argv) > 1 else 8
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 2
    texts = replies()
    linter = replylint.Linter()
    start = threading.Barrier(threads)
    results: dict[int, list] = {}
    errors: list[str] = []

    def work(n: int) -> None:
        start.wait()
        out = []
        try:
            for r in range(rounds):
                # Each thread starts at a different reply, so the languages load concurrently.
                for k in range(len(texts)):
                    text = texts[(k * 7 + n * 31 + r) % len(texts)]
                    out.append((text, [(d.rule, d.start, d.end) for d in linter.lint(text)]))
        except Exception as exc:  # noqa: BLE001 - reported to the test
            errors.append(f"{type(exc).__name__}: {exc}")
        results[n] = out

    pool = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    serial = {text: [(d.rule, d.start, d.end) for d in linter.lint(text)] for text in texts}
    mismatches = sum(found != serial[text] for out in results.values() for text, found in out)
    checked = sum(len(out) for out in results.values())
    json.dump({"errors": errors, "checked": checked, "expected": threads * rounds * len(texts),
               "mismatches": mismatches}, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
