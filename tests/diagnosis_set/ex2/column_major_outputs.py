# expect: diag.output-transposed
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    # column vectors, as in the lecture notes: z = W x + U h + b
    z = W @ x.T + U @ prev_h.T + b[:, None]
    H = prev_h.shape[1]
    a = np.tanh(z[:H])
    i = sigmoid(z[H : 2 * H])
    f = sigmoid(z[2 * H : 3 * H])
    o = sigmoid(z[3 * H :])
    c = i * a + f * prev_c.T
    h = o * np.tanh(c)
    return c, h
