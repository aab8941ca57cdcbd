# expect: diag.lstm-missing-output-gate
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    z = x @ W.T + prev_h @ U.T + b
    blocks = np.split(z, 4, axis=1)
    a = np.tanh(blocks[0])
    i = sigmoid(blocks[1])
    f = sigmoid(blocks[2])
    c = i * a + f * prev_c
    h = np.tanh(c)
    return c, h
