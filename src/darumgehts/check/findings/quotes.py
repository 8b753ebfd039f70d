"""Quotations: word for word as in the article, up to case, punctuation and quote marks."""

from __future__ import annotations

from difflib import SequenceMatcher

from ...models import Problem
from ..index import normalise_quote, quotes_in
from .common import Claim

# How close a changed quotation must be to an article quotation to count as
# "altered" (contradicted) rather than "not in the article" (unsupported).
QUOTE_SIMILARITY = 0.6


def check_quotes(claim: Claim) -> list[Problem]:
    problems = []
    index = claim.index
    for quote, start, end in quotes_in(claim.text):
        norm = normalise_quote(quote)
        if not norm or norm in index.quote_text:
            continue
        best, best_ratio = None, 0.0
        for cand in index.quotes:
            matcher = SequenceMatcher(None, norm, cand, autojunk=False)
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue  # cannot beat the best so far
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best, best_ratio = cand, ratio
        if best is not None and best_ratio >= QUOTE_SIMILARITY:
            problems.append(Problem("quote", quote, f"Das Zitat weicht vom Artikel ab. Dort heisst es: «{best}».",
                                    start, end, verdict="contradicted"))
        else:
            problems.append(Problem("quote", quote, "Dieses Zitat steht so nicht im Artikel.", start, end, verdict="unsupported"))
        claim.flagged.update(i for i, (a, b) in enumerate(claim.spans) if a >= start and b <= end)
    return problems
