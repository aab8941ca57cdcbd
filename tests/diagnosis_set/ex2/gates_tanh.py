# expect: diag.lstm-gates-activation
import numpy as np


def lstm_step(x, prev_h, prev_c, W, U, b):
    H = prev_h.shape[1]
    z = x @ W.T + prev_h @ U.T + b
    a, i, f, o = [np.tanh(z[:, k * H : (k + 1) * H]) for k in range(4)]
    c = i * a + f * prev_c
    h = o * np.tanh(c)
    return c, h
