"""Classification, identifier extraction and document splitting for case-file documents: pure
functions over text (stdlib, numpy and scikit-learn only), independent of the rest of the archive."""

from .classifier import (
    REVIEW_THRESHOLD,
    Classification,
    classify,
    fields_to_json,
    needs_review,
    to_json,
)
from .extract import Fields, Person, extract_fields
from .model import LearnedModel, train_model
from .rules import RuleResult, find_title
from .rules import score as rule_scores
from .splitter import page_starts_document, split_pages
from .taxonomy import CASE_KINDS, DOCUMENT_TYPES, FALLBACK_TYPE, TRIAL_LEVELS, is_valid_type, label_for
from .textnorm import fold, fold_aligned, nfc, repair_ocr

__all__ = [
    "CASE_KINDS",
    "DOCUMENT_TYPES",
    "FALLBACK_TYPE",
    "REVIEW_THRESHOLD",
    "TRIAL_LEVELS",
    "Classification",
    "Fields",
    "LearnedModel",
    "Person",
    "RuleResult",
    "classify",
    "extract_fields",
    "fields_to_json",
    "find_title",
    "fold",
    "fold_aligned",
    "is_valid_type",
    "label_for",
    "needs_review",
    "nfc",
    "page_starts_document",
    "repair_ocr",
    "rule_scores",
    "split_pages",
    "to_json",
    "train_model",
]
