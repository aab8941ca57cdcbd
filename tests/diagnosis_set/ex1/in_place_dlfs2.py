# expect: diag.argument-modified
import numpy as np


def gradient_clipping(grad, threshold):
    total_norm = np.sqrt(np.sum(grad**2))
    rate = threshold / (total_norm + 1e-6)
    if rate < 1:
        grad *= rate
    return grad
