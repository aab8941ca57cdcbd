# expect: correct
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad.reshape(-1))
    return grad * (threshold / max(norm, threshold))
