"""core.text's space helpers split on str.split(): they must remove exactly what a
regex's \\s+ does, for every code point."""
import re
import sys

from core.text import squash, strip_space

_WS = re.compile(r"\s+")
_SPACES = "".join(chr(c) for c in range(sys.maxunicode + 1) if _WS.match(chr(c)))


def test_spaces_are_the_regex_spaces():
    assert len(_SPACES) >= 25 and "\u3000" in _SPACES and "\xa0" in _SPACES
    assert strip_space(_SPACES) == ""
    assert squash("a" + _SPACES + "b") == "a b"


def test_like_the_regex_on_mixed_text():
    samples = ["", "  ", "a", " 某某\u3000县 \t人民\n政府\xa0办公室 ", "\u200b零宽\u200b不是空格",
               "\x1c\x1d\x1e\x1f\x85" + "x", "a" + _SPACES.replace(" ", "b") + "c"]
    for s in samples:
        assert strip_space(s) == _WS.sub("", s)
        assert squash(s) == _WS.sub(" ", s).strip()
    assert strip_space(None) == "" and squash(None) == ""
