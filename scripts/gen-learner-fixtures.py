#!/usr/bin/env python3
"""Reference fixtures for src/learners (test/fixtures/learners/*.json) from scikit-learn 1.2.

For each dataset (a synthetic one written inline, and the shipped suites/data/tabular CSVs read
back exactly as divbench reads them: float32 features, classes = sorted distinct labels), a
stratified 3-fold split and, per fold, scikit-learn's held-out probabilities (GaussianNB,
KNeighborsClassifier: deterministic, checked to 1e-6) and accuracies (RandomForestClassifier,
HistGradientBoostingClassifier: checked within a tolerance). Float32 features are handed to
scikit-learn as float64 copies of the same values, so both sides compute on identical inputs.

Run: /usr/bin/python3 scripts/gen-learner-fixtures.py   (Debian's python3 with python3-sklearn)
"""
import csv, json, os, sys
os.environ.setdefault('OMP_NUM_THREADS', '1')
try:
    import numpy as np
    import sklearn
    from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
    from sklearn.model_selection import StratifiedKFold
    from sklearn.naive_bayes import GaussianNB
    from sklearn.neighbors import KNeighborsClassifier
except ImportError as e:
    sys.exit(f"gen-learner-fixtures.py needs numpy and scikit-learn ({e}): run it with Debian's /usr/bin/python3")

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..')
OUT = os.path.join(ROOT, 'test', 'fixtures', 'learners')
os.makedirs(OUT, exist_ok=True)

def read_csv(name):
    with open(os.path.join(ROOT, 'suites', 'data', 'tabular', f'{name}.csv')) as fh:
        rows = list(csv.reader(fh))[1:]
    X = np.array([[float(v) for v in r[:-1]] for r in rows], dtype=np.float32)
    labels = [r[-1] for r in rows]
    classes = sorted(set(labels))
    return X, np.array([classes.index(l) for l in labels], dtype=np.int32), len(classes)

def synthetic():
    rng = np.random.RandomState(7)
    n, C = 120, 3
    y = np.arange(n) % C
    X = rng.normal(size=(n, 5)) + y[:, None] * np.array([1.5, -1.0, 0.5, 0.0, 2.0])
    X[:, 3] = 2.5  # a constant feature: GaussianNB's var_smoothing is what keeps it finite
    return X.astype(np.float32), y.astype(np.int32), C

def r(a):
    return [float(f'{v:.10g}') for v in np.asarray(a, dtype=np.float64).ravel()]

def accuracy(p, y):
    return float((p.argmax(1) == y).mean())

def full_probs(model, Xt, C):
    """predict_proba with one column per class 0..C-1 (absent training classes get 0)."""
    out = np.zeros((Xt.shape[0], C))
    out[:, model.classes_] = model.predict_proba(Xt)
    return out

def case(name, X, y, C, exact_knn, keep_probs=True, inline=False):
    fold = np.zeros(len(y), dtype=np.int32)
    for f, (_, te) in enumerate(StratifiedKFold(3, shuffle=True, random_state=0).split(X, y)):
        fold[te] = f
    X64 = X.astype(np.float64)
    folds = []
    for f in range(3):
        tr, te = np.where(fold != f)[0], np.where(fold == f)[0]
        entry = {}
        gnb = GaussianNB().fit(X64[tr], y[tr])
        p = full_probs(gnb, X64[te], C)
        entry['gnb'] = {'accuracy': accuracy(p, y[te]), **({'probs': r(p)} if keep_probs or f == 0 else {})}
        for key, k, w in (('knn5u', 5, 'uniform'), ('knn7d', 7, 'distance')):
            knn = KNeighborsClassifier(n_neighbors=k, weights=w, algorithm='brute').fit(X64[tr], y[tr])
            p = full_probs(knn, X64[te], C)
            entry[key] = {'accuracy': accuracy(p, y[te]), **({'probs': r(p)} if exact_knn else {})}
        accs = []
        for seed in range(3):
            rf = RandomForestClassifier(n_estimators=100, random_state=seed, n_jobs=1).fit(X[tr], y[tr])
            accs.append(accuracy(full_probs(rf, X[te], C), y[te]))
        entry['rf'] = {'accuracy': float(np.mean(accs))}
        hgb = HistGradientBoostingClassifier(max_iter=50, early_stopping=False, random_state=0).fit(X[tr], y[tr])
        p = full_probs(hgb, X[te], C)
        entry['hgb'] = {'accuracy': accuracy(p, y[te]), **({'probs': r(p)} if keep_probs else {})}
        folds.append(entry)
    doc = {
        'generator': f'scripts/gen-learner-fixtures.py, scikit-learn {sklearn.__version__}, numpy {np.__version__}',
        'dataset': name, 'n': int(len(y)), 'd': int(X.shape[1]), 'numClasses': C, 'fold': fold.tolist(),
        'models': {
            'gnb': 'GaussianNB(var_smoothing=1e-9)',
            'knn5u': "KNeighborsClassifier(n_neighbors=5, weights='uniform', algorithm='brute')",
            'knn7d': "KNeighborsClassifier(n_neighbors=7, weights='distance', algorithm='brute')",
            'rf': 'RandomForestClassifier(n_estimators=100, n_jobs=1), mean accuracy over random_state 0, 1, 2',
            'hgb': 'HistGradientBoostingClassifier(max_iter=50, early_stopping=False)',
        },
        'folds': folds,
    }
    if inline:
        doc['x'] = r(X)
        doc['y'] = y.tolist()
    with open(os.path.join(OUT, f'{name}.json'), 'w') as fh:
        json.dump(doc, fh, separators=(',', ':'))
    print(name, [ {k: round(v['accuracy'], 3) for k, v in e.items()} for e in folds])

case('synthetic', *synthetic(), exact_knn=True, inline=True)
case('iris', *read_csv('iris'), exact_knn=False)
case('wine', *read_csv('wine'), exact_knn=True)
case('breast-cancer', *read_csv('breast-cancer'), exact_knn=True)
case('digits', *read_csv('digits'), exact_knn=False, keep_probs=False)
