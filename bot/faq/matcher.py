"""Find the FAQ entry a message asks about, or decide that none does.

Retrieval fuses three signals, each normalised by its best value for the message:
  * BM25 over single phrasings (and titles): the closest way someone asked before;
  * BM25 over whole entries (all phrasings plus the answer text): wording we never saw;
  * character 3-gram cosine over phrasings: typos and word forms the normaliser missed.
Out-of-scope rejection does not hang on one score threshold. A message is answered only if
  1. it contains a domain anchor word: a strong one (program names, iuran, klaim, ... from the
     lexicon, or a redirect entry's keyword) or only weak ones (kerja, kantor, kartu, ...), and
  2. the best entry covers enough of the message (IDF-weighted share of its words that occur
     in the entry; words the knowledge has never seen weigh the most): 40% with a strong
     anchor, 75% with weak anchors only. Greeting words ("selamat pagi, ...") are set aside.
     A message of several clauses (a story, then the question) may instead be covered on its
     question clause plus its domain words, if the whole is covered at least half (strong) or
     80% (weak) of the bar; that clause also has a quarter say in the ranking.
  3. the best entry mentions every specific detail the question clause asks for (the lexicon's
     [details]: opening hours, fees, a bank, a court, a stepchild); else the question is one
     of our domain the knowledge cannot answer, and the FAQ says so. A request without a
     question ("minta nomor WA pribadi petugas") asks for all its words.
Months, years and places weigh little (they say when and where, not what); an example after
"kayak/seperti" and what "selain" sets aside are not what is asked.
Greetings ("smalltalk" entries) need no anchor but must cover nearly the whole message.
When the two best entries are nearly tied, the decision is a clarification ("maksud Anda ...?").
All indexes are built once; a question costs well under a millisecond.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from bot.faq.knowledge import Entry, Knowledge
from bot.faq.normalize import Normalizer, without_abbreviation_dots
from bot.faq.units import ASKING, asked_units, filled, stated_units

BM25_K1 = 1.2
BM25_B = 0.75
WEIGHT_PHRASING = 0.6
WEIGHT_ENTRY = 0.2
WEIGHT_NGRAM = 0.2
# Share of the message's (IDF-weighted) words the best entry must know: less when the message
# holds a strong domain word (jht, iuran, klaim, ...), more when only everyday ones (kerja, kantor).
MIN_COVERAGE = 0.4
MIN_COVERAGE_WEAK = 0.75
# Everyday words only, but they describe a situation of one of our programs ("sudah tua",
# "berhenti kerja", "tabungan"; the lexicon's [situations]): a bar between the two, and the
# entry that answers must be about that program.
MIN_COVERAGE_SITUATION = 0.6
SMALLTALK_COVERAGE = 0.7
# An amount as an answer writes it: a dated fact's template, a rate, or rupiah. One group, so that
# its pattern can follow other text in a larger pattern (reading.py's program priced in an answer).
AMOUNT = re.compile(r"(?:\{\{|\d+(?:,\d+)?\s?%|Rp\s?\d)")
CLOSE_RATIO = 0.97  # runner-ups within this share of the best are offered as "maksud Anda ...?"
TIE_RATIO = 0.97  # a near tie on a one-word message ("klaim"): ask instead of answering
TIE_MAX_WORDS = 1
PROGRAMS = frozenset({"jkk", "jkm", "jht", "jp", "jkp"})
# The agency named alone ("bpjs ketenagakerjaan?") asks what it offers, as a bare program name does.
AGENCY = "bpjstk"
# An entry about another program than the one named in the message is pushed down; an entry
# about one program when the message names none, a little.
# An entry is about a program when its title names it or its id starts with it ("jkm-iuran").
# A message naming a program pushes down, a little, the entries about no program at all.
OTHER_PROGRAM_FACTOR = 0.7
UNNAMED_PROGRAM_FACTOR = 0.9
GENERAL_ENTRY_FACTOR = 0.85
# A message that names no program but describes a situation that belongs to one (the lexicon's
# [situations]: a death, old age, leaving work, a lay-off, an accident) implies that program: its
# entries are not pushed down, other programs' a little more, general entries as much as usual.
IMPLIED_OTHER_FACTOR = 0.8
NO_PROGRAM = "umum"  # a situation of no single program (a scholarship): nothing is implied
# The same for the two kinds of participant: an entry whose id names one ("jkk-iuran-bpu",
# "jkk-iuran-pu") is pushed down when the message names the other.
PARTIES = {"bpu": "bpu", "pu": "karyawan"}
OTHER_PARTY_FACTOR = 0.8
EMPLOYER_WORDS = frozenset({"pemberikerja", "perusahaan"})
# An entry whose id names what the message asks about ("iuran" in jkk-iuran-pu) is preferred a little.
ID_WORD_FACTOR = 1.1
MAX_CHOICES = 3
# Long messages tell a story before they ask ("aku kerja di toko, kemarin jatuh di jalan, itu
# ditanggung gak?"). Coverage is also measured on the question clause alone (the last clause
# holding a question word, plus the message's domain words), provided the whole message is
# still covered at least this much of the usual bar.
# "jadi" is "so" between clauses, but "become" after a modal or a verb ("boleh jadi pengurus",
# "mau jadi peserta", "kerja jadi kuli").
CLAUSE = re.compile(
    r"(?:[;:!?\n]|(?<!\d)[.,]|[.,](?!\d))+|\s(?:tapi|soalnya|terus|trus|karena|krn)\s"
    r"|(?<!boleh)(?<!bisa)(?<!mau)(?<!ingin)(?<!pengen)(?<!harus)(?<!akan)(?<!sudah)(?<!udah)(?<!belum)"
    r"(?<!pernah)(?<!kerja)(?<!daftar)\sjadi\s"
    r"|(?<!minggu)(?<!bulan)(?<!tahun)(?<!hari)(?<!jam)\slalu\s"
)
QUESTION_WORDS = frozenset(
    {"apa", "berapa", "bagaimana", "kapan", "siapa", "dimana", "mana", "bisa", "boleh", "apakah", "tidak", "kenapa"}
)
# Words that make a clause a question of its own, not a statement ("tidak bisa kerja lagi" is not).
# (bot/faq/reading.py's ASKING_WORDS keeps "bisa"/"boleh": it splits questions, not details.)
INTERROGATIVES = QUESTION_WORDS - {"bisa", "boleh", "tidak"}
# A clause that opens with a condition ("kalau tidak bayar 3 bulan, ...") belongs to the question after it.
CONDITIONAL = frozenset({"kalau", "jika", "bila", "apabila", "misal", "misalnya"})  # "seandainya", "andai" read "kalau"
# A clause that opens with a time ("selama suami tidak bisa kerja, gajinya diganti berapa?") is
# likewise the setting of the question after it, though it is no hypothesis.
CONDITION_OPENERS = CONDITIONAL | {"selama", "ketika", "saat", "sewaktu"}
# When the best entry does not cover the message, one of the next entries within this share of
# its score may answer if it does.
RUNNER_UPS = 3
RUNNER_UP_RATIO = 0.85
# "di mana", "ke mana", "lewat mana", as the normaliser writes them, and where an answer says it:
# an office, an app or portal, an address, online (a call centre for help is no place to go).
WHERE = "dimana"
_PLACE = re.compile(r"kantor|\bjmo\b|lapak asik|aplikasi|siapkerja|portal|\bjl\.|alamat|daring|online|disnaker", re.I)
RARE_ANCHOR_ENTRIES = 3  # a domain word this few entries know names the message's subject
# In a follow-up, a runner-up that knows every word it says may stand this far below the last topic's entry.
FOLLOW_UP_FULL_RUNNER_UP_RATIO = 0.55
FOLLOW_UP_RUNNER_UP_MIN_WORDS = 2  # a follow-up must say this much for a runner-up to take it
# "katanya <something>": hearsay long enough to say something, not only where it was heard.
HEARSAY_MIN_WORDS = 4
WHOLE_SHARE = 0.5
WHOLE_SHARE_WEAK = 0.8  # with everyday domain words only, the story must fit the entry better
FOCUS_BLEND = 0.25  # the question clause's share of the ranking of a long message
# Coverage weight of a closed-class word the knowledge never uses ("with", "will", "they"): that of
# a word found in half the entries, instead of the most a word can weigh.
FUNCTION_WEIGHT = math.log(2)
AMOUNT_UNITS = frozenset({"juta", "ribu", "miliar"})
YEAR = re.compile(r"(?:19|20)\d\d")
# 3-grams in more than this share of phrasings are not looked up (they add little and cost the
# most time). At 0.08 "jht" sat at 7.8% of 2,350 phrasings and would have dropped out of this
# signal with a few more JHT phrasings; program names now have room to grow.
NGRAM_MAX_DF = 0.15
_TEMPLATE_SYNTAX = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


class Verdict(Enum):
    ANSWER = "answer"  # candidates, if any, are close runner-ups to offer as well
    CLARIFY = "clarify"
    SMALLTALK = "smalltalk"
    REDIRECT = "redirect"
    UNKNOWN = "unknown"


ALTERNATIVES = frozenset({"atau", "or"})  # "kalau celaka atau meninggal": either of two cases
# "ada uang dari BPJS selain JHT?", "besides JHT": the programs after these words are the ones
# the question sets aside, not the ones it asks about.
EXCLUDING = frozenset({"selain", "kecuali", "besides"})
_PROGRAM_LINKS = frozenset({"dan", "atau", "sama", "serta", "and", "or"})
# "gaji bulanan pas tua kayak pensiunan PNS", "kalau risikonya tinggi kayak tambang?": what follows
# these words is a likeness, an example the asker reaches for, not the subject asked about.
LIKENESS = frozenset({"seperti", "semacam", "layaknya", "ibarat"})
LIKENESS_MAX_WORDS = 2
# A request opens the message ("minta ...", "pak, tolong kirim ..."), not a story's "dia minta OTP".
REQUEST = re.compile(r"^\W*(?:\w+\W+){0,2}?(?:minta|mohon|tolong|kirim\w*|kasih|kasi|share|please)\b", re.I)


def without_excluded(tokens: tuple[str, ...], others: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """`tokens` without the programs a word like "selain" sets aside ("selain jkk dan jkm"), and
    the words of `others` (another office's keywords: "potongan 2% selain pajak" is not about tax)."""
    kept: list[str] = []
    excluding = False
    for token in tokens:
        if token in EXCLUDING:
            excluding = True
            continue
        if excluding and (token in PROGRAMS or token in others or token in _PROGRAM_LINKS):
            continue
        excluding = False
        kept.append(token)
    return tuple(kept) if any(t not in _PROGRAM_LINKS for t in kept) else tokens


def without_likenesses(tokens: tuple[str, ...], keep: frozenset[str]) -> tuple[str, ...]:
    """`tokens` without a likeness word and the few words of its example ("kayak tambang"),
    except words in `keep` (our programs and domain words: "kayak JHT" still names JHT) and
    question words ("seperti apa?" asks how)."""
    kept: list[str] = []
    dropping = 0
    for token in tokens:
        if token in LIKENESS:
            dropping = LIKENESS_MAX_WORDS
            continue
        if dropping:
            dropping -= 1
            if token not in keep and token not in QUESTION_WORDS:
                continue
        kept.append(token)
    return tuple(kept) if kept else tokens


class Clause(NamedTuple):
    tokens: tuple[str, ...]
    question_mark: bool  # a "?" closes it
    spelled: frozenset[str] = frozenset()  # programs written by their short name ("JKK"), not described

    @property
    def asks(self) -> bool:
        """Closed by "?" or holding an interrogative."""
        return self.question_mark or bool(INTERROGATIVES.intersection(self.tokens))


# A program written by its short name, as people write it: "JKK", "jkm-nya", "JHT".
SPELLED_PROGRAM = re.compile(rf"(?<![a-z])({'|'.join(sorted(PROGRAMS))})(?![a-z])", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Scored:
    entry: Entry
    score: float  # fused, 0..1


@dataclass(frozen=True, slots=True)
class Decision:
    verdict: Verdict
    best: Entry | None
    candidates: tuple[Entry, ...] = ()  # for CLARIFY: the entries to offer
    anchored: bool = False
    coverage: float = 0.0
    tokens: tuple[str, ...] = ()
    # When the message is not covered well enough: the entry that ranked first all the same.
    nearest: Entry | None = None
    # Details the question asks for (opening hours, a fee, a court) that `nearest` never mentions.
    unstated: tuple[str, ...] = ()
    # The coverage the ranking's best entry had to reach (0.0 when no ranking decided): how near
    # `coverage` lies to it says how little an edit elsewhere in the knowledge may flip the verdict.
    bar: float = 0.0


class _BM25:
    """A small BM25 index with an inverted list, over pre-tokenised documents.

    Each posting stores its finished term weight, so a query only adds numbers up.
    """

    def __init__(self, docs: Sequence[Sequence[str]]) -> None:
        n = len(docs)
        avg = (sum(len(d) for d in docs) / n) if n else 1.0
        counts: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for i, doc in enumerate(docs):
            for token, tf in Counter(doc).items():
                counts[token].append((i, tf))
        self.idf = {t: math.log(1 + (n - len(p) + 0.5) / (len(p) + 0.5)) for t, p in counts.items()}
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for token, postings in counts.items():
            idf = self.idf[token]
            weighted: list[tuple[int, float]] = []
            for index, tf in postings:
                norm = BM25_K1 * (1 - BM25_B + BM25_B * len(docs[index]) / avg)
                weighted.append((index, idf * tf * (BM25_K1 + 1) / (tf + norm)))
            self.postings[token] = weighted

    def scores(self, query: Sequence[str]) -> dict[int, float]:
        out: dict[int, float] = defaultdict(float)
        for token in set(query):
            for doc, weight in self.postings.get(token, ()):
                out[doc] += weight
        return out


def _grams(tokens: Sequence[str]) -> Counter[str]:
    text = " " + " ".join(tokens) + " "
    return Counter(text[i : i + 3] for i in range(len(text) - 2))


class _NGrams:
    """TF-IDF cosine over character 3-grams of the normalised phrasings."""

    def __init__(self, docs: Sequence[Sequence[str]]) -> None:
        grams = [_grams(d) for d in docs]
        df: Counter[str] = Counter()
        for g in grams:
            df.update(g.keys())
        n = len(docs)
        self.idf = {g: math.log((n + 1) / (c + 0.5)) for g, c in df.items()}
        self.postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
        common = NGRAM_MAX_DF * n
        for i, g in enumerate(grams):
            weights = {k: (1 + math.log(v)) * self.idf[k] for k, v in g.items()}
            norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
            for k, w in weights.items():
                if df[k] <= common:  # very common grams add little but cost the most time
                    self.postings[k].append((i, w / norm))

    def scores(self, query: Sequence[str]) -> dict[int, float]:
        grams = _grams(query)
        weights = {k: (1 + math.log(v)) * self.idf[k] for k, v in grams.items() if k in self.idf}
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        out: dict[int, float] = defaultdict(float)
        for k, w in weights.items():
            scale = w / norm
            for doc, dw in self.postings[k]:
                out[doc] += scale * dw
        return out


def is_number(token: str) -> bool:
    """A number as the normaliser writes it: digits, dots between them ("16.800", "2.5")."""
    return token.replace(".", "").isdigit()


def without_amounts(tokens: Sequence[str]) -> tuple[str, ...]:
    """The words without sums of money ("2.5 juta", "500 ribu"): a person's own wage or balance is
    not a key to the answer whose example uses the same sum ("penghasilan 2,5jt, iuran bpu brp"
    is not the micro-employer example of a Rp2.500.000 wage). Figures without a unit stay: a
    rumour's "16.800" still finds the dues."""
    drop: set[int] = set()
    for i, token in enumerate(tokens[:-1]):
        if tokens[i + 1] in AMOUNT_UNITS and is_number(token):
            drop.update((i, i + 1))
    return tuple(t for i, t in enumerate(tokens) if i not in drop)


def answer_words(answer: str) -> str:
    """The plain words of an answer template (Jinja syntax removed), for indexing."""
    return _TEMPLATE_SYNTAX.sub(" ", answer)


class Matcher:
    def __init__(
        self, knowledge: Knowledge, normalizer: Normalizer, sample_facts: Mapping[str, object] | None = None
    ) -> None:
        self.knowledge = knowledge
        self.normalizer = normalizer
        self.entries = knowledge.entries
        self._index_by_id = {entry.id: index for index, entry in enumerate(self.entries)}
        phrasing_docs: list[list[str]] = []
        self._doc_entry: list[int] = []
        bags: list[list[str]] = []
        # What an answer states (its title and text), apart from how people ask for it: a phrasing
        # "bayar di minimarket bisa?" leads to the payment answer, which still names no minimarket.
        self._stated: list[frozenset[str]] = []
        # The units each answer states a number in ("3 hari kerja"), its figures filled in from
        # `sample_facts` (a percentage is a variable: "{{ pu_jkm }}" is "0,30%").
        units = normalizer.lexicon.units
        self._stated_units = [stated_units(filled(e.answer, sample_facts or {}), units) for e in self.entries]
        self._states_an_amount = [AMOUNT.search(e.answer) is not None for e in self.entries]
        # Whether each answer says where something is done: an office, an app, a portal, a number.
        self._states_a_place = [bool(_PLACE.search(e.answer)) for e in self.entries]
        for index, entry in enumerate(self.entries):
            bag: list[str] = []
            title = normalizer.tokens(entry.title)
            for tokens in (title, *(normalizer.tokens(p) for p in entry.phrasings)):
                phrasing_docs.append(tokens)
                self._doc_entry.append(index)
                bag.extend(tokens)
            answer = normalizer.tokens(answer_words(entry.answer))
            self._stated.append(frozenset(title) | frozenset(answer))
            bag.extend(answer)
            bags.append(bag)
        self._phrasings = _BM25(phrasing_docs)
        self._bags = _BM25(bags)
        self._ngrams = _NGrams(phrasing_docs)
        self._bag_vocab = [frozenset(b) for b in bags]
        self._entries_per_word = Counter(t for vocab in self._bag_vocab for t in vocab)  # how many entries know it
        self._programs = [
            PROGRAMS.intersection([*normalizer.tokens(e.title), e.id.split("-")[0]]) for e in self.entries
        ]
        self._parties = [frozenset(PARTIES[p] for p in e.id.split("-") if p in PARTIES) for e in self.entries]
        # What an entry is about besides its program and party, from its id: "jkk-iuran-pu" -> iuran.
        self._id_words = [
            frozenset(t for part in e.id.split("-") if part not in PARTIES for t in normalizer.tokens(part))
            - PROGRAMS
            - QUESTION_WORDS
            for e in self.entries
        ]
        self._max_idf = math.log(1 + (len(bags) + 0.5) / 0.5)
        self._situations = tuple(
            (program, tuple(frozenset(t for part in group for t in normalizer.tokens(part)) for group in groups))
            for program, groups in normalizer.lexicon.situations
        )
        anchors = set(normalizer.anchors)
        # Each keyword is a group of words that must all occur: "kis" alone, or "bpjs + melahirkan"
        # (a bare "BPJS" with a word of health care means BPJS Kesehatan).
        self._keywords: list[tuple[frozenset[str], ...]] = []
        self._unless: list[frozenset[str]] = []
        self._unless_combined: list[frozenset[str]] = []
        for entry in self.entries:
            groups: list[frozenset[str]] = []
            for word in entry.keywords:
                if "+" in word:
                    groups.append(frozenset(t for part in word.split("+") for t in normalizer.tokens(part)))
                else:
                    single = normalizer.tokens(word)
                    groups.extend(frozenset({t}) for t in single)
                    anchors.update(single)
            self._keywords.append(tuple(g for g in groups if g))
            self._unless.append(frozenset(t for word in entry.unless for t in normalizer.tokens(word)))
            combined = entry.unless + entry.unless_combined
            self._unless_combined.append(frozenset(t for word in combined for t in normalizer.tokens(word)))
        self.anchors = frozenset(anchors)
        # Another office's one-word keywords ("pajak", "pinjol"): set aside with "selain", they are not asked.
        self._office_words = frozenset(
            word
            for entry, groups in zip(self.entries, self._keywords, strict=True)
            if entry.kind == "redirect"
            for group in groups
            if len(group) == 1
            for word in group
        )
        # What a likeness never takes away: our own programs and domain words (not another office's).
        self._domain_words = PROGRAMS | normalizer.anchors | {AGENCY}
        self.weak_anchors = normalizer.weak_anchors - self.anchors
        small: set[str] = set()
        answer_words_seen: set[str] = set()
        for entry, start in zip(self.entries, self._first_doc(), strict=True):
            count = len(entry.phrasings) + 1
            target = small if entry.kind == "smalltalk" else answer_words_seen
            for doc in phrasing_docs[start : start + count]:
                target.update(doc)
        # Greeting words (never in questions) and the lexicon's neutral words (confirmation tags,
        # the framing of a rumour): set aside before ranking and coverage.
        self.filler = frozenset(small - answer_words_seen) | normalizer.neutral
        self._smalltalk = frozenset(i for i, e in enumerate(self.entries) if e.kind == "smalltalk")
        self._deciders = tuple(i for i, keywords in enumerate(self._keywords) if keywords)

    def _first_doc(self) -> list[int]:
        firsts: list[int] = []
        for doc, entry in enumerate(self._doc_entry):
            if len(firsts) == entry:
                firsts.append(doc)
        return firsts

    # --- scoring -----------------------------------------------------------------
    def _weight(self, token: str) -> float:
        if token in self.normalizer.dates or token in self.normalizer.places or YEAR.fullmatch(token):
            return FUNCTION_WEIGHT  # a month or a year says when, a place where, not what
        weight = self._bags.idf.get(token)
        if weight is None:
            return FUNCTION_WEIGHT if token in self.normalizer.function else self._max_idf
        return weight

    def unheard(self, tokens: Sequence[str]) -> list[str]:
        """The message's content words the knowledge has never seen (not numbers, question words,
        greetings or closed-class words), once each."""
        return [
            t
            for t in dict.fromkeys(tokens)
            if not self.normalizer.is_known(t)
            and t not in self.normalizer.function
            and t not in self.filler
            and t not in QUESTION_WORDS
            and not is_number(t)
        ]

    def stated_units_of(self, entry: Entry) -> frozenset[str]:
        """The units the entry's answer states a number in ("10 tahun": years)."""
        return self._stated_units[self.index_of(entry)]

    def units_stated_in(self, text: str) -> frozenset[str]:
        """The units a message states a number in ("sudah kerja delapan tahun": years)."""
        return stated_units(text, self.normalizer.lexicon.units)

    def index_of(self, entry: Entry) -> int:
        """The entry's position in the knowledge (the indexes are built in that order)."""
        return self._index_by_id[entry.id]

    def parties_of(self, entry: Entry) -> frozenset[str]:
        """The party an entry is for, from its id ("bpu" in jp-bpu-tidak-bisa): its party word."""
        return self._parties[self.index_of(entry)]

    def programs_of(self, entry: Entry) -> frozenset[str]:
        """The programs an entry is about (its title names them or its id starts with one)."""
        return self.programs_at(self.index_of(entry))

    def programs_at(self, index: int) -> frozenset[str]:
        """The programs of the entry at `index` (no search through the entries)."""
        return frozenset(self._programs[index])

    def coverage(self, tokens: Sequence[str], entry_index: int) -> float:
        unique = set(tokens)
        total = sum(self._weight(t) for t in unique)
        if total <= 0:
            return 0.0
        vocab = self._bag_vocab[entry_index]
        return sum(self._weight(t) for t in unique if t in vocab) / total

    def unstated(self, words: Sequence[str], entry: Entry, asking: Sequence[str] = ()) -> tuple[str, ...]:
        """The details `words` ask for (the lexicon's [details]: opening hours, a fee, a bank, a
        court, ...) that the entry's answer never states, and the units `asking` (else `words`)
        asks a number of that it states no number in ("berapa hari"): if any, it does not answer."""
        index = self.index_of(entry)
        stated = self._stated[index]
        details = tuple(t for t in dict.fromkeys(words) if t in self.normalizer.details and t not in stated)
        units = asked_units(asking or words, self.normalizer.lexicon.units)
        return details + tuple(u for u in units if u not in self._stated_units[index] and u not in details)

    def _best_per_entry(self, doc_scores: dict[int, float]) -> dict[int, float]:
        best: dict[int, float] = {}
        for doc, score in doc_scores.items():
            e = self._doc_entry[doc]
            if score > best.get(e, 0.0):
                best[e] = score
        return best

    def implied_program(self, tokens: Sequence[str]) -> str | None:
        """The program a message's situation belongs to when it names none ("suami saya meninggal")."""
        words = set(tokens)
        described = [program for program, groups in self._situations if any(g and g <= words for g in groups)]
        if len(set(described)) > 1 and ALTERNATIVES.intersection(words):
            # "dilindungi kalau celaka atau meninggal": either case, so both programs, none implied.
            return None
        if described:
            return None if described[0] == NO_PROGRAM else described[0]
        return None

    def rank_tokens(self, tokens: Sequence[str], smalltalk: bool = True) -> list[tuple[int, float]]:
        """Entry indexes with their fused score, best first (greeting entries only if `smalltalk`)."""
        # A month or a year says when, not what: "iuran bpu januari 2027" is neither the phrasing
        # "usia pensiun 2027" nor "pph 21 bulan januari".
        ranked = [t for t in tokens if not YEAR.fullmatch(t) and t not in self.normalizer.dates]
        signals = (
            (WEIGHT_PHRASING, self._best_per_entry(self._phrasings.scores(ranked))),
            (WEIGHT_ENTRY, self._bags.scores(ranked)),
            (WEIGHT_NGRAM, self._best_per_entry(self._ngrams.scores(ranked))),
        )
        fused: dict[int, float] = defaultdict(float)
        for weight, all_scores in signals:
            scores = all_scores if smalltalk else {e: v for e, v in all_scores.items() if e not in self._smalltalk}
            top = max(scores.values(), default=0.0)
            if top <= 0:
                continue
            for e, s in scores.items():
                fused[e] += weight * s / top
        named = PROGRAMS.intersection(tokens)
        implied = None if named else self.implied_program(tokens)
        asked = frozenset(tokens)
        party = frozenset(PARTIES.values()).intersection(tokens)
        if not party and EMPLOYER_WORDS.intersection(tokens):
            party = frozenset({PARTIES["pu"]})  # an employer asks about employees' contributions
        for e in fused:
            about = self._programs[e]
            if about and named and not about & named:
                fused[e] *= OTHER_PROGRAM_FACTOR
            elif about and not named:
                if implied is None:
                    fused[e] *= UNNAMED_PROGRAM_FACTOR
                elif implied not in about:
                    fused[e] *= IMPLIED_OTHER_FACTOR
            elif implied is not None and not about:
                fused[e] *= UNNAMED_PROGRAM_FACTOR
            elif named and not about and len(named) == 1:
                fused[e] *= GENERAL_ENTRY_FACTOR
            elif len(named) > 1 and about and not named <= about:
                # "potongan jht dan jp berapa": an entry about all of them (or about none in
                # particular) answers better than one about only one of them.
                fused[e] *= GENERAL_ENTRY_FACTOR
            if party and self._parties[e] and not self._parties[e] & party:
                fused[e] *= OTHER_PARTY_FACTOR
            if self._id_words[e] & asked:
                fused[e] *= ID_WORD_FACTOR
        return sorted(fused.items(), key=lambda item: (-item[1], item[0]))

    def rank(self, text: str) -> list[Scored]:
        return [Scored(self.entries[i], s) for i, s in self.rank_tokens(self.normalizer.tokens(text))]

    def names_no_subject(self, token: str) -> bool:
        """An aspect word ("berapa lama", "caranya", "masih"), a number (a quantity: "kalau 4
        bulan?") or a month (when: "januari nanti?"): it asks about a subject, it names none."""
        return token in self.normalizer.aspects or token in self.normalizer.dates or is_number(token)

    def names_another_office(self, tokens: Sequence[str]) -> bool:
        """Whether the words hold a keyword of another office's business ("pajak + motor", "lembur",
        "kis", "sakit + rawat inap"): a redirect's, or the health agency's (an answer that says where to go)."""
        words = set(tokens)
        return any(any(group <= words for group in self._keywords[i]) for i in self._deciders)

    def keyword_said(self, entry: Entry, tokens: Sequence[str]) -> bool:
        """Whether the words hold one of the entry's own keyword groups (not only ranked near it)."""
        words = set(tokens)
        return any(group <= words for group in self._keywords[self.index_of(entry)])

    def _decides(self, index: int, group: frozenset[str], asked: Sequence[str]) -> bool:
        """Whether a keyword group of entry `index` decides a question made of `asked`."""
        if not group <= set(asked):
            return False
        # A workplace cancels a combination ("karyawan berobat pakai bpjs": a bare "BPJS" beside work
        # may be ours), but not one that names our agency: "bpjs tk + melahirkan" asks whether we
        # pay for a birth, which a worker asks too. Nor is a keyword cancelled by its own words.
        combined = len(group) > 1 and AGENCY not in group
        unless = self._unless_combined[index] if combined else self._unless[index]
        return not (unless - group).intersection(asked)

    # --- decision ----------------------------------------------------------------
    def _close_amount(
        self, substantive: Sequence[tuple[int, float]], best: int, top: float, fits: Callable[[int], bool]
    ) -> int | None:
        """The rank of a nearly tied answer that states an amount (and `fits`), when the best states none."""
        if self._states_an_amount[best] or self.entries[best].kind != "answer":
            return None
        for rank, (index, score) in enumerate(substantive[1:MAX_CHOICES], 1):
            if score < CLOSE_RATIO * top:
                return None
            if self.entries[index].kind == "answer" and self._states_an_amount[index] and fits(index):
                return rank
        return None

    def _close_runner_up(
        self,
        substantive: Sequence[tuple[int, float]],
        bar: float,
        covered: Callable[[int], float],
        fits: Callable[[int], bool],
    ) -> int | None:
        """The rank of the first close runner-up answer of the best entry's program that knows the
        message as well and `fits` where the best does not (states the detail asked, says where)."""
        best, top = substantive[0]
        for rank, (index, score) in enumerate(substantive[1:RUNNER_UPS], 1):
            if score < RUNNER_UP_RATIO * top or self.entries[index].kind != "answer":
                continue
            if self._programs[index] == self._programs[best] and covered(index) >= bar and fits(index):
                return rank
        return None

    def _rare_anchor_runner_up(
        self,
        own: Sequence[str],
        substantive: Sequence[tuple[int, float]],
        bar: float,
        covered: Callable[[int], float],
    ) -> int | None:
        """The rank of a close runner-up that knows the message's rare domain word the best entry
        does not: "pmi wajib ikut program apa" is about migrant workers, whom the business scales
        (which know "wajib" and "program") never mention. Rare: known to at most RARE_ANCHOR_ENTRIES
        entries, so the word names its subject rather than the domain at large."""
        best = substantive[0][0]
        rare = [
            t
            for t in dict.fromkeys(own)
            if t in self.anchors and t not in self._bag_vocab[best] and self._entries_per_word[t] <= RARE_ANCHOR_ENTRIES
        ]
        if not rare:
            return None
        top = substantive[0][1]
        for rank, (index, score) in enumerate(substantive[1:RUNNER_UPS], 1):
            if score < RUNNER_UP_RATIO * top:
                break
            if self.entries[index].kind == "answer" and all(t in self._bag_vocab[index] for t in rare):
                return rank if covered(index) >= bar else None
        return None

    @staticmethod
    def _blend(whole: list[tuple[int, float]], focus: list[tuple[int, float]]) -> list[tuple[int, float]]:
        """The whole message's ranking mixed with its question clause's, each scaled by its best."""
        mixed: dict[int, float] = defaultdict(float)
        for weight, ranking in ((1 - FOCUS_BLEND, whole), (FOCUS_BLEND, focus)):
            top = ranking[0][1] if ranking and ranking[0][1] > 0 else 1.0
            for e, score in ranking:
                mixed[e] += weight * score / top
        return sorted(mixed.items(), key=lambda item: (-item[1], item[0]))

    def _clauses(self, text: str) -> list[Clause]:
        """The clauses of `text` that hold anything, read once, each marked when a "?" closes it."""
        clauses: list[Clause] = []
        start = 0
        text = without_abbreviation_dots(text)
        for separator in (*CLAUSE.finditer(text), None):
            piece = text[start : separator.start() if separator else len(text)]
            if piece.strip():
                spelled = frozenset(m.lower() for m in SPELLED_PROGRAM.findall(piece))
                clauses.append(
                    Clause(tuple(self.normalizer.tokens(piece)), bool(separator and "?" in separator.group()), spelled)
                )
            start = separator.end() if separator else len(text)
        return clauses

    def _question_clause(self, clauses: Sequence[Clause], question: Sequence[str]) -> tuple[str, ...]:
        """The last clause that asks something, with the message's domain words.

        Empty when the message is a single clause (then the whole message is the question).
        """
        if len(clauses) < 2:
            return ()
        asking: Sequence[str] = []
        for number in range(len(clauses) - 1, -1, -1):
            words = clauses[number].tokens
            if words and (not asking or QUESTION_WORDS.intersection(words)):
                asking = words
                before = clauses[number - 1].tokens if number else ()
                # A tag without content ("..., bener ga?", "..., bener?") asks about the clause
                # before it; a condition ("kalau telat 3 bulan, ...") is part of the question after it.
                tag = all(t in QUESTION_WORDS or t in self.filler for t in words)
                if tag or (before and before[0] in CONDITION_OPENERS):
                    asking = [*before, *words]
                if QUESTION_WORDS.intersection(words):
                    break
        own = [t for t in asking if t not in QUESTION_WORDS and t not in self.filler]
        if own and PROGRAMS.issuperset(own) and len(PROGRAMS.intersection(question)) <= 1:
            # "proyek nilainya 100jt, JKK nya brp?": a clause that only names the program the whole
            # message names already says nothing the whole does not.
            return ()
        # A clause that names its own program ("..., JKM peserta mandiri berapa?") does not take on
        # the programs only the story names ("baca di blog iuran JKK 0,24%").
        named = PROGRAMS.intersection(asking)
        domain = [
            t for t in question if (t in self.anchors or t in self.weak_anchors) and (not named or t not in PROGRAMS)
        ]
        return tuple(dict.fromkeys(t for t in (*asking, *domain) if t not in self.filler))

    def _told_only(self, clauses: Sequence[Clause], own: Sequence[str]) -> frozenset[str]:
        """Words only a story clause tells, in a message that asks about a program of ours.

        "Saya kerja di koperasi simpan pinjam ... JHT bisa diambil sebagian? Maksimal berapa
        persen?": the workplace is told, the question is ours; another office's keyword there
        does not make it that office's business. Empty unless some clause asks and one names a program.
        """
        asking = set(self._asked_in_clauses(clauses))
        if len(clauses) < 2 or not asking or not PROGRAMS.intersection(own):
            return frozenset()
        return frozenset(t for c in clauses for t in c.tokens) - asking

    @staticmethod
    def _without_told_programs(question: Sequence[str], clauses: Sequence[Clause]) -> Sequence[str]:
        """`question` without the programs only a story clause spells out, when the last clause
        that asks spells out its own: "Di grup katanya JKM mandiri 1%. JKK mandiri berapa?" asks
        about JKK alone. A program described ("meninggal kecelakaan kerja" is JKK's) is never dropped."""
        asking = next((c for c in reversed(clauses) if c.asks), None)
        if asking is None or not asking.spelled:
            return question
        told = frozenset().union(*(c.spelled for c in clauses)) - asking.spelled
        return [t for t in question if t not in told] if told else question

    def _asked_in_clauses(self, clauses: Sequence[Clause]) -> tuple[str, ...]:
        """The words of every clause that asks something: closed by "?" or holding an interrogative,
        or passing on hearsay ("katanya data peserta pernah bocor, data saya aman?" asks about the
        leak it reports). Not what someone named said ("bos bilang gaji gak dibayar selama libur"),
        nor a source alone ("kata tiktok gitu")."""
        return tuple(t for c in clauses if c.asks or self._hearsay(c) for t in c.tokens)

    def _hearsay(self, clause: Clause) -> bool:
        words = clause.tokens
        return len(words) >= HEARSAY_MIN_WORDS and words[0] in self.normalizer.rumour

    def decide(
        self,
        text: str,
        context: Sequence[str] = (),
        *,
        skip: frozenset[str] = frozenset(),
        anchored: bool = False,
        own_programs_only: bool = False,
        context_counts: bool = False,
        uncounted: frozenset[str] = frozenset(),
        unknown_bar: float | None = None,
        denied: frozenset[str] = frozenset(),
    ) -> Decision:
        """The entry `text` asks about, if any.

        `context` holds canonical words from around the message (the domain words of the story
        before a question, the previous question of the same message, or the last topic of the
        conversation). They take part in finding the entry and may supply the domain anchor,
        but the coverage bar is measured on the message's own words, so a question the
        knowledge does not know ("harga emas berapa") is not answered because of its context.
        `skip` drops words that only link the message to what came before ("terus", "kalau");
        `anchored` says the conversation has already established the domain (a follow-up);
        `own_programs_only` keeps out entries about another program than the one the message
        names, or when it names none, than the one its context names (context from another
        program must not pull the answer back to it; "dokumennya apa?" after JKP stays with JKP);
        `context_counts` lets context words count for coverage too (when they come from the
        same message: the story told before the question); `uncounted` words rank but do not
        count for coverage (the question words of a follow-up that says what it asks about);
        `unknown_bar`, when given, is the coverage needed if the message holds a word the knowledge
        has never seen (a follow-up about something new: "kalau jadwal bioskop?"); entries of the
        `denied` programs are out of the running (the message says its case is not theirs).
        """
        own = without_amounts(tuple(t for t in self.normalizer.tokens(text) if t not in skip))
        own = without_excluded(own, self._office_words)
        own = without_likenesses(own, self._domain_words)
        if not own:
            return Decision(Verdict.UNKNOWN, None)
        extra = tuple(t for t in dict.fromkeys(context) if t not in own)
        tokens = own + extra
        # A keyword group of another office's business ("kas + warga") is a domain word too: it decides below.
        strong = anchored or any(t in self.anchors for t in tokens) or self.names_another_office(tokens)
        weak = any(t in self.weak_anchors for t in tokens)
        if not (strong or weak):
            # No domain word: only a greeting or thanks may be answered, if it is nearly all greeting.
            covers = sorted(((self.coverage(tokens, i), -i) for i in self._smalltalk), reverse=True)
            if covers and covers[0][0] >= SMALLTALK_COVERAGE:
                cover, index = covers[0][0], -covers[0][1]
                return Decision(Verdict.SMALLTALK, self.entries[index], coverage=cover, tokens=tokens)
            return Decision(Verdict.UNKNOWN, None, coverage=0.0, tokens=tokens)
        question = tuple(t for t in tokens if t not in self.filler) or tokens
        mine = own + extra if context_counts else own
        if self.normalizer.rumour.intersection(own):
            # "katanya jht bpu 0,3%, bener?": a figure no answer states is the rumour's, to be
            # checked, not looked up (a figure some answer states still helps find it).
            uncounted = uncounted | {t for t in own if is_number(t) and not self.normalizer.is_known(t)}
        asked = tuple(t for t in mine if t not in self.filler and t not in uncounted) or mine  # coverage of these
        clauses = self._clauses(text)
        told: frozenset[str] | None = None  # read only when another office's keyword occurs (rare)
        for index in self._deciders:  # a keyword of another office's business decides it
            # A program lent by the last topic is not "named": only the words asked cancel a keyword.
            deciding = [group for group in self._keywords[index] if self._decides(index, group, asked)]
            if not deciding:
                continue
            entry = self.entries[index]
            if entry.kind == "redirect":
                told = self._told_only(clauses, own) if told is None else told
                if all(group <= told for group in deciding):
                    continue
            verdict = Verdict.REDIRECT if entry.kind == "redirect" else Verdict.ANSWER
            return Decision(verdict, entry, anchored=True, tokens=tokens)
        substantive = self.rank_tokens(self._without_told_programs(question, clauses), smalltalk=False)
        # A redirect whose `unless` words occur (a program of ours is named) is out of the running.
        substantive = [
            (e, v)
            for e, v in substantive
            if self.entries[e].kind != "redirect" or not self._unless[e].intersection(question)
        ]
        if denied:
            substantive = [(e, v) for e, v in substantive if not self._programs[e] & denied]
        named = PROGRAMS.intersection(own)
        # A follow-up that names no program stays with the program of the last topic.
        scope = named or PROGRAMS.intersection(extra)
        if own_programs_only and scope:
            substantive = [(e, v) for e, v in substantive if not self._programs[e] or self._programs[e] & scope]
        elif own_programs_only and self.implied_program(own) is None:
            # After a topic of no program, a follow-up that names none and describes none asks about
            # that topic's kind ("minimal harus jadi peserta berapa lama?" after the scholarship).
            substantive = [(e, v) for e, v in substantive if not self._programs[e]]
        if not substantive:
            return Decision(Verdict.UNKNOWN, None, anchored=True, tokens=tokens)
        if (named and PROGRAMS.issuperset(question) and len(named) == 1) or set(question) == {AGENCY}:
            # A bare program name ("jkk?") asks what the program is: its "apa" entry comes first.
            what = [i for i, (e, _) in enumerate(substantive) if "apa" in self.entries[e].id.split("-")]
            if what and what[0] < MAX_CHOICES:
                substantive.insert(0, (substantive[what[0]][0], substantive[0][1]))
                del substantive[what[0] + 1]
        focus = self._question_clause(clauses, question)
        if focus:  # a story, then a question: the question clause has a say in the ranking
            substantive = self._blend(substantive, self.rank_tokens(focus, smalltalk=False))
        bar = MIN_COVERAGE if strong else MIN_COVERAGE_WEAK
        situation = None if strong else self.implied_program(own)
        if situation is not None:
            bar = MIN_COVERAGE_SITUATION
        # A number is a quantity ("umur 55"), not something new the knowledge has never heard of.
        if unknown_bar is not None and any(not self.normalizer.is_known(t) and not is_number(t) for t in asked):
            bar = max(bar, unknown_bar)

        def covered(index: int) -> float:
            # A detail the entry's answer does not state is judged apart (below): it neither lowers
            # this entry's coverage nor lifts another whose phrasings merely mention it.
            stated = self._stated[index]
            measured = tuple(t for t in asked if t not in self.normalizer.details or t in stated) or asked
            cover = self.coverage(measured, index)
            if focus and bar > cover >= (WHOLE_SHARE if strong else WHOLE_SHARE_WEAK) * bar:
                cover = max(cover, self.coverage(focus, index))
            return cover

        cover = covered(substantive[0][0])
        own_strong = any(t in self.anchors for t in own)
        lends = anchored and not own_strong and any(t in self.weak_anchors for t in own)
        # Any other follow-up that says enough of its own: not aspect words only ("april tahun
        # depan tetap?" asks about the last answer), nor one word ("kalau nikah?" may be a new
        # subject that some entry happens to mention).
        aspects_only = all(self.names_no_subject(t) for t in asked)
        says_enough = len(set(asked) - QUESTION_WORDS) >= FOLLOW_UP_RUNNER_UP_MIN_WORDS
        follow_up = anchored and not (own_strong or lends) and says_enough and not aspects_only
        if cover < bar and (own_strong or lends or follow_up):
            # The best-ranked entry does not know the message's words; a close runner-up that does
            # (the rare word "pkl" is only in the apprentices' entry) answers instead. Only when the
            # message itself names our domain (a strong word of its own, not one lent by a story), so
            # another office's business is never the runner-up that takes over; or in a follow-up:
            # one naming an everyday domain word ("alamatnya?" after the area answer is the
            # office's address) from the last topic's program, if it has one ("dokumennya apa?"
            # after JKP stays JKP); any other from the last topic's program, or of no program after
            # a topic of none ("nanti dibayar pakai apa?" after arrears is the payment channels;
            # "kalau saya beli motor sama?" after the dues is not the JHT for a house).
            def allowed(index: int) -> bool:
                programs = self._programs[index]
                if lends:
                    return not scope or bool(programs & scope)
                if follow_up:
                    return bool(programs & scope) if scope else not programs
                return True

            top = substantive[0][1]

            def near_enough(index: int, score: float) -> bool:
                # In a follow-up the last topic's entry ranks high on the words it lends; a runner-up
                # that knows every word the follow-up says ("bisa dibayar pakai apa?" after the fines
                # is the payment channels) may stand further below it.
                if score >= RUNNER_UP_RATIO * top:
                    return True
                return follow_up and score >= FOLLOW_UP_FULL_RUNNER_UP_RATIO * top and covered(index) >= 1.0

            runners = [
                (covered(index), -rank, rank)
                for rank, (index, score) in enumerate(substantive[1:RUNNER_UPS], 1)
                if near_enough(index, score) and self.entries[index].kind != "redirect" and allowed(index)
            ]
            fits = max(runners, default=(0.0, 0, 0))
            if fits[0] >= bar:  # the runner-up that knows most of the message's words
                substantive.insert(0, substantive.pop(fits[2]))
                cover = fits[0]
        elif not anchored:
            rare = self._rare_anchor_runner_up(own, substantive, bar, covered)
            if rare is not None:
                substantive.insert(0, substantive.pop(rare))
                cover = covered(substantive[0][0])
        best_index, best_score = substantive[0]
        best = self.entries[best_index]
        # "kantor bpjs tk blitar buka hari sabtu?": the address does not say the opening days.
        # The units are read on the message's own words: a follow-up's "berapa" is not counted.
        # Every clause that asks has its details checked: "buka hari Sabtu? kalau buka jam berapa?"
        # asks for the days as much as the hours.
        # A request with no clause that asks ("minta nomor WA pribadi petugas dong, biar langsung
        # chat") asks for all of it; a story without "?" still only tells its details.
        request = not any(c.asks for c in clauses) and REQUEST.search(text) is not None
        asking = () if request else focus

        def unstated_by(entry: Entry) -> tuple[str, ...]:
            if entry.kind != "answer":
                return ()
            return self.unstated((*asking, *self._asked_in_clauses(clauses)) if asking else asked, entry, focus or own)

        def promoted(rank: int) -> tuple[int, float, Entry, float]:
            """The runner-up at `rank` moved to the top: its index, score, entry and coverage."""
            substantive.insert(0, substantive.pop(rank))
            index, score = substantive[0]
            return index, score, self.entries[index], covered(index)

        unstated = unstated_by(best)
        if unstated and cover >= bar:
            # "... 14 bulan belum bisa kerja ... sesudah itu dapat berapa persen?": the treatment costs
            # state no percentage; a close runner-up of the same program that knows the message as
            # well and states one (the wage replacement) answers instead.
            stating = self._close_runner_up(substantive, bar, covered, lambda i: not unstated_by(self.entries[i]))
            if stating is not None:
                best_index, best_score, best, cover = promoted(stating)
                unstated = ()
        if not unstated and WHERE in (asking or asked) and not self._states_a_place[best_index]:
            # "ahli waris klaim JKM di mana?": the heirs' answer names no place to go; a close
            # runner-up of the same program that knows the message as well and does (how to claim
            # JKM) answers instead. Without one, the best still answers: this only chooses.
            placed = self._close_runner_up(substantive, bar, covered, lambda i: self._states_a_place[i])
            if placed is not None:
                best_index, best_score, best, cover = promoted(placed)
        if cover < bar or (situation is not None and situation not in self._programs[best_index]) or unstated:
            return Decision(
                Verdict.UNKNOWN,
                None,
                anchored=True,
                coverage=cover,
                tokens=tokens,
                nearest=best,
                unstated=unstated,
                bar=bar,
            )
        if best.kind == "redirect":
            return Decision(Verdict.REDIRECT, best, anchored=True, coverage=cover, tokens=tokens, bar=bar)
        if ASKING in question and not asked_units(question, self.normalizer.lexicon.units):
            # "santunan jkm kalau suami meninggal brp": "berapa" with no unit asks an amount; of two
            # nearly tied entries, the heirs (who receives) state none, the death benefit does.
            amount = self._close_amount(substantive, best_index, best_score, lambda i: covered(i) >= bar)
            if amount is not None:
                best_index, best_score, best, cover = promoted(amount)
        close = [
            self.entries[i]
            for i, s in substantive[:MAX_CHOICES]
            if s >= CLOSE_RATIO * best_score and self.entries[i].kind == "answer"
        ]
        if len(close) >= 2:
            second = substantive[1][1]
            # A bare program name ("jkk?") is answered with what the program is, not a choice.
            bare_program = PROGRAMS.issuperset(question)
            if second >= TIE_RATIO * best_score and len(set(question)) <= TIE_MAX_WORDS and not bare_program:
                return Decision(
                    Verdict.CLARIFY, best, tuple(close), anchored=True, coverage=cover, tokens=tokens, bar=bar
                )
            others = tuple(e for e in close if e is not best)
            return Decision(Verdict.ANSWER, best, others, anchored=True, coverage=cover, tokens=tokens, bar=bar)
        return Decision(Verdict.ANSWER, best, anchored=True, coverage=cover, tokens=tokens, bar=bar)
