"""How a whole message is read before its questions are matched.

People rarely send one tidy question. They tell a story and ask at the end, ask two things at
once ("iurannya berapa? terus kalau telat ada denda?"), or follow up on the last answer
("kalau buat istri saya?"). The reader turns a message into the questions it asks, each with
the words around it that it leans on, and lets the matcher decide each one:

  * parts: sentences (split at ? ! . ; and new lines), then clauses joined by commas or
    "dan/terus/lalu/sama/juga"; a part asks when it holds a question word or ends in "?";
  * story parts lend their domain words (program names, party, strong anchors) to the
    questions; a question that names no program borrows the one of the question before it;
  * a message with two questions that reach two different entries gets both answers (at most
    two, in the order asked); otherwise the best reading of the whole message stands, unless its
    one question names a program the story's entry neither is about nor states ("... nunggak 4
    bulan. masih bisa dapat JKP?"), or asks of a death the story tells as a work accident (JKK's);
  * the last topic of the conversation (a few minutes old) lends its subject to a short
    follow-up, and also its aspect (iuran, syarat, ...) when the follow-up names none; a
    follow-up asking whether the last answer applies to a person or case ("kalau istri saya,
    sama?", "saya baru 7 tahun, sudah bisa belum?", "kalau belum sampai segitu?") stays with it,
    as does one naming a program with "-nya" ("JHT-nya wajib juga?": its JHT);
  * a message still not understood that holds a strong domain word is given to the second
    opinion (bot/faq/semantic.py: sentence embeddings), which answers only when a phrasing is
    very close; not one with two or more words the knowledge has never seen (its subject is
    one we do not hold: a building, a donation account, a financial report);
  * a message read whole whose best entry has a near tie (offered as "maksud Anda ...?") is
    given to the same model, and the tied entry whose phrasings are clearly closer answers.
Context words help find the entry, but each question must still be covered by its own words
(see `Matcher.decide`), so context never makes an unknown question look known.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from bot.faq.future_change import asks_about_change
from bot.faq.knowledge import Entry
from bot.faq.matcher import (
    AGENCY,
    AMOUNT,
    CONDITION_OPENERS,
    FOLLOW_UP_RUNNER_UP_MIN_WORDS,
    INTERROGATIVES,
    MIN_COVERAGE_WEAK,
    PARTIES,
    PROGRAMS,
    QUESTION_WORDS,
    SPELLED_PROGRAM,
    Decision,
    Matcher,
    Verdict,
    is_number,
)
from bot.faq.normalize import without_abbreviation_dots
from bot.faq.semantic import Opinion, SecondOpinion

# Words the knowledge has never seen that a question may hold and still go to the second opinion:
# one is a story word or a paraphrase ("rincian", "employment"); two or more name another subject.
SECOND_OPINION_MAX_UNHEARD = 1
# A message with none of our strong words that describes one program's situation ("paru-paru rusak
# kena debu pabrik", "uang bulanan pas tua"): the second opinion answers a little below its own
# threshold when its nearest entry is about that very program, as two independent readings agree.
SITUATION_AGREEMENT = 0.915
# A near tie is settled by the embeddings only when one entry's nearest phrasing is this much closer
# (cosine) than the other's: a smaller gap is noise of the model, measured on the development sets.
TIE_MARGIN = 0.01

# A dot or comma between digits is part of a number ("Rp16.800", "0,24%"), not a boundary.
SENTENCE = re.compile(r"((?:[?!;\n]|\.(?!\d)|(?<!\d)\.)+)")
# "lalu" joins clauses, except after a time word ("minggu lalu" = last week); "sama" ("and"),
# except in "kerja sama"; "dan" ("and"), except between two programs ("iuran JKK dan JKM untuk
# proyek konstruksi berapa?" asks one thing of both) or after a time preposition.
_NO_PROGRAM_BEFORE = r"(?<!jkk)(?<!jkm)(?<!jht)(?<!jkp)(?<!\bjp)"
_NO_PROGRAM_AFTER = r"(?!\s*(?:jkk|jkm|jht|jkp|jp)\b)"
# "sebelum dan selama kontrak", "before and after": two times of one question, not two questions.
_NO_TIME_WORD_BEFORE = r"(?<!sebelum)(?<!selama)(?<!sesudah)(?<!setelah)(?<!before)(?<!during)"
JOINER = re.compile(
    # A comma, unless between digits ("0,24%") or in a list of programs ("JKK, JKM dan JHT").
    rf"(?<!\d){_NO_PROGRAM_BEFORE},|(?<!\d),{_NO_PROGRAM_AFTER}|{_NO_PROGRAM_BEFORE},(?!\d)|,(?!\d){_NO_PROGRAM_AFTER}"
    r"|\s(?:terus|trus|trs|kemudian|then|also|plus)\s"
    rf"|{_NO_PROGRAM_BEFORE}{_NO_TIME_WORD_BEFORE}\s(?:dan|serta|and)\s|{_NO_TIME_WORD_BEFORE}\s(?:dan|serta|and)\s{_NO_PROGRAM_AFTER}"
    r"|(?<!minggu)(?<!bulan)(?<!tahun)(?<!hari)(?<!jam)\slalu\s"
    # "sama" joins ("iuran sama dendanya"), unless it compares: "sama dengan", "sama kayak", "sama aja".
    r"|(?<!kerja)\ssama\s(?!(?:dengan|dgn|seperti|kayak|kaya|aja|saja)\b)",
    re.IGNORECASE,
)
# "apa bedanya JHT sama JP?", "lebih untung JHT atau JP?": two things compared are one question,
# so such a sentence is split at commas only, not at "dan"/"sama".
COMPARING = re.compile(r"\b(?:beda\w*|perbedaan\w*|bedane|dibanding\w*|versus|vs|difference|compare\w*)\b", re.I)
# Programs compared: "beda" is how the normaliser writes bedanya, perbedaan, bedane, difference.
COMPARED = "beda"
COMPARISON_WORDS = frozenset({COMPARED, "dengan", "antara", "program", "jaminan"})
OVERVIEW = "{program}-apa"  # the entry that says what a program is (jkk-apa, ..., jkp-apa)
COMMAS = re.compile(r"(?<!\d),|,(?!\d)")
MAX_ANSWERS = 2
# A story told with everyday words only, which the entry its question finds knows less than this
# share of, is about something else ("ayam petelur saya kena snot, obatnya apa?").
STORY_OF_ITS_OWN = 0.3
# "..., sudah bisa belum?", "saya masih bisa dapat?": whether the asker meets the last answer's conditions.
_ELIGIBLE_TAGS = r"belum|blm|nggak|ngga|gak|ga|tidak|ya|kah|dong"
ASKS_IF_ELIGIBLE = re.compile(
    rf"\b(?:sudah|udah|udh|sdh|masih|tetap|tetep)\s+(?:bisa|bs|boleh|dapat|dapet)(?:\s+(?:dapat|dapet|cair|ambil))?"
    rf"(?:\s+(?:{_ELIGIBLE_TAGS}))*[\s?!.]*$",
    re.I,
)
# "..., sekarang masih begitu?", "masih berlaku?": whether what the last answer says still holds.
ASKS_IF_STILL_SO = re.compile(
    rf"\b(?:masih|tetap|tetep|msh)\s+(?:begitu|begini|gitu|gini|berlaku|seperti itu|kayak gitu)"
    rf"(?:\s+(?:{_ELIGIBLE_TAGS}))*[\s?!.]*$",
    re.I,
)
# "JHT-nya wajib juga?", "jkm nya gimana?": a program with "-nya" is the last topic's ("its JHT").
PROGRAM_OF_THE_LAST = re.compile(r"\b(?:jht|jkk|jkm|jkp|jp)(?:-|\s)?nya\b", re.I)
# A death (JKM's, as the question may call it) told as a work accident (JKK's situation) is JKK's.
DEATH_PROGRAM, WORK_ACCIDENT_PROGRAM = "jkm", "jkk"
# "meninggal karena kecelakaan kerja": a work accident named as the cause of a death, this many
# words after; "bukan karena ..." denies it.
CAUSE_WORDS = frozenset({"meninggal", "karena", "akibat", "dalam", "kena"})
CAUSE_REACH = 3
NEGATION = "bukan"
# "meninggal karena sakit biasa", "meninggal wajar": a death of no work accident (JKK's situation).
# An illness alone is not denied: JKK's answers themselves say ordinary illness is not theirs.
ORDINARY_CAUSES = frozenset({"biasa", "wajar", "alami"})
ORDINARY_OF = frozenset({"sakit", "meninggal"})
ORDINARY_REACH = 2  # "sakit biasa", "meninggal yang wajar"
DEATH = "meninggal"
# "segitu" ("that much", "that age") points at the last answer's figure.
POINTING_AT_THE_FIGURE = frozenset({"segitu"})
# "umur segitu" points at an age; an answer that states none leaves the asker's own age meant.
AGE = "usia"
AGE_POINTED = re.compile(r"\b(?:umur|usia|umure|umurnya|usianya)\s+segitu\b", re.I)
# "baru 8 tahun", "cuma 2 bulan": how little of a quantity, said of the asker's own case.
ONLY_WORDS = frozenset({"baru", "cuma", "hanya"})
# "kalau lebih dari itu ke mana?" after a claim limit: the last answer's figure, passed or not reached.
BEYOND_THE_FIGURE = re.compile(
    r"\b(?:lebih|kurang|lewat|melebihi|di\s?atas|di\s?bawah)\s+(?:dari\s+)?(?:itu|segitu|batas\w*)\b", re.I
)
# People and kinds of member a follow-up may ask the last answer about ("kalau istri saya?",
# "kalau yang peserta bpu?"), as the normaliser writes them.
PEOPLE = frozenset(
    {"istri", "suami", "ayah", "bapak", "ibu", "anak", "saudara", "mertua", "kakak", "adik", "orangtua", "keluarga"}
    | {"teman", "tetangga", "karyawan", "pegawai", "pekerja", "buruh", "peserta", "bpu", "pemberikerja"}
    | {"pedagang", "ojol", "nelayan", "kurir", "tani", "honorer", "prt", "pmi", "migran", "pekerjalepas", "magang"}
)
# The asker's family and people around them: the last answer asked again for one of them.
FAMILY = frozenset(
    {"istri", "suami", "ayah", "bapak", "ibu", "anak", "saudara", "mertua", "kakak", "adik", "orangtua", "keluarga"}
    | {"teman", "tetangga"}
)
# What a family member does that keeps the last answer's subject: works, joins, registers.
WORKING_TOO = frozenset({"kerja", "ikut", "daftar"})
# "kalau istri saya yang jualan kue, bayarnya sama?", "dapatnya sama juga?": whether the last
# answer holds for another person or case; it asks about the last answer, whatever the case is.
_SAME_TAGS = r"juga|jg|aja|saja|ya|kah|gak|ga|nggak|ngga|enggak|tidak|nopo|ora|mawon"
ASKS_IF_SAME = re.compile(rf"(?:\bsama|\bsami|\bpodo|\bthe same)(?:\s+(?:{_SAME_TAGS}))*[\s?!.]*$", re.I)
# Words that open a follow-up: "kalau buat istri?", "terus yang JHT?", "lha bpu?".
FOLLOW_UP_OPENERS = frozenset({"kalau", "terus", "lalu", "untuk", "yang", "tapi", "dan", "kok", "sama", "juga", "lha"})
# Words that open a reply to the last answer by acknowledging it ("oke min, ...", "ok makasih, tapi ...").
ACKNOWLEDGEMENT = re.compile(
    r"^(?:\s*(?:ok[a-z]*|oke[a-z]*|sip|baik|mantap|oh+|ooh+|owh|oalah|gitu|begitu|nah|hm+|wah|maaf|min|kak|mas"
    r"|mbak|pak|bu|ya|deh"
    r"|(?:makasih[a-z]*|terima\s*kasih|thx|tq)(?:\s+banyak)?)\b[\s,.!]*)++(?=\S)",  # possessive: all or nothing
    re.IGNORECASE,
)
# Words that only tie a follow-up to the last answer; they neither rank nor count for coverage.
LINK_WORDS = FOLLOW_UP_OPENERS | {"nya", "saya", "itu", "ini", "lagi"}
# "kalau ditambah JHT?", "plus jht jadi berapa?", "ambil jht juga jadi brp?": a program added to the dues
# just given.
ADDING_WORDS = frozenset({"tambah", "plus", "juga"})
DUES = "iur"  # "iuran" as the normaliser writes it
DUES_FIGURE = re.compile(r"\{\{\s*(?:bpu|pu)_")  # a template reading a contribution fact
COST_WORDS = frozenset({"berapa", DUES})  # a follow-up asking what something costs
PRICE_REACH = 40  # characters from a program's name to its rate or amount (matcher.AMOUNT), within one sentence
FOLLOW_UP_MAX_WORDS = 8  # longer messages carry their own subject
# ... unless they name no program and open like a follow-up (up to this long).
LONG_FOLLOW_UP_MAX_WORDS = 16
BARE_MAX_WORDS = 4  # a question this short that names no program leans on the last topic
# A follow-up of this many aspect words ("bulan depan masih segitu?") asks about the last answer.
COMMON_MAX_WORDS = 3
# A follow-up with a word the knowledge has never seen may be about something new ("kalau jadwal
# bioskop?"): the last topic lends the domain, but the follow-up's own words must fit better.
FOLLOW_UP_UNKNOWN_BAR = 0.6
# A question this short whose word ends in "-nya" ("alamatnya di mana?") asks about the question before.
POINTING_BACK_MAX_WORDS = 2
SMALLTALK_WHOLE = 0.9  # a greeting or thanks this complete is not a follow-up
# Parts of an entry id that name what is asked about it rather than its subject: a follow-up
# that asks its own aspect ("besarnya berapa?") takes only the subject of the last topic.
ASPECTS = frozenset(
    {"apa", "iuran", "syarat", "klaim", "cair", "kapan", "cara", "besaran", "santunan", "manfaat", "rincian"}
    | {"usia", "cek", "saldo", "status", "daftar", "lama"}
)
PARTY_WORDS = frozenset(PARTIES.values())
ASKING_WORDS = QUESTION_WORDS - {"tidak"}
# Our name (matcher.AGENCY, every form of it as the normaliser writes it) and the prepositions
# that lead to it: no subject of a clause's own ("..., for BPJS Ketenagakerjaan?").
NAMING_US = frozenset({AGENCY, "untuk", "di", "ke", "dari", "pada", "bagi"})


def words_before(tokens: Sequence[str], index: int, reach: int) -> Sequence[str]:
    """The at most `reach` words before `tokens[index]`: where a cause or its denial sits."""
    return tokens[max(0, index - reach) : index]


@dataclass(frozen=True, slots=True)
class Part:
    text: str
    tokens: tuple[str, ...]
    asks: bool
    continued: bool = False  # a condition that already took in the clause going on with it


@dataclass(frozen=True, slots=True)
class Reading:
    """The decisions to answer (primary first) and how the message was read, for `faq explain`."""

    decisions: tuple[Decision, ...]
    how: str  # "whole", "questions", "follow-up", "second-opinion", "situation-agrees"
    parts: tuple[Part, ...] = ()
    context: tuple[str, ...] = field(default=())
    opinion: Opinion | None = None  # what the second opinion said, when it was asked

    @property
    def primary(self) -> Decision:
        return self.decisions[0]


class Reader:
    def __init__(self, matcher: Matcher, second_opinion: SecondOpinion | None = None) -> None:
        self.matcher = matcher
        self.normalizer = matcher.normalizer
        self.second_opinion = second_opinion
        self._by_id = {entry.id: entry for entry in matcher.entries}

    # --- parts ------------------------------------------------------------------
    def parts(self, text: str) -> list[Part]:
        """Sentences and clauses of `text`, in order, each marked as asking or telling.

        A tag without content of its own ("..., bener?", "..., iya kan?", "... 56. betul ga?")
        asks about the clause before it, and a condition ("kalau telat bayar 3 bulan, ...") belongs
        to the question after it: each pair is read as one asking part.
        """
        pieces = SENTENCE.split(without_abbreviation_dots(text))
        found: list[Part] = []
        for index in range(0, len(pieces), 2):
            sentence = pieces[index]
            ends_asking = "?" in (pieces[index + 1] if index + 1 < len(pieces) else "")
            joiner = COMMAS if COMPARING.search(sentence) else JOINER
            clauses = [(c.strip(), tuple(self.normalizer.tokens(c))) for c in joiner.split(sentence) if c.strip()]
            clauses = [(c, tokens) for c, tokens in clauses if tokens]
            for number, (clause, tokens) in enumerate(clauses):
                last = number == len(clauses) - 1
                # "tidak" asks only as a closing tag ("... bisa ikut gak"); "untungnya gak tentu" tells.
                asks = bool(ASKING_WORDS.intersection(tokens)) or tokens[-1] == "tidak" or (last and ends_asking)
                # "selama suami nggak bisa kerja, ..." or "kalau tidak bisa bayar, ...": a condition
                # before the question; its "bisa" or "tidak" asks nothing.
                if not last and tokens[0] in CONDITION_OPENERS and not INTERROGATIVES.intersection(tokens):
                    asks = False
                # "kalau saya celaka di tempat kerja, tidak bisa kerja sebulan, gaji dibayar berapa?": a
                # clause that goes on with the condition is part of it, its "bisa" asking nothing.
                continues = found and self._condition(found[-1]) and not found[-1].continued
                if not last and continues and not INTERROGATIVES.intersection(tokens):
                    before = found.pop()
                    found.append(Part(f"{before.text}, {clause}", before.tokens + tokens, False, continued=True))
                    continue
                # "saya mau daftarkan dia program JKK dan JKM.": a telling clause that only names a
                # program lists it with the clause before; it says nothing of its own.
                if not asks and found and all(t in PROGRAMS or t == "program" for t in tokens):
                    before = found.pop()
                    found.append(
                        Part(f"{before.text}, {clause}", before.tokens + tokens, before.asks, before.continued)
                    )
                    continue
                if asks and found and (not self._has_content(tokens) or self._condition(found[-1])):
                    before = found.pop()
                    found.append(Part(f"{before.text}, {clause}", before.tokens + tokens, True))
                    continue
                found.append(Part(clause, tokens, asks))
        return found

    def _names_nothing(self, tokens: Sequence[str]) -> bool:
        """Whether a question is only question and link words ("gimana ini?", "terus gmn?")."""
        return all(t in QUESTION_WORDS or t in LINK_WORDS or t in self.matcher.filler for t in tokens)

    @staticmethod
    def _condition(part: Part) -> bool:
        return not part.asks and part.tokens[0] in CONDITION_OPENERS

    def _has_content(self, tokens: Sequence[str]) -> bool:
        """Whether a clause says what it asks about (not only "bener ga", "iya kan", "apa"). Our
        own name is no subject: "..., for BPJS Ketenagakerjaan?" asks about the clause before it."""
        return any(t not in QUESTION_WORDS and t not in self.matcher.filler and t not in NAMING_US for t in tokens)

    def _domain(self, tokens: Sequence[str], weak: bool = False) -> list[str]:
        anchors = self.matcher.anchors | self.matcher.weak_anchors if weak else self.matcher.anchors
        return [t for t in tokens if t in anchors or t in PROGRAMS or t in PARTY_WORDS]

    # --- reading ----------------------------------------------------------------
    def read(self, text: str, previous: Entry | None = None) -> Reading:
        if previous is not None:
            text = self.without_acknowledgement(text)
        whole = self.matcher.decide(text)
        parts = self.parts(text)
        questions = [p for p in parts if p.asks]
        reading = Reading((whole,), "whole", tuple(parts))
        if questions and len(parts) >= 2 and not self._keyword_spans_parts(whole, parts):
            reading = self._questions(whole, parts, questions) or reading
        if previous is not None:
            reading = self._follow_up(text, reading, previous) or reading
        reading = self._comparison(text, reading, previous) or reading
        if self.second_opinion is not None:
            ours, situation = self._ours(reading.primary), self._situation(reading.primary)
            if (ours or situation) and not self._foreign(text):
                reading = self._second(text, reading, self.second_opinion, ours, situation)
            reading = self._tie_broken(text, reading, self.second_opinion)
        return reading

    def without_acknowledgement(self, text: str) -> str:
        """A follow-up without the acknowledgement of the last answer it opens with ("oke min, kalau
        JP?", "ok makasih, tapi caranya?"): that asks nothing, and it hid the "kalau" that makes the
        message a follow-up. Thanks alone ("ok makasih ya") stay thanks."""
        rest = ACKNOWLEDGEMENT.sub("", text, count=1)
        return rest if any(t not in self.matcher.filler for t in self.normalizer.tokens(rest)) else text

    def _tie_broken(self, text: str, reading: Reading, second: SecondOpinion) -> Reading:
        """A near tie of the lexical ranking (another entry within CLOSE_RATIO of the best, offered
        as "maksud Anda ...?") is settled by the sentence embeddings: the entry whose nearest
        phrasing is clearly closer to the whole message (by TIE_MARGIN) answers, the other is
        offered instead. Only a message read whole: a follow-up or one question of several is not
        the text its entry's phrasings resemble."""
        primary = reading.primary
        best = primary.best
        if reading.how != "whole" or primary.verdict is not Verdict.ANSWER or best is None or not primary.candidates:
            return reading
        # A tied entry that never states a detail the message asks for ("berapa hari") cannot answer it.
        words = self.normalizer.tokens(text)
        tied = [e for e in primary.candidates if not self.matcher.unstated(words, e)]
        # A message that names no program but describes one's situation ("tiap bulan dapat uang saat
        # sudah tua") implies that program: a general rival (who may join at what age) cannot take
        # the answer of that program's entry. A rival of another program may: the words that made
        # it close ("potongan 1%" of the pension) can outweigh the situation's.
        implied = None if PROGRAMS.intersection(words) else self.matcher.implied_program(words)
        if implied is not None and implied in self.matcher.programs_of(best):
            tied = [e for e in tied if self.matcher.programs_of(e)]
        if not tied:
            return reading
        closeness = second.closeness(text)
        rival = max(tied, key=lambda e: closeness.get(e.id, -1.0))
        if closeness.get(rival.id, -1.0) < closeness.get(best.id, -1.0) + TIE_MARGIN:
            return reading
        others = tuple(e for e in (best, *primary.candidates) if e is not rival)
        decision = replace(primary, best=rival, candidates=others)
        return Reading((decision,), "tie-broken", reading.parts, reading.context, reading.opinion)

    def quoting(self, text: str, previous: Entry) -> Reading:
        """A follow-up that quotes a figure of the last answer ("yg 12 juta itu dibayar bulanan?"
        after the death benefit) asks about that answer, whatever its other words rank alone."""
        own = self.normalizer.tokens(text)
        return self._settled(previous, own, "quotes-the-last", self.parts(text), self.context_of(previous, own))

    @staticmethod
    def _settled(
        entry: Entry, own: Sequence[str], how: str, parts: Sequence[Part], context: tuple[str, ...]
    ) -> Reading:
        """`entry` answers, however the words would rank: a rule of reading has decided it."""
        decision = Decision(Verdict.ANSWER, entry, anchored=True, coverage=1.0, tokens=tuple(own))
        return Reading((decision,), how, tuple(parts), context)

    def _comparison(self, text: str, reading: Reading, previous: Entry | None) -> Reading | None:
        """Two of our programs compared ("bedanya jkk sama jkm apa?", or "terus yg JKM bedanya
        apa?" after what JKK is): what each one is, from its overview entry, leaving out the one
        the last answer was about. Only when the message asks nothing else ("potongan jht dan jp
        bedanya apa" asks about deductions) and names no other office ("beda bpjs tk sama bpjs
        kesehatan" is the health agency's redirect)."""
        own = self.normalizer.tokens(text)
        if COMPARED not in own or self.matcher.names_another_office(own):
            return None
        rest = [t for t in self._content(own) if t not in self.matcher.filler and t not in COMPARISON_WORDS]
        named = [t for t in dict.fromkeys(own) if t in PROGRAMS]
        last = self.matcher.programs_of(previous) if previous is not None else frozenset()
        if rest or not named or len(named) + len(last - set(named)) < 2:
            return None
        overviews = [self._by_id.get(OVERVIEW.format(program=p)) for p in named if p not in last]
        decisions = tuple(
            Decision(Verdict.ANSWER, entry, anchored=True, coverage=1.0, tokens=tuple(own))
            for entry in overviews[:MAX_ANSWERS]
            if entry is not None
        )
        return Reading(decisions, "comparison", reading.parts, reading.context) if decisions else None

    def _keyword_spans_parts(self, whole: Decision, parts: Sequence[Part]) -> bool:
        """Whether another office's keyword decides the whole message but no part alone holds it:
        "kapan BPJS TK sama BPJS Kesehatan digabung?" is split at "sama", yet asks one thing."""
        best = whole.best
        if whole.verdict is not Verdict.REDIRECT or best is None or not self.matcher.keyword_said(best, whole.tokens):
            return False
        return not any(self.matcher.keyword_said(best, part.tokens) for part in parts)

    def _situation(self, decision: Decision) -> str | None:
        """Not understood, and naming none of our programs, but describing one's situation."""
        if decision.verdict is not Verdict.UNKNOWN or PROGRAMS.intersection(decision.tokens):
            return None
        return self.matcher.implied_program(decision.tokens)

    def _ours(self, decision: Decision) -> bool:
        """Not understood, yet plainly about our programs: a strong domain word (jht, iuran, klaim,
        ...). Everyday ones (kerja, karyawan, kantor) also open labour-law and office questions
        that are not ours, where a similar-sounding phrasing would be a wrong answer."""
        return decision.verdict is Verdict.UNKNOWN and any(t in self.matcher.anchors for t in decision.tokens)

    def _foreign(self, text: str) -> bool:
        """Whether a message says much the knowledge has never heard of: then its subject is not ours,
        however close its wording comes to one of our phrasings ("gedung kantor bpjs tk blitar
        dibangun tahun berapa" is not where the office is)."""
        return len(self.matcher.unheard(self.normalizer.tokens(text))) >= SECOND_OPINION_MAX_UNHEARD + 1

    def _second(self, text: str, reading: Reading, second: SecondOpinion, ours: bool, situation: str | None) -> Reading:
        """Not understood, but about our domain (`ours`) or one program's situation: the embedding
        model may know the wording (not when the question asks for a detail its nearest entry never
        mentions). On the situation, an entry about its program answers a little below the threshold."""
        nearest = second.nearest(text)
        if nearest is None:
            return reading
        own = ours and nearest.similarity >= second.threshold
        agrees = situation in self.matcher.programs_of(nearest.entry) and nearest.similarity >= SITUATION_AGREEMENT
        close = nearest.entry.kind == "answer" and (own or agrees) and not self.of_another_program(text, nearest.entry)
        if not close or self.matcher.unstated(self.normalizer.tokens(text), nearest.entry):
            return Reading(reading.decisions, reading.how, reading.parts, reading.context, nearest)
        decision = Decision(Verdict.ANSWER, nearest.entry, anchored=True, tokens=reading.primary.tokens)
        how = "second-opinion" if own else "situation-agrees"
        return Reading((decision,), how, reading.parts, reading.context, nearest)

    def of_another_program(self, text: str, entry: Entry) -> bool:
        """Whether `entry` is about another program than the ones `text` names: "gaji kena potong
        jht brp persen" is not the JKP benefit, however alike the sentences read."""
        named = PROGRAMS.intersection(self.normalizer.tokens(text))
        programs = self.matcher.programs_of(entry)
        return bool(named and programs) and not named & programs

    def _leans_on_an_unknown_question(
        self, answered: Decision, decided: Sequence[Decision], questions: Sequence[Part], story: Sequence[str]
    ) -> bool:
        """Whether the one question understood has no strong domain word of its own, nor from a
        story, while another question of the message, not understood, names something the knowledge
        has never heard of: "Sertifikat ahli K3 biayanya berapa, daftarnya di mana?" asks where to
        register for that certificate, not with us; "daftar" is everyday."""
        unknown = [q for q, d in zip(questions, decided, strict=True) if d.verdict is Verdict.UNKNOWN]
        if story or not any(self.matcher.unheard(q.tokens) for q in unknown):
            return False
        own = self._asked_by(answered, decided, questions)
        return not any(t in self.matcher.anchors for t in own)

    @staticmethod
    def _asked_by(answered: Decision, decided: Sequence[Decision], questions: Sequence[Part]) -> tuple[str, ...]:
        """The words of the question whose decision is `answered`."""
        return next(q.tokens for q, d in zip(questions, decided, strict=True) if d is answered)

    @staticmethod
    def _told(parts: Sequence[Part]) -> list[str]:
        """The words of a message's telling parts (its story), in order."""
        return [t for p in parts if not p.asks for t in p.tokens]

    def _detail_it_leans_on(
        self, answered: Sequence[Decision], decided: Sequence[Decision], questions: Sequence[Part]
    ) -> Decision | None:
        """The question before, about a detail we do not hold, when the one question understood only
        asks an aspect of it: "ada kantor perwakilan di Trenggalek? alamatnya di mana?" asks that
        office's address, not ours."""
        if len(answered) != 1:
            return None
        at = next(i for i, d in enumerate(decided) if d is answered[0])
        if at == 0 or PROGRAMS.intersection(questions[at].tokens):
            return None
        before = decided[at - 1]
        asked = [t for t in questions[at].tokens if t not in LINK_WORDS and t not in QUESTION_WORDS]
        # "alamatnya", "nomornya": a possessive that points back at what was asked before.
        points_back = len(asked) <= POINTING_BACK_MAX_WORDS and any(
            w.endswith("nya") for w in re.findall(r"\w+", questions[at].text.lower())
        )
        if before.verdict is Verdict.UNKNOWN and before.unstated and (points_back or self._common(asked)):
            return before
        return None

    def _questions(self, whole: Decision, parts: list[Part], questions: list[Part]) -> Reading | None:
        story = [t for p in parts if not p.asks for t in self._domain(p.tokens)]
        # The story's weaker domain words frame a question its strong ones leave unplaced ("mau kerja
        # ke Malaysia lewat penyalur. perlindungannya gimana?" is a migrant worker's protection).
        weak_story = [t for p in parts if not p.asks for t in self._domain(p.tokens, weak=True) if t not in story]
        told = self._told(parts)
        decided: list[Decision] = []
        died_at_work: list[Decision] = []
        before: tuple[str, ...] = ()
        for part in questions:
            if whole.verdict is Verdict.ANSWER and self._names_nothing(part.tokens):
                # "... sejak Juli nggak bayar, sekarang mau lanjut. gimana ini?": a question with no
                # words of its own asks about the whole story.
                decided.append(whole)
                before = part.tokens
                continue
            borrowed = list(story)
            own = PROGRAMS.intersection(part.tokens) or {self.matcher.implied_program(part.tokens)} - {None}
            at_work = own == {DEATH_PROGRAM} and self._tells_a_work_accident(told)
            if at_work:
                # "... jatuh dari perancah dan meninggal. Santunan kematiannya berapa?": a death told as a
                # work accident is paid by JKK, whatever the question calls the death benefit.
                own = {DEATH_PROGRAM, WORK_ACCIDENT_PROGRAM}
                borrowed.append(WORK_ACCIDENT_PROGRAM)
            if own:
                # A question that names its own program, or describes its situation ("pensiun
                # bulanan"), does not take on the story's other situations ("suami sudah meninggal").
                borrowed = [t for t in borrowed if self.matcher.implied_program([t]) in (None, *own)]
            if not PROGRAMS.intersection(part.tokens):
                # "... dapat uang tiap bulan pas tua? syaratnya apa?": the program the question
                # before names, or else the one it describes.
                named_before = [t for t in before if t in PROGRAMS]
                described_before = self.matcher.implied_program(before) if before and not named_before else None
                borrowed += named_before or ([described_before] if described_before else [])
            elif before and not self._content(part.tokens):
                # "iuran jkk berapa, dan jkm juga berapa?": a program and nothing else asks what the
                # question before asked, of that program.
                borrowed += self._content(before)
            if not PARTY_WORDS.intersection(part.tokens):
                borrowed += [t for t in before if t in PARTY_WORDS]
            decision = self.matcher.decide(part.text, borrowed, context_counts=True)
            if decision.verdict is not Verdict.ANSWER and weak_story:
                framed = self.matcher.decide(part.text, [*borrowed, *weak_story], context_counts=True)
                decision = framed if framed.verdict is Verdict.ANSWER else decision
            decided.append(decision)
            if at_work:
                died_at_work.append(decided[-1])
            before = part.tokens
        answered: list[Decision] = []
        for decision in decided:
            if decision.verdict is Verdict.ANSWER and all(d.best is not decision.best for d in answered):
                answered.append(decision)
        if len(answered) >= 2:
            return Reading(tuple(answered[:MAX_ANSWERS]), "questions", tuple(parts), tuple(story))
        if len(answered) == 1 and self._leans_on_an_unknown_question(answered[0], decided, questions, story):
            return None
        if (
            len(answered) == 1
            and story
            and self._question_beats_the_story(answered[0], whole, decided, questions, died_at_work)
        ):
            return Reading((answered[0],), "questions", tuple(parts), tuple(story))
        unheld = self._detail_it_leans_on(answered, decided, questions)
        if unheld is not None:
            return Reading((unheld,), "questions", tuple(parts), tuple(story))
        if len(answered) == 1 and whole.verdict is Verdict.ANSWER and whole.best is not answered[0].best:
            # "kantor bpjs tk blitar dimana, buka jam berapa?": the hours are a detail we do not
            # hold, and the whole message then reads as the call centre (whose answer has hours);
            # the question we can answer is answered.
            details = self.normalizer.details
            if any(
                d.verdict is Verdict.UNKNOWN and details.intersection(q.tokens)
                for q, d in zip(questions, decided, strict=True)
            ):
                return Reading((answered[0],), "questions", tuple(parts), tuple(story))
        if len(answered) == 1 and whole.verdict not in (Verdict.ANSWER, Verdict.REDIRECT):
            # The whole message was not understood, but one question in it is (with the story's
            # domain words): "saya jualan bakso keliling, ... kira-kira per bulan bayar berapa?"
            # A keyword of another office's business in the whole message decides it: "bosku telat
            # bayar gaji 2 bulan, aku kudu piye" asks about wages, not about an employer to report.
            # With everyday domain words only, the story must not be about something else: "ayam
            # petelur saya kena snot, obatnya apa?" asks of no treatment we pay for.
            if self._story_of_another_subject(answered[0], whole) or self._detail_told(whole, parts):
                return None
            return Reading((answered[0],), "questions", tuple(parts), tuple(story))
        return None

    def _tells_a_work_accident(self, told: Sequence[str]) -> bool:
        """Whether the telling parts describe a work accident ("jatuh dari perancah") or name one as
        the cause of a death ("meninggal karena kecelakaan kerja"), not deny one ("bukan karena
        kecelakaan kerja") nor name the program wanted ("mau ikut perlindungan kecelakaan kerja")."""
        if self.matcher.implied_program(told) == WORK_ACCIDENT_PROGRAM:
            return True
        for i, token in enumerate(told):
            before = words_before(told, i, CAUSE_REACH)
            if token == WORK_ACCIDENT_PROGRAM and CAUSE_WORDS.intersection(before) and NEGATION not in before:
                return True
        return False

    def _question_beats_the_story(
        self,
        answered: Decision,
        whole: Decision,
        decided: Sequence[Decision],
        questions: Sequence[Part],
        died_at_work: Sequence[Decision],
    ) -> bool:
        """Whether the one question understood, rather than the entry its story's domain words
        found for the whole message, is what the message asks (either case below)."""
        asked, story_entry = answered.best, whole.best
        if whole.verdict is not Verdict.ANSWER or story_entry is None or asked is None or asked is story_entry:
            return False
        if any(d is answered for d in died_at_work) and self._pays_a_death_at_work(asked, story_entry):
            return True
        return self._asks_of_its_own_program(self._asked_by(answered, decided, questions), asked, story_entry)

    def _asks_of_its_own_program(self, own: Sequence[str], asked: Entry, story_entry: Entry) -> bool:
        """Whether the question (its words `own`) names its program, and is answered by an entry of
        it (`asked`), while the whole message (a story with domain words of its own weighing in) went
        to an entry that neither is about nor states any program it names:
        "pabrik bangkrut, iuran sudah nunggak 4 bulan. saya masih bisa dapat JKP?" asks about JKP,
        not about arrears."""
        named = PROGRAMS.intersection(own)
        if not named & self.matcher.programs_of(asked) or named & self.matcher.programs_of(story_entry):
            return False
        # The construction answer gives the JKK dues of a project: it answers "JKK-nya berapa?".
        return not any(self._states(story_entry, [program]) for program in named)

    def _pays_a_death_at_work(self, asked: Entry, story_entry: Entry) -> bool:
        """Whether the question about a death told as a work accident found JKK's entry while the
        whole message found one of another program or of none (the construction dues, JKM's sum)."""
        programs = self.matcher.programs_of
        return WORK_ACCIDENT_PROGRAM in programs(asked) and WORK_ACCIDENT_PROGRAM not in programs(story_entry)

    @staticmethod
    def _detail_told(whole: Decision, parts: Sequence[Part]) -> bool:
        """Whether the whole message went unanswered for a detail a telling part passes on ("katanya
        data peserta pernah bocor, data saya aman?"): the question alone does not escape it."""
        told = set(Reader._told(parts))
        return whole.verdict is Verdict.UNKNOWN and bool(told.intersection(whole.unstated))

    def _story_of_another_subject(self, answered: Decision, whole: Decision) -> bool:
        """Whether a message with no strong domain word of its own tells a story the answered
        entry knows too little of (its words are mostly new to that entry)."""
        if answered.best is None or any(t in self.matcher.anchors for t in whole.tokens):
            return False
        asked = [t for t in whole.tokens if t not in self.matcher.filler]
        index = self.matcher.index_of(answered.best)
        return self.matcher.coverage(asked, index) < STORY_OF_ITS_OWN

    def _follow_up(self, text: str, reading: Reading, previous: Entry) -> Reading | None:
        if AGE_POINTED.search(text) and AGE not in self.normalizer.tokens(previous.answer):
            # "umur segitu bisa dapat pensiun bulanan?" after the JP dues, which state no age: the
            # age is the asker's, told before; the question is asked of its own words.
            text = AGE_POINTED.sub(AGE, text)
        own = self.normalizer.tokens(text)
        if not own or len(own) > LONG_FOLLOW_UP_MAX_WORDS:
            return None
        if len(own) > FOLLOW_UP_MAX_WORDS and not (
            self._leans_on_the_last(own, text)
            or self._asks_the_last_of_a_program(own, text, previous)
            or self._case_of_the_last(own, reading, previous)
        ):
            return None
        added = self._dues_with(own, previous)
        if added is not None:
            return self._settled(added, own, "follow-up", reading.parts, self.context_of(previous, own))
        denied = self._denied_programs(own, previous)
        if denied:
            # "kalau meninggalnya karena sakit biasa?" after a death at work: the case is told as not
            # the last program's, so that program is neither lent nor read from the words.
            skip = LINK_WORDS | denied | ORDINARY_CAUSES | {NEGATION}
            alone = self.matcher.decide(text, skip=skip, anchored=True, denied=denied)
            if alone.verdict is Verdict.ANSWER:
                return Reading((alone,), "follow-up", reading.parts, ())
        content = self._content(own)
        if self._another_person(own, content) or self._in_the_last_answer_s_words(own, text, previous):
            return self._settled(previous, own, "follow-up", reading.parts, self.context_of(previous, own))
        smalltalk = reading.primary.verdict is Verdict.SMALLTALK
        if smalltalk and (not content or reading.primary.coverage >= SMALLTALK_WHOLE):
            # "makasih ya" after an answer closes the topic, it asks nothing of it; "yang bayar
            # siapa?" only sounds like "siapa kamu?".
            return None
        context = self.context_of(previous, own)
        # Without words of its own ("terus yang JHT gimana?") the question words mean "what about".
        skip = LINK_WORDS if content else LINK_WORDS | QUESTION_WORDS
        # "caranya gimana?": what it asks about is "cara"; the question word itself need not be known.
        uncounted = QUESTION_WORDS if content else frozenset()
        decision = self.matcher.decide(
            text,
            context,
            skip=skip,
            anchored=True,
            own_programs_only=True,
            uncounted=uncounted,
            unknown_bar=FOLLOW_UP_UNKNOWN_BAR,
        )
        if content and self._its_own_program_alone(own, decision, reading.primary, previous):
            return None
        if len(own) <= FOLLOW_UP_MAX_WORDS and self._asks_the_last_of_a_program_it_lists(
            own, content, previous, decision
        ):
            return self._settled(previous, own, "follow-up", reading.parts, context)
        # "kalau pajak motor?": another office's business is never the last answer again.
        another_office = Verdict.REDIRECT in (decision.verdict, reading.primary.verdict)
        another_office = another_office or self.matcher.names_another_office(own)
        fallback = not (another_office or smalltalk or PROGRAMS.intersection(own))  # "ok makasih infonya" is thanks
        applies = self._asks_if_it_applies(text, own)
        if (decision.verdict is not Verdict.ANSWER or applies) and fallback:
            # "kalau masih kerja?" after the pension age, "dimana?" after how to claim JKP: no entry
            # ranks well on so few words, but the last answer itself says it. Only when the last
            # answer knows every word the follow-up adds (unknown words too: "kalau emas?" is new).
            asked = self._asked_words(own)
            # "iurannya totalnya brp?" after a construction project's dues: the last answer knows
            # the subject ("iuran"); the aspect ("total") is what it is asked of it.
            about = applies or self._about_the_last(asked, previous) or self._knows_its_subject(own, previous)
            sibling = None if about else self._sibling_saying_it(asked, previous)
            if sibling is not None:
                decision = Decision(
                    Verdict.ANSWER, sibling, anchored=True, coverage=decision.coverage, tokens=decision.tokens
                )
            elif about or self._strays(reading.primary, previous):
                # Unless it asks for a detail the last answer never states ("nomor fax-nya?"), or a
                # number in a unit it states none in ("berapa persen?"): read on the whole message,
                # since "berapa" is not among the words it adds.
                unstated = self.matcher.unstated(own, previous)
                verdict, best, nearest = (
                    (Verdict.UNKNOWN, None, previous) if unstated else (Verdict.ANSWER, previous, None)
                )
                decision = Decision(
                    verdict,
                    best,
                    anchored=True,
                    coverage=decision.coverage,
                    tokens=decision.tokens,
                    nearest=nearest,
                    unstated=unstated,
                )
        if decision.verdict is Verdict.ANSWER and decision.best is not None and self._aspect_only(own):
            # "sampai kapan?" after JKP: an aspect of the last answer; an entry about another
            # program that happens to use the same words (the scholarship "sampai kapan") is not it.
            # "tahun depan berubah?" after the pension age asks whether that answer changes, whatever
            # entry of the same program the words "berubah" or "tahun" find.
            last = self.matcher.programs_of(previous)
            other_program = last and not self.matcher.programs_of(decision.best) & last
            if other_program or asks_about_change(text, own):
                decision = Decision(Verdict.ANSWER, previous, anchored=True, tokens=decision.tokens)
        if self._the_last_says_it_all(decision, content, previous):
            # "kalau pensiun anak?" after the widow's pension: the last answer states every word the
            # follow-up adds, and the entry of the same program ranked first (the program's
            # overview, lent the program's name) does not.
            decision = Decision(Verdict.ANSWER, previous, anchored=True, coverage=1.0, tokens=decision.tokens)
        qualified = None if decision.verdict is Verdict.ANSWER else self._program_of_the_last(own, previous)
        if qualified is not None:
            decision = Decision(Verdict.ANSWER, qualified, anchored=True, coverage=1.0, tokens=decision.tokens)
        if decision.verdict is not Verdict.ANSWER:
            # A detail of our subject the knowledge does not hold ("hari sabtu buka?" after the
            # office's address): said so, with that entry offered, rather than "not understood".
            not_understood_alone = reading.primary.verdict is Verdict.UNKNOWN
            if decision.unstated and not_understood_alone:
                return Reading((decision,), "follow-up", reading.parts, context)
            return None
        current = reading.primary
        opens = self._turns_to_the_last(own, text)
        bare = not PROGRAMS.intersection(own) and len(own) <= BARE_MAX_WORDS  # "syaratnya apa?"
        # "dapetnya berapa persen dari gaji?" after JKP names no program and no situation of one,
        # yet read alone it answers about wage deductions (an entry of no program) or another
        # program's dues: it asks about the last topic.
        implied = None if PROGRAMS.intersection(own) else self.matcher.implied_program(own)
        unplaced = not PROGRAMS.intersection(own) and implied is None
        keeps_last = unplaced and self._strays(current, previous)
        # "batas waktunya berapa lama setelah di-PHK?" after how to claim JKP describes the last
        # topic's program (a layoff is JKP's); read alone it answers about something else.
        keeps_last = keeps_last or self._implies_the_last(implied, current, previous)
        keeps_last = keeps_last or self._strays_to_a_party(current, previous, own)
        if current.verdict is Verdict.ANSWER and not (opens or bare or not content or keeps_last):
            return None
        return Reading((decision,), "follow-up", reading.parts, context)

    def _denied_programs(self, own: Sequence[str], previous: Entry) -> frozenset[str]:
        """The last answer's programs a follow-up says its case is not of: "bukan karena kecelakaan
        kerja" denies JKK, and so does a death of an ordinary cause ("karena sakit biasa")."""
        last = self.matcher.programs_of(previous)
        denied = {
            token for i, token in enumerate(own) if token in last and NEGATION in words_before(own, i, CAUSE_REACH)
        }
        ordinary = any(
            token in ORDINARY_CAUSES and ORDINARY_OF.intersection(words_before(own, i, ORDINARY_REACH))
            for i, token in enumerate(own)
        )
        if ordinary and DEATH in own and WORK_ACCIDENT_PROGRAM in last:
            denied.add(WORK_ACCIDENT_PROGRAM)
        return frozenset(denied)

    def _another_person(self, own: Sequence[str], content: Sequence[str]) -> bool:
        """Whether a short follow-up asks the last answer again for someone else of the family: "klo
        istri?" after the death benefit, "anak saya 3, semua dapat?" after the pension's heirs. Its
        words of its own are people, and else only aspects or numbers ("dapat", "semua", "3"), or
        that they work or join too ("kalau anak saya yang kerja?" after the self-employed dues)."""
        if len(own) > BARE_MAX_WORDS + 2 or PROGRAMS.intersection(own):
            return False
        asked = [t for t in content if t not in self.matcher.filler]
        people = [t for t in asked if t in FAMILY]
        return bool(people) and all(t in FAMILY or t in WORKING_TOO or self.matcher.names_no_subject(t) for t in asked)

    def _in_the_last_answer_s_words(self, own: Sequence[str], text: str, previous: Entry) -> bool:
        """Whether a short follow-up names another program only through words the last answer
        itself uses for its own subject, and the last answer knows all it asks: "santunan
        kematiannya berapa?" after a death in a work accident is JKK's death benefit, though
        "santunan kematian" alone reads as JKM's. A program spelled out ("kalau JKM?") is asked, and
        so is a new case ("kalau meninggalnya karena kecelakaan kerja?" after what JKM pays)."""
        named = PROGRAMS.intersection(own)
        if not named or len(own) > BARE_MAX_WORDS or named & self.matcher.programs_of(previous):
            return False
        if own[0] in CONDITION_OPENERS:
            return False
        if SPELLED_PROGRAM.search(text):
            return False
        asked = self._asked_words(own)
        return bool(asked) and self.matcher.coverage(asked, self.matcher.index_of(previous)) >= 1.0

    def _asks_the_last_of_a_program_it_lists(
        self, own: Sequence[str], content: Sequence[str], previous: Entry, decision: Decision
    ) -> bool:
        """Whether a short follow-up asks the last answer, one about several programs, something of
        one program it states: "jht juga wajib?" after what migrant workers must join (the answer
        says JHT is optional). Not when an entry of that program answers it ("kalau jht caranya?"
        after how to claim is JHT's claim), nor without words of its own ("terus yang JP gimana?"
        asks JP's version of the last question), nor after an entry of one program."""
        named = PROGRAMS.intersection(own)
        if not named or not content or self.matcher.programs_of(previous) or not self._states(previous, named):
            return False
        answered = decision.best if decision.verdict is Verdict.ANSWER else None
        if answered is not None and self.matcher.programs_of(answered) & named:
            return False
        words = self._case_words(content)
        return bool(words) and self.matcher.coverage(words, self.matcher.index_of(previous)) >= 1.0

    def _its_own_program_alone(self, own: Sequence[str], decision: Decision, alone: Decision, previous: Entry) -> bool:
        """Whether a follow-up that names a program and asks something of it ("kalau klaim JKP lewat
        mana?" after Lapak Asik) is answered, read alone, by an entry of that program, while the
        last topic, which never states that program, lends it an entry of no such program: then it
        is read alone. A last answer that states it ("JKM-nya berapa persen?" after the construction
        dues) still answers."""
        named = PROGRAMS.intersection(own)
        if not named or alone.verdict is not Verdict.ANSWER or alone.best is None or decision.best is None:
            return False
        if self._states(previous, named):
            return False
        return (
            bool(self.matcher.programs_of(alone.best) & named) and not self.matcher.programs_of(decision.best) & named
        )

    def _case_of_the_last(self, own: Sequence[str], reading: Reading, previous: Entry) -> bool:
        """Whether a longer message, not understood alone and naming no program, tells a case in
        words the last answer all knows: "anak saya baru umur 3 tahun, belum sekolah, gimana?"
        after the scholarship (whose answer says when a child not yet at school receives it)."""
        if reading.primary.verdict is not Verdict.UNKNOWN or PROGRAMS.intersection(own):
            return False
        content = self._case_words(self._content(own))
        return bool(content) and self.matcher.coverage(content, self.matcher.index_of(previous)) >= MIN_COVERAGE_WEAK

    def _case_words(self, words: Sequence[str]) -> list[str]:
        """The words of a follow-up the last answer must know: not filler, and not its numbers,
        which are the case's quantities ("umur 3 tahun", "kalau umur saya 55?"), not subjects."""
        return [t for t in words if t not in self.matcher.filler and not is_number(t)]

    def _the_last_says_it_all(self, decision: Decision, content: Sequence[str], previous: Entry) -> bool:
        """Whether the last answer, not the entry of its program ranked first, covers every word a
        follow-up adds."""
        best = decision.best
        if best is None or best is previous:
            return False
        if decision.verdict is Verdict.REDIRECT:
            # "minimal kerja berapa lama di Indonesia?" after foreign workers: another office's
            # entry ranked near, none of its own words said, while the last answer states them all.
            if self.matcher.keyword_said(best, decision.tokens):
                return False
        elif decision.verdict is not Verdict.ANSWER or not self._shares_a_program(best, previous):
            return False
        asked = [t for t in content if t not in self.matcher.filler]
        last_covers = self.matcher.coverage(asked, self.matcher.index_of(previous)) if asked else 0.0
        return last_covers >= 1.0 > self.matcher.coverage(asked, self.matcher.index_of(best))

    def _shares_a_program(self, entry: Entry, other: Entry) -> bool:
        return bool(self.matcher.programs_of(entry) & self.matcher.programs_of(other))

    @staticmethod
    def _asks_if_it_applies(text: str, own: Sequence[str]) -> bool:
        """Whether a follow-up asks if the last answer holds for a case, whatever else ranks: for
        another person or kind of member ("kalau istri saya yang jualan kue, bayarnya sama?"), for
        the asker's own case ("saya baru 7 tahun jadi peserta, sudah bisa belum?"), or at "that"
        figure of the last answer ("kalau belum sampai segitu gimana?"). Not for a new thing
        ("kalau beli motor sama?")."""
        if Reader._points_at_the_figure(own, text):
            return True
        person = any(t in PEOPLE for t in own)
        if person and ASKS_IF_SAME.search(text):
            return True
        return (person or "saya" in own) and ASKS_IF_ELIGIBLE.search(text) is not None

    @staticmethod
    def _leans_on_the_last(own: Sequence[str], text: str) -> bool:
        """Whether a longer message still leans on the last answer: it names no program, and it
        opens like a follow-up ("kalau usaha saya sudah menengah, ...") or ends asking whether the
        last answer's conditions are met ("saya baru 7 tahun jadi peserta, sudah bisa belum?"), or
        points at its figure ("Januari 2027 masih segitu? saya jualan bakso, bukan ojol")."""
        return not PROGRAMS.intersection(own) and Reader._turns_to_the_last(own, text)

    @staticmethod
    def _turns_to_the_last(own: Sequence[str], text: str) -> bool:
        """It reads as a follow-up (below) or points at the last answer's figure ("segitu")."""
        return Reader._reads_as_follow_up(own, text) or Reader._points_at_the_figure(own, text)

    @staticmethod
    def _points_at_the_figure(own: Sequence[str], text: str) -> bool:
        return bool(POINTING_AT_THE_FIGURE.intersection(own)) or BEYOND_THE_FIGURE.search(text) is not None

    def _asks_the_last_of_a_program(self, own: Sequence[str], text: str, previous: Entry) -> bool:
        """Whether a longer follow-up asks the last answer, about no one program, of one program it
        states: "kalau dari JKK gimana, ada minimal masa iurnya juga?" after the scholarship."""
        return self._reads_as_follow_up(own, text) and self._names_a_program_it_states(own, previous)

    @staticmethod
    def _reads_as_follow_up(own: Sequence[str], text: str) -> bool:
        """It opens like a follow-up ("kalau ...", "terus ..."), or ends asking whether the last
        answer's conditions are met ("..., sudah bisa belum?") or whether it still holds ("dulu
        katanya cuma 6 bulan, sekarang masih begitu?")."""
        ends_asking = ASKS_IF_ELIGIBLE.search(text) or ASKS_IF_STILL_SO.search(text)
        return own[0] in FOLLOW_UP_OPENERS or ends_asking is not None or PROGRAM_OF_THE_LAST.search(text) is not None

    def _strays(self, whole: Decision, previous: Entry) -> bool:
        """The message read alone answers about another program than the last topic's, though it
        names none ("dokumennya apa?" after JKP read alone is the JHT documents), or about one
        program after a topic of none ("minimal jadi peserta berapa lama?" after the scholarship,
        read alone, is the JKP conditions)."""
        if whole.verdict is not Verdict.ANSWER or whole.best is None:
            return False
        last = self.matcher.programs_of(previous)
        alone = self.matcher.programs_of(whole.best)
        if not last:
            return bool(alone) and not PROGRAMS.intersection(whole.tokens)
        return not alone & last

    def _strays_to_a_party(self, whole: Decision, previous: Entry, own: Sequence[str]) -> bool:
        """The message read alone answers for a party (the self-employed) neither it nor the last
        topic names: "berarti gak dapat pensiun bulanan?" after a pension age told of a father's
        membership is no question of whether the self-employed get JP."""
        if whole.verdict is not Verdict.ANSWER or whole.best is None:
            return False
        party = self.matcher.parties_of(whole.best)
        return bool(party) and not party & self.matcher.parties_of(previous) and not PARTY_WORDS.intersection(own)

    def _implies_the_last(self, implied: str | None, whole: Decision, previous: Entry) -> bool:
        """The follow-up names no program but describes the last topic's (`implied`: a layoff
        after JKP), and read alone it answers about an entry outside that program."""
        if implied is None or implied not in self.matcher.programs_of(previous):
            return False
        return whole.best is None or implied not in self.matcher.programs_of(whole.best)

    def _asked_words(self, own: Sequence[str]) -> list[str]:
        """A follow-up's words without links, question words and filler: what it adds."""
        return [t for t in own if t not in LINK_WORDS and t not in QUESTION_WORDS and t not in self.matcher.filler]

    def _aspect_only(self, own: Sequence[str]) -> bool:
        """A follow-up naming no program whose own words only ask how, how long, how much."""
        asked = self._asked_words(own)
        return not PROGRAMS.intersection(own) and self._common(asked)

    def _common(self, asked: Sequence[str]) -> bool:
        # Numbers and months are not counted towards the bound: "kalau 4 bulan?", "januari nanti?".
        aspects = [t for t in asked if not is_number(t) and t not in self.normalizer.dates]
        return len(aspects) <= COMMON_MAX_WORDS and all(self.matcher.names_no_subject(t) for t in asked)

    def _knows_its_subject(self, own: Sequence[str], previous: Entry) -> bool:
        """Whether the last answer knows every word a follow-up names its subject with, its aspects
        ("total", "berapa") and numbers aside: "iurannya totalnya brp?" names the dues."""
        subject = [t for t in self._asked_words(own) if not self.matcher.names_no_subject(t)]
        return bool(subject) and self.matcher.coverage(subject, self.matcher.index_of(previous)) >= 1.0

    def _about_the_last(self, asked: Sequence[str], previous: Entry) -> bool:
        """Whether a follow-up the ranking could not place asks about the last answer itself.

        Yes when it adds nothing but question words ("dimana?"), when the last answer knows the
        words it adds ("kalau masih kerja?"), or when it adds one or two everyday words of the
        that ask how, how much or how long rather than name a subject (the lexicon's aspect words:
        "dapat berapa?", "caranya?", "kalau lewat?"). A subject ("kalau beli motor?", "kalau
        emas?") is something new: no.
        """
        # Its numbers are the new case, and so is the "only" before one ("saya baru 8 tahun" after
        # taking JHT partly): neither is a subject the last answer must know.
        words = self._case_words([t for i, t in enumerate(asked) if not self._only_before_a_number(asked, i)])
        if not words:
            return True
        if self.matcher.coverage(words, self.matcher.index_of(previous)) >= MIN_COVERAGE_WEAK:
            return True
        return self._common(asked)

    @staticmethod
    def _only_before_a_number(words: Sequence[str], index: int) -> bool:
        return words[index] in ONLY_WORDS and index + 1 < len(words) and is_number(words[index + 1])

    def _dues_with(self, own: Sequence[str], previous: Entry) -> Entry | None:
        """The dues answer that also states the program a follow-up adds to the dues just given:
        "kalau ditambah JHT?" after the JKM dues is the BPU dues with JHT (three programs), which
        the JKM answer links to; after the employees' dues, which state JHT too, it stays. Asked
        what adding it costs ("saya nambah bayar brp?"), the answer must price it: the employer's
        duty, which only says JHT may be added, gives way to the micro business's dues."""
        added = PROGRAMS.intersection(own)
        if not added or not ADDING_WORDS.intersection(own) or not self._about_dues(previous):
            return None
        asks_cost = bool(COST_WORDS.intersection(own))
        if not asks_cost and self._states(previous, added):
            return previous
        for entry in (previous, *(self._by_id[i] for i in previous.related if i in self._by_id)):
            if entry.kind == "answer" and self._about_dues(entry) and self._prices(entry, added):
                return entry
        return None

    @staticmethod
    def _prices(entry: Entry, programs: Iterable[str]) -> bool:
        """Whether `entry`'s answer gives each of `programs` a rate or an amount ("JHT 3,7%", "ditambah
        JHT: pemberi kerja menambah Rp92.500"), not only its name: "JHT dan JP boleh ditambahkan" in
        the employer's duty says nothing of what adding JHT costs."""
        return all(
            re.search(rf"\b{program}\b[^.\n]{{0,{PRICE_REACH}}}{AMOUNT.pattern}", entry.answer, re.IGNORECASE)
            for program in programs
        )

    def _program_of_the_last(self, own: Sequence[str], previous: Entry) -> Entry | None:
        """The last answer again, when no entry answers a follow-up that names a program, the last
        answer is about no one program, states the one named, and knows what else the follow-up
        asks: "nah kalau dari JKK syaratnya apa?" after the scholarship conditions (of JKK and JKM
        alike) asks those conditions for JKK."""
        if not self._names_a_program_it_states(own, previous):
            return None
        asked = [t for t in self._content(own) if t not in self.matcher.filler]
        index = self.matcher.index_of(previous)
        return previous if asked and self.matcher.coverage(asked, index) >= MIN_COVERAGE_WEAK else None

    def _names_a_program_it_states(self, own: Sequence[str], previous: Entry) -> bool:
        """Whether a follow-up names a program that the last answer, about no one program, states
        ("kalau dari JKK ..." after the scholarship, of JKK and JKM alike)."""
        named = PROGRAMS.intersection(own)
        return bool(named) and not self.matcher.programs_of(previous) and self._states(previous, named)

    @staticmethod
    def _states(entry: Entry, programs: Iterable[str]) -> bool:
        """Whether `entry`'s answer names every one of `programs` ("JHT" in the BPU dues)."""
        return all(re.search(rf"\b{program}\b", entry.answer, re.IGNORECASE) for program in programs)

    def _about_dues(self, entry: Entry) -> bool:
        """An entry about contributions: "iuran" in its id, or an answer that states the dues'
        figures (it reads the contribution facts, as the BPU programs answer does)."""
        named = DUES in self.normalizer.tokens(entry.id.replace("-", " "))
        return named or DUES_FIGURE.search(entry.answer) is not None

    def _sibling_saying_it(self, asked: Sequence[str], previous: Entry) -> Entry | None:
        """The one other entry of the last topic's program that knows what a follow-up asks, when
        the last answer does not: "terus kalau nggak bisa kerja, gajinya gimana?" after the JKK
        treatment costs is the JKK pay while unable to work, a new subject of the same program
        that the ranking, led by the last topic's words, does not place."""
        last = self.matcher.programs_of(previous)
        entries = self.matcher.entries
        # One word ("kalau nikah?") may be a new subject some entry of the program happens to mention.
        if not last or len(set(asked)) < FOLLOW_UP_RUNNER_UP_MIN_WORDS or self._common(asked):
            return None
        covered = sorted(
            (
                (self.matcher.coverage(asked, index), index)
                for index, entry in enumerate(entries)
                if entry is not previous and entry.kind == "answer" and self.matcher.programs_at(index) & last
            ),
            reverse=True,
        )
        if not covered or covered[0][0] < MIN_COVERAGE_WEAK:
            return None
        if len(covered) > 1 and covered[1][0] >= covered[0][0]:
            return None  # two entries know it as well: no one subject is asked
        return entries[covered[0][1]]

    def context_of(self, previous: Entry, own: Sequence[str]) -> tuple[str, ...]:
        """What a follow-up borrows from the last topic: its subject, and its aspect if it has none."""
        # The id read as a phrase ("lapak-asik" -> lapakasik) and word by word ("usaha", "mikro").
        words = self.normalizer.tokens(previous.id.replace("-", " "))
        words += [t for part in previous.id.split("-") for t in self.normalizer.tokens(part)]
        # "apa" in an id is the aspect "what is" (jkm-apa); other question words are not kept.
        words = [t for t in dict.fromkeys(words) if t not in QUESTION_WORDS or t in ASPECTS]
        if PROGRAMS.intersection(own):
            words = [t for t in words if t not in PROGRAMS]
        if PARTY_WORDS.intersection(own):
            words = [t for t in words if t not in PARTY_WORDS]
        content = self._content(own)
        if content:
            names_subject = any(t in self.matcher.anchors for t in content)
            # An id made only of aspects ("cara-daftar") keeps them as its subject, unless the
            # follow-up only asks an aspect or names its own subject ("bayarnya berapa?").
            stripped = [t for t in words if t not in ASPECTS]
            words = stripped if stripped or names_subject or self._common(content) else words
            if names_subject:
                # A new subject of the same program ("kalau meninggal?" after disability): only the program.
                words = [t for t in words if t in PROGRAMS] or words
        return tuple(words)

    def _content(self, own: Sequence[str]) -> list[str]:
        """The words of a follow-up that ask something of their own (not links, programs or parties)."""
        # "kalau dari JKK?": a "dari" before a program says whose, it asks no "from where".
        whose = {i for i, t in enumerate(own[:-1]) if t == "dari" and own[i + 1] in PROGRAMS}
        return [
            t
            for i, t in enumerate(own)
            if t not in QUESTION_WORDS
            and t not in LINK_WORDS
            and t not in PROGRAMS
            and t not in PARTY_WORDS
            and i not in whose
            and self.normalizer.is_known(t)
        ]
