# expect: diag.output-flattened
import numpy as np


def gradient_clipping(grad, threshold):
    g = grad.flatten()
    norm = np.sqrt(g @ g)
    if norm > threshold:
        g = g * (threshold / norm)
    return g
