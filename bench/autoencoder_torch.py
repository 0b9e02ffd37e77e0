"""The seed's autoencoder run in PyTorch: the reference `hw4 autoencoder train` is measured against.

Same data (bench/autoencoder_data.py rebuilds hw4's synthetic matrix and split), same model
(features-64-16-64-features, relu after every layer but the last, linear output; torch.nn.Linear's
default initialisation), same schedule (Adam, shuffled mini-batches, a full evaluation pass of the
train and test sets after every epoch). Prints one JSON line: final losses, times, peak memory.

usage: /usr/bin/python3 autoencoder_torch.py [--seed 1] [--threads 2] [--epochs 10] ...
"""
import argparse
import json
import resource
import sys
import time

T0 = time.perf_counter()
import numpy as np  # noqa: E402
import torch  # noqa: E402

sys.path.insert(0, __import__("os").path.dirname(__file__))
import autoencoder_data as ad  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    ad.add_arguments(p)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--test-fraction", type=float, default=0.2)
    p.add_argument("--hidden", type=int, default=64)
    p.add_argument("--latent", type=int, default=16)
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=1e-3)
    p.add_argument("--threads", type=int, default=2)
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)

    x = ad.synthetic(a.samples, a.features, a.rank, a.noise, a.data_seed, np.float32)
    train_rows, test_rows = ad.split(a.samples, a.test_fraction, a.seed)
    xt = torch.from_numpy(x)
    train, test = xt[train_rows], xt[test_rows]
    del x, xt
    t_data = time.perf_counter()

    d, h, k = a.features, a.hidden, a.latent
    model = torch.nn.Sequential(
        torch.nn.Linear(d, h), torch.nn.ReLU(), torch.nn.Linear(h, k),
        torch.nn.Linear(k, h), torch.nn.ReLU(), torch.nn.Linear(h, d))
    opt = torch.optim.Adam(model.parameters(), lr=a.lr)
    loss_fn = torch.nn.MSELoss()
    history = []

    def evaluate(rows):
        with torch.no_grad():
            total = 0.0
            for s in range(0, rows.shape[0], 256):
                b = rows[s:s + 256]
                total += float(((model(b) - b) ** 2).sum())
            return total / rows.numel()

    for epoch in range(1, a.epochs + 1):
        perm = torch.randperm(train.shape[0])
        for s in range(0, train.shape[0], a.batch_size):
            b = train[perm[s:s + a.batch_size]]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(b), b)
            loss.backward()
            opt.step()
        history.append({"epoch": epoch, "train_loss": evaluate(train), "test_loss": evaluate(test)})
    t_end = time.perf_counter()
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"tool": "pytorch " + torch.__version__, "seed": a.seed,
                      "train_loss": history[-1]["train_loss"], "test_loss": history[-1]["test_loss"],
                      "history": history, "train_seconds": t_end - t_data,
                      "process_seconds": t_end - T0, "peak_mb": peak_mb}))


if __name__ == "__main__":
    main()
