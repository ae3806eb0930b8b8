"""Button ids and the standard menus the engine offers.

Ids are short and stable (they travel as Telegram callback_data, at most 64
bytes, and may be pressed long after they were sent). Labels are message keys.
"""

from __future__ import annotations

from bot.core.models import Choice

BTN_MENU = "menu:main"
BTN_HELP = "menu:help"
BTN_FAQ = "menu:faq"
BTN_CALCULATOR = "menu:iuran"
BTN_REGISTER = "menu:daftar"
BTN_HUMAN = "menu:human"
BTN_CANCEL = "kw:batal"
BTN_RESUME = "kw:lanjut"
BTN_OPT_OUT = "kw:berhenti"
FAQ_PREFIX = "faq:"


def main_menu() -> tuple[Choice, ...]:
    return (
        Choice(BTN_FAQ, "label.core.menu_faq"),
        Choice(BTN_CALCULATOR, "label.core.menu_calculator"),
        Choice(BTN_REGISTER, "label.core.menu_register"),
        Choice(BTN_HELP, "label.core.menu_help"),
    )


def in_flow_menu() -> tuple[Choice, ...]:
    return (
        Choice(BTN_RESUME, "label.core.resume"),
        Choice(BTN_CANCEL, "label.core.cancel"),
        Choice(BTN_HUMAN, "label.core.human"),
    )


def faq_topics() -> tuple[Choice, ...]:
    """Popular starting points for people who do not know what to ask."""
    return (
        Choice(FAQ_PREFIX + "program-apa-saja", "label.core.faq_programs"),
        Choice(FAQ_PREFIX + "iuran-bpu", "label.core.faq_bpu_cost"),
        Choice(FAQ_PREFIX + "jht-cair-kapan", "label.core.faq_jht_claim"),
        Choice(BTN_MENU, "label.core.back_to_menu"),
    )
