# expect: diag.numpy-not-imported
# ruff: noqa: F821


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)
    if norm > threshold:
        return grad * (threshold / norm)
    return grad.copy()
