"""scikit-learn's PCA on hw4's synthetic matrix: the reference `hw4 autoencoder analyze` is timed
against. Prints one JSON line: components for 90/95/99 %, the leading ratios, seconds.

usage: /usr/bin/python3 autoencoder_sklearn.py [--samples 800 --features 20000 --rank 10 ...]
"""
import argparse
import json
import os
import sys
import time

T0 = time.perf_counter()
import numpy as np  # noqa: E402
from sklearn.decomposition import PCA  # noqa: E402

sys.path.insert(0, os.path.dirname(__file__))
import autoencoder_data as ad  # noqa: E402


def main():
    p = argparse.ArgumentParser()
    ad.add_arguments(p)
    a = p.parse_args()
    x = ad.synthetic(a.samples, a.features, a.rank, a.noise, a.data_seed)
    t_data = time.perf_counter()
    pca = PCA(svd_solver="full").fit(x)
    cum = np.cumsum(pca.explained_variance_ratio_)
    comps = {t: int(np.searchsorted(cum, float(t) - 1e-12) + 1) for t in ("0.9", "0.95", "0.99")}
    t_end = time.perf_counter()
    print(json.dumps({"components_for": comps,
                      "explained_variance_ratio": [float(r) for r in pca.explained_variance_ratio_[:12]],
                      "pca_seconds": t_end - t_data, "process_seconds": t_end - T0}))


if __name__ == "__main__":
    main()
