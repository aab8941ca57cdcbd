# expect: diag.returned-tuple
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)
    if norm > threshold:
        grad = grad * (threshold / norm)
    else:
        grad = grad.copy()
    return grad, np.asarray(norm)
