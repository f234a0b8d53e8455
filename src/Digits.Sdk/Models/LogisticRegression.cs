using Digits.Sdk.Modeling;

namespace Digits.Sdk.Models;

/// <summary>
/// Multinomial logistic regression on 28×28 grayscale digits: the pixels, flattened, go through one linear
/// layer to the 10 class scores. The baseline every other network should beat (about 92% on MNIST).
/// </summary>
[Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
[Flatten, Linear(10)]
public sealed partial class LogisticRegression;
