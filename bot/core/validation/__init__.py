"""Pure validators for what people type: NIK, phone numbers, names, counts, income.

Each validator returns a result with either the normalised value or a typed
reason, so the flow can say exactly which part looks wrong. None of them raise.
"""
