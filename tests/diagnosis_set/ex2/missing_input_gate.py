# expect: diag.lstm-missing-input-gate
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    H = prev_h.shape[1]
    z = x @ W.T + prev_h @ U.T + b
    cand = np.tanh(z[:, :H])
    forget = sigmoid(z[:, 2 * H : 3 * H])
    out = sigmoid(z[:, 3 * H :])
    c = cand + forget * prev_c
    h = out * np.tanh(c)
    return c, h
