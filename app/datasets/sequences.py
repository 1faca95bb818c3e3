"""Generated sequence data: series, memory, videos, and two-input records."""

from __future__ import annotations

from app.catalog.params import Float, Int
from app.datasets.registry import SEED, Dataset, Target, n_samples
from app.i18n import T

ENTRIES = [
    Dataset(
        "time_series",
        T("A seasonal time series (windows → next value)", "季节性时间序列（窗口 → 下一个值）"),
        T(
            "A noisy sum of two waves (periods 24 and 7). Each sample is a window of consecutive values; the target is the value that follows.",
            "由两个周期（24 和 7）的波叠加并加上噪声。每个样本是一段连续值组成的窗口，目标是紧随其后的那个值。",
        ),
        "regression",
        (
            n_samples(1000, lo=50, hi=10_000),
            Int(name="window", default=24, lo=2, hi=128, help=T("Time steps per sample.", "每个样本的时间步数。")),
            Float(name="noise", default=0.1, lo=0.0, hi=2.0, step=0.05, help=T("Standard deviation of the noise.", "噪声的标准差。")),
            SEED,
        ),
        input_shape=lambda o: (o["window"], 1), loader="sequences:time_series",
    ),
    Dataset(
        "long_memory",
        T("Remember the first step (long-range dependency)", "记住第一步（长距离依赖）"),
        T(
            "Sequences whose first value is +1 or −1 and whose later steps are noise; the label is that first sign. The longer the sequence, the harder it is for any recurrent layer to carry the sign to the end: compare SimpleRNN, GRU, LSTM and a Bidirectional wrapper at different lengths.",
            "序列的第一个值是 +1 或 −1，之后的每一步都是噪声；标签就是第一个值的符号。序列越长，任何循环层都越难把这个符号带到最后：可以在不同长度下比较 SimpleRNN、GRU、LSTM 以及 Bidirectional 包装器。",
        ),
        "binary",
        (n_samples(2000, lo=100, hi=20_000), Int(name="steps", default=40, lo=2, hi=200, help=T("Length of each sequence.", "每个序列的长度。")), SEED),
        input_shape=lambda o: (o["steps"], 1), n_classes=lambda o: 2, loader="sequences:long_memory",
    ),
    Dataset(
        "moving_dots",
        T("Moving dots (videos, next frame)", "移动的点（视频，预测下一帧）"),
        T(
            "Short videos of a dot bouncing inside a square. The input is frames 1…n, the target frames 2…n+1: predict each next frame.",
            "一个点在方框内来回弹跳的短视频。输入是第 1…n 帧，目标是第 2…n+1 帧：预测每一个下一帧。",
        ),
        "regression",
        (
            n_samples(300, lo=20, hi=2000),
            Int(name="frames", default=6, lo=2, hi=16, help=T("Frames per input video.", "每段输入视频的帧数。")),
            Int(name="size", default=12, lo=6, hi=32, help=T("Width and height of a frame in pixels.", "每帧的宽和高（像素）。")),
            SEED,
        ),
        input_shape=lambda o: (o["frames"], o["size"], o["size"], 1), target_shape=lambda o: (o["frames"], o["size"], o["size"], 1), loader="sequences:moving_dots",
    ),
    Dataset(
        "headlines",
        T("Headlines with metadata (two inputs, two outputs)", "带元数据的新闻标题（两个输入、两个输出）"),
        T(
            "Synthetic news headlines as word ids (main_input: 20 ids from a 500-word vocabulary) with 5 numbers of metadata (aux_input). The target, whether the headline becomes popular, depends on both; it is given twice, as main_output and aux_output, so an auxiliary loss can help the headline branch learn.",
            "合成的新闻标题：以词编号表示（main_input：从 500 个词的词表中取 20 个编号），另有 5 个元数据数值（aux_input）。目标是标题是否受欢迎，它同时取决于两者；目标给出两次，分别作为 main_output 和 aux_output，以便辅助损失帮助标题分支学习。",
        ),
        "binary",
        (n_samples(2000, lo=100, hi=10_000), SEED),
        input_shape=lambda o: (20,), n_classes=lambda o: 2, loader="sequences:headlines",
        inputs=lambda o: {"main_input": ((20,), "int32"), "aux_input": ((5,), "float32")},
        outputs=lambda o: {"main_output": Target("binary", 2), "aux_output": Target("binary", 2)},
    ),
    Dataset(
        "tweet_pairs",
        T("Pairs of sequences: same author?", "序列对：是否同一作者？"),
        T(
            "Two sequences of 16 steps × 8 features (tweet_a, tweet_b), each written in the style of one of six authors; the target (same_author) says whether both come from the same one. One shared LSTM reading both is the classic model.",
            "两个 16 步 × 8 个特征的序列（tweet_a、tweet_b），各自带有六位作者之一的写作风格；目标（same_author）表示两者是否出自同一作者。经典模型是用同一个共享的 LSTM 读取两个序列。",
        ),
        "binary",
        (n_samples(2000, lo=100, hi=10_000), SEED),
        input_shape=lambda o: (16, 8), n_classes=lambda o: 2, loader="sequences:tweet_pairs",
        inputs=lambda o: {"tweet_a": ((16, 8), "float32"), "tweet_b": ((16, 8), "float32")},
        outputs=lambda o: {"same_author": Target("binary", 2)},
    ),
]
