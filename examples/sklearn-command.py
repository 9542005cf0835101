#!/usr/bin/env python3
"""A divbench `command` model: scikit-learn on one fold (docs/command-protocol.md).

    divbench runs:  <python> examples/sklearn-command.py [--model NAME] <request.json>

It reads the pool's features (x.f32), the fold's training indices and labels, fits the model with
random_state = the request's seed, and writes class probabilities for every pool and test row,
the probe rows' representation (the model's decision scores), its own inference throughput and
output.json. Needs numpy and scikit-learn (Debian: python3-sklearn) — no other package.
"""
import json
import sys
import time

import numpy as np

MODELS = ("logreg", "forest", "knn", "gbt")


def build(name, seed):
    if name == "logreg":
        from sklearn.linear_model import LogisticRegression
        return LogisticRegression(max_iter=500, random_state=seed)
    if name == "forest":
        from sklearn.ensemble import RandomForestClassifier
        return RandomForestClassifier(n_estimators=50, random_state=seed, n_jobs=1)
    if name == "knn":
        from sklearn.neighbors import KNeighborsClassifier
        return KNeighborsClassifier(n_neighbors=5)
    if name == "gbt":
        from sklearn.ensemble import HistGradientBoostingClassifier
        return HistGradientBoostingClassifier(max_iter=50, random_state=seed)
    raise SystemExit(f"unknown --model {name!r}; choose one of {', '.join(MODELS)}")


def probabilities(model, x, k):
    """predict_proba with a column for every class, also those absent from this fold's training rows."""
    p = model.predict_proba(x)
    out = np.zeros((x.shape[0], k), dtype=np.float32)
    out[:, model.classes_.astype(int)] = p
    return out


def main(argv):
    name = "logreg"
    if len(argv) >= 3 and argv[0] == "--model":
        name, argv = argv[1], argv[2:]
    if len(argv) != 1:
        raise SystemExit("usage: sklearn-command.py [--model logreg|forest|knn|gbt] <request.json>")
    req = json.load(open(argv[0]))
    k, d = req["numClasses"], req["rowSize"]
    x = np.fromfile(req["pool"]["x"], dtype="<f4").reshape(req["pool"]["n"], d)
    train = np.fromfile(req["train"]["indices"], dtype="<i4")
    y = np.fromfile(req["train"]["labels"], dtype="<i4")
    probe = np.fromfile(req["probe"]["indices"], dtype="<i4")
    model = build(name, req["seed"])
    model.fit(x[train], y)
    probabilities(model, x, k).tofile(req["output"]["poolProbs"])
    if req["test"]:
        xt = np.fromfile(req["test"]["x"], dtype="<f4").reshape(req["test"]["n"], d)
        probabilities(model, xt, k).tofile(req["output"]["testProbs"])
    out = {"protocol": req["protocol"], "repeat": req["repeat"], "fold": req["fold"],
           "numClasses": k, "poolRows": int(x.shape[0]), "testRows": req["test"]["n"] if req["test"] else 0}
    # Representation for CKA: decision scores (logits-like), never the raw input.
    if len(probe) and hasattr(model, "decision_function"):
        f = np.asarray(model.decision_function(x[probe]), dtype=np.float32).reshape(len(probe), -1)
        f.tofile(req["output"]["features"])
        out["featureSize"] = int(f.shape[1])
    # Inference throughput: predict_proba on a fixed batch, median of 5 timed runs after a warm-up.
    batch = x[: min(256, x.shape[0])]
    model.predict_proba(batch)
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        model.predict_proba(batch)
        times.append(time.perf_counter() - t0)
    out["inference"] = {"samplesPerSec": len(batch) / max(sorted(times)[2], 1e-9), "batchSize": len(batch)}
    with open(req["output"]["done"], "w") as fh:
        json.dump(out, fh)


if __name__ == "__main__":
    main(sys.argv[1:])
