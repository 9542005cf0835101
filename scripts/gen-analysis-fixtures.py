#!/usr/bin/python3
"""Reference values for test/analysis from scipy / sklearn / numpy (Debian python3-scipy,
python3-sklearn). Run with /usr/bin/python3 scripts/gen-analysis-fixtures.py; it rewrites
test/fixtures/analysis/reference.json. Inputs are generated from fixed seeds and written into
the fixture so the TS tests read the very same numbers."""
import json
import os
import numpy as np
from scipy import stats
from sklearn.metrics import cohen_kappa_score
from sklearn.calibration import calibration_curve

rng = np.random.default_rng(20240517)
out = {}

# --- corrected resampled t-test and Bayesian correlated t-test (10x10-fold CV differences)
d = np.round(rng.normal(0.01, 0.02, size=100), 6)
k, J = 10, 100
rho = 1 / (k - 1)
s2 = d.var(ddof=1)
se = np.sqrt((1 / J + rho) * s2)
t = d.mean() / se
rope = 0.01
post = stats.t(df=J - 1, loc=d.mean(), scale=se)
naive = stats.ttest_1samp(d, 0.0)
ci = stats.t.interval(0.95, J - 1, loc=d.mean(), scale=d.std(ddof=1) / np.sqrt(J))
out["ttest"] = {
    "diffs": d.tolist(), "folds": k, "t": t, "p": 2 * stats.t.sf(abs(t), J - 1),
    "naiveT": float(naive.statistic), "rope": rope,
    "left": post.cdf(-rope), "ropeP": post.cdf(rope) - post.cdf(-rope), "right": post.sf(rope),
    "ciLo": ci[0], "ciHi": ci[1],
}

# --- McNemar exact and chi-square with continuity correction
mc = []
for b, c in [(3, 11), (0, 7), (12, 12), (30, 14), (5, 45)]:
    n = b + c
    if n < 25:
        p = min(1.0, 2 * stats.binom.cdf(min(b, c), n, 0.5))
        mc.append({"b": b, "c": c, "exact": True, "p": p, "statistic": None})
    else:
        chi = (abs(b - c) - 1) ** 2 / n
        mc.append({"b": b, "c": c, "exact": False, "p": stats.chi2.sf(chi, 1), "statistic": chi})
# cross-check the exact form with scipy's binomtest
for m in mc:
    if m["exact"]:
        assert abs(m["p"] - stats.binomtest(min(m["b"], m["c"]), m["b"] + m["c"], 0.5).pvalue) < 1e-12
out["mcnemar"] = mc

# --- Friedman / Iman-Davenport / Nemenyi (12 data sets x 5 configurations, with ties)
scores = np.round(rng.uniform(0.7, 0.9, size=(12, 5)) + np.array([0, 0.01, 0.02, 0.03, 0.05]), 2)
fr = stats.friedmanchisquare(*scores.T)
Nd, kc = scores.shape
chi = fr.statistic
Ff = (Nd - 1) * chi / (Nd * (kc - 1) - chi)
ranks = np.array([stats.rankdata(-row) for row in scores]).mean(axis=0)
q = stats.studentized_range.ppf(0.95, kc, np.inf) / np.sqrt(2)
seR = np.sqrt(kc * (kc + 1) / (6 * Nd))
pair = [[1.0 if i == j else float(stats.studentized_range.sf(np.sqrt(2) * abs(ranks[i] - ranks[j]) / seR, kc, np.inf))
         for j in range(kc)] for i in range(kc)]
out["friedman"] = {
    "scores": scores.tolist(), "chiSquare": chi, "chiSquareP": fr.pvalue, "imanDavenport": Ff,
    "imanDavenportP": stats.f.sf(Ff, kc - 1, (kc - 1) * (Nd - 1)), "meanRanks": ranks.tolist(),
    "qAlpha": q, "criticalDifference": q * seR, "pairwiseP": pair,
    "qTable": [stats.studentized_range.ppf(0.95, kk, np.inf) / np.sqrt(2) for kk in range(2, 11)],
}

# --- Wilcoxon signed-rank: exact (no ties) and normal approximation (ties), no continuity correction
a = np.round(rng.uniform(0.6, 0.9, size=14), 4)
b = np.round(a - rng.normal(0.01, 0.02, size=14), 6)
assert len(set(np.round(np.abs(a - b), 9))) == len(a), "exact case must have no ties"
w_exact = stats.wilcoxon(a, b, method="exact")
a2 = np.array([0.80, 0.75, 0.91, 0.66, 0.70, 0.88, 0.79, 0.83, 0.72, 0.69, 0.95, 0.81])
b2 = np.array([0.78, 0.77, 0.89, 0.62, 0.70, 0.86, 0.81, 0.79, 0.70, 0.65, 0.93, 0.80])
w_appr = stats.wilcoxon(a2, b2, method="approx", correction=False)
out["wilcoxon"] = {
    "exact": {"a": a.tolist(), "b": b.tolist(), "statistic": float(w_exact.statistic), "p": float(w_exact.pvalue)},
    "approx": {"a": a2.tolist(), "b": b2.tolist(), "statistic": float(w_appr.statistic), "p": float(w_appr.pvalue)},
}

# --- Cohen's kappa (sklearn) on correctness and on labels; Fleiss' kappa by its formula
N, K, M = 300, 4, 4
y = rng.integers(0, K, size=N)
preds = []
for m in range(M):
    p = y.copy()
    flip = rng.random(N) < 0.2 + 0.1 * m
    p[flip] = rng.integers(0, K, size=flip.sum())
    preds.append(p)
corr = [(p == y).astype(int) for p in preds]
ck_corr = [[float(cohen_kappa_score(corr[i], corr[j])) for j in range(M)] for i in range(M)]
ck_lab = [[float(cohen_kappa_score(preds[i], preds[j])) for j in range(M)] for i in range(M)]
counts = np.stack([(np.stack(preds) == kk).sum(axis=0) for kk in range(K)], axis=1)  # N x K
P_x = ((counts ** 2).sum(axis=1) - M) / (M * (M - 1))
p_k = counts.sum(axis=0) / (N * M)
fleiss = (P_x.mean() - (p_k ** 2).sum()) / (1 - (p_k ** 2).sum())
out["kappa"] = {"labels": y.tolist(), "preds": [p.tolist() for p in preds], "numClasses": K,
                "cohenCorrectness": ck_corr, "cohenLabels": ck_lab, "fleissLabels": fleiss}

# --- ECE with 15 bins, bins as calibration_curve (edges on the lower bin)
n = 500
conf = np.round(rng.uniform(0.25, 1.0, size=n), 3)
conf[:20] = np.array([i / 15 for i in range(4, 24)]) [:20].clip(max=1.0)  # values on edges
correct = (rng.random(n) < conf).astype(int)
bins = np.linspace(0.0, 1.0, 16)
ids = np.searchsorted(bins[1:-1], conf)
cnt = np.bincount(ids, minlength=15)
prob_true, prob_pred = calibration_curve(correct, conf, n_bins=15)
nz = cnt[cnt > 0]
ece = float(np.sum(nz / n * np.abs(prob_true - prob_pred)))
mce = float(np.max(np.abs(prob_true - prob_pred)))
out["ece"] = {"confidence": conf.tolist(), "correct": correct.tolist(), "ece": ece, "mce": mce, "counts": cnt.tolist()}

# --- CKA: Kornblith et al. notebook code (gram_linear, center_gram, cka), biased and debiased
def gram_linear(x):
    return x.dot(x.T)

def center_gram(gram, unbiased=False):
    gram = gram.copy()
    if unbiased:
        n = gram.shape[0]
        np.fill_diagonal(gram, 0)
        means = np.sum(gram, 0, dtype=np.float64) / (n - 2)
        means -= np.sum(means) / (2 * (n - 1))
        gram -= means[:, None]
        gram -= means[None, :]
        np.fill_diagonal(gram, 0)
    else:
        means = np.mean(gram, 0, dtype=np.float64)
        means -= np.mean(means) / 2
        gram -= means[:, None]
        gram -= means[None, :]
    return gram

def cka(gx, gy, debiased=False):
    gx = center_gram(gx, unbiased=debiased)
    gy = center_gram(gy, unbiased=debiased)
    s = gx.ravel().dot(gy.ravel())
    return s / (np.linalg.norm(gx) * np.linalg.norm(gy))

def hsic1(gx, gy):
    """METRICS.md 5.2 formula, to tie the notebook's U-centred form to HSIC_1."""
    n = gx.shape[0]
    kx, ky = gx.copy(), gy.copy()
    np.fill_diagonal(kx, 0); np.fill_diagonal(ky, 0)
    one = np.ones(n)
    return (np.trace(kx @ ky) + (one @ kx @ one) * (one @ ky @ one) / ((n - 1) * (n - 2)) - 2 / (n - 2) * one @ kx @ ky @ one) / (n * (n - 3))

X = np.round(rng.normal(size=(40, 6)), 4)
Y = np.round(X @ rng.normal(size=(6, 5)) + 0.5 * rng.normal(size=(40, 5)), 4)
gx, gy = gram_linear(X), gram_linear(Y)
folds = np.repeat([0, 1, 2, 3], 10)
mb = {}
for deb in (False, True):
    num = kx = ky = 0.0
    for f in range(4):
        idx = folds == f
        a_, b_ = gram_linear(X[idx]), gram_linear(Y[idx])
        if deb:
            num += hsic1(a_, b_); kx += hsic1(a_, a_); ky += hsic1(b_, b_)
        else:
            nf = idx.sum()
            H = np.eye(nf) - 1 / nf
            h = lambda p, q: np.trace(p @ H @ q @ H) / (nf - 1) ** 2
            num += h(a_, b_); kx += h(a_, a_); ky += h(b_, b_)
    mb["debiased" if deb else "biased"] = num / np.sqrt(kx * ky)
deb_hsic = hsic1(gx, gy) / np.sqrt(hsic1(gx, gx) * hsic1(gy, gy))
assert abs(deb_hsic - cka(gx, gy, True)) < 1e-10, "HSIC_1 formula and notebook's unbiased centring disagree"
out["cka"] = {"x": X.tolist(), "y": Y.tolist(), "folds": folds.tolist(), "biased": cka(gx, gy), "debiased": cka(gx, gy, True),
              "minibatchBiased": mb["biased"], "minibatchDebiased": mb["debiased"]}

path = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "analysis", "reference.json")
with open(path, "w") as fh:
    json.dump(out, fh, indent=1, default=float)
    fh.write("\n")
print("wrote", os.path.normpath(path))
