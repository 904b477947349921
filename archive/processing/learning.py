"""The learned classifier of this archive: trained from the types people confirmed or corrected.

Kept in memory per process and retrained when the set of training examples changes.
"""

from __future__ import annotations

import threading

from sqlalchemy import func, select

from archive.classification import LearnedModel, train_model
from archive.records.models import TrainingExample

_lock = threading.Lock()
_cache: dict[str, tuple[tuple[int, int], LearnedModel | None]] = {}


def current_model(archive) -> LearnedModel | None:
    """The model trained on every confirmed example so far, or None when there are none."""
    with archive.session() as session:
        key = tuple(session.execute(select(func.count(TrainingExample.id), func.max(TrainingExample.id))).one())
        key = (int(key[0] or 0), int(key[1] or 0))
        url = str(archive.engine.url)
        with _lock:
            cached = _cache.get(url)
            if cached is not None and cached[0] == key:
                return cached[1]
        if key[0] == 0:
            model = None
        else:
            examples = session.execute(select(TrainingExample.text, TrainingExample.doc_type)).all()
            model = train_model([(text, doc_type) for text, doc_type in examples])
    with _lock:
        _cache[url] = (key, model)
    return model


def model_in(session) -> LearnedModel | None:
    """The model trained on the examples as this session sees them (its own changes included), not cached."""
    examples = session.execute(select(TrainingExample.text, TrainingExample.doc_type)).all()
    return train_model([(text, doc_type) for text, doc_type in examples]) if examples else None


def add_example(session, text: str, doc_type: str, part_id: int | None, created_by: str | None) -> None:
    """Record a confirmed type; one example per part (a later correction replaces the earlier one)."""
    if part_id is not None:
        existing = session.scalar(select(TrainingExample).where(TrainingExample.part_id == part_id))
        if existing is not None:
            session.delete(existing)
            session.flush()
    session.add(TrainingExample(text=text, doc_type=doc_type, part_id=part_id, created_by=created_by))
