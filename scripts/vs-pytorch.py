"""PyTorch side of `npm run bench:vs-pytorch` (scripts/bench-vs-pytorch.ts).

Reads the fold export of `divbench folds <suite> --data` and a JSON list of cells, ports
divbench's fold assignment (spec/folds.ts, spec/random.ts) and checks it against the export,
then trains every cell with the same architecture, optimizer, epochs and batch size on the
same folds — 1 thread per process, `--procs` processes — and prints one JSON line per cell:
CPU and wall seconds, training samples per CPU-second and the mean held-out accuracy.
"""
import json
import multiprocessing as mp
import sys
import time


def u32(x):
    return x & 0xFFFFFFFF


def imul(a, b):
    return u32((a & 0xFFFFFFFF) * (b & 0xFFFFFFFF))


def mulberry32(seed):
    state = [u32(seed)]

    def rng():
        state[0] = u32(state[0] + 0x6D2B79F5)
        t = state[0]
        t = imul(t ^ (t >> 15), t | 1)
        t = u32(t ^ u32(t + imul(t ^ (t >> 7), t | 61)))
        return u32(t ^ (t >> 14)) / 4294967296

    return rng


def derive_seed(*parts):
    h = 0x811C9DC5
    for p in parts:
        x = u32(int(p))
        for _ in range(4):
            h ^= x & 0xFF
            h = imul(h, 0x01000193)
            x >>= 8
    return h


def shuffle_in_place(a, rng):
    for i in range(len(a) - 1, 0, -1):
        j = int(rng() * (i + 1))
        a[i], a[j] = a[j], a[i]
    return a


def assign_folds(labels, k, seed, repeat=0, stratified=True):
    """divbench's spec/folds.ts assignFolds, line for line."""
    n = len(labels)
    rng = mulberry32(derive_seed(seed, repeat, 0x5F01D))
    fold = [0] * n
    if not stratified:
        order = shuffle_in_place(list(range(n)), rng)
        for j in range(n):
            fold[order[j]] = j % k
        return fold
    by_class = {}
    for i, y in enumerate(labels):
        by_class.setdefault(y, []).append(i)
    deal = 0
    for cls in sorted(by_class):
        for i in shuffle_in_place(by_class[cls], rng):
            fold[i] = deal % k
            deal += 1
    return fold


def build(torch, cell, shape, num_classes):
    nn = torch.nn
    arch = cell["architecture"]
    p = arch.get("params", {})
    h, w, c = shape
    layers = []
    if arch["type"] == "linear":
        layers += [nn.Flatten(), nn.Linear(h * w * c, num_classes)]
    elif arch["type"] == "mlp":
        act = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "elu": nn.ELU, "selu": nn.SELU}[p.get("activation", "relu")]
        d = h * w * c
        layers.append(nn.Flatten())
        for units in p.get("hidden", [256, 128]):
            layers += [nn.Linear(d, units), act()]
            d = units
        layers.append(nn.Linear(d, num_classes))
    elif arch["type"] == "cnn":
        k = p.get("kernelSize", 3)
        ch, size = c, h
        for f in p.get("filters", [32, 64]):
            layers += [nn.Conv2d(ch, f, k, padding=k // 2), nn.ReLU(), nn.MaxPool2d(2, 2)]
            ch, size = f, size // 2
        layers.append(nn.Flatten())
        d = ch * size * size
        dense = p.get("dense", 128)
        if dense > 0:
            layers += [nn.Linear(d, dense), nn.ReLU()]
            d = dense
        layers.append(nn.Linear(d, num_classes))
    else:
        raise ValueError(f"architecture '{arch['type']}' has no PyTorch port here")
    init_like_divbench(torch, layers, p.get("activation", "relu"))
    return nn.Sequential(*layers)


def init_like_divbench(torch, layers, activation):
    """divbench's initialisers (registry/architectures/layers.ts kernelInit, network-learner.ts head):
    hidden layers with relu/elu/selu get He normal — tfjs truncates at 2σ, σ = √(2/fan_in) — other
    activations Glorot uniform, the logits layer Glorot uniform; every bias starts at zero. PyTorch's
    own defaults (Kaiming uniform with a = √5, random biases) train slower in 3 epochs of SGD, which
    would make the accuracy columns disagree for a reason that is not speed."""
    nn = torch.nn
    weighted = [l for l in layers if isinstance(l, (nn.Linear, nn.Conv2d))]
    with torch.no_grad():
        for i, l in enumerate(weighted):
            fan_in = l.weight[0].numel()
            fan_out = l.weight.shape[0] * (l.weight[0, 0].numel() if l.weight.dim() > 2 else 1)
            if i < len(weighted) - 1 and activation in ("relu", "elu", "selu"):
                std = (2.0 / fan_in) ** 0.5
                nn.init.trunc_normal_(l.weight, 0.0, std, -2 * std, 2 * std)
            else:
                limit = (6.0 / (fan_in + fan_out)) ** 0.5
                nn.init.uniform_(l.weight, -limit, limit)
            nn.init.zeros_(l.bias)


def optimizer(torch, cell, params):
    o = cell["optimizer"]
    p = o.get("params", {})
    t = o["type"]
    if t == "sgd":
        return torch.optim.SGD(params, lr=p.get("learningRate", 0.1))
    if t == "momentum":
        return torch.optim.SGD(params, lr=p.get("learningRate", 0.05), momentum=p.get("momentum", 0.9), nesterov=p.get("nesterov", False))
    if t == "adam":
        return torch.optim.Adam(params, lr=p.get("learningRate", 0.001), betas=(p.get("beta1", 0.9), p.get("beta2", 0.999)), eps=p.get("epsilon", 1e-7))
    if t == "rmsprop":
        return torch.optim.RMSprop(params, lr=p.get("learningRate", 0.001), alpha=p.get("decay", 0.9), eps=p.get("epsilon", 1e-7), momentum=p.get("momentum", 0), centered=p.get("centered", False))
    if t == "adagrad":
        return torch.optim.Adagrad(params, lr=p.get("learningRate", 0.05), initial_accumulator_value=p.get("initialAccumulatorValue", 0.1))
    raise ValueError(f"optimizer '{t}' has no PyTorch port here")


DATA = {}


def init_worker(data_path):
    import numpy as np
    import torch
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)
    with open(data_path) as f:
        e = json.load(f)
    # divbench rows are NHWC; PyTorch convolutions want NCHW.
    DATA["x"] = torch.from_numpy(np.asarray(e["x"], dtype=np.float32).reshape([-1] + e["shape"]).transpose(0, 3, 1, 2).copy())
    DATA["y"] = torch.tensor(e["labels"], dtype=torch.long)
    DATA["folds"] = np.asarray(e["folds"])
    DATA["shape"] = e["shape"]
    DATA["k"] = e["k"]
    DATA["classes"] = e["numClasses"]


def run_cell(cell):
    import numpy as np
    import torch
    x, y, folds, k = DATA["x"], DATA["y"], DATA["folds"], DATA["k"]
    epochs, batch = cell["protocol"]["epochs"], cell["protocol"]["batchSize"]
    c0, w0 = time.process_time(), time.perf_counter()
    train_cpu, train_samples, accs = 0.0, 0, []
    for f in range(k):
        torch.manual_seed(cell["seed"] * 1000 + f)
        rng = np.random.RandomState(cell["seed"] * 1000 + f)
        train_idx = np.nonzero(folds != f)[0]
        held = np.nonzero(folds == f)[0]
        model = build(torch, cell, DATA["shape"], DATA["classes"])
        opt = optimizer(torch, cell, model.parameters())
        loss_fn = torch.nn.CrossEntropyLoss()
        t0 = time.process_time()
        model.train()
        for _ in range(epochs):
            order = train_idx[rng.permutation(len(train_idx))]
            for s in range(0, len(order), batch):
                b = torch.from_numpy(order[s:s + batch])
                opt.zero_grad()
                loss = loss_fn(model(x[b]), y[b])
                loss.backward()
                opt.step()
        train_cpu += time.process_time() - t0
        train_samples += epochs * len(train_idx)
        model.eval()
        with torch.no_grad():
            h = torch.from_numpy(held)
            accs.append(float((model(x[h]).argmax(1) == y[h]).float().mean()))
    return {"id": cell["id"], "cpu": time.process_time() - c0, "wall": time.perf_counter() - w0,
            "trainSamplesPerCpuSec": train_samples / train_cpu if train_cpu > 0 else None,
            "heldOutAccuracy": sum(accs) / len(accs)}


def main():
    data_path, cells_path, procs = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(data_path) as f:
        e = json.load(f)
    ported = assign_folds(e["labels"], e["k"], e["splitSeed"], e["repeat"], e["stratified"])
    if ported != e["folds"]:
        mismatched = sum(1 for a, b in zip(ported, e["folds"]) if a != b)
        print(json.dumps({"foldCheck": False, "mismatched": mismatched}), flush=True)
        sys.exit(3)
    print(json.dumps({"foldCheck": True, "n": e["n"], "k": e["k"]}), flush=True)
    del e
    with open(cells_path) as f:
        cells = json.load(f)
    import torch
    print(json.dumps({"torch": torch.__version__}), flush=True)
    with mp.get_context("fork").Pool(procs, initializer=init_worker, initargs=(data_path,)) as pool:
        for r in pool.imap_unordered(run_cell, cells):
            print(json.dumps(r), flush=True)


if __name__ == "__main__":
    main()
