# expect: diag.lstm-order-pytorch
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    H = prev_h.shape[1]
    gates = x @ W.T + prev_h @ U.T + b
    # PyTorch layout: input, forget, cell, output
    i = sigmoid(gates[:, 0:H])
    f = sigmoid(gates[:, H : 2 * H])
    g = np.tanh(gates[:, 2 * H : 3 * H])
    o = sigmoid(gates[:, 3 * H :])
    c = f * prev_c + i * g
    h = o * np.tanh(c)
    return c, h
