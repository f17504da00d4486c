#!/usr/bin/python3
"""PyTorch (CPU) next to policygrad, timed in the same run on the same machine.

Measures, for the benchmark policies of src/jmh (linear softmax over 4 actions with 4, 64 and 1024
features, a Gaussian with a mean linear in 64 features, a 4-16-2 tanh MLP):
  - one per-sample gradient d log pi(a|s) / d theta: policygrad's score (JMH, GradientBenchmark),
    PyTorch autograd one sample at a time, and PyTorch's batched per-sample gradients (functorch
    vmap(grad)), and one backward pass over a whole batch (the summed gradient REINFORCE needs);
  - REINFORCE with rewards-to-go on CartPole, in environment steps per second: policygrad
    (JMH, ReinforceBenchmark, one thread), PyTorch stepping a batch of CartPoles as tensors, and
    PyTorch in the textbook loop (one environment, one step at a time), and both again with the
    CartPole step and the policy's logits compiled by torch.compile where the installed PyTorch has
    it and it works on this CPU (PyTorch 2 and a C++ compiler; otherwise the table says why not).
PyTorch runs on one thread (torch.set_num_threads(1)), as the one-thread policygrad figures do.

PyTorch comes from Debian, for Debian's interpreter (/usr/bin/python3, not a pyenv python3):
    apt-get update && apt-get install -y python3-torch
Run from the repository root, after building the benchmarks:
    mvn -P bench -DskipTests package && /usr/bin/python3 bench/peers/compare.py
Options: --quick (short runs, for a smoke test), --jar PATH, --json OUT (write all figures).
Without torch the script says so and exits 0.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import time

try:
    import torch
except ImportError:
    print("compare.py: PyTorch is not installed for " + sys.executable + "; skipping the peer comparison.\n"
          "  install it with: apt-get update && apt-get install -y python3-torch\n"
          "  and run this script with /usr/bin/python3")
    sys.exit(0)

try:
    from functorch import grad as fgrad, vmap
except ImportError:  # torch >= 2 moved it to torch.func
    try:
        from torch.func import grad as fgrad, vmap
    except ImportError:
        fgrad = vmap = None

torch.set_num_threads(1)
DTYPE = torch.float64  # policygrad computes in double precision
POLICIES = ["softmax4", "softmax64", "softmax1024", "gaussian64", "mlp"]
HALF_LOG_TWO_PI = 0.5 * math.log(2 * math.pi)


# ---- the policies, as in src/jmh/java/dev/policygrad/bench/BenchPolicies.java ----

def make_policy(name, gen):
    """(parameters, log_pi(params, s, a), state size, action count or 0 for a real action)."""
    def normal(*shape, std):
        return torch.randn(*shape, generator=gen, dtype=DTYPE) * std

    if name.startswith("softmax"):
        f = int(name[len("softmax"):])
        params = (normal(4, f, std=0.1), torch.zeros(4, dtype=DTYPE))

        def log_pi(p, s, a):
            z = p[0] @ s + p[1]
            return z.gather(0, a.reshape(1))[0] - torch.logsumexp(z, 0)
        return params, log_pi, f, 4
    if name == "gaussian64":
        params = (normal(64, std=0.1), torch.zeros((), dtype=DTYPE))

        def log_pi(p, s, a):
            u = (a - p[0] @ s) / torch.exp(p[1])
            return -0.5 * u * u - p[1] - HALF_LOG_TWO_PI
        return params, log_pi, 64, 0
    if name == "mlp":
        params = (normal(16, 4, std=0.5), torch.zeros(16, dtype=DTYPE), normal(2, 16, std=0.5))

        def log_pi(p, s, a):
            z = p[2] @ torch.tanh(p[0] @ s + p[1])
            return z.gather(0, a.reshape(1))[0] - torch.logsumexp(z, 0)
        return params, log_pi, 4, 2
    raise ValueError(name)


def best_time(run, count, repeats):
    """The fastest of `repeats` timings of `run()` doing `count` operations, in ns per operation."""
    run()  # warm-up
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter_ns()
        run()
        best = min(best, (time.perf_counter_ns() - start) / count)
    return best


def torch_gradients(name, quick):
    gen = torch.Generator().manual_seed(7)
    params, log_pi, size, actions = make_policy(name, gen)
    batch = 1024
    states = torch.randn(batch, size, generator=gen, dtype=DTYPE)
    if actions:
        acts = torch.randint(actions, (batch,), generator=gen)
    else:
        acts = torch.randn(batch, generator=gen, dtype=DTYPE)
    weights = torch.randn(batch, generator=gen, dtype=DTYPE)
    leaves = tuple(p.clone().requires_grad_(True) for p in params)
    repeats = 2 if quick else 5
    loop_count = 64 if quick else 512

    def per_sample_loop():
        for i in range(loop_count):
            torch.autograd.grad(log_pi(leaves, states[i], acts[i]), leaves)

    def summed_backward():
        total = sum(w * log_pi(leaves, s, a) for w, s, a in zip(weights[:64], states[:64], acts[:64]))
        torch.autograd.grad(total, leaves)

    row = {"loop": best_time(per_sample_loop, loop_count, repeats)}
    # The batched summed gradient of REINFORCE, sum_i w_i grad log pi(a_i|s_i), as one backward pass.
    batched = batched_log_pi(name, log_pi)
    row["batch_sum"] = best_time(lambda: torch.autograd.grad(
        (weights * batched(leaves, states, acts)).sum(), leaves), batch, repeats)
    if vmap is not None:
        per_sample = vmap(fgrad(lambda p, s, a: log_pi(p, s, a)), in_dims=(None, 0, 0))
        row["vmap"] = best_time(lambda: per_sample(params, states, acts), batch, repeats)
    return row


def batched_log_pi(name, log_pi):
    """log pi over a batch of states, written with batched tensor operations."""
    if name.startswith("softmax"):
        return lambda p, S, A: (S @ p[0].T + p[1]).log_softmax(1).gather(1, A[:, None])[:, 0]
    if name == "gaussian64":
        def f(p, S, A):
            u = (A - S @ p[0]) / torch.exp(p[1])
            return -0.5 * u * u - p[1] - HALF_LOG_TWO_PI
        return f
    return lambda p, S, A: (torch.tanh(S @ p[0].T + p[1]) @ p[2].T).log_softmax(1).gather(1, A[:, None])[:, 0]


# ---- CartPole, as in src/jmh/java/dev/policygrad/bench/CartPole.java ----

GRAVITY, CART_MASS, POLE_MASS, HALF_LENGTH, FORCE, TAU = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
TOTAL_MASS, POLE_MOMENT = CART_MASS + POLE_MASS, POLE_MASS * HALF_LENGTH
X_LIMIT, ANGLE_LIMIT, HORIZON, GAMMA = 2.4, 12 * 2 * math.pi / 360, 500, 0.99


def cartpole_step(s, push_right):
    """One Euler step for a batch of states (rows x, x_dot, angle, angle_dot)."""
    x, x_dot, angle, angle_dot = s.unbind(-1)
    force = torch.where(push_right, FORCE, -FORCE)
    cos, sin = torch.cos(angle), torch.sin(angle)
    temp = (force + POLE_MOMENT * angle_dot * angle_dot * sin) / TOTAL_MASS
    angle_acc = (GRAVITY * sin - cos * temp) / (HALF_LENGTH * (4.0 / 3.0 - POLE_MASS * cos * cos / TOTAL_MASS))
    x_acc = temp - POLE_MOMENT * angle_acc * cos / TOTAL_MASS
    return torch.stack([x + TAU * x_dot, x_dot + TAU * x_acc, angle + TAU * angle_dot, angle_dot + TAU * angle_acc], -1)


def cartpole_terminal(s):
    return (s[..., 0].abs() > X_LIMIT) | (s[..., 2].abs() > ANGLE_LIMIT)


def linear_logits(s, W, b):
    return s @ W.T + b


def reinforce_batched(W, b, episodes, gen, step=None, logits_of=None):
    """One REINFORCE gradient from `episodes` CartPoles stepped together; returns the steps taken."""
    step = step or cartpole_step
    logits_of = logits_of or linear_logits
    s = (torch.rand(episodes, 4, generator=gen, dtype=DTYPE) - 0.5) * 0.1
    alive = torch.ones(episodes, dtype=torch.bool)
    log_probs, masks = [], []
    for _ in range(HORIZON):
        logits = logits_of(s, W, b)
        a = torch.multinomial(logits.softmax(1), 1, generator=gen)[:, 0]
        log_probs.append(logits.log_softmax(1).gather(1, a[:, None])[:, 0])
        masks.append(alive.to(DTYPE))
        s = step(s, a == 1)
        alive = alive & ~cartpole_terminal(s)
        if not alive.any():
            break
    mask = torch.stack(masks)
    returns, g = torch.zeros_like(mask), torch.zeros(episodes, dtype=DTYPE)
    for t in range(len(masks) - 1, -1, -1):
        g = mask[t] + GAMMA * g * mask[t]
        returns[t] = g
    loss = -(returns * torch.stack(log_probs) * mask).sum()
    loss.backward()
    return int(mask.sum().item())


def reinforce_loop(W, b, episodes, gen, step=None, logits_of=None):
    """The textbook loop: one CartPole, one step at a time, a backward pass per episode."""
    step = step or cartpole_step
    logits_of = logits_of or linear_logits
    steps = 0
    for _ in range(episodes):
        s = (torch.rand(4, generator=gen, dtype=DTYPE) - 0.5) * 0.1
        log_probs = []
        for _ in range(HORIZON):
            logits = logits_of(s, W, b)
            a = torch.multinomial(logits.softmax(0), 1, generator=gen)[0]
            log_probs.append(logits.log_softmax(0)[a])
            s = step(s, a == 1)
            if cartpole_terminal(s):
                break
        steps += len(log_probs)
        g, returns = 0.0, []
        for _ in log_probs:
            g = 1.0 + GAMMA * g
            returns.append(g)
        returns.reverse()
        (-(torch.tensor(returns, dtype=DTYPE) * torch.stack(log_probs)).sum()).backward()
    return steps


def steps_per_second(run, repeats):
    run()
    best = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        steps = run()
        best = max(best, steps / (time.perf_counter() - start))
    return best


def torch_reinforce(quick):
    gen = torch.Generator().manual_seed(7)
    W = (torch.randn(2, 4, generator=gen, dtype=DTYPE) * 0.1).requires_grad_(True)
    b = torch.zeros(2, dtype=DTYPE, requires_grad=True)
    repeats = 2 if quick else 5
    rows = {"batched": steps_per_second(lambda: reinforce_batched(W, b, 1024, gen), repeats),
            "loop": steps_per_second(lambda: reinforce_loop(W, b, 5 if quick else 50, gen), repeats)}
    rows.update(torch_compiled_reinforce(W, b, gen, quick, repeats))
    return rows


def torch_compiled_reinforce(W, b, gen, quick, repeats):
    """The same two loops with the CartPole step and the logits compiled by torch.compile, or why not."""
    if not hasattr(torch, "compile"):
        return {"compile_skipped": f"torch.compile needs PyTorch 2 or later (installed: {torch.__version__})"}
    try:
        step = torch.compile(cartpole_step, dynamic=True)
        logits_of = torch.compile(linear_logits, dynamic=True)
        batched = lambda: reinforce_batched(W, b, 1024, gen, step, logits_of)
        loop = lambda: reinforce_loop(W, b, 5 if quick else 50, gen, step, logits_of)
        batched()  # compiles (and fails here when this CPU's toolchain cannot build the kernels)
        loop()
        return {"compiled_batched": steps_per_second(batched, repeats),
                "compiled_loop": steps_per_second(loop, repeats)}
    except Exception as e:  # torch.compile's backends raise many kinds of errors; report, do not crash
        first = (str(e).strip().splitlines() or [""])[0][:200]
        return {"compile_skipped": f"torch.compile failed on this machine: {type(e).__name__}: {first}"}


# ---- policygrad, through its JMH benchmarks ----

def policygrad(jar, quick):
    timing = ["-wi", "1", "-i", "1", "-w", "1s", "-r", "1s"] if quick else ["-wi", "3", "-i", "5", "-w", "1s", "-r", "1s"]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "policygrad.json")
        command = ["java", "-jar", jar, r"GradientBenchmark\.engineScore|ReinforceBenchmark\.engineOneThread",
                   "-p", "backend=compiled", "-f", "1", *timing, "-rf", "json", "-rff", out]
        print("running:", " ".join(command), file=sys.stderr)
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        with open(out) as f:
            results = json.load(f)
    scores, reinforce = {}, None
    for r in results:
        if r["benchmark"].endswith("engineScore"):
            scores[r["params"]["policy"]] = r["primaryMetric"]["score"]
        else:  # the engine's batches count their environment steps in the "steps" counter
            reinforce = r["secondaryMetrics"]["steps"]["score"]
    return scores, reinforce


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jar", default="target/benchmarks.jar")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    if not os.path.exists(args.jar):
        print(f"compare.py: {args.jar} not found; build it with: mvn -P bench -DskipTests package", file=sys.stderr)
        sys.exit(2)
    scores, pg_steps = policygrad(args.jar, args.quick)
    torch_rows = {name: torch_gradients(name, args.quick) for name in POLICIES}
    torch_rl = torch_reinforce(args.quick)

    print(f"PyTorch {torch.__version__} on {torch.get_num_threads()} thread(s), float64; policygrad via JMH")
    print()
    print("| policy | policygrad score (ns) | torch per sample (ns) | torch vmap (ns/sample) "
          "| torch batch backward (ns/sample) | torch loop / policygrad | torch vmap / policygrad "
          "| torch batch / policygrad |")
    print("|---|---|---|---|---|---|---|---|")
    for name in POLICIES:
        pg, t = scores.get(name), torch_rows[name]
        cells = [name, fmt(pg), fmt(t["loop"]), fmt(t.get("vmap")), fmt(t["batch_sum"]),
                 ratio(t["loop"], pg), ratio(t.get("vmap"), pg), ratio(t["batch_sum"], pg)]
        print("| " + " | ".join(cells) + " |")
    print()
    print("| REINFORCE on CartPole, one thread | steps/s | policygrad / this |")
    print("|---|---|---|")
    print(f"| policygrad (ReinforceBenchmark.engineOneThread) | {fmt(pg_steps)} | 1.00 |")
    print(f"| PyTorch, 1024 CartPoles as tensors | {fmt(torch_rl['batched'])} | {ratio(pg_steps, torch_rl['batched'])} |")
    print(f"| PyTorch, textbook loop | {fmt(torch_rl['loop'])} | {ratio(pg_steps, torch_rl['loop'])} |")
    if "compile_skipped" in torch_rl:
        print()
        print("torch.compile: skipped, " + torch_rl["compile_skipped"])
    else:
        print(f"| PyTorch + torch.compile, 1024 CartPoles as tensors | {fmt(torch_rl['compiled_batched'])} "
              f"| {ratio(pg_steps, torch_rl['compiled_batched'])} |")
        print(f"| PyTorch + torch.compile, textbook loop | {fmt(torch_rl['compiled_loop'])} "
              f"| {ratio(pg_steps, torch_rl['compiled_loop'])} |")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"policygrad": {"score_ns": scores, "reinforce_steps_per_s": pg_steps},
                       "torch": {"version": torch.__version__, "gradients_ns": torch_rows, "reinforce_steps_per_s": torch_rl}},
                      f, indent=2)


def fmt(x):
    if x is None:
        return "-"
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def ratio(a, b):
    return "-" if a is None or b is None else f"{a / b:.1f}"


if __name__ == "__main__":
    main()
