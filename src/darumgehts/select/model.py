"""The selector's model: a versioned file that scores bullet candidates.

The shipped models live in ``data/models/selector-<version>.json``; the
``selection.model`` setting pins a version (or names a file), so an older model
is one setting away. Two kinds exist:

- ``trees``: a gradient-boosted tree ensemble trained by ``darumgehts train``
  with LightGBM, stored as flat node arrays. It is evaluated here with numpy,
  so the run time needs neither LightGBM nor SciPy: importing LightGBM costs
  about a second, more than summarizing a whole article (tests check that the
  two give the same predictions).
- ``linear``: a weighted sum of features (the hand-set scorer of version 0,
  kept for rollback and as a reference).

Either kind may carry an ``adjustment``: a newsroom's correction learned from
its editors (``learn/adjust.py``), a weighted sum of the features and of
whether each is present (non-zero), added to the model's score. The model under
it stays as shipped.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

import numpy as np

from ..errors import ConfigError

MODEL_FORMAT = "darumgehts-selector/1"


@dataclass(frozen=True, eq=False)
class TreeArrays:
    """A tree ensemble as padded node arrays: one row per tree, one column per node.

    A node with ``feature`` -1 is a leaf with ``value``; any other node sends a
    row left when its feature is ``<= threshold`` and right otherwise."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int
    base: float = 0.0

    @cached_property
    def _flat(self) -> tuple[np.ndarray, ...]:
        """The nodes of all trees in flat arrays, each leaf pointing to itself (it never moves on)."""
        trees, width = self.feature.shape
        offset = (np.arange(trees) * width)[:, None]
        me = np.arange(width)[None, :] + offset
        leaf = self.feature < 0
        feature = np.where(leaf, 0, self.feature).ravel()
        threshold = np.where(leaf, np.inf, self.threshold).ravel()
        left = np.where(leaf, me, self.left + offset).ravel()
        right = np.where(leaf, me, self.right + offset).ravel()
        return feature, threshold, left, right, self.value.ravel(), offset[:, 0]

    def predict(self, x: np.ndarray) -> np.ndarray:
        feature, threshold, left, right, value, roots = self._flat
        node = np.repeat(roots[None, :], x.shape[0], axis=0)
        rows = np.arange(x.shape[0])[:, None]
        for _ in range(self.depth):
            go_left = x[rows, feature[node]] <= threshold[node]  # take_along_axis, without its Python overhead
            node = np.where(go_left, left[node], right[node])
        return value[node].sum(axis=1) + self.base

    def to_json(self) -> dict:
        return {"feature": self.feature.tolist(), "threshold": self.threshold.tolist(), "left": self.left.tolist(),
                "right": self.right.tolist(), "value": self.value.tolist(), "depth": self.depth, "base": self.base}

    @classmethod
    def from_json(cls, data: dict) -> TreeArrays:
        return cls(np.asarray(data["feature"], dtype=np.int32), np.asarray(data["threshold"], dtype=np.float64),
                   np.asarray(data["left"], dtype=np.int32), np.asarray(data["right"], dtype=np.int32),
                   np.asarray(data["value"], dtype=np.float64), int(data["depth"]), float(data.get("base", 0.0)))

    @classmethod
    def from_lightgbm(cls, dump: dict) -> TreeArrays:
        """Flatten LightGBM's ``Booster.dump_model()`` (numerical splits only)."""
        trees = [_flatten_tree(info["tree_structure"]) for info in dump["tree_info"]]
        depth = max((d for _, d in trees), default=0)
        trees = [nodes for nodes, _ in trees]
        width = max((len(t) for t in trees), default=1)
        shape = (len(trees), width)
        feature = np.full(shape, -1, dtype=np.int32)
        threshold = np.zeros(shape)
        left = np.zeros(shape, dtype=np.int32)
        right = np.zeros(shape, dtype=np.int32)
        value = np.zeros(shape)
        for t, nodes in enumerate(trees):
            for i, (f, thr, lo, hi, v) in enumerate(nodes):
                feature[t, i], threshold[t, i], left[t, i], right[t, i], value[t, i] = f, thr, lo, hi, v
        return cls(feature, threshold, left, right, value, depth + 1)


def _flatten_tree(root: dict) -> tuple[list[tuple[int, float, int, int, float]], int]:
    """One LightGBM tree as (feature, threshold, left, right, value) nodes in depth-first order, and its depth."""
    nodes: list[tuple[int, float, int, int, float]] = []
    depth = 0
    stack: list[tuple[dict, int, int | None, bool]] = [(root, 0, None, False)]
    while stack:
        n, d, parent, is_right = stack.pop()
        depth = max(depth, d)
        me = len(nodes)
        if parent is not None:
            f, thr, lo, hi, v = nodes[parent]
            nodes[parent] = (f, thr, lo, me, v) if is_right else (f, thr, me, hi, v)
        if "split_feature" not in n:
            nodes.append((-1, 0.0, me, me, float(n.get("leaf_value", 0.0))))
            continue
        if n.get("decision_type", "<=") != "<=":
            raise ConfigError("Only numerical '<=' splits can be stored in a selector model.")
        nodes.append((int(n["split_feature"]), float(n["threshold"]), -1, -1, 0.0))
        stack.append((n["right_child"], d + 1, me, True))
        stack.append((n["left_child"], d + 1, me, False))
    return nodes, depth


@dataclass(frozen=True)
class SelectorModel:
    """Scores candidates from their feature rows; higher is better."""

    version: str
    kind: str  # "trees" or "linear"
    features: tuple[str, ...]
    trees: TreeArrays | None = None
    weights: dict[str, float] = field(default_factory=dict)
    selection: dict[str, float] = field(default_factory=dict)  # set-choice parameters trained with the model
    meta: dict = field(default_factory=dict)
    # a newsroom's learned correction: {"linear": {feature: weight}, "present": {feature: weight}}
    adjustment: dict[str, dict[str, float]] = field(default_factory=dict)

    @cached_property
    def _adjustment(self) -> tuple[np.ndarray, np.ndarray] | None:
        if not self.adjustment:
            return None
        linear, present = self.adjustment.get("linear", {}), self.adjustment.get("present", {})
        return (np.array([linear.get(name, 0.0) for name in self.features]),
                np.array([present.get(name, 0.0) for name in self.features]))

    def predict(self, x: np.ndarray) -> np.ndarray:
        if self.kind == "trees":
            assert self.trees is not None
            out = self.trees.predict(x)
        else:
            out = x @ np.array([self.weights.get(name, 0.0) for name in self.features])
        if self._adjustment is not None:
            linear, present = self._adjustment
            out = out + x @ linear + (x != 0) @ present
        return out

    @property
    def uses_embeddings(self) -> bool:
        return bool(self.meta.get("embeddings"))

    def param(self, name: str, default: float) -> float:
        return float(self.selection.get(name, default))

    def to_json(self) -> dict:
        data = {"format": MODEL_FORMAT, "version": self.version, "kind": self.kind, "features": list(self.features),
                "selection": self.selection, "meta": self.meta}
        if self.kind == "trees":
            assert self.trees is not None
            data["trees"] = self.trees.to_json()
        else:
            data["weights"] = self.weights
        if self.adjustment:
            data["adjustment"] = self.adjustment
        return data

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_json(), ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")

    @classmethod
    def from_json(cls, data: dict, source: str) -> SelectorModel:
        if data.get("format") != MODEL_FORMAT:
            raise ConfigError(f"{source} is not a darumgehts selector model (format {data.get('format')!r}).")
        kind = data.get("kind")
        if kind not in ("trees", "linear"):
            raise ConfigError(f"{source}: unknown model kind {kind!r}.")
        return cls(str(data["version"]), kind, tuple(data["features"]),
                   TreeArrays.from_json(data["trees"]) if kind == "trees" else None,
                   {k: float(v) for k, v in data.get("weights", {}).items()},
                   {k: float(v) for k, v in data.get("selection", {}).items()}, data.get("meta", {}),
                   {part: {k: float(v) for k, v in weights.items()} for part, weights in data.get("adjustment", {}).items()})


def _packaged() -> dict[str, str]:
    folder = resources.files("darumgehts").joinpath("data", "models")
    out = {}
    for p in folder.iterdir():
        if p.name.startswith("selector-") and p.name.endswith(".json"):
            out[p.name[len("selector-"):-len(".json")]] = p.name
    return out


def _version_key(v: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in v.replace("-", ".").split("."))


def available_models() -> list[str]:
    """Versions of the packaged selector models, oldest first."""
    return sorted(_packaged(), key=_version_key)


# Versions of models trained with the embedding feature end with this suffix.
EMBEDDING_SUFFIX = "-e5"


def latest(embeddings: bool = False) -> str:
    """The newest packaged model, of the fast kind or (``embeddings``) of the quality mode."""
    found = [v for v in available_models() if v.endswith(EMBEDDING_SUFFIX) == embeddings]
    if not found:
        raise ConfigError("No packaged selector model " + ("uses embeddings." if embeddings else "without embeddings."))
    return found[-1]


@lru_cache(maxsize=8)
def load_model(name: str = "latest") -> SelectorModel:
    """A packaged model by version ("latest" for the newest), or a model file by path."""
    packaged = _packaged()
    if name == "latest":
        name = latest()
    if name in packaged:
        text = resources.files("darumgehts").joinpath("data", "models", packaged[name]).read_text("utf-8")
        return SelectorModel.from_json(json.loads(text), f"model {name}")
    path = Path(name).expanduser()
    if path.suffix == ".json" or path.exists():
        try:
            data = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"Selector model file {path} does not exist.") from None
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"Selector model file {path} is not valid JSON: {exc}") from None
        return SelectorModel.from_json(data, str(path))
    raise ConfigError(f"Unknown selector model {name!r}. Packaged: {', '.join(available_models())}; or give a path to a model file.")
