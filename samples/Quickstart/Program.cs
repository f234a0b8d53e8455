using static TorchSharp.torch;

// Placeholder main job until the data and training issues land: proves TorchSharp loads and computes.
using var image = rand(1, 1, 28, 28);
using var kernel = ones(4, 1, 3, 3);
using var features = nn.functional.conv2d(image, kernel, padding: [1, 1]);
Console.WriteLine($"conv2d output shape: [{string.Join(", ", features.shape)}]");
