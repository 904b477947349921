"""Document classification: rule scores and the learned model combined into one type with a
confidence; low confidence sends the document to the review queue. Also the CLI JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .extract import Fields, extract_fields
from .model import LearnedModel
from .rules import score as rule_score
from .taxonomy import DOCUMENT_TYPES, FALLBACK_TYPE, label_for

REVIEW_THRESHOLD = 0.6  # below this a person confirms the type
NEAR_DUPLICATE_SIMILARITY = 0.85  # a confirmed example this similar decides the type...
# ...unless the text's own title names another type: documents of one organ share their letterhead and
# formulas (0.86-0.89 between its different decisions), so only a copy of the example overrules a title.
TITLED_NEAR_DUPLICATE_SIMILARITY = 0.95
MODEL_OVERRIDE_PROBABILITY = 0.6  # the model may replace weak rules from this probability...
MODEL_OVERRIDE_SUPPORT = 3  # ...when it has seen at least this many examples of its type
RUNNER_UP_PENALTY = 0.4  # confidence drops by this share of the runner-up's rule score


@dataclass
class Classification:
    """A document's type, its label, how sure we are, its extracted fields and per-type scores."""

    doc_type: str
    label: str
    confidence: float
    fields: Fields
    scores: dict[str, float] = field(default_factory=dict)
    source: str = "rules"  # rules | model | rules+model | confirmed-example
    title: str | None = None


def _rule_confidence(scores: dict[str, float]) -> tuple[str, float]:
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    top_code, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    return top_code, max(0.0, min(1.0, top - RUNNER_UP_PENALTY * second))


def classify(text: str, model: LearnedModel | None = None) -> Classification:
    """Type, confidence and fields of one document's text.

    Rules read the title and body cues. A trained model then: decides outright when the text is a
    near duplicate of a confirmed example (so a correction changes the next prediction); replaces
    weak rules when it is confident and has seen enough examples of its type; raises confidence when
    it agrees and lowers it when it disagrees with strong rules.
    """
    rules = rule_score(text)
    doc_type, confidence = _rule_confidence(rules.scores)
    scores = dict(rules.scores)
    source = "rules"

    if model is not None and model.n_examples:
        probabilities = model.predict_proba(text)
        nearest = model.nearest(text)
        weight = min(0.5, model.n_examples / (model.n_examples + 20))
        scores = {
            code: round((1 - weight) * rules.scores.get(code, 0.0) + weight * probabilities.get(code, 0.0), 4)
            for code in DOCUMENT_TYPES
        }
        model_type = max(probabilities, key=lambda c: probabilities[c]) if probabilities else None
        model_p = probabilities.get(model_type, 0.0) if model_type else 0.0
        needed = (
            TITLED_NEAR_DUPLICATE_SIMILARITY
            if nearest and rules.title_type not in (None, nearest[0])
            else NEAR_DUPLICATE_SIMILARITY
        )
        if nearest and nearest[1] >= needed:
            doc_type, confidence, source = (
                nearest[0],
                max(confidence if doc_type == nearest[0] else 0.0, nearest[1]),
                "confirmed-example",
            )
        elif model_type == doc_type:
            confidence = 1 - (1 - confidence) * (1 - 0.5 * model_p)
            source = "rules+model"
        elif (
            model_type
            and model_p >= MODEL_OVERRIDE_PROBABILITY
            and model.support.get(model_type, 0) >= MODEL_OVERRIDE_SUPPORT
            and model_p > confidence
        ):
            doc_type, confidence, source = model_type, model_p * (1 - 0.5 * confidence), "model"
        elif model_type:
            confidence = confidence * (1 - 0.5 * model_p)

    return Classification(
        doc_type=doc_type,
        label=label_for(doc_type),
        confidence=round(confidence, 4),
        fields=extract_fields(text),
        scores=scores,
        source=source,
        title=rules.title,
    )


def needs_review(classification: Classification) -> bool:
    """Whether a person must confirm the type (low confidence or nothing recognised)."""
    return classification.confidence < REVIEW_THRESHOLD or (
        classification.doc_type == FALLBACK_TYPE and classification.source == "rules" and classification.title is None
    )


def fields_to_json(fields: Fields) -> dict[str, Any]:
    """Fields in the JSON shape of ``hoso classify --json`` (citizen IDs are left out: personal data)."""
    return {
        "number": fields.number,
        "date": fields.date.isoformat() if fields.date else None,
        "issuer": fields.issuer,
        "case_numbers": list(fields.case_numbers),
        "articles": list(fields.articles),
        "people": [{"name": person.name, "role": person.role} for person in fields.people],
    }


def to_json(classification: Classification) -> dict[str, Any]:
    """``{"type", "label", "confidence", "fields"}`` exactly as DESIGN.md specifies."""
    return {
        "type": classification.doc_type,
        "label": classification.label,
        "confidence": round(float(classification.confidence), 3),
        "fields": fields_to_json(classification.fields),
    }
