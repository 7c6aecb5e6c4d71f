from engage.analysis.text import tokens


def test_tokens_keep_words_of_any_script_whole():
    assert "wiśniewska" in tokens("Mrs Wiśniewska")
    assert "नमस्ते" in tokens("नमस्ते दोस्त")
    assert "પટેલ" in tokens("શ્રીમતી પટેલ")
    assert "ਸ੍ਰੀ" in tokens("ਸਤਿ ਸ੍ਰੀ ਅਕਾਲ")


def test_ascii_tokens_unchanged():
    assert tokens("Plain words, don't split!") == ["plain", "words", ",", "don't", "split", "!"]
