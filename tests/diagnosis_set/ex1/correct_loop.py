# expect: correct


import math


def gradient_clipping(grad, threshold):
    squares = 0.0
    for v in grad.flat:
        squares += float(v) * float(v)
    norm = math.sqrt(squares)
    factor = 1.0
    if norm > threshold:
        factor = threshold / norm
    return grad * factor
