# expect: diag.lstm-order-pytorch
import numpy as np


def lstm_step(x, prev_h, prev_c, W, U, b):
    N, H = prev_h.shape
    c = np.empty((N, H))
    h = np.empty((N, H))
    for n in range(N):
        gates = np.dot(W, x[n]) + np.dot(U, prev_h[n]) + b
        in_gate = 1 / (1 + np.exp(-gates[:H]))
        forget_gate = 1 / (1 + np.exp(-gates[H : 2 * H]))
        cell_gate = np.tanh(gates[2 * H : 3 * H])
        out_gate = 1 / (1 + np.exp(-gates[3 * H :]))
        c[n] = forget_gate * prev_c[n] + in_gate * cell_gate
        h[n] = out_gate * np.tanh(c[n])
    return c, h
