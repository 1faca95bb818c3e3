"""Transfer learning: Pretrained, one of the small bases the app trained
itself and ships as `.keras` files (app/keras_ext/bases/, each with the
script that made it), used as a layer, frozen or fine-tuned (lesson 49)."""

from __future__ import annotations

from pathlib import Path

from app.catalog.common import LAYER_NAME
from app.catalog.params import Bool, Choice
from app.catalog.registry import Entry
from app.i18n import T

BASES_FOLDER = Path(__file__).resolve().parents[2] / "keras_ext" / "bases"  # as app/keras_ext/pretrained.py's BASES
# The shipped bases: what each takes and gives, and what it learned from.
BASES = {
    "digits_features": {
        "input_shape": (8, 8, 1),
        "output_shape": (32,),
        # its layers, (class, name), as its make script builds them: how an imported model's base is recognised
        "layers": (("InputLayer", "image"), ("Conv2D", "conv_1"), ("BatchNormalization", "bn_1"), ("Activation", "relu_1"),
                   ("Conv2D", "conv_2"), ("BatchNormalization", "bn_2"), ("Activation", "relu_2"), ("MaxPooling2D", "pool"),
                   ("GlobalAveragePooling2D", "features")),
        "about": T("8×8×1 digit images in, 32 features out: two convolution blocks with batch normalization, trained on the digits 0 to 4 only.",
                   "输入 8×8×1 的数字图片，输出 32 个特征：两个带批量归一化的卷积块，只在数字 0 到 4 上训练过。"),
    },
}

ENTRIES = [
    Entry(
        "Pretrained", "transfer",
        T("A model the app pretrained, loaded from its .keras file (keras.saving.load_model, safe mode) and used as one layer: its weights are what it learned before. Frozen, it extracts features; unfrozen, it is fine-tuned.",
          "应用预先训练好的模型，从 .keras 文件载入（keras.saving.load_model，安全模式），当作一层使用：它的权重是之前学到的。冻结时用来提取特征；解冻后可以微调。"),
        (
            Choice(name="model", default="digits_features", choices=tuple(BASES), required=True,
                   help=T("Which base: " + "; ".join(f"{k}: {v['about'].en}" for k, v in BASES.items()),
                          "哪个基础模型：" + "；".join(f"{k}：{v['about'].zh}" for k, v in BASES.items()))),
            Bool(name="trainable", default=False,
                 help=T("False freezes the base (its weights stay as pretrained, as in feature extraction); True fine-tunes it: then use a low learning rate.",
                        "False 冻结基础模型（权重保持预训练的值，即特征提取）；True 则微调它，这时要用较小的学习率。")),
            Bool(name="freeze_batch_norm", default=True,
                 help=T("When fine-tuning, keep the base's BatchNormalization layers frozen, so they keep the statistics they learned and run in inference mode.",
                        "微调时让基础模型中的 BatchNormalization 层保持冻结，保留它们学到的统计量，并以推理模式运行。")),
            LAYER_NAME,
        ),
        source="app",
    ),
]
