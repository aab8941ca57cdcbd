# expect: diag.clip-scale-wrong


def gradient_clipping(grad, threshold):
    total = 0.0
    for value in grad.ravel():
        total += abs(value)
    norm = total**0.5
    if norm > threshold:
        return grad * (threshold / norm)
    return grad.copy()
