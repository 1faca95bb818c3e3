"""Draw fashion-stand-in.{en,zh}.svg: Fashion-MNIST's ten labels with their class names,
over sample images of digits, the bundled data set that stands in for fashion_mnist,
read with the app's own loader. Run from the repository root: .venv/bin/python <this file>."""

import base64
import io
from pathlib import Path

import numpy as np
from PIL import Image

from app.datasets.loaders.bundled import digits

HERE = Path(__file__).resolve().parent
FONT = "system-ui, 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif"
WORDS = {
    "en": {
        "title": "fashion_mnist's labels, and digits, its stand-in on this server",
        "note": "Both: one grey channel, labels 0 to 9; digits is 8×8 pixels, fashion_mnist 28×28",
        "label": "label",
        "class": "fashion_mnist",
        "stand_in": "digits",
        "names": [
            "T-shirt/top",
            "Trouser",
            "Pullover",
            "Dress",
            "Coat",
            "Sandal",
            "Shirt",
            "Sneaker",
            "Bag",
            "Ankle boot",
        ],
    },
    "zh": {
        "title": "fashion_mnist 的标签，以及本服务器上的替代数据集 digits",
        "note": "两者都是一个灰度通道、标签 0 到 9；digits 为 8×8 像素，fashion_mnist 为 28×28",
        "label": "标签",
        "class": "fashion_mnist",
        "stand_in": "digits",
        "names": [
            "T 恤/上衣",
            "裤子",
            "套头衫",
            "连衣裙",
            "外套",
            "凉鞋",
            "衬衫",
            "运动鞋",
            "包",
            "短靴",
        ],
    },
}


def png(image: np.ndarray, scale: int) -> str:
    """A float image in [0, 1] as an upscaled PNG data URL (nearest pixels)."""
    picture = Image.fromarray(np.clip(np.rint(image * 255), 0, 255).astype(np.uint8))
    picture = picture.resize((picture.width * scale, picture.height * scale), Image.NEAREST)
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def svg(lang: str) -> str:
    w = WORDS[lang]
    x, y = digits(n_samples=1797, shape="image", seed=0)
    left, col, cell = 120, 56, 48
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 700 330" font-family="{FONT}" fill="#1a1a1a">',
        '<rect width="700" height="330" fill="#ffffff"/>',
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
            out.append(
                f'<image x="{cx - cell / 2}" y="{top}" width="{cell}" height="{cell}" href="{png(x[i, :, :, 0], 8)}"/>'
            )
            out.append(
                f'<rect x="{cx - cell / 2}" y="{top}" width="{cell}" height="{cell}" fill="none" stroke="#888"/>'
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    for lang in WORDS:
        (HERE / f"fashion-stand-in.{lang}.svg").write_text(svg(lang), encoding="utf-8")
