"""The contribution calculator flow (issue 4)."""

from bot.core.flows.calculator.flow import CalculatorFlow

__all__ = ["CalculatorFlow"]
