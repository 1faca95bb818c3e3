"""Draw fashion-stand-in.{en,zh}.svg: Fashion-MNIST's ten labels with their class names,
over sample images of digits, the bundled data set that stands in for fashion_mnist,
read with the app's own loader. Run from the repository root: .venv/bin/python <this file>."""

from pathlib import Path

import numpy as np

from app.datasets.loaders.bundled import digits
from app.lessons import figure_kit as kit

HERE = Path(__file__).resolve().parent
WORDS = {
    "en": {"title": "fashion_mnist's labels, and digits, its stand-in on this server",
           "note": "Both: one grey channel, labels 0 to 9; digits is 8×8 pixels, fashion_mnist 28×28",
           "label": "label", "class": "fashion_mnist", "stand_in": "digits",
           "names": ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt",
                     "Sneaker", "Bag", "Ankle boot"]},
    "zh": {"title": "fashion_mnist 的标签，以及本服务器上的替代数据集 digits",
           "note": "两者都是一个灰度通道、标签 0 到 9；digits 为 8×8 像素，fashion_mnist 为 28×28",
           "label": "标签", "class": "fashion_mnist", "stand_in": "digits",
           "names": ["T 恤/上衣", "裤子", "套头衫", "连衣裙", "外套", "凉鞋", "衬衫", "运动鞋", "包", "短靴"]},
}


def svg(lang: str) -> str:
    w = WORDS[lang]
    x, y = digits(n_samples=1797, shape="image", seed=0)
    left, col, cell = 120, 56, 48
    out = [
        f'<text x="20" y="28" font-size="17" font-weight="600">{w["title"]}</text>',
        f'<text x="20" y="50" font-size="14" fill="#444">{w["note"]}</text>',
        f'<text x="{left - 10}" y="88" font-size="14" text-anchor="end" fill="#444">{w["label"]}</text>',
        f'<text x="{left - 10}" y="112" font-size="14" text-anchor="end" fill="#444">{w["class"]}</text>',
        f'<text x="{left - 10}" y="{150 + 1.5 * cell + 8}" font-size="14" text-anchor="end" fill="#444">{w["stand_in"]}</text>',
        f'<line x1="{left - 4}" y1="124" x2="{left + 10 * col}" y2="124" stroke="#888"/>',
    ]
    for c in range(10):
        cx = left + c * col + col / 2
        out.append(
            f'<text x="{cx}" y="88" font-size="16" font-weight="600" text-anchor="middle">{c}</text>'
        )
        out.append(
            f'<text x="{cx}" y="112" font-size="11" text-anchor="middle">{w["names"][c]}</text>'
        )
        for r, i in enumerate(np.flatnonzero(y == c)[:3]):
            top = 136 + r * (cell + 10)
            out += kit.picture(cx - cell / 2, top, cell, x[i, :, :, 0], 8, "#888")
    return kit.document(700, 330, out, role=False)


if __name__ == "__main__":
    kit.write_langs(HERE, "fashion-stand-in", svg)
