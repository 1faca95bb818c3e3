"""Text data written for the app: short film reviews in English and Chinese,
as ids ready for an Embedding, or as the text itself for the layers that
read text (TextVectorization, StringLookup)."""

from __future__ import annotations

from app.catalog.params import Choice, Int
from app.datasets.registry import SEED, Dataset, n_samples
from app.i18n import T

ENTRIES = [
    Dataset(
        "reviews",
        T("Film reviews (sentiment, English or Chinese)", "影评（情感分类，英文或中文）"),
        T(
            "Short reviews written for this app, positive (1) or negative (0), as padded sequences of ids: words for English, characters for Chinese. Id 0 is padding and 1 a word outside the vocabulary.",
            "本应用编写的简短影评，正面（1）或负面（0），以补齐后的编号序列表示：英文按词、中文按字切分。编号 0 表示填充，1 表示词表之外的词。",
        ),
        "binary",
        (
            n_samples(2000, lo=100, hi=20_000),
            Choice(name="language", default="en", choices=("en", "zh"), help=T("The reviews' language.", "影评的语言。")),
            Int(name="maxlen", default=16, lo=4, hi=64, help=T("Ids per review after padding or cutting.", "补齐或截断后每条影评的编号个数。")),
            Int(name="vocab_size", default=200, lo=10, hi=1000, help=T("Size of the vocabulary, padding and unknown ids included.", "词表大小（包括填充编号和未知词编号）。")),
            SEED,
        ),
        input_shape=lambda o: (o["maxlen"],), input_dtype="int32", n_classes=lambda o: 2, loader="text:reviews",
    ),
    Dataset(
        "review_texts",
        T("Film reviews as text (sentiment, English or Chinese)", "影评原文（情感分类，英文或中文）"),
        T(
            "The same short reviews, positive (1) or negative (0), as text: one string per sample, shape (1,), for a model whose input dtype is string and whose first layer turns text into numbers (TextVectorization, StringLookup).",
            "同样的简短影评，正面（1）或负面（0），但保留原文：每个样本是一个字符串，形状为 (1,)。模型的输入 dtype 需设为 string，第一层负责把文本变成数字（TextVectorization、StringLookup）。",
        ),
        "binary",
        (
            n_samples(2000, lo=100, hi=20_000),
            Choice(name="language", default="en", choices=("en", "zh"), help=T("The reviews' language.", "影评的语言。")),
            SEED,
        ),
        input_shape=lambda o: (1,), input_dtype="string", n_classes=lambda o: 2, loader="text:review_texts",
    ),
]
