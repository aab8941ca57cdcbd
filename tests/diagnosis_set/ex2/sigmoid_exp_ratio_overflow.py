# expect: diag.overflow-large-values
import numpy as np


def sigmoid(v):
    e = np.exp(v)
    return e / (1.0 + e)


def lstm_step(x, prev_h, prev_c, W, U, b):
    z = x @ W.T + prev_h @ U.T + b
    a, i, f, o = np.split(z, 4, axis=1)
    c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
    return c, sigmoid(o) * np.tanh(c)
