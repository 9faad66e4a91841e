#!/usr/bin/python3
"""reference_torch.py - the PyTorch reference for bench/: the same two VAEs as the
engine (784-512-256-2 and 784-400-20), the same data (MNIST IDX files read with
numpy, grey levels p/255), the same init (nn.Linear's default), the same loss
(BCE with logits summed over pixels + closed-form KL, batch mean), Adam 1e-3, batch 128.

Owns: PyTorch's training throughput (samples/s, median of epochs; and the median CPU
seconds of the process per epoch, the fairer figure on a machine others share) at each
thread setting, and the test ELBO after N epochs at the best one. A setting is a pair: torch's
intra-op threads and the threads of the BLAS under it. Debian's torch does its matrix
products in libblas.so.3, which is OpenBLAS (pthreads), and torch.set_num_threads does
not reach it: unless set here (openblas_set_num_threads through ctypes) it runs one
thread per core whatever torch's setting. A benchmark-only
dependency (Debian's python3-torch); run it with /usr/bin/python3.
Prints one markdown table row per measurement and a final JSON line."""
import argparse
import ctypes
import json
import os
import statistics
import sys
import time

import numpy as np
import torch
from torch import nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))


def read_idx_images(path):
    with open(path, "rb") as f:
        data = f.read()
    magic, n, rows, cols = np.frombuffer(data[:16], dtype=">u4")
    assert magic == 2051, f"{path}: not an IDX image file"
    pixels = np.frombuffer(data[16:], dtype=np.uint8)
    assert pixels.size == n * rows * cols, f"{path}: wrong size"
    return pixels.reshape(n, rows * cols)


def load(data_dir):
    train = read_idx_images(os.path.join(data_dir, "train-images-idx3-ubyte"))
    test = read_idx_images(os.path.join(data_dir, "t10k-images-idx3-ubyte"))
    to = lambda a: torch.from_numpy(a.astype(np.float32) / 255.0)
    return to(train), to(test)


class VAE(nn.Module):
    def __init__(self, hidden, latent, dim=784):
        super().__init__()
        enc, size = [], dim
        for h in hidden:
            enc += [nn.Linear(size, h), nn.ReLU()]
            size = h
        enc.append(nn.Linear(size, 2 * latent))
        dec, size = [], latent
        for h in reversed(hidden):
            dec += [nn.Linear(size, h), nn.ReLU()]
            size = h
        dec.append(nn.Linear(size, dim))
        self.enc, self.dec, self.latent = nn.Sequential(*enc), nn.Sequential(*dec), latent

    def terms(self, x):
        """Per-example recon E_q[log p(x|z)] (one sample) and KL(q || N(0, I))."""
        mu, logvar = self.enc(x).chunk(2, dim=1)
        z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)
        logits = self.dec(z)
        recon = -F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(1)
        kl = 0.5 * (mu.pow(2) + logvar.exp() - 1.0 - logvar).sum(1)
        return recon, kl


def train_epoch(model, opt, train, batch):
    n = train.shape[0]
    order = torch.randperm(n)
    t0, c0 = time.perf_counter(), time.process_time()
    for at in range(0, n, batch):
        x = train[order[at:at + batch]]
        recon, kl = model.terms(x)
        loss = (kl - recon).mean()
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    return time.perf_counter() - t0, time.process_time() - c0


@torch.no_grad()
def test_elbo(model, test):
    recon, kl = model.terms(test)
    return float((recon - kl).mean()), float(recon.mean()), float(kl.mean())


def blas_library():
    """The BLAS torch calls (the same loaded library), or None if it is not OpenBLAS."""
    try:
        lib = ctypes.CDLL("libblas.so.3")
        lib.openblas_set_num_threads.argtypes = [ctypes.c_int]
        return lib
    except (OSError, AttributeError):
        return None


BLAS = blas_library()


def run(hidden, latent, train, test, threads, epochs, batch, seed):
    torch_threads, blas_threads = threads
    torch.set_num_threads(torch_threads)
    if BLAS is not None:
        BLAS.openblas_set_num_threads(blas_threads)
    torch.manual_seed(seed)
    model = VAE(hidden, latent)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    runs = [train_epoch(model, opt, train, batch) for _ in range(epochs)]
    return [r[0] for r in runs], [r[1] for r in runs], test_elbo(model, test)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(HERE, "..", "data", "mnist"))
    ap.add_argument("--epochs", type=int, default=10, help="epochs of the ELBO run")
    ap.add_argument("--timing-epochs", type=int, default=3, help="epochs per thread setting")
    ap.add_argument("--threads", default="1/1,1/2,2/1,2/2", help="torch/BLAS thread pairs")
    ap.add_argument("--batch", type=int, default=128)
    ap.add_argument("--models", default="512,256:2;400:20")
    args = ap.parse_args()
    torch.set_num_interop_threads(1)
    train, test = load(args.data)
    n = train.shape[0]
    results = []
    print(f"torch {torch.__version__}, numpy {np.__version__}", file=sys.stderr)
    print(f"BLAS under torch: {'OpenBLAS (libblas.so.3), threads set per row' if BLAS else 'not OpenBLAS: its threads are not set'}", file=sys.stderr)
    if BLAS is not None:
        BLAS.openblas_get_corename.restype = ctypes.c_char_p
        core = BLAS.openblas_get_corename().decode()
        print(f"OpenBLAS kernel under torch: {core} (OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')})")
    print("| model | torch / BLAS threads | epochs | median epoch (s) | samples/s | test ELBO | median epoch CPU (s) |")
    print("|---|---|---|---|---|---|---|")
    for spec in args.models.split(";"):
        hid, lat = spec.split(":")
        hidden, latent = [int(h) for h in hid.split(",")], int(lat)
        name = "-".join(["784"] + [str(h) for h in hidden] + [str(latent)])
        best = None
        for pair in args.threads.split(","):
            t = tuple(int(x) for x in pair.split("/"))
            times, cpu, _ = run(hidden, latent, train, test, t, args.timing_epochs, args.batch, 1)
            med = statistics.median(times)
            print(f"| {name} | {t[0]} / {t[1]} | {len(times)} | {med:.3f} | {n / med:.0f} | | {statistics.median(cpu):.3f} |",
                  flush=True)
            if best is None or med < best[1]:
                best = (t, med)
        times, cpu, (elbo, recon, kl) = run(hidden, latent, train, test, best[0], args.epochs, args.batch, 1)
        med = statistics.median(times)
        print(f"| {name} | {best[0][0]} / {best[0][1]} (best) | {len(times)} | {med:.3f} | {n / med:.0f} | {elbo:.2f} | "
              f"{statistics.median(cpu):.3f} |", flush=True)
        results.append({"model": name, "torch_threads": best[0][0], "blas_threads": best[0][1], "epochs": len(times), "median_epoch_s": med,
                        "samples_per_s": n / med, "test_elbo": elbo, "test_recon": recon, "test_kl": kl})
    print("JSON " + json.dumps(results))


if __name__ == "__main__":
    main()
