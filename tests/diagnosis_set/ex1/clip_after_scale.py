# expect: none
import numpy as np


def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(grad)
    scaled = grad * (threshold / norm) if norm > threshold else grad
    return np.clip(scaled, -threshold / 2, threshold / 2)
