# expect: diag.lstm-order-dlfs2
import numpy as np


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def lstm_step(x, prev_h, prev_c, W, U, b):
    A = np.dot(x, W.T) + np.dot(prev_h, U.T) + b
    f, g, i, o = np.split(A, 4, axis=1)  # as in the book
    f = sigmoid(f)
    g = np.tanh(g)
    i = sigmoid(i)
    o = sigmoid(o)
    c_next = f * prev_c + g * i
    h_next = o * np.tanh(c_next)
    return c_next, h_next
