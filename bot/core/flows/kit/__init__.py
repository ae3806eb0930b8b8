"""A small declarative kit for step-by-step flows; see README.md beside this file."""

from bot.core.flows.kit.runner import StepFlow
from bot.core.flows.kit.spec import FlowSpec, FlowTexts, Progress
from bot.core.flows.kit.steps import (
    Accepted,
    Answer,
    Confirm,
    End,
    GoTo,
    Option,
    Outcome,
    Parser,
    Rejected,
    Step,
    equals,
    words,
)

__all__ = [
    "Accepted",
    "Answer",
    "Confirm",
    "End",
    "FlowSpec",
    "FlowTexts",
    "GoTo",
    "Option",
    "Outcome",
    "Parser",
    "Progress",
    "Rejected",
    "Step",
    "StepFlow",
    "equals",
    "words",
]
