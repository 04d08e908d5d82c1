"""core.script: the OpenCC converters every stage shares."""
import opencc

from core.script import s2t_character


def test_s2t_of_a_single_character_is_opencc_s2t_without_its_phrase_tables():
    # the cleaner's vocabulary folds every Han character of its patterns with it
    full = opencc.OpenCC("s2t").convert
    chars = s2t_character()
    assert chars.__self__.config.endswith("s2t_characters.json")   # the lean tables, not the fallback
    assert chars("发") == "發"
    differ = [chr(c) for c in range(0x4E00, 0xA000) if chars(chr(c)) != full(chr(c))]
    assert differ == []
    assert chars("发展") == "發展"   # (a phrase would convert otherwise only where s2t's phrase tables say so)
