# expect: diag.weight-not-transposed, diag.weights-not-transposed
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def lstm_step(x, prev_h, prev_c, W, U, b):
    # Wx: (D, 4H), Wh: (H, 4H) as in the textbook
    A = np.dot(x, W) + np.dot(prev_h, U) + b
    H = prev_h.shape[1]
    f = sigmoid(A[:, :H])
    g = np.tanh(A[:, H : 2 * H])
    i = sigmoid(A[:, 2 * H : 3 * H])
    o = sigmoid(A[:, 3 * H :])
    c_next = f * prev_c + g * i
    return c_next, o * np.tanh(c_next)
