"""The checker's judge mode (``check_judge``): for a bullet the checker flags, ask the language model whether it
follows from its evidence, a yes/no question, and read the probability of «ja» from the logprobs of the first token.

The answer is a note for the editor: the verdict stays the checker's, so the judge can never publish a bullet."""

from __future__ import annotations

import math

from ..models import BulletCheck, Document, Problem
from .chat import ChatModel, Completion, ModelFailed
from .prompt import judge_messages, prompt_data

TOP_LOGPROBS = 5


def ask(chat: ChatModel, premise: str, hypothesis: str) -> tuple[float | None, Completion | None]:
    """The probability that ``hypothesis`` follows from ``premise`` (None when the model gave no yes or no)."""
    try:
        completion = chat.complete(judge_messages(premise, hypothesis), max_tokens=1, logprobs=TOP_LOGPROBS)
    except ModelFailed:
        return None, None
    data = prompt_data()
    yes = sum(math.exp(lp) for tok, lp in completion.top_logprobs.items() if tok.strip() in data["judge_yes"])
    no = sum(math.exp(lp) for tok, lp in completion.top_logprobs.items() if tok.strip() in data["judge_no"])
    return (round(yes / (yes + no), 4) if yes + no > 0 else None), completion


def premise(doc: Document, sentences: list[int]) -> str:
    """The evidence sentences as one text (the article's first sentence when the checker found none)."""
    picked = [doc.sentences[i].text for i in dict.fromkeys(sentences) if 0 <= i < len(doc.sentences)][:2]
    return " ".join(picked) or doc.sentences[0].text


def note(text: str, probability: float) -> Problem:
    return Problem("judge", text, f"Das Sprachmodell hält die Aussage zu {probability:.0%} für belegt (Urteil, kein Beleg).",
                   severity="warning")


def judge(chat: ChatModel, doc: Document, result: BulletCheck) -> float | None:
    """The probability that a checked bullet follows from the evidence the checker quoted for it."""
    spans = [e.sentence for p in result.problems for e in p.evidence] + [e.sentence for e in result.evidence]
    return ask(chat, premise(doc, spans), result.text)[0]


def judge_checks(chat: ChatModel, doc: Document, results: list[BulletCheck]) -> list[BulletCheck]:
    """Add the judge's note to every flagged bullet of ``results`` (in place; returned for convenience)."""
    for result in results:
        if result.verdict == "supported":
            continue
        probability = judge(chat, doc, result)
        if probability is not None:
            result.problems.append(note(result.text, probability))
    return results
