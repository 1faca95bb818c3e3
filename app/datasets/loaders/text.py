"""Short film reviews written for this app, in English and Chinese, made into
padded sequences of word (or character) ids for sentiment classification.

Every sentence is built from the phrases below, so the corpus is small, free
of any licence, and the same on every machine.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

PHRASES = {
    "en": {
        "subject": ["the film", "this movie", "the story", "the acting", "the ending", "the music", "the script", "this show", "the director's work", "the cast"],
        "good": ["was wonderful", "was moving and funny", "made me smile", "was clever and warm", "kept me hooked", "felt fresh and honest", "was beautifully made", "deserves every award", "is worth watching twice", "left me happy"],
        "bad": ["was boring", "was slow and dull", "made no sense", "was a waste of time", "felt flat and lazy", "was badly made", "put me to sleep", "was painful to sit through", "is not worth the ticket", "left me annoyed"],
        "extra_good": ["I loved it", "a real gem", "highly recommended", "great fun", ""],
        "extra_bad": ["I hated it", "a real mess", "avoid it", "what a letdown", ""],
    },
    "zh": {
        "subject": ["这部电影", "这个故事", "演员的表演", "电影的结局", "片中的音乐", "这个剧本", "这部剧", "导演的手法", "整个演员阵容", "这部片子"],
        "good": ["非常精彩", "感人又有趣", "让我一直在笑", "聪明而温暖", "让人欲罢不能", "清新又真诚", "拍得很美", "值得所有奖项", "值得看两遍", "让我很开心"],
        "bad": ["很无聊", "又慢又乏味", "完全看不懂", "纯属浪费时间", "平淡又敷衍", "拍得很糟糕", "让我昏昏欲睡", "看得很痛苦", "不值票价", "让我很恼火"],
        "extra_good": ["我很喜欢", "真是佳作", "强烈推荐", "太好看了", ""],
        "extra_bad": ["我很讨厌", "一团糟", "别去看", "太失望了", ""],
    },
}


def sentences(language: str, n_samples: int, seed: int) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(seed)
    p = PHRASES[language]
    texts, labels = [], rng.integers(0, 2, size=n_samples)
    joiner = " " if language == "en" else ""
    for label in labels:
        mood = "good" if label == 1 else "bad"
        words = [p["subject"][rng.integers(len(p["subject"]))], p[mood][rng.integers(len(p[mood]))]]
        extra = p[f"extra_{mood}"][rng.integers(len(p[f"extra_{mood}"]))]
        text = joiner.join(words) + ((", " if language == "en" else "，") + extra if extra else "")
        texts.append(text)
    return texts, labels.astype(np.int64)


def tokens(text: str, language: str) -> list[str]:
    """Words for English (lower case, punctuation dropped), characters for Chinese."""
    if language == "zh":
        return [c for c in text if c.strip() and c not in "，。、"]
    return [w.strip(".,!?'") for w in text.lower().split() if w.strip(".,!?'")]


def reviews(n_samples: int, language: str, maxlen: int, vocab_size: int, seed: int):
    """(ids, labels): 0 pads, 1 marks a word outside the vocabulary, 2… are words by frequency."""
    texts, y = sentences(language, n_samples, seed)
    split = [tokens(t, language) for t in texts]
    counts = Counter(w for words in split for w in words)
    index = {w: i + 2 for i, (w, _) in enumerate(counts.most_common(vocab_size - 2))}
    x = np.zeros((n_samples, maxlen), dtype=np.int32)
    for row, words in enumerate(split):
        ids = [index.get(w, 1) for w in words][:maxlen]
        x[row, maxlen - len(ids) :] = ids  # padded at the front, as pad_sequences does by default
    return x, y


def review_texts(n_samples: int, language: str, seed: int):
    """(texts, labels): each review as one string, shape (n_samples, 1), the
    column a text layer reads (the same reviews as `reviews` with this seed)."""
    texts, y = sentences(language, n_samples, seed)
    return np.array(texts).reshape(-1, 1), y
