#!/usr/bin/env python3
"""Writes the small real tabular datasets bundled with Debian's scikit-learn (1.2) as plain CSVs
under suites/data/tabular/ (header row, numeric features, last column `class` = class name), with
each dataset's description copied beside it (suites/data/tabular/<name>.rst: source, creators,
citation). Run with Debian's /usr/bin/python3 (needs python3-sklearn); the output is committed,
so divbench itself never needs Python.
"""
import csv, os, re, shutil, sys

try:
    import sklearn
    from sklearn import datasets
except ImportError:
    sys.exit("export-tabular-data.py needs scikit-learn: run it with Debian's /usr/bin/python3 (apt-get install python3-sklearn)")

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'suites', 'data', 'tabular')
DESCR = os.path.join(os.path.dirname(datasets.__file__), 'descr')
SETS = {
    'iris': (datasets.load_iris, 'iris.rst'),
    'wine': (datasets.load_wine, 'wine_data.rst'),
    'breast-cancer': (datasets.load_breast_cancer, 'breast_cancer.rst'),
    'digits': (datasets.load_digits, 'digits.rst'),
}

def fmt(v):
    r = repr(float(v))
    return r[:-2] if r.endswith('.0') else r

os.makedirs(OUT, exist_ok=True)
for name, (load, descr) in SETS.items():
    b = load()
    names = [re.sub(r'[^0-9a-zA-Z]+', '_', str(f)).strip('_').lower() for f in (b.feature_names if hasattr(b, 'feature_names') else [])]
    if name == 'digits':
        names = [f'pixel_{r}_{c}' for r in range(8) for c in range(8)]
    classes = [str(c) for c in b.target_names]
    with open(os.path.join(OUT, f'{name}.csv'), 'w', newline='') as fh:
        w = csv.writer(fh, lineterminator='\n')
        w.writerow(names + ['class'])
        for row, t in zip(b.data, b.target):
            w.writerow([fmt(v) for v in row] + [classes[t]])
    shutil.copyfile(os.path.join(DESCR, descr), os.path.join(OUT, f'{name}.rst'))
    print(f'{name}: {b.data.shape[0]} rows, {b.data.shape[1]} features, {len(classes)} classes (scikit-learn {sklearn.__version__})')
