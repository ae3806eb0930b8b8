"""Normalise Indonesian chat text the way people really type it.

The pipeline, per message:
  1. case, Unicode, accents (Javanese "kowé", "sampéyan", "dhèwèk" -> kowe, sampeyan, dhewek),
     numbers ("Rp16.800" -> "16800", "0,24%" -> "0.24 persen"), punctuation;
  2. stretched letters ("bangeeet" -> "banget", "kapaannn" -> "kapan");
  3. a curated lexicon of slang, abbreviations, Javanese and English (gmn -> bagaimana);
  4. colloquial affixes (daftarin, dicairin, ngurus, syarate) and typo tolerance against
     the vocabulary of the knowledge base;
  5. program phrases to acronyms ("jaminan hari tua" -> jht);
  6. a light stemmer that merges word forms only when the stem is itself a known word.
No stopword list: "apa", "berapa", "kapan", "cara", "bisa" carry the meaning of a question.
The lexicon lives in messages/faq/_lexicon.toml so staff can extend it.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import Counter, OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

MAX_CHARS = 1000  # longer text is cut, never rejected
LONG_WORD = 8  # a known word this long, one slip away, is what was meant before any affix reading
MIN_FUZZY_LEN = 5  # shorter words are too easy to "correct" into something else
MAX_FUZZY_PER_MESSAGE = 12  # new unknown words looked up per message (a pasted essay stays fast)
TOKEN_CACHE_SIZE = 32  # a message is read several times in a row; only the last few are kept (they may hold a NIK)

_THOUSANDS = re.compile(r"(?<=\d)\.(?=\d{3}(?!\d))")
_DECIMAL = re.compile(r"(?<=\d),(?=\d)")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=\d)|(?<=\d)(?=[a-z])")
_TOKEN = re.compile(r"\d+(?:\.\d+)?|[a-z]+")
# A regulation typed in words ("pp no 6 tahun 2025") reads as written in short ("PP 6/2025").
_REGULATION = re.compile(r"\b(pp|perpres|permenaker|uu)\s*(?:no\.?|nomor)?\s*(\d+)\s*(?:tahun|thn|th\.?)\s*(\d{4})\b")
_RUN3 = re.compile(r"([a-z])\1{2,}")
_RUN2 = re.compile(r"([a-z])\1")
_PASSIVE = re.compile(r"^di[a-z]{3,}$")  # a passive verb (dibayar, diikuti, ditanggung)

# Affixes tried (longest first). Prefix stripping restores the nasal-assimilated first letter.
_PREFIXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("meng", ("", "k")),
    ("meny", ("s",)),
    ("mem", ("", "p")),
    ("men", ("", "t")),
    ("peng", ("", "k")),
    ("peny", ("s",)),
    ("pem", ("", "p")),
    ("pen", ("", "t")),
    ("dipun", ("",)),  # the Javanese krama passive (dipunbayar, dipuntanggung)
    ("nge", ("",)),
    ("ber", ("",)),
    ("ter", ("",)),
    ("per", ("",)),
    ("di", ("",)),
    ("me", ("",)),
    ("pe", ("",)),
    ("be", ("",)),
    ("ng", ("", "k")),
    ("ny", ("s", "")),
)
# Possessive endings ("-nya", Javanese "-e"/"-ne"/"-ipun", "-ku"): they never change what a word means.
_POSSESSIVES = ("nipun", "ipun", "nya", "ne", "ku", "e")
# "-ipun"/"-nipun" are the Javanese krama "-nya" (syaratipun, iuranipun).
# A known word read through its stem: the possessives, and the Javanese verb endings "-aken" (krama)
# and "-ake" ("ndaftaraken" is "ndaftar" + "-aken", and "ndaftar" means "daftar"). Not every suffix:
# "sekolah" is no "seko" (from) + "-lah".
_MAPPED_STEM_SUFFIXES = ("aken", "ake", *_POSSESSIVES)
_SUFFIXES = ("nipun", "ipun", "aken", "nya", "kan", "lah", "kah", "ake", "ne", "ke", "ku", "an", "in", "e", "i")
# Colloquial and Javanese nasal verbs with no "me-" (motong, nerima, nunggu, nganti, mbayar): tried
# only on a word the knowledge does not know, never to merge the knowledge's own word forms.
_NASALS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ng", ("g", "k", "")),
    ("ny", ("s", "c")),
    ("m", ("p", "b", "")),
    ("n", ("t", "")),
)
# A one-letter slip of a word the knowledge knows is corrected only if people plausibly type it so:
# a letter added, dropped or two swapped, or a vowel as spoken (jatoh, tetep, resiko, Javanese
# pirso). Another letter in its place in a word shorter than MIN_ANY_SLIP_LEN is usually another
# word ("banding" is not "banking", "harga" not "warga", "kapal" not "kapan", "rawit" not "rawat",
# "makam" not "malam"): left as it is, the unknown word counts against coverage, as a subject the
# knowledge does not hold. Long words rarely collide so (jamsostex, ketenagakerjan).
_SPOKEN_VOWELS = frozenset({("o", "u"), ("e", "a"), ("e", "i"), ("o", "a")})  # (typed, meant)
MIN_ANY_SLIP_LEN = 8
# Two slips only in a long word, and only letters left out or doubled (ketenagkerjan), never a word
# that merely goes on past a known one (industrial is not industri).
MIN_TWO_SLIPS_LEN = 10


@dataclass(frozen=True, slots=True)
class Lexicon:
    words: Mapping[str, tuple[str, ...]]
    phrases: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]  # longest first
    anchors: frozenset[str]
    protected: frozenset[str]
    weak_anchors: frozenset[str] = frozenset()
    # Words that say nothing about what is asked: confirmation tags ("bener ga?") and the framing
    # of a rumour ("katanya", "bilang"). They neither rank entries nor count for coverage.
    neutral: frozenset[str] = frozenset()
    # Of those, the words that mark a claim being checked ("katanya ... 0,3%, bener?"): the
    # figures of such a message are the rumour's, not what is asked.
    rumour: frozenset[str] = frozenset()
    # Words a short follow-up uses to ask about an aspect of the last answer ("dapat berapa?",
    # "caranya?", "kalau lewat?"), not to name a new subject.
    aspects: frozenset[str] = frozenset()
    # Closed-class words (English and Javanese pronouns, auxiliaries, prepositions, particles)
    # the knowledge never uses: they rank, but weigh in coverage like its commonest words.
    function: frozenset[str] = frozenset()
    # Month names: they say when, not what ("iuran bpu bulan januari 2027"); they weigh in
    # coverage like a closed-class word even when the knowledge uses them.
    dates: frozenset[str] = frozenset()
    # Places (sub-districts, other cities): they say where, not what, and weigh like month names.
    places: frozenset[str] = frozenset()
    # Situations a message describes instead of naming a program ("suami saya meninggal",
    # "sudah tua tidak kuat kerja"): program -> groups of words that must all occur, in order of
    # precedence (a death in a work accident is JKK before it is JKM).
    situations: tuple[tuple[str, tuple[tuple[str, ...], ...]], ...] = ()
    # Specific details a question may ask for (opening hours, fees, a bank's name, a court, a
    # stepchild): an answer that never mentions the detail asked for does not answer the question.
    details: frozenset[str] = frozenset()
    # Units a question may ask a number of ("berapa hari", "persennya berapa") -> the forms an
    # answer writes with its number ("3 hari", "0,30%", "tanggal 15"): without one it does not answer.
    units: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # Things a question may ask the number of (people, staff, companies) -> the forms an answer
    # writes after such a number; read only on answers that report counts as of a date (snapshot.py).
    counts: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def outputs(self) -> frozenset[str]:
        """Every word the lexicon may produce (these are never typo-corrected)."""
        out: set[str] = set()
        for value in self.words.values():
            out.update(value)
        for words, value in self.phrases:
            out.update(words)
            out.update(value)
        out.update(self.details)  # a detail asked for is itself, not the nearest known word ("angkat")
        out.update(self.places)  # a place is itself: "ngunut" is no typo of a known word
        return frozenset(out)


def parse_lexicon(raw: Mapping[str, object]) -> Lexicon:
    words_raw = raw.get("words", {})
    phrases_raw = raw.get("phrases", {})
    if not isinstance(words_raw, dict) or not isinstance(phrases_raw, dict):
        raise ValueError("lexicon: [words] and [phrases] must be tables")
    words = {str(k).lower(): tuple(str(v).lower().split()) for k, v in words_raw.items()}
    groups = _groups(raw.get("groups", {}))
    phrases = sorted(
        (
            (tuple(key.split()), tuple(str(v).lower().split()))
            for k, v in phrases_raw.items()
            for key in _expand(str(k).lower(), groups)
        ),
        key=lambda item: -len(item[0]),
    )

    def word_list(section: str, key: str = "words") -> frozenset[str]:
        body = raw.get(section, {})
        items = body.get(key, []) if isinstance(body, dict) else []
        return frozenset(str(w).lower() for w in items)

    return Lexicon(
        words=words,
        phrases=tuple(phrases),
        anchors=word_list("anchors"),
        protected=word_list("protect"),
        weak_anchors=word_list("anchors", "weak"),
        neutral=word_list("neutral"),
        rumour=word_list("neutral", "rumour"),
        aspects=word_list("follow_up", "aspects"),
        function=word_list("function"),
        dates=word_list("function", "dates"),
        places=frozenset(p for w in word_list("function", "places") for p in _expand(w, groups)),
        situations=_situations(raw.get("situations", {})),
        details=word_list("details"),
        units=_units(raw.get("units", {})),
        counts=_units(raw.get("counts", {}), "counts"),
    )


def _units(body: object, table: str = "units") -> dict[str, tuple[str, ...]]:
    """[units] (or [counts]): the word next to "berapa" -> the forms an answer writes with a number."""
    if not isinstance(body, dict) or not all(isinstance(v, list) for v in body.values()):
        raise ValueError(f"lexicon: [{table}] must be a table of lists")
    return {str(unit).lower(): tuple(str(form).lower() for form in forms) for unit, forms in body.items()}


_GROUP = re.compile(r"\{(\w+)\}")


def _groups(body: object) -> dict[str, tuple[str, ...]]:
    """[groups]: name -> the ways of writing one thing ("bpjs tk", "bpjamsostek", ...)."""
    if not isinstance(body, dict) or not all(isinstance(v, list) for v in body.values()):
        raise ValueError("lexicon: [groups] must be a table of lists")
    return {str(name).lower(): tuple(str(item).lower() for item in items) for name, items in body.items()}


def _expand(key: str, groups: Mapping[str, tuple[str, ...]], depth: int = 0) -> list[str]:
    """A phrase key with every "{group}" in it replaced by each way of writing that group."""
    match = _GROUP.search(key)
    if match is None:
        return [" ".join(key.split())]
    if match.group(1) not in groups or depth > 5:
        raise ValueError(f"lexicon: unknown group {match.group(0)} in phrase {key!r}")
    out: list[str] = []
    for item in groups[match.group(1)]:
        out.extend(_expand(key[: match.start()] + item + key[match.end() :], groups, depth + 1))
    return out


def _situations(body: object) -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
    if not isinstance(body, dict):
        raise ValueError("lexicon: [situations] must be a table")
    out = []
    for program, groups in body.items():
        if not isinstance(groups, list):
            raise ValueError(f"lexicon: [situations] {program} must be a list")
        # A key's first word is its program, so a program may come twice in the order:
        # "jkm di luar kerja" before jkk, "jkm" after it.
        out.append((str(program).lower().split()[0], tuple(tuple(str(g).lower().split("+")) for g in groups)))
    return tuple(out)


def load_lexicon(path: Path) -> Lexicon:
    with path.open("rb") as fh:
        return parse_lexicon(tomllib.load(fh))


# The dot of an abbreviation in an address or a name ("Jl. Palem", "Kec. Ngunut", "PT. Maju") ends no
# sentence: splitting there left "Palem berapa ya?" as the question of "nomor kantor di Jl. Palem".
_ABBREVIATION_DOT = re.compile(r"\b(jl|jln|gg|kab|kec|kel|ds|tgl|pt|cv|dr|bpk|sdr|sdri)\.(?=\s*\w)", re.IGNORECASE)


def without_abbreviation_dots(text: str) -> str:
    return _ABBREVIATION_DOT.sub(r"\1 ", text)


def basic_tokens(text: str) -> list[str]:
    """Case, Unicode, numbers and punctuation: the first, lexicon-free step."""
    t = unicodedata.normalize("NFKC", text[:MAX_CHARS]).lower()
    if not t.isascii():  # Javanese é/è/ê are plain e to the lexicon (a token is [a-z]+: "kowé" was "kow")
        t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
    t = _REGULATION.sub(r"\1 \2 \3", t)
    t = _THOUSANDS.sub("", t)
    t = _THOUSANDS.sub("", t)
    t = _DECIMAL.sub(".", t)
    t = t.replace("%", " persen ").replace("&", " dan ").replace("×", " x ")
    t = _LETTER_DIGIT.sub(" ", t)
    return _TOKEN.findall(t)


def _without_possessive(token: str) -> Iterator[str]:
    """The word a token may be with a possessive ending cut off ("bayarnya" -> "bayar")."""
    for ending in _POSSESSIVES:
        if token.endswith(ending) and len(token) - len(ending) >= 3:
            yield token[: -len(ending)]


def _possessive_of(tokens: list[str], words: tuple[str, ...]) -> bool:
    """A phrase of two or more words, any of them carrying a possessive ending: "call centernya",
    "jaminan hari tuane", "bayarnya berapa" read as "call center", "jaminan hari tua", "bayar berapa".
    Whether a phrasing happens to use "bayarnya" must not decide how a message's "bayarnya" reads."""
    if len(words) < 2 or len(tokens) != len(words):
        return False
    return all(token == word or word in _without_possessive(token) for token, word in zip(tokens, words, strict=True))


def destretch(token: str) -> str:
    """Runs of three or more equal letters become one ("cairrr" -> "cair")."""
    return _RUN3.sub(r"\1", token)


def affix_candidates(token: str) -> Iterator[str]:
    """Possible stems of a word, most specific first (may yield non-words)."""
    bases = [token]
    for suffix in _SUFFIXES:
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            bases.append(token[: -len(suffix)])
    for base in bases:
        if base != token:
            yield base
    for base in bases:
        for prefix, restores in _PREFIXES:
            if base.startswith(prefix) and len(base) - len(prefix) >= 2:
                rest = base[len(prefix) :]
                for first in restores:
                    candidate = first + rest
                    if len(candidate) >= 3:
                        yield candidate


_VOWELS = frozenset("aeiou")


def consonants(word: str) -> str:
    """A word's consonant skeleton ("pekerja" -> "pkrj")."""
    return "".join(c for c in word if c not in _VOWELS)


def vowels_left_out(token: str) -> bool:
    """A texting form with its vowels left out ("pkrja", "stlh", "sblm"): at least four letters and
    no vowel except perhaps the last. Shorter ones ("blk", "pln") are mostly acronyms."""
    return len(token) >= 4 and token.isalpha() and not _VOWELS.intersection(token[:-1])


def is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(c in letters for c in short)


def plausible_slip(typed: str, meant: str) -> bool:
    """Whether `typed` is `meant` with a slip people make (see _SPOKEN_VOWELS); edit distance 1 or 2."""
    if len(typed) == len(meant):
        diff = [i for i in range(len(typed)) if typed[i] != meant[i]]
        if len(diff) == 2:  # two letters swapped
            i, j = diff
            return j == i + 1 and typed[i] == meant[j] and typed[j] == meant[i]
        if len(diff) != 1:
            return False
        return len(typed) >= MIN_ANY_SLIP_LEN or (typed[diff[0]], meant[diff[0]]) in _SPOKEN_VOWELS
    short, long = sorted((typed, meant), key=len)
    gap = len(long) - len(short)
    if gap not in (1, 2) or (gap == 2 and (len(typed) < MIN_TWO_SLIPS_LEN or long.startswith(short))):
        return False
    rest = iter(long)
    return all(letter in rest for letter in short)  # letters added or dropped, nothing else


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance, giving up (returning limit + 1) beyond `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            value = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                value = min(value, prev2[j - 2] + 1)
            cur[j] = value
            best = min(best, value)
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)]


class Normalizer:
    """Turns a message into canonical tokens; build once, call many times."""

    def __init__(self, lexicon: Lexicon, corpus: Iterable[str] = ()) -> None:
        self.lexicon = lexicon
        self._lexicon_outputs = lexicon.outputs
        self._surface: Counter[str] = Counter()  # vocabulary before phrases and stemming
        self._stems: dict[str, str] = {}
        self._fix_cache: dict[str, str] = {}
        # One message is read by several readers (whole, parts, follow-up, change checks); each gets
        # the same tokens without the work being done again.
        self._token_cache: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self._deletes: dict[str, set[str]] = {}
        self._phrases_by_first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {}
        for words, replacement in lexicon.phrases:  # already longest first
            if words:
                self._phrases_by_first.setdefault(words[0], []).append((words, replacement))
        texts = list(corpus)
        for text in texts:
            self._surface.update(self._lexical(text))
        for word in self._lexicon_outputs:
            self._surface[word] += 0
        post: Counter[str] = Counter()
        for text in texts:
            post.update(self._phrases(self._corrected(self._lexical(text))))
        for group in (self.lexicon.anchors, self.lexicon.weak_anchors, self._lexicon_outputs):
            for word in group:
                post[word] += 0
        self._stems = self._build_stems(post)
        self.vocabulary = frozenset(self._stems.values())
        self._buckets: dict[tuple[str, int], list[str]] = {}  # (first letter, length) -> words
        # A detail is asked for only when written ("ceria" is not a typo of "cerai", which would
        # veto the answer): neither typo correction nor a texting form lands on one.
        # Consonant skeleton -> the commonest known word with it, for texting forms ("pkrja").
        self._skeletons: dict[str, str] = {}
        for word, _ in self._surface.most_common():
            if word.isalpha() and len(word) >= 4 and word not in lexicon.details:
                self._skeletons.setdefault(consonants(word), word)
        for word in self._surface:
            if len(word) >= MIN_FUZZY_LEN and not word.isdigit() and word not in lexicon.details:
                for i in range(len(word)):
                    self._deletes.setdefault(word[:i] + word[i + 1 :], set()).add(word)
                if len(word) >= 6:
                    self._buckets.setdefault((word[:1], len(word)), []).append(word)
        self.anchors = frozenset(self._stems.get(w, w) for w in lexicon.anchors)
        self.weak_anchors = frozenset(self._stems.get(w, w) for w in lexicon.weak_anchors) - self.anchors
        self.neutral = frozenset(self._stems.get(w, w) for w in lexicon.neutral) - self.anchors - self.weak_anchors
        self.rumour = frozenset(self._stems.get(w, w) for w in lexicon.rumour) & self.neutral
        self.function = lexicon.function - self.anchors - self.weak_anchors
        self.dates = frozenset(self._stems.get(w, w) for w in lexicon.dates)
        self.places = lexicon.places - self.anchors
        self.aspects = frozenset(self._stems.get(w, w) for w in lexicon.aspects)
        self._stems.update(self._stems_of_phrase_only_words())
        # As a message would spell them ("tutupnya" -> tutup), so the check compares like with like.
        self.details = frozenset(t for w in lexicon.details for t in self.tokens(w)) - self.anchors

    # --- steps ---------------------------------------------------------------
    def _lexical(self, text: str) -> list[str]:
        out: list[str] = []
        # Phrases first on the raw words too ("call center" before "call" -> "telepon").
        for raw in self._phrases([destretch(t) for t in basic_tokens(text)]):
            token = raw
            if token == "oleh" and out and _PASSIVE.match(out[-1]):
                continue  # "ditanggung oleh perusahaan": Indonesian "by", not Javanese "oleh" (may, get)
            mapped = self.lexicon.words.get(token)
            if mapped is None and _RUN2.search(token) and token not in self._surface:
                single = _RUN2.sub(r"\1", token)
                if single in self.lexicon.words:
                    mapped = self.lexicon.words[single]
                elif single in self._surface:
                    token = single
            if mapped is None:
                out.append(token)
            else:
                out.extend(mapped)
        return out

    def _corrected(self, tokens: list[str]) -> list[str]:
        if not self._surface:
            return tokens
        budget = [MAX_FUZZY_PER_MESSAGE]
        return [self._fix(token, budget) for token in tokens]

    def _fix(self, token: str, budget: list[int]) -> str:
        if token in self._surface or token.isdigit() or "." in token or len(token) < 4:
            return token
        cached = self._fix_cache.get(token)
        if cached is not None:
            return cached
        if budget[0] <= 0:
            return token
        budget[0] -= 1
        fixed = self._fix_uncached(token)
        if len(self._fix_cache) < 50_000:
            self._fix_cache[token] = fixed
        return fixed

    def _fix_uncached(self, token: str) -> str:
        # A long known word with a letter left out ("perusahan", "besiswa") is that word: read as an
        # affixed form first, "per-usah-an" would leave "usah" ("no need") and "be-siswa" a pupil.
        slipped = self._one_slip_from_a_long_word(token)
        if slipped is not None:
            return slipped
        # Colloquial affixes next: daftarin -> daftar, ngurus -> urus, syarate -> syarat.
        for candidate in affix_candidates(token):
            mapped = self.lexicon.words.get(candidate)
            if mapped and len(mapped) == 1:
                # Read as the stem alone is read: "matine" is "mati" + "-ne", and "mati" means "meninggal".
                return mapped[0]
            if candidate in self._surface:  # a protected word may be the stem (anaknya -> anak)
                return candidate
        for prefix, restores in _NASALS:
            if token.startswith(prefix):
                for first in restores:
                    candidate = first + token[len(prefix) :]
                    if len(candidate) >= 4 and candidate != token and candidate in self._surface:
                        return candidate
        if vowels_left_out(token):
            meant = self._skeletons.get(consonants(token))
            if meant is not None and meant[0] == token[0] and len(meant) > len(token) and is_subsequence(token, meant):
                return meant
        if len(token) < MIN_FUZZY_LEN:
            return token
        found: dict[str, int] = {}
        keys = {token} | {token[:i] + token[i + 1 :] for i in range(len(token))}
        for key in keys:
            for word in self._deletes.get(key, ()):
                found[word] = edit_distance(token, word, 1)
            if key in self._surface and key != token and len(key) >= MIN_FUZZY_LEN and key not in self.lexicon.details:
                found[key] = 1
        limit = 2 if len(token) >= 8 else 1
        if limit == 2 and not any(d <= 1 for d in found.values()):
            for size in range(len(token) - 2, len(token) + 3):
                for word in self._buckets.get((token[:1], size), ()):
                    found[word] = edit_distance(token, word, 2)
        good = [(d, -self._surface[w], w) for w, d in found.items() if d <= limit and plausible_slip(token, w)]
        return min(good)[2] if good else token

    def _one_slip_from_a_long_word(self, token: str) -> str | None:
        """The one known word of at least LONG_WORD letters that `token` is with a letter left out
        ("perusahan"); None when there is none, or more than one. Only a letter left out: one
        changed may be another real word ("diadakan" is not "diadukan")."""
        if len(token) < LONG_WORD - 1:
            return None
        dropped = {w for w in self._deletes.get(token, ()) if len(w) >= LONG_WORD}
        return next(iter(dropped)) if len(dropped) == 1 else None

    def _phrases(self, tokens: list[str]) -> list[str]:
        out: list[str] = []
        i = 0
        by_first = self._phrases_by_first
        while i < len(tokens):
            candidates = by_first.get(tokens[i], [])
            cut = [phrase for first in _without_possessive(tokens[i]) for phrase in by_first.get(first, ())]
            if cut:  # longest first, as the lexicon is
                candidates = sorted([*candidates, *cut], key=lambda phrase: -len(phrase[0]))
            for words, replacement in candidates:
                window = tokens[i : i + len(words)]
                if tuple(window) == words or _possessive_of(window, words):
                    out.extend(replacement)
                    i += len(words)
                    break
            else:
                out.append(tokens[i])
                i += 1
        return [t for t in out if t]

    def _build_stems(self, vocabulary: Counter[str]) -> dict[str, str]:
        stems: dict[str, str] = {}
        for word in vocabulary:
            best = word
            cut = word not in self.lexicon.protected and word not in self.lexicon.places  # "bekasi" is not "kas"
            if cut and not word.isdigit() and len(word) >= 5:
                for candidate in affix_candidates(word):
                    if candidate in vocabulary and len(candidate) < len(best):
                        best = candidate
                if best == word:
                    best = self._mapped_stem(word, vocabulary) or word
            stems[word] = best
        for word in stems:  # follow chains: iurannya -> iuran -> iur
            seen = {word}
            while stems[stems[word]] != stems[word] and stems[word] not in seen:
                seen.add(stems[word])
                stems[word] = stems[stems[word]]
        return stems

    def _stems_of_phrase_only_words(self) -> dict[str, str]:
        """Stems for the words the knowledge holds only inside a phrase ("pesertanya" in "nmr
        pesertanya" is read as the phrase, so `_build_stems` never saw it): its affixes cut against
        the stems listed, most specific candidate first ("peserta", not "serta")."""
        found: dict[str, str] = {}
        for word in self._surface:
            if word in self._stems or word in self.lexicon.protected or word in self.lexicon.places or len(word) < 5:
                continue
            first = next((c for c in affix_candidates(word) if c in self._stems), None)
            if first is not None:
                found[word] = self._stems[first]
        return found

    def _mapped_stem(self, word: str, vocabulary: Counter[str]) -> str | None:
        """The one known word the lexicon maps an affixed word's stem to: "watese" in a phrasing is
        "wates" + "-e", and "wates" means "batas" (a message's unknown "watese" reads so too);
        "ndaftaraken" is "ndaftar" + "-aken", and "ndaftar" means "daftar"."""
        for suffix in _MAPPED_STEM_SUFFIXES:
            stem = word[: -len(suffix)]
            mapped = self.lexicon.words.get(stem) if word.endswith(suffix) and len(stem) >= 4 else None
            if mapped and len(mapped) == 1 and mapped[0] in vocabulary and mapped[0] != word:
                return mapped[0]
        return None

    # --- public ----------------------------------------------------------------
    def tokens(self, text: str) -> list[str]:
        """Canonical tokens of a message (program phrases as acronyms, stems merged)."""
        cached = self._token_cache.get(text)
        if cached is None:
            words = self._phrases(self._corrected(self._lexical(text)))
            cached = tuple(self._stems.get(w, w) for w in words)
            self._token_cache[text] = cached
            if len(self._token_cache) > TOKEN_CACHE_SIZE:
                self._token_cache.popitem(last=False)
        else:
            self._token_cache.move_to_end(text)
        return list(cached)

    def is_known(self, token: str) -> bool:
        return token in self.vocabulary
