# expect: diag.numpy-not-imported
# ruff: noqa: F821


def lstm_step(x, prev_h, prev_c, W, U, b):
    H = prev_h.shape[1]
    z = x @ W.T + prev_h @ U.T + b
    a = np.tanh(z[:, :H])
    i = 1 / (1 + np.exp(-z[:, H : 2 * H]))
    f = 1 / (1 + np.exp(-z[:, 2 * H : 3 * H]))
    o = 1 / (1 + np.exp(-z[:, 3 * H :]))
    c = i * a + f * prev_c
    return c, o * np.tanh(c)
