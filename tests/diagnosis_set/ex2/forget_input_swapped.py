# expect: diag.lstm-forget-input-swapped
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    n_h = prev_h.shape[-1]
    z = np.dot(x, W.T) + np.dot(prev_h, U.T) + b
    a = np.tanh(z[:, :n_h])
    f = sigmoid(z[:, n_h : 2 * n_h])  # thought the forget gate came second
    i = sigmoid(z[:, 2 * n_h : 3 * n_h])
    o = sigmoid(z[:, 3 * n_h :])
    c = i * a + f * prev_c
    return c, o * np.tanh(c)
