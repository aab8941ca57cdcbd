# expect: diag.lstm-gate-order
import numpy as np


def lstm_step(x, prev_h, prev_c, W, U, b):
    z = x @ W.T + prev_h @ U.T + b
    o, f, i, a = np.split(z, 4, axis=1)
    a = np.tanh(a)
    i, f, o = (1 / (1 + np.exp(-t)) for t in (i, f, o))
    c = i * a + f * prev_c
    h = o * np.tanh(c)
    return c, h
