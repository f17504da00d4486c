#!/usr/bin/env python3
"""Per-episode REINFORCE estimates for policygrad to check, written with numpy only.

Reads the task exported by `policygrad export` (for gamma, the actions and the parameters W of the
linear softmax policy pi(a | s) = softmax(W s)) and episodes written by `policygrad sample`, and
writes one row per episode: the estimate of grad J, under a header of the flattened parameter
names. --bug plants one of two classic mistakes, so that policygrad has something to catch.
"""
import argparse
import csv
import json

import numpy as np


def softmax(z):
    z = z - z.max()
    e = np.exp(z)
    return e / e.sum()


def estimate(episode, W, gamma, actions, bug):
    states = np.array(episode["states"], dtype=float)
    taken = [actions.index(a) for a in episode["actions"]]
    rewards = np.array(episode["rewards"], dtype=float)
    T = len(taken)
    returns_to_go = np.zeros(T)
    g = 0.0
    for t in reversed(range(T)):
        g = rewards[t] + gamma * g
        returns_to_go[t] = g
    gradient = np.zeros_like(W)
    for t in range(T):
        s = states[t]
        pi = softmax(W @ s)
        # d log pi(a | s) / dW for a linear softmax: (onehot(a) - pi) outer s
        score = np.outer(np.eye(len(actions))[taken[t]] - pi, s)
        weight = returns_to_go[t] if bug == "missing-discount" else gamma ** t * returns_to_go[t]
        gradient += weight * score
    if bug == "by-length" and T > 0:
        gradient /= T
    return gradient.ravel()  # row-major, the order of the parameter names


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("task", help="the JSON written by policygrad export")
    parser.add_argument("episodes", help="the JSON lines written by policygrad sample")
    parser.add_argument("--out", required=True, help="the CSV of estimates to write")
    parser.add_argument("--bug", choices=["none", "missing-discount", "by-length"], default="none")
    args = parser.parse_args()
    with open(args.task) as f:
        task = json.load(f)
    W = np.array(task["policy"]["parameters"]["W"], dtype=float)
    names = task["policy"]["parameter_names"]
    gamma = task["mdp"]["gamma"]
    actions = task["mdp"]["actions"]
    with open(args.episodes) as f, open(args.out, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(names)
        for line in f:
            if line.strip():
                row = estimate(json.loads(line), W, gamma, actions, args.bug)
                writer.writerow([repr(float(x)) for x in row])


if __name__ == "__main__":
    main()
