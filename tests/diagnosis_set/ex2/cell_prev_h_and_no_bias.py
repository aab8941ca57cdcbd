# expect: none
import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def lstm_step(x, prev_h, prev_c, W, U, b):
    gates = np.dot(x, W.T) + np.dot(prev_h, U.T)
    a, i, f, o = np.split(gates, 4, axis=1)
    c = sigmoid(i) * np.tanh(a) + sigmoid(f) * prev_h
    return c, sigmoid(o) * np.tanh(c)
