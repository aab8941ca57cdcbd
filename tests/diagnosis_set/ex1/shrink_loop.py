# expect: diag.clip-scale-wrong
import numpy as np


def gradient_clipping(grad, threshold):
    g = grad.copy()
    for _ in range(100):
        if np.linalg.norm(g) <= threshold:
            break
        g = g * 0.9
    return g
