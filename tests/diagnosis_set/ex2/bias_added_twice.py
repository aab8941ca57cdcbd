# expect: diag.lstm-term-wrong
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def linear(inp, weight, bias):
    return inp @ weight.T + bias


def lstm_step(x, prev_h, prev_c, W, U, b):
    H = prev_h.shape[1]
    z = linear(x, W, b) + linear(prev_h, U, b)  # one Linear layer per input, each with its bias
    a = np.tanh(z[:, :H])
    i, f, o = (sigmoid(z[:, k * H : (k + 1) * H]) for k in (1, 2, 3))
    c = i * a + f * prev_c
    return c, o * np.tanh(c)
