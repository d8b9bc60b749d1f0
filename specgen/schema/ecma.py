"""ECMA-262 pattern spellings that Python's ``re`` rejects, rewritten to ones it accepts.

OpenAPI patterns are ECMA-262 regexes; Python's parser is what specgen reads them with.
"""

from __future__ import annotations

import re

# Unicode property classes Python's `re` lacks, widened to classes it has: letters and
# numbers to word characters, separators to whitespace, anything else to any character.
# Widening never rejects a valid value; it only makes such a pattern inexact.
_PROPERTY = re.compile(r"\\([pP])\{([A-Za-z_=]+)\}")
_WORDISH = frozenset({"L", "Lu", "Ll", "Lt", "Lm", "Lo", "N", "Nd", "Nl", "No", "Letter"})
_SPACEISH = frozenset({"Z", "Zs", "Zl", "Zp"})
_ESCAPES = frozenset("bBdDwWsSfnrtvxuck")  # letter escapes ECMA and Python share


def _widen(match: re.Match[str], in_class: bool) -> str:
    kind, name = match.group(1), match.group(2)
    if kind == "p" and name in _WORDISH:
        body = r"\w"
    elif kind == "p" and name in _SPACEISH:
        body = r"\s"
    else:
        body = r"\s\S"
    return body if in_class else f"[{body}]"


def ecma_to_python(pattern: str) -> tuple[str, bool]:
    """Rewrite ECMA-only spellings Python rejects: named groups ``(?<n>...)`` and
    ``\\k<n>``, the empty class ``[]``, the any-character class ``[^]`` and Unicode
    property classes ``\\p{L}`` (widened). Returns the text and whether it was widened."""
    out: list[str] = []
    i, in_class, widened = 0, False, False
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            prop = _PROPERTY.match(pattern, i)
            if prop is not None:
                out.append(_widen(prop, in_class))
                widened = True
                i = prop.end()
                continue
            if pattern.startswith("\\k<", i) and not in_class:
                end = pattern.find(">", i)
                if end > 0:
                    out.append(f"(?P={pattern[i + 3 : end]})")
                    i = end + 1
                    continue
            letter = pattern[i + 1 : i + 2]
            if letter.isascii() and letter.isalpha() and letter not in _ESCAPES:
                out.append(letter)  # ECMA (without the u flag): `\\p` is just `p`
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if not in_class and pattern.startswith("(?<", i) and pattern[i + 3 : i + 4] not in "=!":
            out.append("(?P<")
            i += 3
            continue
        if not in_class and pattern.startswith("[^]", i):
            out.append(r"[\s\S]")
            i += 3
            continue
        if not in_class and pattern.startswith("[]", i):
            out.append("(?!)")
            i += 2
            continue
        if in_class and ch == "[":
            out.append("\\[")  # literal in ECMA; Python warns of a future nested set
        elif in_class and ch in "&~|-" and out and out[-1] == ch:
            out.append("\\" + ch)  # `&&`, `--`...: literal in ECMA, set operations to come
        elif in_class and ch == "-" and out and re.fullmatch(r"\\[dDwWsS]", out[-1]):
            out.append("\\-")  # `[\w-x]`: ECMA reads a literal `-` after a class escape
        else:
            if ch == "[" and not in_class:
                in_class = True
            elif ch == "]" and in_class:
                in_class = False
            out.append(ch)
        i += 1
    return "".join(out), widened
