"""Bundled data: scikit-learn's small tables and digits, and the app's images."""

from __future__ import annotations

from app.catalog.params import Choice, Int
from app.datasets.registry import SEED, Dataset
from app.i18n import T


def table(name: str, title: T, description: T, task: str, features: int, classes: int) -> Dataset:
    return Dataset(name, title, description, task, (SEED,), input_shape=lambda o: (features,), n_classes=lambda o: classes, loader=f"bundled:{name}")


ENTRIES = [
    Dataset(
        "digits",
        T("Handwritten digits (8×8)", "手写数字（8×8）"),
        T(
            "scikit-learn's bundled 1,797 images of the digits 0-9, 8×8 pixels scaled to [0, 1].",
            "scikit-learn 自带的 1797 张 0-9 手写数字图片，8×8 像素，缩放到 [0, 1]。",
        ),
        "multiclass",
        (
            Int(name="n_samples", default=1797, lo=100, hi=1797, help=T("How many images to use.", "使用的图片数量。")),
            Choice(name="shape", default="flat", choices=("flat", "image"), help=T("'flat': 64 values per sample; 'image': 8×8×1, for convolutional layers.", "'flat'：每个样本 64 个值；'image'：8×8×1，适合卷积层。")),
            SEED,
            Choice(
                name="classes", default="0-9", choices=("0-9", "0-4", "5-9"),
                help=T("Which digits: all ten, or one half of them labelled 0 to 4 (5-9: the digit 5 is class 0). Lesson 49 pretrains on 0-4 and reuses that on 5-9.",
                       "使用哪些数字：全部十个，或其中一半，标签为 0 到 4（5-9：数字 5 是第 0 类）。第 49 课在 0-4 上预训练，再把学到的东西用在 5-9 上。"),
            ),
        ),
        input_shape=lambda o: (64,) if o["shape"] == "flat" else (8, 8, 1), n_classes=lambda o: 10 if o["classes"] == "0-9" else 5, loader="bundled:digits",
    ),
    table("iris", T("Iris flowers", "鸢尾花"), T("150 flowers, 4 measurements each (standardized), 3 species.", "150 朵花，每朵 4 个测量值（已标准化），共 3 个品种。"), "multiclass", 4, 3),
    table("wine", T("Wines", "葡萄酒"), T("178 wines, 13 chemical measurements (standardized), 3 cultivars.", "178 种葡萄酒，13 项化学指标（已标准化），来自 3 个品种。"), "multiclass", 13, 3),
    table("breast_cancer", T("Breast cancer (Wisconsin)", "乳腺癌（威斯康星）"), T("569 tumours, 30 measurements (standardized); malignant (0) or benign (1).", "569 个肿瘤样本，30 项测量值（已标准化）；恶性（0）或良性（1）。"), "binary", 30, 2),
    table("diabetes", T("Diabetes progression (regression)", "糖尿病进展（回归）"), T("442 patients, 10 measurements (standardized); the target is a disease progression score a year later (25 to 346).", "442 名患者，10 项测量值（已标准化）；目标是一年后的病情进展评分（25 到 346）。"), "regression", 10, 0),
    Dataset(
        "shapes",
        T("Shapes: a small image folder", "形状：一个小型图片文件夹"),
        T(
            "90 colour images of 32×32 pixels drawn for this app, in folders circle/, square/ and triangle/ (app/datasets/data/shapes): the layout image_dataset_from_directory expects.",
            "本应用绘制的 90 张 32×32 彩色图片，分别放在 circle/、square/、triangle/ 文件夹中（app/datasets/data/shapes），正是 image_dataset_from_directory 所期望的目录结构。",
        ),
        "multiclass",
        (Int(name="n_samples", default=90, lo=10, hi=90, help=T("How many images to use.", "使用的图片数量。")), SEED),
        input_shape=lambda o: (32, 32, 3), n_classes=lambda o: 3, loader="bundled:shapes",
    ),
]
