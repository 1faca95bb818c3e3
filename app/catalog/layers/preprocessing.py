"""Preprocessing layers: Keras's layers that prepare data inside the model
(the random image augmentation ones are in `augmentation.py`). Rescaling and
Resizing are fixed maps; Normalization, Discretization, TextVectorization,
StringLookup and IntegerLookup learn their state from data
(`layer.adapt(x_train)`); CategoryEncoding turns ids into one-hot or
multi-hot rows.

A learner cannot call `adapt()` in the playground, so these layers carry the
app's own parameter `adapt` (default true): the worker adapts them on the
rows fit trains on, never the validation rows, and the exported script calls
`adapt` the same way (app/worker/adapt.py, app/codegen/adapt.py)."""

from __future__ import annotations

from typing import Any

from app.catalog.common import DATA_FORMAT, LAYER_COMMON
from app.catalog.params import Bool, Choice, Float, Int, Numbers, Text, Words
from app.catalog.registry import Entry, Issue
from app.i18n import T

# -- which layers the app adapts -------------------------------------------------------

# Each adapted layer, and the argument that gives its state instead: a layer given it is
# never adapted (Keras refuses to adapt it).
STATE = {
    "Normalization": "mean",
    "Discretization": "bin_boundaries",
    "TextVectorization": "vocabulary",
    "StringLookup": "vocabulary",
    "IntegerLookup": "vocabulary",
}
# Layers that read text: the data set's own strings, nothing else.
TEXT_LAYERS = ("TextVectorization", "StringLookup")


def adapts(class_name: str, config: dict[str, Any]) -> bool:
    """Whether the app adapts this (checked) layer before fit."""
    return class_name in STATE and config.get("adapt", True) is True and config.get(STATE[class_name]) is None


def _invalid(loc: str, en: str, zh: str) -> Issue:
    return Issue((loc,), "invalid", {"detail": T(en, zh).to_json()})


# -- fixed maps, numbers ---------------------------------------------------------------

ADAPT_EN = " Before fit, the app calls adapt() on the rows fit trains on (never the validation rows), as the exported script does."
ADAPT_ZH = "训练前，本应用会在 fit 用于训练的那些行上调用 adapt()（绝不使用验证集的行），导出的脚本也是这样做的。"


def adapt_flag(what_en: str, what_zh: str) -> Bool:
    return Bool(name="adapt", default=True,
                help=T(f"The app's setting, not a Keras argument: learn {what_en} from the training rows with layer.adapt(x_train) before fit.",
                       f"本应用的设置，不是 Keras 的参数：训练前用 layer.adapt(x_train) 从训练数据中学习{what_zh}。"))


def _normalization_rules(config: dict[str, Any]) -> list[Issue]:
    mean, variance = config.get("mean"), config.get("variance")
    if (mean is None) != (variance is None):
        missing = "variance" if variance is None else "mean"
        return [_invalid(missing, f"expected {missing} too: Keras takes mean and variance together, or neither (then adapt learns them); received only {'mean' if missing == 'variance' else 'variance'}",
                         f"还应给出 {missing}：Keras 要求 mean 和 variance 同时给出，或都不给（此时由 adapt 学习）；但只收到了 {'mean' if missing == 'variance' else 'variance'}")]
    if mean is not None and len(mean) != len(variance):
        return [_invalid("variance", f"expected as many variances as means ({len(mean)}); received {len(variance)}", f"variance 的个数应与 mean 相同（{len(mean)} 个）；收到的是 {len(variance)} 个")]
    return []


def _discretization_rules(config: dict[str, Any]) -> list[Issue]:
    bounds, bins = config.get("bin_boundaries"), config.get("num_bins")
    if bounds is not None and bins is not None:
        return [_invalid("num_bins", "expected either bin_boundaries or num_bins, not both; received both", "bin_boundaries 和 num_bins 只能给出其一；但两者都给了")]
    if bounds is None and bins is None:
        return [_invalid("num_bins", "expected num_bins (adapt then places the boundaries at quantiles of the training rows) or bin_boundaries; received neither",
                         "应给出 num_bins（由 adapt 按训练数据的分位数确定边界）或 bin_boundaries；但两者都没有")]
    if bins is not None and config.get("adapt") is False:
        return [_invalid("adapt", "expected adapt true: with num_bins the boundaries come from adapt, and Keras refuses an unadapted Discretization; received false",
                         "adapt 应为 true：使用 num_bins 时边界由 adapt 得到，未经 adapt 的 Discretization 会被 Keras 拒绝；收到的是 false")]
    return []


def _category_encoding_rules(config: dict[str, Any]) -> list[Issue]:
    if config.get("num_tokens") is None:
        return [_invalid("num_tokens", "expected num_tokens, the number of ids (largest id plus one): Keras needs it; received nothing",
                         "应给出 num_tokens，即编号的个数（最大编号加一）：Keras 需要它；但没有收到")]
    return []


RESCALING = Entry(
    "Rescaling", "preprocessing",
    T("Multiplies every value by scale and adds offset: Rescaling(1/255) maps pixels 0…255 to 0…1, Rescaling(1/127.5, offset=-1) to −1…1. No weights.",
      "把每个值乘以 scale 再加上 offset：Rescaling(1/255) 把像素 0…255 映射到 0…1，Rescaling(1/127.5, offset=-1) 映射到 −1…1。没有权重。"),
    (Float(name="scale", default=1 / 255, lo=-1e6, hi=1e6, required=True, help=T("The factor every value is multiplied by.", "每个值所乘的系数。")),
     Float(name="offset", default=0.0, lo=-1e6, hi=1e6, help=T("The amount added after scaling.", "缩放之后加上的量。")),
     *LAYER_COMMON),
)
RESIZING = Entry(
    "Resizing", "preprocessing",
    T("Resizes each image to height × width, by interpolation. No weights.", "通过插值把每张图像缩放为 height × width。没有权重。"),
    (Int(name="height", default=32, lo=1, hi=1024, required=True, help=T("Height of the output images, in pixels.", "输出图像的高度（像素）。")),
     Int(name="width", default=32, lo=1, hi=1024, required=True, help=T("Width of the output images, in pixels.", "输出图像的宽度（像素）。")),
     Choice(name="interpolation", default="bilinear", choices=("bilinear", "nearest", "bicubic", "lanczos3", "lanczos5", "area"),
            help=T("How new pixels are computed from the old ones: nearest copies, bilinear and bicubic blend neighbours, lanczos3/5 use wider windows, area averages (good for shrinking).",
                   "新像素如何由旧像素算出：nearest 直接复制，bilinear 和 bicubic 混合相邻像素，lanczos3/5 使用更宽的窗口，area 求区域平均（适合缩小）。")),
     Bool(name="crop_to_aspect_ratio", default=False, advanced=True, help=T("Crop the largest centred window of the target's aspect ratio first, so shapes are not stretched.", "先裁出目标长宽比的最大居中窗口，使图形不被拉伸。")),
     Bool(name="pad_to_aspect_ratio", default=False, advanced=True, help=T("Pad the short side first (with fill_value), so shapes are not stretched.", "先在短边填充（使用 fill_value），使图形不被拉伸。")),
     Choice(name="fill_mode", default="constant", choices=("constant",), advanced=True, help=T("How padding is filled: only constant (fill_value).", "填充方式：只支持 constant（使用 fill_value）。")),
     Float(name="fill_value", default=0.0, lo=-1e6, hi=1e6, advanced=True, help=T("The value of padded pixels with pad_to_aspect_ratio.", "pad_to_aspect_ratio 时填充像素的值。")),
     Bool(name="antialias", default=False, advanced=True, help=T("Smooth before shrinking, so fine detail does not alias.", "缩小前先做平滑，避免细节产生混叠。")),
     DATA_FORMAT, *LAYER_COMMON),
)
NORMALIZATION = Entry(
    "Normalization", "preprocessing",
    T("Normalizes each feature: (x − mean) / √variance, with mean and variance given or learned from the data by adapt. Unlike BatchNormalization they do not change during training (non-trainable weights)." + ADAPT_EN,
      "归一化：按特征计算 (x − mean) / √variance，mean 和 variance 可以直接给出，也可以用 adapt 从数据中学得。与 BatchNormalization 不同，它们在训练中保持不变（不可训练的权重）。" + ADAPT_ZH),
    (Int(name="axis", default=-1, nullable=True, lo=-4, hi=4,
         help=T("The axis that keeps its own mean and variance (-1: one per feature of the last axis, e.g. per colour channel); None: one mean and variance for everything.",
                "拥有各自均值和方差的轴（-1：最后一个轴的每个特征一组，例如每个颜色通道）；None：所有数值共用一个均值和方差。")),
     Numbers(name="mean", default=None, nullable=True, min_len=1, max_len=1024, lo=-1e6, hi=1e6, advanced=True,
             help=T("The mean of each feature along axis, if you know it (then adapt is skipped); give variance too.", "若已知，沿 axis 的每个特征的均值（此时不做 adapt）；需同时给出 variance。")),
     Numbers(name="variance", default=None, nullable=True, min_len=1, max_len=1024, lo=0.0, hi=1e12, advanced=True,
             help=T("The variance of each feature, with mean.", "每个特征的方差，与 mean 一起给出。")),
     Bool(name="invert", default=False, advanced=True, help=T("Undo the normalization instead: x·√variance + mean (to turn a model's outputs back into data units).", "反向操作：计算 x·√variance + mean（把模型输出还原为数据的单位）。")),
     adapt_flag("the mean and variance of each feature", "每个特征的均值和方差"),
     *LAYER_COMMON),
    app_args=("adapt",), rules=_normalization_rules,
)
DISCRETIZATION = Entry(
    "Discretization", "preprocessing",
    T("Puts each number into a bin and outputs the bin's index (0, 1, ...): bins between bin_boundaries, or num_bins bins holding about as many training values each (adapt). No weights." + ADAPT_EN,
      "把每个数归入一个区间（分箱），输出区间的编号（0、1……）：区间由 bin_boundaries 划分，或由 adapt 划分为 num_bins 个、每个包含大致相同数量训练值的区间。没有权重。" + ADAPT_ZH),
    (Numbers(name="bin_boundaries", default=None, nullable=True, min_len=1, max_len=64, lo=-1e6, hi=1e6, increasing=True,
             help=T("Increasing boundaries: [0, 1] makes the bins below 0, 0 to 1, and from 1 up.", "递增的边界：[0, 1] 划分出小于 0、0 到 1、大于等于 1 三个区间。")),
     Int(name="num_bins", default=None, nullable=True, lo=2, hi=1000, help=T("How many bins adapt makes, without bin_boundaries.", "不给 bin_boundaries 时，adapt 划分出的区间个数。")),
     Float(name="epsilon", default=0.01, lo=0.0, hi=1.0, lo_open=True, advanced=True, help=T("Error allowed in adapt's quantiles: smaller is more exact and slower.", "adapt 计算分位数时允许的误差：越小越精确，也越慢。")),
     Choice(name="output_mode", default="int", choices=("int", "one_hot", "multi_hot", "count"),
            help=T("int: the bin index of each value; one_hot: a 0/1 row per value; multi_hot: one row per sample marking the bins it uses; count: how many values fell in each bin.",
                   "int：每个值的区间编号；one_hot：每个值一行 0/1；multi_hot：每个样本一行，标出用到的区间；count：每个区间落入了多少个值。")),
     adapt_flag("the bin boundaries (quantiles)", "区间边界（分位数）"),
     *LAYER_COMMON),
    app_args=("adapt",), rules=_discretization_rules,
)
CATEGORY_ENCODING = Entry(
    "CategoryEncoding", "preprocessing",
    T("Turns integer ids (0 … num_tokens−1) into rows of 0/1 or counts: one-hot for one id, multi-hot or counts for several. No weights.",
      "把整数编号（0 … num_tokens−1）变成由 0/1 或计数组成的行：单个编号用 one-hot，多个编号用 multi-hot 或计数。没有权重。"),
    (Int(name="num_tokens", default=None, nullable=True, lo=1, hi=100_000, help=T("How many different ids there are: the largest id plus one.", "不同编号的个数：最大编号加一。")),
     Choice(name="output_mode", default="multi_hot", choices=("multi_hot", "one_hot", "count"),
            help=T("multi_hot: one row per sample with a 1 at each id it holds; one_hot: one row per id (a sample of one id); count: how often each id occurs.",
                   "multi_hot：每个样本一行，在其包含的每个编号处为 1；one_hot：每个编号一行（样本只有一个编号时）；count：每个编号出现的次数。")),
     *LAYER_COMMON),
    rules=_category_encoding_rules,
)

# -- lookups and text ---------------------------------------------------------------------

MAX_TOKENS = Int(name="max_tokens", default=None, nullable=True, lo=1, hi=100_000,
                 help=T("The largest vocabulary adapt keeps (the most frequent tokens), counting the out-of-vocabulary and mask ids; None: no limit. An Embedding after it needs input_dim ≥ max_tokens.",
                        "adapt 保留的最大词表大小（取最常见的词），包括词表外编号和掩码编号；None 表示不限。其后的 Embedding 需要 input_dim ≥ max_tokens。"))
NUM_OOV = Int(name="num_oov_indices", default=1, lo=0, hi=100, advanced=True,
              help=T("How many ids are kept for tokens outside the vocabulary; they come first, after the mask token's 0 if there is one: with 1, every unknown token gets id 0 (id 1 with a mask token).",
                     "为词表外的词保留多少个编号；这些编号排在最前面，如有掩码词则排在其编号 0 之后：为 1 时，所有未知词的编号都是 0（有掩码词时为 1）。"))
PAD_TO_MAX = Bool(name="pad_to_max_tokens", default=False, advanced=True,
                  help=T("Make the one_hot, multi_hot, count or tf_idf output max_tokens wide even when the vocabulary is smaller (needed here without a vocabulary: the summary shows the shapes before adapt sees the data).",
                         "即使词表更小，也让 one_hot、multi_hot、count 或 tf_idf 的输出宽度为 max_tokens（在这里没有给定词表时必须如此：摘要在 adapt 看到数据之前就要给出形状）。"))


def lookup_mode(*modes: str) -> Choice:
    return Choice(name="output_mode", default="int", choices=modes,
                  help=T("int: each token's id; one_hot: a 0/1 row per token; multi_hot: one row per sample marking its tokens; count: how often each occurs; tf_idf: counts weighted by how rare each token is in the training rows.",
                         "int：每个词的编号；one_hot：每个词一行 0/1；multi_hot：每个样本一行，标出它包含的词；count：每个词出现的次数；tf_idf：按词在训练数据中的稀有程度加权的计数。"))


def _lookup_rules(config: dict[str, Any]) -> list[Issue]:
    if config.get("vocabulary") is not None:
        return []
    if config.get("adapt") is False:
        return [_invalid("adapt", "expected adapt true, or a vocabulary: without either the lookup table stays empty and Keras fails on the first batch; received adapt false",
                         "adapt 应为 true，或者给出 vocabulary：两者都没有时查找表为空，Keras 会在第一个批次上出错；收到的是 adapt false")]
    if config.get("output_mode", "int") != "int" and not (config.get("pad_to_max_tokens") and config.get("max_tokens")):
        return [_invalid("pad_to_max_tokens", f"expected max_tokens and pad_to_max_tokens true with output_mode {config['output_mode']} and no vocabulary: the output has one column per token, and the playground shows the model's shapes before adapt has seen the data; received pad_to_max_tokens {str(bool(config.get('pad_to_max_tokens'))).lower()}, max_tokens {config.get('max_tokens')}",
                         f"output_mode 为 {config['output_mode']} 且没有给定词表时，应设置 max_tokens 并把 pad_to_max_tokens 设为 true：输出的每一列对应一个词，而训练场在 adapt 看到数据之前就要给出模型的形状；收到的是 pad_to_max_tokens {str(bool(config.get('pad_to_max_tokens'))).lower()}、max_tokens {config.get('max_tokens')}")]
    return []


def _text_vectorization_rules(config: dict[str, Any]) -> list[Issue]:
    if config.get("output_sequence_length") is not None and config.get("output_mode", "int") != "int":
        return [_invalid("output_sequence_length", f"expected no output_sequence_length with output_mode {config['output_mode']}: only int outputs sequences; received {config['output_sequence_length']}",
                         f"output_mode 为 {config['output_mode']} 时不应设置 output_sequence_length：只有 int 模式输出序列；收到的是 {config['output_sequence_length']}")]
    return _lookup_rules(config)


WORD = r"[^\x00-\x1f]{1,40}"
TEXT_VECTORIZATION = Entry(
    "TextVectorization", "preprocessing",
    T("Turns each text into numbers: standardizes it, splits it into tokens (words, or characters for Chinese), and maps each token to its id in a vocabulary learned by adapt. Id 0 pads, 1 is a token outside the vocabulary. Keras 3's replacement for Keras 2's Tokenizer. Reads the data set's text (input dtype string)." + ADAPT_EN,
      "把每段文本变成数字：先标准化，再切分成词（中文则按字切分），然后把每个词映射为 adapt 学到的词表中的编号。编号 0 表示填充，1 表示词表之外的词。它取代了 Keras 2 的 Tokenizer。读取数据集中的文本（输入 dtype 为 string）。" + ADAPT_ZH),
    (MAX_TOKENS,
     Choice(name="standardize", default="lower_and_strip_punctuation", nullable=True, choices=("lower_and_strip_punctuation", "lower", "strip_punctuation"),
            help=T("What is done to the text first: lower-case it, strip punctuation, both, or nothing (None).", "最先对文本做的处理：转为小写、去掉标点、两者都做，或不做（None）。")),
     Choice(name="split", default="whitespace", nullable=True, choices=("whitespace", "character"),
            help=T("How text becomes tokens: at whitespace (words), or one token per character (Chinese has no spaces between words); None: the whole text is one token.",
                   "文本如何切分成词：按空白切分（单词），或每个字符一个词（中文词之间没有空格）；None 表示整段文本作为一个词。")),
     Int(name="ngrams", default=None, nullable=True, lo=1, hi=5, advanced=True,
         help=T("Also make tokens of up to this many neighbouring words (2: pairs such as \"not good\").", "同时把最多这么多个相邻词组成新词（2：例如 \"not good\" 这样的词对）。")),
     lookup_mode("int", "multi_hot", "count", "tf_idf"),
     Int(name="output_sequence_length", default=None, nullable=True, lo=1, hi=4096,
         help=T("With int: pad or cut every text to this many ids, so the output is (batch, length); None: as long as the batch's longest text. With one string per sample, the other modes' output shows as (batch, 1, max_tokens) in this Keras: put a Flatten after it.",
                "int 模式下：把每段文本补齐或截断为这么多个编号，输出为 (batch, length)；None 表示与该批次中最长的文本一样长。每个样本一个字符串时，当前 Keras 把其他模式的输出显示为 (batch, 1, max_tokens)：请在其后加一个 Flatten。")),
     PAD_TO_MAX,
     Words(name="vocabulary", default=None, nullable=True, advanced=True,
           help=T("The vocabulary itself, most frequent first (then adapt is skipped); in the form, words separated by commas.", "直接给出词表，最常见的词在前（此时不做 adapt）；在表单中用逗号分隔各个词。")),
     adapt_flag("the vocabulary (the most frequent tokens)", "词表（最常见的词）"),
     *LAYER_COMMON),
    app_args=("adapt",), rules=_text_vectorization_rules,
)
STRING_LOOKUP = Entry(
    "StringLookup", "preprocessing",
    T("Maps each string to an integer id in a vocabulary learned by adapt (or given): a category such as a city or a colour, each value one token. Reads the data set's text (input dtype string)." + ADAPT_EN,
      "把每个字符串映射为词表中的整数编号，词表由 adapt 学得（或直接给出）：适用于城市、颜色这样的类别，每个取值就是一个词。读取数据集中的文本（输入 dtype 为 string）。" + ADAPT_ZH),
    (MAX_TOKENS, NUM_OOV,
     Text(name="mask_token", default=None, nullable=True, advanced=True, pattern=WORD, max_len=40, what=T("a token of 1 to 40 characters", "1 到 40 个字符的词"),
          help=T("A token that marks padding: it gets id 0 and later layers can skip it; None: no mask.", "表示填充的词：它的编号为 0，后续层可以跳过它；None 表示不使用掩码。")),
     Text(name="oov_token", default="[UNK]", advanced=True, pattern=WORD, max_len=40, what=T("a token of 1 to 40 characters", "1 到 40 个字符的词"),
          help=T("The token that stands for every token outside the vocabulary in get_vocabulary().", "在 get_vocabulary() 中代表所有词表外词的那个词。")),
     Words(name="vocabulary", default=None, nullable=True, advanced=True,
           help=T("The vocabulary itself (then adapt is skipped); in the form, tokens separated by commas.", "直接给出词表（此时不做 adapt）；在表单中用逗号分隔各个词。")),
     lookup_mode("int", "one_hot", "multi_hot", "count", "tf_idf"), PAD_TO_MAX,
     adapt_flag("the vocabulary (the most frequent strings)", "词表（最常见的字符串）"),
     *LAYER_COMMON),
    app_args=("adapt",), rules=_lookup_rules,
)
INT32 = 2**31 - 1
INTEGER_LOOKUP = Entry(
    "IntegerLookup", "preprocessing",
    T("Maps each integer (a category code such as a year or a product number) to a compact id 0, 1, 2, ... in a vocabulary learned by adapt (or given); codes outside it share an out-of-vocabulary id." + ADAPT_EN,
      "把每个整数（类别代码，例如年份或产品编号）映射为词表中紧凑的编号 0、1、2……，词表由 adapt 学得（或直接给出）；词表外的代码共用一个词表外编号。" + ADAPT_ZH),
    (MAX_TOKENS, NUM_OOV,
     Int(name="mask_token", default=None, nullable=True, lo=-INT32, hi=INT32, advanced=True,
         help=T("A value that marks padding (often 0): it gets id 0 and later layers can skip it; None: no mask.", "表示填充的值（常为 0）：它的编号为 0，后续层可以跳过它；None 表示不使用掩码。")),
     Int(name="oov_token", default=-1, lo=-INT32, hi=INT32, advanced=True,
         help=T("The value that stands for every code outside the vocabulary in get_vocabulary().", "在 get_vocabulary() 中代表所有词表外代码的那个值。")),
     Numbers(name="vocabulary", default=None, nullable=True, min_len=1, max_len=1000, lo=-INT32, hi=INT32, integer=True, advanced=True,
             help=T("The vocabulary itself, different integers (then adapt is skipped).", "直接给出词表：互不相同的整数（此时不做 adapt）。")),
     lookup_mode("int", "one_hot", "multi_hot", "count", "tf_idf"), PAD_TO_MAX,
     adapt_flag("the vocabulary (the most frequent codes)", "词表（最常见的代码）"),
     *LAYER_COMMON),
    app_args=("adapt",), rules=_lookup_rules,
)

ENTRIES = [RESCALING, RESIZING, NORMALIZATION, DISCRETIZATION, CATEGORY_ENCODING, TEXT_VECTORIZATION, STRING_LOOKUP, INTEGER_LOOKUP]
