"""Learned document-type model: TF-IDF character and word n-grams with a linear classifier, trained
from documents people confirmed or corrected; serialisable to bytes so the archive can store it."""

from __future__ import annotations

import hashlib
import io
import pickle
import warnings
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import FeatureUnion
from sklearn.preprocessing import normalize
from sklearn.svm import LinearSVC

from .taxonomy import is_valid_type
from .textnorm import fold

FORMAT_VERSION = 1
SOFTMAX_SCALE = 4.0  # turns linear SVM margins (about -1.5..1.5) into probabilities
HEAD_CHARS = 600  # the header and title, repeated so they weigh more than the body


def model_text(text: str) -> str:
    """The text the model sees: folded (accent- and case-insensitive), head emphasised."""
    folded = " ".join(fold(text).split())
    return f"{folded[:HEAD_CHARS]} {folded}"


def _text_key(text: str) -> str:
    return hashlib.sha256(" ".join(fold(text).split()).encode()).hexdigest()


class LearnedModel:
    """A text classifier over taxonomy codes, with the training examples kept for near-duplicate lookup.

    Works from a single example upwards: with one class it can only say how similar a text is to
    that class; with two or more it is a logistic regression over TF-IDF features.
    """

    def __init__(self) -> None:
        self.classes: list[str] = []
        self.support: dict[str, int] = {}
        self._features: FeatureUnion | None = None
        self._classifier: LinearSVC | None = None
        self._examples = None  # L2-normalised feature rows of the training texts
        self._labels: list[str] = []

    @property
    def n_examples(self) -> int:
        """Number of distinct training texts."""
        return len(self._labels)

    @classmethod
    def train(cls, examples: Iterable[tuple[str, str]]) -> LearnedModel:
        """Fit on (text, confirmed type) pairs; a later label for the same text replaces an earlier one."""
        latest: dict[str, tuple[str, str]] = {}
        for text, code in examples:
            if not is_valid_type(code):
                raise ValueError(f"unknown document type: {code!r}")
            if text and text.strip():
                key = _text_key(text)
                latest.pop(key, None)
                latest[key] = (text, code)
        model = cls()
        if not latest:
            return model
        texts = [model_text(text) for text, _ in latest.values()]
        labels = [code for _, code in latest.values()]
        model._features = FeatureUnion(
            [
                (
                    "chars",
                    TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, max_features=60000),
                ),
                (
                    "words",
                    TfidfVectorizer(
                        analyzer="word",
                        ngram_range=(1, 2),
                        sublinear_tf=True,
                        token_pattern=r"(?u)\b\w+\b",
                        max_features=40000,
                    ),
                ),
            ]
        )
        matrix = model._features.fit_transform(texts)
        model._examples = normalize(matrix)
        model._labels = labels
        model.support = dict(Counter(labels))
        model.classes = sorted(model.support)
        if len(model.classes) >= 2:
            model._classifier = LinearSVC(C=1.0, class_weight="balanced")
            with warnings.catch_warnings():
                # Few examples per type is the normal case early on; sklearn warns about it.
                warnings.simplefilter("ignore", UserWarning)
                model._classifier.fit(matrix, labels)
        return model

    def _vector(self, text: str):
        assert self._features is not None
        return self._features.transform([model_text(text)])

    def similarities(self, text: str) -> np.ndarray:
        """Cosine similarity of ``text`` to every training example."""
        if self._features is None:
            return np.zeros(0)
        vector = normalize(self._vector(text))
        return (self._examples @ vector.T).toarray().ravel()

    def nearest(self, text: str) -> tuple[str, float] | None:
        """The confirmed type of the most similar training example and that similarity."""
        sims = self.similarities(text)
        if sims.size == 0:
            return None
        index = int(np.argmax(sims))
        return self._labels[index], float(sims[index])

    def predict_proba(self, text: str) -> dict[str, float]:
        """Probability per known type (only types seen in training appear)."""
        if self._features is None:
            return {}
        if self._classifier is None:
            nearest = self.nearest(text)
            return {self.classes[0]: max(0.0, nearest[1]) if nearest else 0.0}
        margins = np.atleast_1d(self._classifier.decision_function(self._vector(text))[0])
        if margins.size == 1:  # two classes: one margin, positive for the second
            margins = np.array([-margins[0], margins[0]])
        exp = np.exp(SOFTMAX_SCALE * (margins - margins.max()))
        probabilities = exp / exp.sum()
        return {str(code): float(p) for code, p in zip(self._classifier.classes_, probabilities, strict=True)}

    # -- persistence ---------------------------------------------------------------------------

    def to_bytes(self) -> bytes:
        """Serialised model (pickle), for storing in the archive."""
        buffer = io.BytesIO()
        pickle.dump({"version": FORMAT_VERSION, "model": self}, buffer, protocol=pickle.HIGHEST_PROTOCOL)
        return buffer.getvalue()

    @classmethod
    def from_bytes(cls, data: bytes) -> LearnedModel:
        """Load a model written by :meth:`to_bytes` (only from trusted storage: it is a pickle)."""
        payload = pickle.loads(data)  # noqa: S301 - the archive's own model blob
        if not isinstance(payload, dict) or payload.get("version") != FORMAT_VERSION:
            raise ValueError("not a classification model of a supported version")
        model = payload["model"]
        if not isinstance(model, cls):
            raise ValueError("not a classification model")
        return model

    def save(self, path: str | Path) -> None:
        """Write the model to ``path``."""
        Path(path).write_bytes(self.to_bytes())

    @classmethod
    def load(cls, path: str | Path) -> LearnedModel:
        """Read a model written by :meth:`save`."""
        return cls.from_bytes(Path(path).read_bytes())


def train_model(examples: Iterable[tuple[str, str]]) -> LearnedModel:
    """Train a model from (text, confirmed type) examples."""
    return LearnedModel.train(examples)
