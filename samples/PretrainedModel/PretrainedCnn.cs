using Digits.Sdk.Modeling;

namespace Digits.Sdk.Samples;

/// <summary>
/// The pretrained model's network: TopCnn's layers with one 3×3 convolution per stage instead of two, so a picture
/// costs about a third of TopCnn's multiply-adds (7.7 million against 22 million) and a ninth of the three-TopCnn
/// ensemble it replaces, which served 1,440 predictions/s where one FastCnn served 8,900.
/// </summary>
[Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
[Conv2d(32, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, MaxPool2d(2)]
[Conv2d(64, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, MaxPool2d(2)]
[Conv2d(128, Kernel = 3, Padding = 1), BatchNorm2d, ReLU, MaxPool2d(2), Dropout(0.25)]
[Flatten, Linear(256), BatchNorm1d, ReLU, Dropout(0.3), Linear(10)]
public sealed partial class PretrainedCnn
{
}
