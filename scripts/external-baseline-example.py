#!/usr/bin/env python3
"""External baseline example: out-of-fold predictions from scikit-learn on divbench's folds.

    divbench folds suites/smoke.yaml --dataset blobs --data --out folds.json
    python3 scripts/external-baseline-example.py folds.json predictions.json
    divbench submit --external predictions.json --suite suites/smoke.yaml --dataset blobs --name sklearn

Reads the exported folds (labels, the fold of every example, and with --data the examples), trains
a logistic regression and a k-nearest-neighbours classifier once per fold on the other folds, and
writes each example's prediction and class probabilities from the model that did not see it, in
the `divbench analyze` predictions format plus the fold ids. Needs numpy and scikit-learn
(Debian: python3-sklearn).
"""
import json
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler


def out_of_fold(make, x, y, folds, k, num_classes):
    pred = np.zeros(len(y), dtype=int)
    prob = np.zeros((len(y), num_classes))
    for f in range(k):
        held = folds == f
        model = make().fit(x[~held], y[~held])
        p = np.zeros((held.sum(), num_classes))
        p[:, model.classes_] = model.predict_proba(x[held])
        prob[held] = p
        pred[held] = p.argmax(axis=1)  # the most probable class, as divbench expects
    return pred, prob


def main(folds_path, out_path):
    spec = json.load(open(folds_path))
    if "x" not in spec:
        sys.exit(f"{folds_path} has no examples: export it with `divbench folds ... --data`")
    x = np.asarray(spec["x"], dtype=float)
    y = np.asarray(spec["labels"], dtype=int)
    folds = np.asarray(spec["folds"], dtype=int)
    k, num_classes = spec["k"], spec["numClasses"]
    makers = {
        "sklearn-logreg": lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        "sklearn-knn": lambda: make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=15)),
    }
    models = {}
    for name, make in makers.items():
        pred, prob = out_of_fold(make, x, y, folds, k, num_classes)
        models[name] = {"pred": pred.tolist(), "prob": np.round(prob, 6).tolist()}
        print(f"{name}: out-of-fold accuracy {(pred == y).mean():.4f}", file=sys.stderr)
    # Round-trip-safe: divbench renormalises each row; rounding keeps the file small.
    out = {
        "labels": y.tolist(),
        "numClasses": num_classes,
        "folds": folds.tolist(),
        "meta": {"framework": f"scikit-learn {__import__('sklearn').__version__}", "description": "logistic regression and 15-NN on standardised features"},
        "models": models,
    }
    json.dump(out, open(out_path, "w"))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
