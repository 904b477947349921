from ocr.language_model import model


def test_statute_phrase_scores_better_than_its_misread():
    m = model()
    assert m.score("quyết định khởi tố bị can".split()) > m.score("quyết định khỏi tố bị can".split())
    assert m.score("viện kiểm sát".split()) > m.score("viện kiềm sát".split())


def test_unseen_syllable_costs_but_is_finite():
    m = model()
    assert m.score(["xyzq"]) < m.score(["của"])
    assert m.score(["xyzq"]) > float("-inf")
