# expect: diag.outputs-swapped, diag.lstm-missing-bias
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    H = prev_h.shape[1]
    z = x @ W.T + prev_h @ U.T
    a, i, f, o = z[:, :H], z[:, H : 2 * H], z[:, 2 * H : 3 * H], z[:, 3 * H :]
    c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_c
    h = sigmoid(o) * np.tanh(c)
    return h, c
