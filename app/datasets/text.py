"""Text data written for the app: short film reviews in English and Chinese."""

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
]
