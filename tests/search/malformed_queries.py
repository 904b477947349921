"""Search queries a person (or a script) may type that the query language does not expect: each must
give results or a QuerySyntaxError, never a crash. Shared by the search-layer and the HTTP tests."""

MALFORMED_QUERIES = [
    # operators with nothing to apply to
    "NOT", "AND", "OR", "NOT NOT", "NOT AND OR", "hùng NOT", "hùng AND", "OR hùng", "AND OR NOT",
    "NOT " * 120 + "hùng", "hùng OR " * 60, "- -", "-", "--hùng", "NOT -hùng",
    # parentheses
    "(", ")", "()", "(())", ")(", "(" * 500, ")" * 500, "(" * 250 + "hùng" + ")" * 250,
    "((hùng OR (lừa AND đảo)", "hùng) OR (lừa", "( NOT )", "(" * 30 + "NOT " * 30 + "x",
    # quotes
    '"', '""', '"""', '"hùng', 'hùng"', '"bị "can" "', '"\'"\'"', '"(" ")"', '"NOT"', '""~', '"bị can"~99999',
    # filters with empty or bad values
    "case:", "unit:", "kind:", "type:", "date:", "doc:", "page:", "case: ", "case:\"\"", "case: NOT",
    "date:abc", "date:2023-13", "date:2023-02-30", "date:0000", "date:99999", "date:-1", "date:..", "date:>=",
    "date:<", "date:2023..abc", "date:1899", "date:2101-01-01", "date:" + "9" * 400,
    "doc:abc", "doc:-1", "doc:0", "doc:99999999999999999999", "page:" + "9" * 400, "doc:1e10", "page:1.5",
    "case:" + "X" * 490, "unit:" + "đ" * 300,
    # huge numbers, fuzz and prefix markers
    "9" * 500, "1" * 20, "hùng~", "hùng~9", "hùng~~~", "*", "**", "a*", "đ*", "~", "~1", "+", "++hùng",
    # unicode junk, control characters, long input
    "\u200b\u200c\u200d", "\ufeff", "\u0301\u0301\u0301", "🙂" * 100, "\u202e evil", "\x00", "a\x00b", "\x1b[31m",
    "\t\n\r", "\x7f\x80\x9f", "Ω≈ç√∫˜µ≤≥÷", "𝔥𝔲𝔫𝔤", "ｈｕｎｇ", "ǅ", "\ufffd" * 50,
    "hùng " * 100, "a" * 500, "lừa đảo " * 62, "x" * 499 + "(",
]
