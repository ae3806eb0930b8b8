"""The FAQ as the engine sees it: `FaqService` implements `bot.core.ports.FaqAnswerer`.

Answers are `Reply` objects: the key "faq/<entry id>" names the entry's answer template
(added to the renderer from `Knowledge.answer_templates()`), the context holds the dated
facts for the day asked (`bot.faq.facts.facts_for`), and `topic` is the entry id. Questions
the FAQ does not recognise get the "faq/unknown" reply with topic None and
`recognised=False`, so the engine logs them for staff. Thanks (an entry with `topic = false`)
is recognised but carries no topic: it answers no question.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

from bot.core import choices as menu
from bot.core.models import Choice, Reply
from bot.core.ports import FaqOutcome
from bot.faq.amount_reading import Amounts, amounts_in, extension_months_in, sums_in
from bot.faq.amounts import AMOUNTS_FILE, PERSONAL_ESTIMATE, TEMPLATES, load_amount_kinds, work_out
from bot.faq.asked_month import AskedMonth, month_asked
from bot.faq.asker_case import AskerCase, case_in, membership_years_in
from bot.faq.facts import FACTS_OF, facts_for
from bot.faq.future_change import EXTENSION_STATED, asks_about_change, asks_about_extension, asks_about_future_change
from bot.faq.knowledge import AREA, Entry, Knowledge, load_knowledge, template_variables
from bot.faq.lookup import asks_for_lookup, asks_why_own_case, mentions_oneself
from bot.faq.matcher import PROGRAMS, Decision, Matcher, Verdict, answer_words, without_amounts
from bot.faq.normalize import Normalizer, load_lexicon
from bot.faq.reading import FOLLOW_UP_MAX_WORDS, Reader, Reading
from bot.faq.semantic import VECTORS_FILE, SecondOpinion
from bot.faq.snapshot import beyond
from bot.paths import messages_dir
from bot.rules.formatting import long_date, month_year
from bot.rules.parameters import Parameters, default_parameters
from bot.rules.staleness import add_months, stale_parameters

LEXICON_FILE = "_lexicon.toml"
WORKED_KEYS = frozenset(TEMPLATES.values())  # replies with figures worked out for an amount
MEMBERSHIP_YEARS_KIND = "jht-partial"  # the entries whose rule is a number of years of membership
# Where people see their own balance and claims (offered when asked to look one up).
LOOKUP_ENTRIES = ("jht-cek-saldo", "klaim-cek-status")
MAX_RELATED = 2  # plus the menu button: WhatsApp shows at most 3 reply buttons
# How far ahead the parameter table is read for a change already decided ("kapan iuran naik lagi?").
CHANGE_HORIZON_MONTHS = 36
HOW_MUCH = "berapa"  # as the normaliser writes every way of asking an amount
# What a template computes or tests rather than says ("{{ jkm_total }}", "{% if ... %}").
_TEMPLATE_CODE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
# The floor or ceiling of a benefit asked for itself, not one's own figure.
_BOUND_ASKED = re.compile(
    r"\b(?:min|minimal|minimum|maks|maksimal|maksimum|max|paling|terendah|tertinggi|terkecil|terbesar|batas)\b",
    re.IGNORECASE,
)


def entry_choice(entry: Entry) -> Choice:
    """The button that opens an entry ("faq:<id>", labelled with its title)."""
    return Choice(id=menu.FAQ_PREFIX + entry.id, label_key="label.faq.entry", context={"title": entry.title})


class FaqService:
    def __init__(
        self,
        knowledge: Knowledge,
        matcher: Matcher,
        params: Parameters,
        second_opinion: SecondOpinion | None = None,
        amount_kinds: Mapping[str, str] | None = None,
    ) -> None:
        self.knowledge = knowledge
        self.matcher = matcher
        self.reader = Reader(matcher, second_opinion)
        self.params = params
        # Entry id -> the figures it can work out for an amount in the question (bot/faq/amounts.py).
        self.amount_kinds = dict(amount_kinds or {})
        unknown = set(self.amount_kinds) - knowledge.ids
        if unknown:
            raise ValueError(f"{AMOUNTS_FILE}: no such entries {sorted(unknown)}")
        self._facts: dict[date, dict[str, str | int | bool]] = {}
        # Template key -> the variables an entry's answer reads (to tell which figures it shows).
        self._variables = {e.template_key: template_variables(e.answer) for e in knowledge.entries}
        # ... and those its first line reads: the figure the answer is about ("batas upah JP: Rp...").
        self._headline = {
            e.template_key: template_variables(e.answer.strip().splitlines()[0]) for e in knowledge.entries
        }

    # --- FaqAnswerer ---------------------------------------------------------------
    def answer(
        self,
        text: str,
        today: date,
        previous_topic: str | None = None,
        previous_amounts: Mapping[str, int] | None = None,
        previous_unanswered: str | None = None,
    ) -> FaqOutcome:
        if previous_topic is None and previous_unanswered and self._finishes(text, previous_unanswered):
            # "Bapak jatuh dari pohon waktu panen, lumpuh total." not understood, then "dapat
            # santunan berapa?": the two read as one message, when together they are understood.
            joined = self.answer(f"{previous_unanswered}\n{text}", today, None, previous_amounts)
            if joined.recognised and joined.topic is not None:
                return joined
        if asks_for_lookup(text):
            # "tolong cek saldo saya, NIK ...": we hold no one's account; say so, and where to look.
            return self._rule_of_own_case(text, today) or FaqOutcome(replies=[self.lookup_reply()], recognised=False)
        previous = self.knowledge.get(previous_topic) if previous_topic else None
        reading = self.read(text, previous, today)
        dated = self.beyond_snapshot(text, reading, today)
        if dated is not None:
            # "jumlah peserta tahun ini?": the answer's counts are 2023's; that detail we do not hold.
            return FaqOutcome(replies=[self.unknown_detail_reply(dated)], recognised=False)
        amount = amounts_in(text)

        def answer_on(day: date) -> FaqOutcome:
            return self._answer(text, reading, amount, day, previous, previous_amounts)

        now = answer_on(today)
        if now.recognised and self._asks_unknown_extension(text, now):
            # "diskon iuran bpu bakal diperpanjang sampe 2027?": the end we know, an extension we do not.
            return self._no_change_known(now, {**self._no_period(today), "extension": True})
        asked = month_asked(text, today)
        if asked is None:
            if now.recognised and asks_about_future_change(text, self.reader.normalizer.tokens(text)):
                return self._change_within_horizon(now, today, answer_on)
            return now
        unknown = self._not_known_yet(now, asked, bool(amount)) or self._plan_ahead(text, now, asked, today)
        if unknown is not None:
            return unknown
        context = {
            "month": month_year(asked.start),
            "year": asked.start.year,
            "whole_year": asked.whole_year,
            "today": long_date(today),
        }
        if now.recognised and asks_about_change(text, self.reader.normalizer.tokens(text)):
            # "santunan JKM tahun depan naik?", "iuran tahun 2028 naik?": a change in that period,
            # not since today. If the table holds none, whether one comes we cannot tell.
            changed = self._change_in(asked, now, today, answer_on)
            if changed is None:
                return self._no_change_known(now, context)
            later = answer_on(changed)
        else:
            # "iuran mulai Januari 2027 berapa?": the figures of the month asked, when they differ.
            later = answer_on(asked.start)
            if self._shown(later) == self._shown(now):
                return now
        note = Reply("faq/asked_month", context=context)
        return dataclasses.replace(later, replies=[note, *later.replies])

    def _finishes(self, text: str, unanswered: str) -> bool:
        """Whether a message may be the second half of one sent in two parts: it is short, names no
        other office's business, and the first half told something of ours ("resep rendang?" then
        "iuran bpu berapa?" are two)."""
        own = self.reader.normalizer.tokens(text)
        if not 0 < len(own) <= FOLLOW_UP_MAX_WORDS or self.matcher.names_another_office(own):
            return False  # "rumah sakitnya pakai bpjs?" is the health agency's whatever came before
        told = self.reader.normalizer.tokens(unanswered)
        return any(t in self.matcher.anchors or t in PROGRAMS for t in told)

    def read(self, text: str, previous: Entry | None, today: date) -> Reading:
        """How the FAQ reads `text`, after the answer `previous` when there was one."""
        if previous is not None and self._quotes_a_figure_of(text, previous, today):
            return self.reader.quoting(text, previous)
        return self.reader.read(text, previous)

    def _quotes_a_figure_of(self, text: str, previous: Entry, today: date) -> bool:
        """Whether a short follow-up names a sum the last answer states ("yg 12 juta itu dibayar
        bulanan?" after the death benefit's Rp12.000.000), of no program that answer is not about."""
        sums = sums_in(text)
        if not sums:
            return False
        words = without_amounts(self.reader.normalizer.tokens(text))
        if len(words) > FOLLOW_UP_MAX_WORDS or not PROGRAMS.intersection(words) <= self.matcher.programs_of(previous):
            return False
        facts = self.facts(today)
        shown = [str(facts[name]) for name in self._variables[previous.template_key] if name in facts]
        stated = sums_in(" ".join([_TEMPLATE_CODE.sub(" ", previous.answer), *shown]))
        return bool(sums & stated)

    def _answer(
        self,
        text: str,
        reading: Reading,
        amount: Amounts,
        today: date,
        previous: Entry | None,
        previous_amounts: Mapping[str, int] | None,
    ) -> FaqOutcome:
        """The answer to a message already read, with the figures of `today`."""
        outcome = self.outcome(reading.primary, today)
        if len(reading.decisions) > 1 and outcome.recognised:
            # Two questions in one message: each gets its answer, in the order asked.
            more = [self.entry_reply(d.best, today) for d in reading.decisions[1:] if d.best is not None]
            first = self.entry_reply(reading.primary.best, today) if reading.primary.best else None
            replies = [r for r in (first, *more) if r is not None]
            outcome = FaqOutcome(replies=replies, recognised=True, topic=outcome.topic)
        # What the conversation said before stands unless this message says it anew: "gaji saya
        # 3,4 juta" and then "BPJS TK motong berapa?" is worked out for that wage.
        known = Amounts.remembered(previous_amounts or {}).updated_by(amount)
        # So does the asker's case: "risiko sedang", then "kalau gaji karyawan 4 juta?".
        case = AskerCase.remembered(previous_amounts or {}).updated_by(case_in(text))
        # "gaji almarhum 3 juta, jadi berapa?" after the JKK death benefit: the figures of the
        # last answer for the amount now given, however the message reads on its own.
        figures = self._amount_follow_up(text, amount, case, previous, today) if amount and previous else None
        answered = (
            figures
            or self._personal_estimate(outcome, text, known)
            or self._with_amount(outcome, text, known, case, today)
        )
        answered = self._with_membership_years(answered, text, today)
        return dataclasses.replace(answered, amounts=known.by_role() | case.to_memory())

    def _with_membership_years(self, outcome: FaqOutcome, text: str, today: date) -> FaqOutcome:
        """ "Sudah 6 tahun ikut, JHT bisa diambil sebagian?": the answer states the rule (10 years of
        membership); the years told say first which side of it the asker stands on. A balance told
        too has its figures worked out for those years instead (amount_jht_partial)."""
        if not outcome.recognised or self.amount_kinds.get(outcome.topic or "") != MEMBERSHIP_YEARS_KIND:
            return outcome
        years = membership_years_in(text)
        if years is None or any(reply.key in WORKED_KEYS for reply in outcome.replies):
            return outcome
        minimum = self.params.integer("jht_partial_min_years", today)
        context: dict[str, str | int | bool] = {"years": years, "min_years": minimum, "too_early": years < minimum}
        return dataclasses.replace(outcome, replies=[Reply("faq/membership_years", context=context), *outcome.replies])

    def beyond_snapshot(self, text: str, reading: Reading, today: date) -> Entry | None:
        """The entry answering `reading` when it reports counts as of a date (`dated`) and the
        question asks another year or another count of it (bot/faq/snapshot.py); else None."""
        decision = reading.primary
        best = decision.best
        if len(reading.decisions) != 1 or decision.verdict is not Verdict.ANSWER or best is None or not best.dated:
            return None
        asking = " ".join(part.text for part in reading.parts if part.asks) or text
        tokens = self.reader.normalizer.tokens(asking)
        return best if beyond(best.answer, asking, tokens, today, self.reader.normalizer.lexicon.counts) else None

    def _plan_ahead(self, text: str, outcome: FaqOutcome, asked: AskedMonth, today: date) -> FaqOutcome | None:
        """A later year asked, not for a figure nor for a change of one, of an answer that holds no
        dated figure at all ("tahun depan kartu peserta dicetak lagi?", "Pemkab tahun depan akan
        membayari iuran petani?"): what is planned for that year is news we do not have, and
        today's answer does not tell it. Not when the asker speaks of their own plans ("anak saya
        tahun depan mulai kerja, wajib didaftarkan?"), which today's rules answer; not for a month
        ("syarat klaim bulan depan"), which today's rules answer too."""
        if not outcome.recognised or not asked.whole_year or asked.start <= today or mentions_oneself(text):
            return None
        tokens = self.reader.normalizer.tokens(text)
        if HOW_MUCH in tokens or asks_about_change(text, tokens):
            return None  # a figure then ("jumlah peserta tahun depan berapa"), or whether it changes
        entry = self._own_entry(outcome.replies[0])
        if entry is None or self._variables.get(entry.template_key):
            return None
        return FaqOutcome(replies=[self.unknown_detail_reply(entry)], recognised=False)

    def _not_known_yet(self, outcome: FaqOutcome, asked: AskedMonth, stated_amount: bool) -> FaqOutcome | None:
        """An answer led by a figure not yet known for the period asked ("batas upah JP tahun
        2027?" before the 2027 cap is announced): say that detail is not in our data, rather than
        give today's figure as if it were that period's."""
        if stated_amount or any(reply.key in WORKED_KEYS for reply in outcome.replies):
            return None  # figures for a wage: "gaji 3 juta, potongan JP tahun depan?" (below any cap)
        last = date(asked.start.year, 12, 1) if asked.whole_year else asked.start
        unknown = {fact for item in stale_parameters(self.params, last) for fact in FACTS_OF.get(item.parameter, ())}
        for reply in outcome.replies:
            entry = self._own_entry(reply)
            if entry is not None and self._headline[reply.key] & unknown:
                return FaqOutcome(replies=[self.unknown_detail_reply(entry)], recognised=False)
        return None

    def _rule_of_own_case(self, text: str, today: date) -> FaqOutcome | None:
        """Why one's own claim was refused, told with a figure of one's own ("sudah kerja 8 tahun,
        ajukan JHT 30% untuk rumah tapi ditolak, kenapa?"): the record we cannot see, but the entry
        whose rule states that kind of figure (10 years of membership) lets the asker compare."""
        if not asks_why_own_case(text):
            return None
        decision = self.reader.read(text, None).primary
        entry = decision.best
        if decision.verdict is not Verdict.ANSWER or entry is None:
            return None
        if not self.matcher.units_stated_in(text) & self.matcher.stated_units_of(entry):
            return None
        note = Reply("faq/own_case_rule", context={})
        return FaqOutcome(replies=[note, self.entry_reply(entry, today)], recognised=True, topic=entry.id)

    def _own_entry(self, reply: Reply) -> Entry | None:
        """The entry `reply` is the answer of (not a "see also" or worked figures of it)."""
        entry = self.knowledge.get(reply.topic) if reply.topic else None
        return entry if entry is not None and reply.key == entry.template_key else None

    def _change_in(
        self, asked: AskedMonth, now: FaqOutcome, today: date, answer_on: Callable[[date], FaqOutcome]
    ) -> date | None:
        """The month whose figures answer "does it change in the period asked?": the first month of
        the period that differs from the month before it (today's, when the period starts next
        month); else the period's start when the table holds a change later on ("usia pensiun
        tahun 2027 naik?": no, it stays 59 and becomes 60 in 2028); else None, for we cannot tell."""
        before = add_months(asked.start, -1)
        base = now if before <= today.replace(day=1) else answer_on(before)
        period = 12 if asked.whole_year else 1
        months = self._months_to_change(base, asked.start, period + CHANGE_HORIZON_MONTHS, answer_on)
        if months is None:
            return None
        return add_months(asked.start, months) if months < period else asked.start

    def _asks_unknown_extension(self, text: str, outcome: FaqOutcome) -> bool:
        """Whether `text` asks if a discount is extended and no answer in `outcome` states an extension."""
        if not asks_about_extension(text, self.reader.normalizer.tokens(text)):
            return False
        entries = [self.knowledge.get(reply.topic) for reply in outcome.replies if reply.topic]
        return not any(entry is not None and EXTENSION_STATED.search(entry.answer) for entry in entries)

    def _change_within_horizon(
        self, now: FaqOutcome, today: date, answer_on: Callable[[date], FaqOutcome]
    ) -> FaqOutcome:
        """ "Kapan iuran JKK naik lagi?": when the parameter table holds a change of what the answer
        shows within CHANGE_HORIZON_MONTHS (a discount's end, a pension-age step), the answer says
        it; when it holds none, whether and when one comes is not something we can tell."""
        next_month = add_months(today.replace(day=1), 1)
        if self._months_to_change(now, next_month, CHANGE_HORIZON_MONTHS, answer_on) is not None:
            return now
        return self._no_change_known(now, self._no_period(today))

    def _months_to_change(
        self, base: FaqOutcome, start: date, span: int, answer_on: Callable[[date], FaqOutcome]
    ) -> int | None:
        """How many months after `start` (within `span`) the figures first differ from `base`'s."""

        # The year an answer names ("pada tahun 2029 adalah 60 tahun") is no change of its figures.
        def figures(outcome: FaqOutcome) -> list[tuple[str, dict[str, object]]]:
            return [(key, {k: v for k, v in shown.items() if k != "year"}) for key, shown in self._shown(outcome)]

        shown = figures(base)
        for months in range(span):
            if figures(answer_on(add_months(start, months))) != shown:
                return months
        return None

    @staticmethod
    def _no_period(today: date) -> dict[str, object]:
        """The context of faq/future_change when the question names no period."""
        return {"month": "", "year": today.year, "whole_year": False, "today": long_date(today)}

    @staticmethod
    def _no_change_known(now: FaqOutcome, context: Mapping[str, object]) -> FaqOutcome:
        """We know of no change (faq/future_change, for the period in `context` or none), then what
        applies today, as "don't know": today's replies carry no topic, the outcome keeps it for follow-ups."""
        note = Reply("faq/future_change", context=context)
        today_only = [dataclasses.replace(reply, topic=None) for reply in now.replies]
        return FaqOutcome(replies=[note, *today_only], recognised=False, topic=now.topic)

    def _shown(self, outcome: FaqOutcome) -> list[tuple[str, dict[str, object]]]:
        """The figures an outcome's replies show: what its templates read of their context (a
        worked amount shows its whole context), leaving out the date of today
        (an answer that names the year, as the pension age does, names the year asked)."""
        shown: list[tuple[str, dict[str, object]]] = []
        for reply in outcome.replies:
            names = self._variables.get(reply.key)
            context = dict(reply.context) if names is None else {k: reply.context.get(k) for k in names}
            shown.append((reply.key, {k: v for k, v in context.items() if k != "today"}))
        return shown

    def _figures(self, entry_id: str, amounts: Amounts, case: AskerCase, today: date, text: str) -> Reply | None:
        """An entry's figures worked out for the amount it needs; None when it has none, when the
        question names no such amount, or when the parameters cannot work them out for that day
        (then the answer stands alone)."""
        kind = self.amount_kinds.get(entry_id)
        amount = extension_months_in(text) if kind == "pmi-extension" else amounts.for_kind(kind) if kind else None
        if kind is None or amount is None:
            return None
        try:
            worked = work_out(kind, amount, today, self.params, case)
        except ValueError:
            return None
        return Reply(worked.key, context=worked.context, topic=entry_id)

    def _amount_follow_up(
        self, text: str, amount: Amounts, case: AskerCase, previous: Entry, today: date
    ) -> FaqOutcome | None:
        if previous.id not in self.amount_kinds:
            return None
        words = without_amounts(self.matcher.normalizer.tokens(text))
        named = PROGRAMS.intersection(words)
        if len(words) > FOLLOW_UP_MAX_WORDS or not named <= self.matcher.programs_of(previous):
            return None  # a question of its own, or about another program
        anchors = [t for t in words if t in self.matcher.anchors and t not in PROGRAMS]
        if anchors and self.matcher.coverage(anchors, self.matcher.index_of(previous)) < 1:
            return None  # "penghasilan 2 juta, iuran bpu berapa" after a JKK answer asks about the dues
        figures = self._figures(previous.id, amount, case, today, text)
        if figures is None:
            return None
        reply = dataclasses.replace(figures, choices=self.entry_choices(previous))
        return FaqOutcome(replies=[reply], recognised=True, topic=previous.id)

    def _personal_estimate(self, outcome: FaqOutcome, text: str, amount: Amounts) -> FaqOutcome | None:
        """One's own benefit asked for a wage, of an answer whose figure no sourced rule works out
        ("gaji 5 juta, iur JP 20 tahun, pensiun saya berapa?"): that figure is not in our data.
        Not when the floor or ceiling itself is asked ("pensiun JP paling sedikit berapa?")."""
        entry = self._own_entry(outcome.replies[0]) if outcome.recognised and outcome.replies else None
        if entry is None or amount.wage is None:
            return None
        if self.amount_kinds.get(entry.id) != PERSONAL_ESTIMATE or _BOUND_ASKED.search(text):
            return None
        if HOW_MUCH not in self.reader.normalizer.tokens(text):
            return None
        return FaqOutcome(replies=[self.unknown_detail_reply(entry)], recognised=False)

    def _with_amount(self, outcome: FaqOutcome, text: str, amount: Amounts, case: AskerCase, today: date) -> FaqOutcome:
        """Answers whose figures depend on a wage or an income, worked out for the amount asked about."""
        if not outcome.recognised or not (amount or extension_months_in(text)):
            return outcome
        replies: list[Reply] = []
        for reply in outcome.replies:
            topic = reply.topic
            own_answer = topic is not None and reply.key == f"{AREA}/{topic}"  # not "see also"
            figures = self._figures(topic, amount, case, today, text) if own_answer and topic else None
            if figures is None:
                replies.append(reply)
                continue
            # The figures follow the answer and carry its buttons, so they stay under the last bubble.
            replies.append(dataclasses.replace(reply, choices=()))
            replies.append(dataclasses.replace(figures, choices=reply.choices))
        return dataclasses.replace(outcome, replies=replies)

    def answer_entry(self, entry_id: str, today: date) -> list[Reply] | None:
        entry = self.knowledge.get(entry_id)
        if entry is None:
            return None
        return [self.entry_reply(entry, today)]

    # --- building replies ------------------------------------------------------------
    def outcome(self, decision: Decision, today: date) -> FaqOutcome:
        best = decision.best
        if decision.verdict in (Verdict.ANSWER, Verdict.SMALLTALK) and best is not None:
            replies = [self.entry_reply(best, today)]
            if decision.candidates:
                # A close runner-up: answer the best, and offer the others ("atau maksud Anda ...?").
                replies.append(
                    Reply(
                        "faq/see_also",
                        choices=tuple(entry_choice(e) for e in decision.candidates),
                        topic=best.id,
                    )
                )
            topic = best.id if decision.verdict is Verdict.ANSWER else None
            return FaqOutcome(replies=replies, recognised=True, topic=topic)
        if decision.verdict is Verdict.CLARIFY and best is not None:
            reply = Reply(
                "faq/clarify",
                choices=tuple(entry_choice(e) for e in decision.candidates),
                topic=best.id,
            )
            return FaqOutcome(replies=[reply], recognised=True)
        if decision.verdict is Verdict.REDIRECT and best is not None:
            # Another office's business: point the way, but count it as not recognised.
            reply = Reply(best.template_key, context=self.facts(today), choices=(self._menu_choice(),))
            return FaqOutcome(replies=[reply], recognised=False)
        if decision.unstated and decision.nearest is not None:
            # Our subject, but a detail the knowledge does not hold: say so, and offer what it does hold.
            return FaqOutcome(replies=[self.unknown_detail_reply(decision.nearest)], recognised=False)
        return FaqOutcome(replies=[self.unknown_reply()], recognised=False)

    def entry_choices(self, entry: Entry) -> tuple[Choice, ...]:
        """The buttons under an entry's answer: its related entries, then the menu."""
        related = [e for e in (self.knowledge.get(i) for i in entry.related) if e is not None]
        return (*(entry_choice(e) for e in related[:MAX_RELATED]), self._menu_choice())

    def entry_reply(self, entry: Entry, today: date) -> Reply:
        buttons = self.entry_choices(entry)
        # A redirect is another office's business, and thanks (`topic = false`) answers no
        # question: neither names its entry (the scorer and the staff funnel count topics).
        topic = entry.id if entry.kind != "redirect" and entry.topic else None
        return Reply(entry.template_key, context=self.facts(today), choices=buttons, topic=topic)

    def unknown_detail_reply(self, nearest: Entry) -> Reply:
        """A detail of our subject the knowledge does not hold, with the entry nearest to it."""
        choices = (entry_choice(nearest), self._menu_choice())
        return Reply("faq/unknown_detail", context={"title": nearest.title}, choices=choices)

    def lookup_reply(self) -> Reply:
        looks = [e for e in (self.knowledge.get(i) for i in LOOKUP_ENTRIES) if e is not None]
        return Reply("faq/personal_lookup", context={}, choices=(*map(entry_choice, looks), self._menu_choice()))

    def unknown_reply(self) -> Reply:
        return Reply("faq/unknown", context={}, choices=menu.faq_topics())

    def facts(self, today: date) -> dict[str, str | int | bool]:
        """The dated facts for `today` (computed once per day; callers get a copy)."""
        cached = self._facts.get(today)
        if cached is None:
            if len(self._facts) > 64:
                self._facts.clear()
            cached = self._facts[today] = facts_for(today, self.params)
        return dict(cached)

    @staticmethod
    def _menu_choice() -> Choice:
        return Choice(menu.BTN_MENU, "label.core.back_to_menu")

    def answer_templates(self) -> dict[str, str]:
        return self.knowledge.answer_templates()


# Any day serves to fill an answer's figures when reading which units it states a number in.
SAMPLE_DAY = date(2026, 12, 1)


def build_matcher(
    knowledge: Knowledge, lexicon_path: Path, sample_facts: Mapping[str, object] | None = None
) -> Matcher:
    corpus: list[str] = []
    for entry in knowledge.entries:
        corpus.append(entry.title)
        corpus.extend(entry.phrasings)
        corpus.append(answer_words(entry.answer))
    normalizer = Normalizer(load_lexicon(lexicon_path), corpus)
    return Matcher(knowledge, normalizer, sample_facts)


def build_faq_service(
    messages: Path | None = None, params: Parameters | None = None, *, second_opinion: bool = True
) -> FaqService:
    """The FAQ over the bundled knowledge (messages/faq/) and parameter table.

    `second_opinion` adds the sentence-embedding model for questions the lexical reading cannot
    place (loaded on the first such question; see bot/faq/semantic.py).
    """
    base = messages or messages_dir()
    knowledge = load_knowledge(base / "faq")
    params = params or default_parameters()
    # What an answer states does not depend on the day; any day's figures show its units.
    matcher = build_matcher(knowledge, base / "faq" / LEXICON_FILE, facts_for(SAMPLE_DAY, params))
    second = SecondOpinion(knowledge.entries, vectors_path=base / "faq" / VECTORS_FILE) if second_opinion else None
    kinds = load_amount_kinds(base / "faq" / AMOUNTS_FILE)
    return FaqService(knowledge, matcher, params, second, kinds)
