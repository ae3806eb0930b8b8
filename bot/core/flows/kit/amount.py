"""A ready parser for rupiah amounts (income, wages), shared by the flows that ask for one.

Reads what people write (`bot.core.validation.numbers.read_amount`), asks back
instead of guessing ("2" -> "Maksudnya Rp2 juta?"), and checks a minimum.
"""

from __future__ import annotations

from collections.abc import Callable

from bot.core.flows.kit.steps import Accepted, Answer, Confirm, Option, Outcome, Parser, Rejected
from bot.core.flows.kit.words import IRREGULAR_WORDS, UNKNOWN_WORDS
from bot.core.models import Reply
from bot.core.validation.numbers import read_amount
from bot.rules.formatting import rupiah
from bot.rules.money import MoneyProblem

# (answer, problem, the amount read if any) -> the rejection, with an example of what is expected.
AmountRejection = Callable[[Answer, MoneyProblem, int | None], Reply]
UNKNOWN = "unknown"


def unknown_amount(label_key: str) -> Option:
    """The "Tidak tahu" button of an amount question; typed "gak tentu" means it too.

    The step stores None: the flow then uses a stated default (the lowest income allowed).
    Give such a step `pick_by_number=False`, so a typed "1" is an amount, not this button.
    """
    return Option(UNKNOWN, label_key, UNKNOWN_WORDS | IRREGULAR_WORDS, code="tt")


def amount_parser(reject: AmountRejection, minimum: Callable[[Answer], int | None] | None = None) -> Parser:
    def parse(answer: Answer) -> Outcome:
        if answer.option == UNKNOWN:
            return Accepted(None)
        reading = read_amount(answer.text)
        value = reading.value
        if reading.guess is not None:
            if not answer.confirmed:
                return Confirm(Reply("flow/confirm_amount", _guess_context(reading.guess)))
            value = reading.guess
        if value is None:
            return Rejected(reject(answer, reading.problem or MoneyProblem.NOT_A_NUMBER, reading.amount))
        floor = minimum(answer) if minimum is not None else None
        if floor is not None and value < floor:
            return Rejected(reject(answer, MoneyProblem.BELOW_MINIMUM, value))
        return Accepted(value)

    return parse


def _guess_context(guess: int) -> dict[str, str | int]:
    million = guess % 1_000_000 == 0
    return {
        "amount": rupiah(guess),
        "count": guess // 1_000_000 if million else guess // 1_000,
        "scale": "million" if million else "thousand",
    }
