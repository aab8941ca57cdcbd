# expect: diag.clip-unit-norm
import numpy as np


def gradient_clipping(grad, threshold):
    n = np.linalg.norm(grad)
    if n > threshold:
        return grad / n
    return np.array(grad)
