# expect: diag.lstm-activation-before-sum
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    H = prev_h.shape[1]
    z = np.tanh(x @ W.T) + prev_h @ U.T + b
    a = np.tanh(z[:, :H])
    i = sigmoid(z[:, H : 2 * H])
    f = sigmoid(z[:, 2 * H : 3 * H])
    o = sigmoid(z[:, 3 * H :])
    c = i * a + f * prev_c
    return c, o * np.tanh(c)
