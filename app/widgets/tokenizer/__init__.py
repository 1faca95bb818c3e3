"""Texts through TextVectorization: the vocabulary, the tokens, the padded ids."""

from app.i18n import T
from app.widgets.params import Int, Strings, choice
from app.widgets.registry import Widget

WIDGET = Widget(
    title=T("Text to tokens, ids and padding", "文本到词元、编号与补齐"),
    task="tokenize",
    request=(
        Strings(name="texts", default=["The film was wonderful", "这部电影非常精彩"], help=T("Texts to vectorize, one per line.", "要向量化的文本，每行一段。")),
        Int(name="max_tokens", default=None, nullable=True, lo=3, hi=2000, help=T("Vocabulary size, padding and [UNK] included.", "词表大小（包括填充和 [UNK]）。")),
        Int(name="output_sequence_length", default=8, nullable=True, lo=1, hi=100, help=T("Pad or cut each text to this many ids.", "把每段文本补齐或截断到这么多个编号。")),
        choice("split", "whitespace", ("whitespace", "character"), "How to cut text into tokens.", "如何把文本切分为词元。"),
        choice("standardize", "lower_and_strip_punctuation", ("lower_and_strip_punctuation", "lower", "strip_punctuation", "none"), "Cleaning before splitting.", "切分前的清理方式。"),
    ),
)
