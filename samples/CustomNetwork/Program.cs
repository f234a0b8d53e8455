// CustomNetwork: declare your own network with attributes, let the compiler check its shapes, train it.
//
// 1. Build with the broken declaration switched on to see the compiler's shape diagnostic:
//      dotnet build samples/CustomNetwork -c Release -p:ShowShapeDiagnostic=true
//    error DGT008: Conv2d 'conv3' turns ... into ..., which has no elements; the kernel does not fit ... (the only error)
// 2. Run the fixed network:
//      dotnet run --project samples/CustomNetwork -c Release
using Digits.Sdk.Data;
using Digits.Sdk.Evaluation;
using Digits.Sdk.Modeling;
using Digits.Sdk.Samples;
using Digits.Sdk.Training;

Console.WriteLine(SmallCnn.Architecture.Summary());

using var mnist = await Datasets.Mnist.LoadAsync(SampleData.Root(), download: true);
using var subset = mnist.Train.Take(20_000);
using var data = subset.Split(validation: 2_000, seed: 7);
var run = Trainer.For<SmallCnn>()
    .Optimizer(Optimizers.AdamW(learningRate: 3e-3, weightDecay: 1e-4))
    .Schedule(Schedules.OneCycle())
    .Epochs(1)
    .BatchSize(128)
    .Seed(7)
    .Fit(data.Train, data.Validation, new Progress<TrainingProgress>(SampleData.PrintEpochs));
using var model = run.Model;
var report = model.Evaluate(mnist.Test);
Console.WriteLine($"SmallCnn after one epoch on 18,000 images: {report.Accuracy:P2} test accuracy.");

#if SHOW_SHAPE_DIAGNOSTIC
// Three 5x5 convolutions without padding, each followed by 2x2 pooling: 28 -> 24 -> 12 -> 8 -> 4, and the third
// convolution's 5x5 kernel no longer fits in the 4x4 map. The generator reports it on that Conv2d attribute.
[Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
[Conv2d(16, Kernel = 5), ReLU, MaxPool2d(2)]
[Conv2d(32, Kernel = 5), ReLU, MaxPool2d(2)]
[Conv2d(64, Kernel = 5), ReLU]
[Flatten, Linear(10)]
public partial class BrokenCnn;
#endif

/// <summary>The fixed network: padding keeps the maps large enough for the third convolution.</summary>
[Network(InputShape = new[] { 1, 28, 28 }, Classes = 10)]
[Conv2d(16, Kernel = 5, Padding = 2), BatchNorm2d, ReLU, MaxPool2d(2)]
[Conv2d(32, Kernel = 5, Padding = 2), BatchNorm2d, ReLU, MaxPool2d(2)]
[Conv2d(64, Kernel = 3, Padding = 1), ReLU, AdaptiveAvgPool2d(1)]
[Flatten, Linear(10)]
public partial class SmallCnn;
