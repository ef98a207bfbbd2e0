#!/usr/bin/env python3
"""PyTorch twin of Orrery's conditional MAF, for the speed comparison in bench/maf-vs-torch.sh.

Same architecture as org.orrery.posteriors.maf.internal.MafNetwork: k MADE blocks
h1 = tanh(M1*W1 y + Wc c + b1), h2 = tanh(M2*W2 h1 + b2), (shift, raw) = Mo*Wo h2 + bo, context
unmasked, nflows degrees, scale = softplus(raw) + 1e-3, z = scale*y + shift, reversed order between
blocks, N(0, I) base. Masked weights are applied per call as nflows' MaskedLinear does (what sbi runs).
Training as sbi's NPE trainer: z-scoring fitted on the training rows, 10 % validation split, Adam 5e-4,
batch 200, clip_grad_norm_ 5, early stop after 20 epochs without validation improvement, best weights
restored.

Reads the training set that the Java side wrote: raw little-endian float64, n rows of (theta, x).
Prints "RESULT key value" lines that maf-vs-torch.sh tabulates.

Usage: maf_torch.py DATA N D C [--threads T] [--dtype float32|float64] [--no-converge] [--seed S]
"""
import argparse
import math
import time

import numpy as np
import torch
import torch.nn.functional as F

SCALE_EPS = 1e-3


class Maf(torch.nn.Module):
    def __init__(self, d, c, h=50, k=5):
        super().__init__()
        self.d, self.c, self.h, self.k = d, c, h, k
        mx, mn = max(1, d - 1), min(1, d - 1)
        deg = torch.tensor([j % mx + mn for j in range(h)])
        inp = torch.arange(1, d + 1)
        out = torch.arange(2 * d) % d + 1
        # masks in torch's [out, in] layout
        self.register_buffer("m1", (deg[:, None] >= inp[None, :]).to(torch.get_default_dtype()))
        self.register_buffer("m2", (deg[:, None] >= deg[None, :]).to(torch.get_default_dtype()))
        self.register_buffer("mo", (out[:, None] > deg[None, :]).to(torch.get_default_dtype()))
        self.perm = torch.arange(d - 1, -1, -1)
        raw_identity = math.log(math.expm1(1 - SCALE_EPS))

        def u(shape, bound):
            return torch.nn.Parameter((torch.rand(shape) * 2 - 1) * bound)

        self.w1 = torch.nn.ParameterList([u((h, d), 1 / math.sqrt(d)) for _ in range(k)])
        self.wc = torch.nn.ParameterList([u((h, c), 1 / math.sqrt(c)) for _ in range(k)])
        self.b1 = torch.nn.ParameterList([u((h,), 1 / math.sqrt(d)) for _ in range(k)])
        self.w2 = torch.nn.ParameterList([u((h, h), 1 / math.sqrt(h)) for _ in range(k)])
        self.b2 = torch.nn.ParameterList([u((h,), 1 / math.sqrt(h)) for _ in range(k)])
        self.wo = torch.nn.ParameterList([u((2 * d, h), 0.01 / math.sqrt(h)) for _ in range(k)])
        bo = torch.zeros(2 * d)
        bo[d:] = raw_identity
        self.bo = torch.nn.ParameterList([torch.nn.Parameter(bo.clone()) for _ in range(k)])

    def made(self, b, y, ctx_term):
        h1 = torch.tanh(F.linear(y, self.w1[b] * self.m1) + ctx_term)
        h2 = torch.tanh(F.linear(h1, self.w2[b] * self.m2, self.b2[b]))
        out = F.linear(h2, self.wo[b] * self.mo, self.bo[b])
        return out[:, : self.d], out[:, self.d:]

    def ctx_terms(self, ctx):
        return [F.linear(ctx, self.wc[b], self.b1[b]) for b in range(self.k)]

    def log_prob(self, u, ctx):
        """log q(u | ctx) of standardised u; ctx is n x c or 1 x c (shared)."""
        terms = self.ctx_terms(ctx)
        y = u
        logdet = 0
        for b in range(self.k):
            shift, raw = self.made(b, y, terms[b])
            scale = F.softplus(raw) + SCALE_EPS
            logdet = logdet + torch.log(scale).sum(1)
            y = scale * y + shift
            if b < self.k - 1:
                y = y[:, self.perm]
        return logdet - 0.5 * (y * y).sum(1) - 0.5 * self.d * math.log(2 * math.pi)

    @torch.no_grad()
    def sample_std(self, n, ctx1):
        """n standardised draws for one context (1 x c): dimension-by-dimension inversion, batched over rows."""
        terms = self.ctx_terms(ctx1)
        z = torch.randn(n, self.d)
        for b in range(self.k - 1, -1, -1):
            y = torch.zeros(n, self.d)
            for i in range(self.d):
                shift, raw = self.made(b, y, terms[b])
                y[:, i] = (z[:, i] - shift[:, i]) / (F.softplus(raw[:, i]) + SCALE_EPS)
            z = y
            if b > 0:
                # input i of block b is output perm[i] of block b-1
                z = torch.empty_like(y)
                z[:, self.perm] = y
        return z


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("data")
    ap.add_argument("n", type=int)
    ap.add_argument("d", type=int)
    ap.add_argument("c", type=int)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--dtype", default="float32", choices=["float32", "float64"])
    ap.add_argument("--no-converge", action="store_true")
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.set_default_dtype(getattr(torch, a.dtype))
    torch.manual_seed(a.seed)
    tag = f"torch {torch.__version__} {a.dtype} threads={torch.get_num_threads()}"
    print(f"# {tag}", flush=True)

    raw = np.fromfile(a.data, dtype="<f8")
    if raw.size != a.n * (a.d + a.c):
        raise SystemExit(f"{a.data}: {raw.size} values, expected {a.n} x ({a.d} + {a.c})")
    data = torch.from_numpy(raw.reshape(a.n, a.d + a.c)).to(torch.get_default_dtype())
    d, c = a.d, a.c

    # time per training step on the real data (fastest of 40 x 10 steps after warm-up, as on the Java
    # side: on a shared machine the minimum is the least disturbed by other processes)
    for batch in (200, 512):
        model = Maf(d, c)
        opt = torch.optim.Adam(model.parameters(), lr=5e-4)
        th = (data[:batch, :d] - data[:, :d].mean(0)) / data[:, :d].std(0)
        xx = (data[:batch, d:] - data[:, d:].mean(0)) / data[:, d:].std(0)

        def step():
            opt.zero_grad()
            loss = -model.log_prob(th, xx).mean()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
            opt.step()

        for _ in range(300):
            step()
        times = []
        for _ in range(40):
            t0 = time.perf_counter()
            for _ in range(10):
                step()
            times.append((time.perf_counter() - t0) / 10)
        print(f"RESULT step_ms_b{batch} {1000 * min(times):.4f}", flush=True)

    # training to early stop, sbi's recipe
    perm = torch.randperm(a.n)
    n_val = int(math.floor(0.1 * a.n))
    n_train = a.n - n_val
    shuffled = data[perm]
    th_all, x_all = shuffled[:, :d], shuffled[:, d:]
    mt, st = th_all[:n_train].mean(0), th_all[:n_train].std(0)
    mx, sx = x_all[:n_train].mean(0), x_all[:n_train].std(0)
    th_all = (th_all - mt) / st
    x_all = (x_all - mx) / sx
    log_std = torch.log(st).sum().item()
    model = Maf(d, c)
    if not a.no_converge:
        opt = torch.optim.Adam(model.parameters(), lr=5e-4)
        best, best_epoch, since, epoch, steps = float("inf"), 0, 0, 0, 0
        best_state = {k: v.clone() for k, v in model.state_dict().items()}
        t0 = time.perf_counter()
        while epoch < 1000:
            order = torch.randperm(n_train)
            for s in range(0, n_train, 200):
                idx = order[s:s + 200]
                opt.zero_grad()
                loss = -model.log_prob(th_all[idx], x_all[idx]).mean()
                loss.backward()
                torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
                opt.step()
                steps += 1
            with torch.no_grad():
                val = -model.log_prob(th_all[n_train:], x_all[n_train:]).mean().item() + log_std
            epoch += 1
            if val < best:
                best, best_epoch, since = val, epoch, 0
                best_state = {k: v.clone() for k, v in model.state_dict().items()}
            else:
                since += 1
                if since >= 20:
                    break
        secs = time.perf_counter() - t0
        model.load_state_dict(best_state)
        print(f"RESULT converge_s {secs:.3f}", flush=True)
        print(f"RESULT epochs {epoch}", flush=True)
        print(f"RESULT best_epoch {best_epoch}", flush=True)
        print(f"RESULT epoch_ms {1000 * secs / epoch:.3f}", flush=True)
        print(f"RESULT steps {steps}", flush=True)
        print(f"RESULT best_val_nll {best:.4f}", flush=True)

    # sampling 10 000 inside the prior box [-1, 1]^d (two_moons), rejecting as sbi does; and log-prob
    x_obs = (data[:1, d:] - mx) / sx  # the first row's x, as on the Java side
    lo, hi = -1.0, 1.0

    def sample(n):
        got, out = 0, []
        while got < n:
            m = int(math.ceil((n - got) * 1.1)) + 8
            s = model.sample_std(m, x_obs) * st + mt
            s = s[((s >= lo) & (s <= hi)).all(1)]
            out.append(s)
            got += s.shape[0]
        return torch.cat(out)[:n]

    best_s, best_lp = float("inf"), float("inf")
    for _ in range(10):
        t0 = time.perf_counter()
        s = sample(10_000)
        best_s = min(best_s, time.perf_counter() - t0)
        u = (s - mt) / st
        t0 = time.perf_counter()
        with torch.no_grad():
            model.log_prob(u, x_obs)
        best_lp = min(best_lp, time.perf_counter() - t0)
    print(f"RESULT sample_s {best_s:.4f}", flush=True)
    print(f"RESULT logprob_s {best_lp:.4f}", flush=True)


if __name__ == "__main__":
    main()
