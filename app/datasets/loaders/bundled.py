"""Data that ships with the app or with scikit-learn: digits, iris, wine,
breast cancer, diabetes, and the app's own folder of shape images."""

from __future__ import annotations

from pathlib import Path

import numpy as np

SHAPES_FOLDER = Path(__file__).resolve().parent.parent / "data" / "shapes"


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _shuffled(x: np.ndarray, y: np.ndarray, rng: np.random.Generator):
    order = rng.permutation(len(x))
    return x[order], y[order]


def _standardized(x: np.ndarray) -> np.ndarray:
    """Each feature rescaled to mean 0 and standard deviation 1."""
    return ((x - x.mean(axis=0)) / (x.std(axis=0) + 1e-12)).astype(np.float32)


def digits(n_samples: int, shape: str, seed: int, classes: str = "0-9"):
    """scikit-learn's 8×8 digits; `classes` "0-4" or "5-9" keeps half of them,
    labelled 0 to 4 (the two halves of lesson 49's transfer)."""
    from sklearn.datasets import load_digits  # bundled with scikit-learn: no download

    bunch = load_digits()
    x, y = (bunch.data / 16.0).astype(np.float32), bunch.target.astype(np.int64)
    first, last = (int(d) for d in classes.split("-"))
    keep = (y >= first) & (y <= last)
    x, y = _shuffled(x[keep], y[keep] - first, _rng(seed))
    x, y = x[:n_samples], y[:n_samples]
    return (x if shape == "flat" else x.reshape(-1, 8, 8, 1)), y


def sklearn_table(name: str, seed: int):
    """One of scikit-learn's bundled tables, features standardized, rows shuffled."""
    from sklearn import datasets

    bunch = getattr(datasets, f"load_{name}")()
    y = bunch.target.astype(np.float32 if name == "diabetes" else np.int64)
    return _shuffled(_standardized(bunch.data), y, _rng(seed))


def shapes(n_samples: int, seed: int):
    """The app's 32×32 images of circles, squares and triangles (app/datasets/data/shapes)."""
    from PIL import Image

    classes = sorted(p.name for p in SHAPES_FOLDER.iterdir() if p.is_dir())
    files = [(f, i) for i, c in enumerate(classes) for f in sorted((SHAPES_FOLDER / c).glob("*.png"))]
    x = np.stack([np.asarray(Image.open(f).convert("RGB"), dtype=np.float32) / 255.0 for f, _ in files])
    y = np.array([i for _, i in files], dtype=np.int64)
    x, y = _shuffled(x, y, _rng(seed))
    return x[:n_samples], y[:n_samples]


def iris(seed: int):
    return sklearn_table("iris", seed)


def wine(seed: int):
    return sklearn_table("wine", seed)


def breast_cancer(seed: int):
    return sklearn_table("breast_cancer", seed)


def diabetes(seed: int):
    return sklearn_table("diabetes", seed)


SHAPE_CLASSES = ("circle", "square", "triangle")


def draw_shapes(per_class: int = 30, size: int = 32, seed: int = 2026):
    """The images of the shapes folder, drawn with NumPy: a filled shape of a
    random colour, size and place on a random pale background. (The PNG
    files in app/datasets/data/shapes are exactly these, written once.)"""
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:size, 0:size]
    images, labels = [], []
    for label, kind in enumerate(SHAPE_CLASSES):
        for _ in range(per_class):
            background = rng.integers(200, 256, size=3)
            colour = rng.integers(0, 150, size=3)
            r = rng.integers(6, 12)
            cy, cx = rng.integers(r + 1, size - r - 1, size=2)
            if kind == "circle":
                mask = (rows - cy) ** 2 + (cols - cx) ** 2 <= r**2
            elif kind == "square":
                mask = (abs(rows - cy) <= r) & (abs(cols - cx) <= r)
            else:  # apex up, base at the bottom
                mask = (rows >= cy - r) & (rows <= cy + r) & (abs(cols - cx) <= (rows - (cy - r)) / 2)
            image = np.where(mask[..., None], colour, background).astype(np.uint8)
            images.append(image)
            labels.append(label)
    return np.stack(images), np.array(labels, dtype=np.int64)


def draw_shapes_dataset(n_samples: int, seed: int):
    """The same arrays `shapes` reads from the folder, drawn instead of read."""
    x, y = draw_shapes()
    x, y = _shuffled(x.astype(np.float32) / 255.0, y, _rng(seed))
    return x[:n_samples], y[:n_samples]


def write_shapes_folder(folder: Path = SHAPES_FOLDER) -> None:
    """Write the drawn images as PNG files, one folder per class."""
    from PIL import Image

    x, y = draw_shapes()
    counters = dict.fromkeys(SHAPE_CLASSES, 0)
    for image, label in zip(x, y, strict=True):
        kind = SHAPE_CLASSES[label]
        (folder / kind).mkdir(parents=True, exist_ok=True)
        Image.fromarray(image).save(folder / kind / f"{kind}_{counters[kind]:03d}.png", optimize=True)
        counters[kind] += 1
