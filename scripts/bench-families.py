#!/usr/bin/env python3
"""scikit-learn peer of scripts/bench-families.ts: fits one family on the data and fold the TS
side wrote (raw float32 x, int32 y and fold files), on one thread, and prints one JSON line:
fit and predict CPU seconds (time.process_time, all threads), held-out accuracy and the argmax
predictions. Run by bench-families.ts with Debian's /usr/bin/python3 (python3-sklearn).

Usage: bench-families.py DATA_DIR FAMILY FOLD JSON_PARAMS
"""
import json, os, sys, time
for v in ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS'):
    os.environ[v] = '1'  # before numpy loads: one thread, as n_jobs=1
import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier

data, family, fold, params = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
meta = json.load(open(os.path.join(data, 'meta.json')))
X = np.fromfile(os.path.join(data, 'x.f32'), dtype=np.float32).reshape(meta['n'], meta['d'])
y = np.fromfile(os.path.join(data, 'y.i32'), dtype=np.int32)
folds = np.fromfile(os.path.join(data, 'fold.i32'), dtype=np.int32)
tr, te = np.where(folds != fold)[0], np.where(folds == fold)[0]
Xtr, ytr, Xte, yte = X[tr], y[tr], X[te], y[te]

if family == 'random-forest':
    model = RandomForestClassifier(n_estimators=params['trees'], max_features='sqrt', n_jobs=1, random_state=0)
elif family == 'hist-boosting':
    model = HistGradientBoostingClassifier(max_iter=params['iterations'], learning_rate=params['learningRate'],
                                           max_leaf_nodes=params['maxLeaves'], min_samples_leaf=params['minSamplesLeaf'],
                                           early_stopping=False, random_state=0)
elif family == 'knn':
    model = KNeighborsClassifier(n_neighbors=params['k'], weights=params['weights'], algorithm='brute', n_jobs=1)
elif family == 'naive-bayes':
    model = GaussianNB(var_smoothing=params['varSmoothing'])
else:
    sys.exit(f'unknown family {family}')

t0 = time.process_time()
model.fit(Xtr, ytr)
t1 = time.process_time()
pred = model.classes_[model.predict_proba(Xte).argmax(1)]
t2 = time.process_time()
print(json.dumps({'family': family, 'fit': t1 - t0, 'predict': t2 - t1, 'accuracy': float((pred == yte).mean()),
                  'pred': pred.astype(int).tolist(), 'sklearn': sklearn.__version__}))
