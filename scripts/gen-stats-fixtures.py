#!/usr/bin/python3
"""Reference values for the attribution / uncertainty / effective-number measures (METRICS.md §10)
from numpy and scipy (Debian python3-numpy, python3-scipy). Run with
/usr/bin/python3 scripts/gen-stats-fixtures.py; it rewrites test/fixtures/analysis/stats-reference.json.
Inputs are drawn from fixed seeds and written into the fixture so the TS tests read the same numbers.
Nothing here imports divbench code: every value is recomputed from the formulas."""
import itertools
import json
import math
import os
import numpy as np
from scipy import stats

rng = np.random.default_rng(20251201)
out = {}

# --- a small factorial suite: 3 architectures x 2 optimizers x 3 seeds = 18 models
archs, opts, seeds = ["mlp", "cnn", "linear"], ["adam", "sgd"], ["1", "2", "3"]
factors = []
for a in archs:
    for o in opts:
        for s in seeds:
            # streams: data order shared by seed across recipes (a common-random-numbers design),
            # init derived from the recipe and the seed (never shared across cells)
            factors.append({"architecture": a, "optimizer": o, "seed": s, "stream:dataOrder": f"d{s}", "stream:init": f"{a}-{o}-{s}", "dataset": "blobs"})
M = len(factors)
N, K = 400, 4
y = rng.integers(0, K, size=N)
difficulty = rng.random(N)
arch_noise = {a: rng.random(N) for a in archs}
seed_noise = {s: rng.random(N) for s in seeds}
preds, probs = [], []
for f in factors:
    skill = {"mlp": 0.25, "cnn": 0.2, "linear": 0.45}[f["architecture"]] + (0.05 if f["optimizer"] == "sgd" else 0)
    u = 0.45 * difficulty + 0.3 * arch_noise[f["architecture"]] + 0.25 * seed_noise[f["seed"]] + 0.15 * rng.random(N)
    wrong = u < skill + 0.1
    p = y.copy()
    p[wrong] = (y[wrong] + 1 + rng.integers(0, K - 1, size=wrong.sum())) % K
    preds.append(p)
    logits = rng.normal(size=(N, K)) * 0.5
    logits[np.arange(N), p] += 2.0
    pr = np.exp(logits); pr /= pr.sum(axis=1, keepdims=True)
    probs.append(np.round(pr, 6))
probs = [pr / pr.sum(axis=1, keepdims=True) for pr in probs]
C = np.array([(p == y).astype(int) for p in preds])
acc = C.mean(axis=1)

def ec_kappa(i, j):
    pi, pj = acc[i], acc[j]
    cobs = np.mean(C[i] == C[j])
    cexp = pi * pj + (1 - pi) * (1 - pj)
    return (cobs - cexp) / (1 - cexp)

kappa = np.array([[1.0 if i == j else ec_kappa(i, j) for j in range(M)] for i in range(M)])

# OLS design exactly as METRICS 10.1: intercept, mean accuracy, |accuracy gap|, then one indicator
# per group of keys with identical share patterns (keys sorted: recipe keys, then seed/stream keys)
keys = sorted({k for f in factors for k in f if k != "dataset"}, key=lambda k: (k == "seed" or k.startswith("stream:"), k))
pairs = [(i, j) for i in range(M) for j in range(i + 1, M)]
patterns = {}
for k in keys:
    pat = tuple(int(factors[i][k] == factors[j][k]) for i, j in pairs)
    patterns.setdefault(pat, []).append(k)
cols = [np.ones(len(pairs)), np.array([(acc[i] + acc[j]) / 2 for i, j in pairs]), np.array([abs(acc[i] - acc[j]) for i, j in pairs])]
names = []
for pat, ks in patterns.items():
    v = np.array(pat, dtype=float)
    if v.sum() == 0 or v.sum() == len(pairs):
        continue
    cols.append(v); names.append(" + ".join(ks))
X = np.column_stack(cols)
# drop columns collinear with the ones before (same rule as the TS: rank grows or not)
kept = []
for c in range(X.shape[1]):
    if np.linalg.matrix_rank(X[:, kept + [c]]) == len(kept) + 1:
        kept.append(c)
yv = np.array([kappa[i, j] for i, j in pairs])
beta, *_ = np.linalg.lstsq(X[:, kept], yv, rcond=None)
coef = [None] * X.shape[1]
for c, b in zip(kept, beta):
    coef[c] = float(b)
resid = yv - X[:, kept] @ beta
r2 = 1 - resid @ resid / ((yv - yv.mean()) @ (yv - yv.mean()))
same_recipe = [kappa[i, j] for i, j in pairs if all(factors[i][k] == factors[j][k] for k in keys if not (k == "seed" or k.startswith("stream:")))]
out["regression"] = {
    "factors": factors, "labels": y.tolist(), "preds": [p.tolist() for p in preds], "numClasses": K,
    "terms": names, "intercept": coef[0], "meanAccuracy": coef[1], "accuracyGap": coef[2],
    "coefficients": coef[3:], "r2": float(r2), "sameRecipeMean": float(np.mean(same_recipe)), "sameRecipePairs": len(same_recipe),
}

# a collinear design: two keys always shared together on different pairs than a third which is their AND
col = {"x": [1.0, 1, 0, 0, 1, 0], "y": [0.0, 1, 1, 0, 0, 1]}
Xc = np.column_stack([np.ones(6), col["x"], col["y"], np.array(col["x"]) + np.array(col["y"]), rng.normal(size=6)])
yc = np.round(rng.normal(size=6), 6)
keptc = []
for c in range(Xc.shape[1]):
    if np.linalg.matrix_rank(Xc[:, keptc + [c]]) == len(keptc) + 1:
        keptc.append(c)
bc, *_ = np.linalg.lstsq(Xc[:, keptc], yc, rcond=None)
coefc = [None] * Xc.shape[1]
for c, b in zip(keptc, bc):
    coefc[c] = float(b)
out["olsCollinear"] = {"columns": Xc.T.tolist(), "y": yc.tolist(), "coefficients": coefc}

# --- Vendi score of the clipped kappa matrix (eigenvalues of K/M, negatives clipped, renormalised)
def vendi(S):
    S = np.clip(S, 0, 1)
    np.fill_diagonal(S, 1)
    w = np.linalg.eigvalsh(S / S.shape[0])
    w = w[w > 0]
    w = w / w.sum()
    return float(np.exp(-(w * np.log(w)).sum()))
out["vendi"] = {"kappa": kappa.tolist(), "value": vendi(kappa.copy()),
                "identity4": vendi(np.eye(4)), "ones5": vendi(np.ones((5, 5))),
                "blocks": vendi(np.kron(np.eye(3), np.ones((2, 2))))}

# --- diversity curves on 6 models (every subset enumerated) and log2 H_m
sub = [0, 3, 6, 9, 12, 15]
Cs = C[sub]
P = [preds[i] for i in sub]
PR = [probs[i] for i in sub]
curve = []
for k in range(1, len(sub) + 1):
    sfr, maj, mp, ind = [], [], [], []
    for S in itertools.combinations(range(len(sub)), k):
        sfr.append(np.mean((1 - Cs[list(S)]).prod(axis=0)))
        votes = np.zeros((N, K))
        for m in S:
            votes[np.arange(N), P[m]] += 1
        maj.append(np.mean(votes.argmax(axis=1) == y))  # argmax: first (lowest) index on ties
        mp.append(np.mean(np.mean([PR[m] for m in S], axis=0).argmax(axis=1) == y))
        ind.append(np.prod([1 - Cs[m].mean() for m in S]))
    q = lambda v: {"mean": float(np.mean(v)), "lo": float(np.quantile(v, 0.025)), "hi": float(np.quantile(v, 0.975))}
    curve.append({"k": k, "subsets": len(sfr), "systemicFailure": q(sfr), "majorityVote": q(maj), "meanProbability": q(mp), "independent": q(ind)})
out["curves"] = {"models": sub, "probs": [pr.tolist() for pr in PR], "points": curve}

def log2h_m(Cm, m):
    vals, zero = [], 0
    for S in itertools.combinations(range(Cm.shape[0]), m):
        obs = np.mean((1 - Cm[list(S)]).prod(axis=0))
        ind = np.prod([1 - Cm[i].mean() for i in S])
        if obs == 0:
            zero += 1
        else:
            vals.append(math.log2(obs / ind))
    n = math.comb(Cm.shape[0], m)
    return {"value": float(np.mean(vals)) if vals else None, "zeroShare": zero / n, "subsets": n}
out["log2hm"] = {"m3": log2h_m(C[:8], 3), "m5": log2h_m(C[:8], 5)}

# --- minimum detectable difference of the corrected resampled t-test (two-sided alpha 0.05, power 0.8)
mdd = []
for k, r in [(3, 1), (5, 1), (10, 1), (10, 10), (2, 1)]:
    J = k * r
    factor = (stats.t.ppf(0.975, J - 1) + stats.t.ppf(0.8, J - 1)) * math.sqrt(1 / J + 1 / (k - 1))
    mdd.append({"folds": k, "repeats": r, "factor": factor})
out["mdd"] = mdd

# --- paired bootstrap of a mean difference reproduced with mulberry32 (ported), for the verdicts
def mulberry32(seed):
    a = seed & 0xFFFFFFFF
    def imul(x, y):
        return (x * y) & 0xFFFFFFFF
    def nxt():
        nonlocal a
        a = (a + 0x6D2B79F5) & 0xFFFFFFFF
        t = a
        t = imul(t ^ (t >> 15), t | 1)
        t ^= (t + imul(t ^ (t >> 7), t | 61)) & 0xFFFFFFFF
        return ((t ^ (t >> 14)) & 0xFFFFFFFF) / 4294967296
    return nxt
d = (C[0] - C[1]).astype(float)
g = mulberry32(7)
reps = []
for b in range(500):
    w = np.zeros(N)
    for _ in range(N):
        w[int(g() * N)] += 1
    reps.append(float((w * d).sum() / N))
out["pairedDiff"] = {"a": C[0].tolist(), "b": C[1].tolist(), "seed": 7, "resamples": 500,
                     "lo": float(np.quantile(reps, 0.025)), "hi": float(np.quantile(reps, 0.975))}

# --- two-level bootstrap (seeds within recipe, then examples), same draws as the TS: the example
# resamples are the headline bootstrap's (N draws of mulberry32(seed) per resample), the seeds come
# from mulberry32(seed ^ 0x85ebca6b): per recipe (in first-appearance order) S_r draws per resample
recipes = [f"{f['architecture']}/{f['optimizer']}" for f in factors]
order = list(dict.fromkeys(recipes))
groups = [[m for m in range(M) if recipes[m] == r] for r in order]
g = mulberry32(11)
g_seeds = mulberry32(11 ^ 0x85EBCA6B)
B2 = 200
reps = {"meanAcc": [], "ec": [], "sfr": []}
for b in range(B2):
    mult = np.zeros(M, dtype=int)
    for grp in groups:
        for _ in grp:
            mult[grp[int(g_seeds() * len(grp))]] += 1
    w = np.zeros(N)
    for _ in range(N):
        w[int(g() * N)] += 1
    p = (C * w).sum(axis=1) / N
    reps["meanAcc"].append(float((mult * p).sum() / mult.sum()))
    num = den = 0.0
    for i in range(M):
        for j in range(i + 1, M):
            if not mult[i] or not mult[j] or p[i] in (0, 1) or p[j] in (0, 1):
                continue
            cobs = (w * (C[i] == C[j])).sum() / N
            cexp = p[i] * p[j] + (1 - p[i]) * (1 - p[j])
            num += mult[i] * mult[j] * (cobs - cexp) / (1 - cexp)
            den += mult[i] * mult[j]
    reps["ec"].append(num / den)
    # M-way indices keep every model (a seed drawn twice would shrink the set): examples only
    reps["sfr"].append(float((w * (1 - C).prod(axis=0)).sum() / N))
out["twoLevel"] = {"recipes": recipes, "seed": 11, "resamples": B2,
                   **{k: {"lo": float(np.quantile(v, 0.025)), "hi": float(np.quantile(v, 0.975))} for k, v in reps.items()}}

path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "analysis", "stats-reference.json")
with open(path, "w") as fh:
    json.dump(out, fh, default=float)
    fh.write("\n")
print("wrote", os.path.normpath(path))
