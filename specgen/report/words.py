"""Words in messages."""


def counted(number: int, noun: str) -> str:
    """``"1 operation"``, ``"2 operations"``: English plurals of regular nouns."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
