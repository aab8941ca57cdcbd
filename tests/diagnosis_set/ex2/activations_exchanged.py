# expect: none
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    H = prev_h.shape[1]
    z = x @ W.T + prev_h @ U.T + b
    a = sigmoid(z[:, :H])
    i, f, o = (np.tanh(z[:, k * H : (k + 1) * H]) for k in (1, 2, 3))
    c = i * a + f * prev_c
    return c, o * np.tanh(c)
