"""The desktop's words for each administration tab, one module per tab, merged into ``i18n.MESSAGES``.

Each module holds ``WORDS: dict[str, dict[str, str]]`` keyed like the main catalogue ("el" and "en").
"""
